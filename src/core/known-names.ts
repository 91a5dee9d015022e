// Tagging by known names: which texts on a page may name a stored buyer, and a compact filter of every
// identifying text the store holds (member nicks, order numbers, e-mails, full names) that content scripts
// test page texts against without asking the background about each one. Pure code: no browser APIs.
//
// The rule for a text to be looked up at all (too short or too common texts identify no one):
// - the whole trimmed text of an element (whitespace runs count as one space), never part of a longer text;
// - digits only: an order number, 8 digits or more (shorter digit runs are prices, dates, counts);
// - otherwise at least 2 CJK characters, or at least 4 characters in all, and at most 100;
// - not a masked name ("陈**平": it stands for many buyers) and not on the stoplist of words that label
//   people rather than name them (客服, 买家, admin, customer, …).
//
// The filter is a Bloom filter (about 10 bits and 7 hash probes per text, so ~1% false positives): a text it
// does not hold is certainly unknown; one it holds is a candidate the background resolves by its indexes
// (a false positive resolves to nothing and gets no chip).

/** Words that label a person's role, never a particular buyer (compared after normalizeName). */
export const STOPLIST: ReadonlySet<string> = new Set([
  "客服",
  "买家",
  "卖家",
  "店主",
  "掌柜",
  "顾客",
  "客户",
  "会员",
  "用户",
  "管理员",
  "系统消息",
  "小二",
  "官方客服",
  "淘宝客服",
  "admin",
  "administrator",
  "customer",
  "customers",
  "buyer",
  "seller",
  "guest",
  "support",
  "user",
  "unknown",
  "anonymous",
  "system",
  "you",
  "me",
  "team",
  "staff",
  "agent",
  "none",
  "null",
  "undefined",
  "n/a"
])

const DIGITS = /^\d+$/

/** The form texts are compared in: NFKC, trimmed, whitespace runs as one space; e-mails lower-cased. */
export function normalizeName(text: string): string {
  const t = text.normalize("NFKC").trim().replace(/\s+/g, " ")
  return t.includes("@") ? t.toLowerCase() : t
}

/** True for a digits-only text (it may only be an order number). */
export function isDigitsOnly(normalized: string): boolean {
  return DIGITS.test(normalized)
}

/** Longest stoplist entry: longer texts are not looked up in it (no lower-cased copy made). */
const STOP_MAX = Math.max(...[...STOPLIST].map((w) => w.length))

/**
 * True when a normalized text may identify a buyer (the rule at the top of this file). It runs for most
 * text nodes of a page: one pass over the characters, no copies, for the common cases.
 */
export function isIdentifyingText(normalized: string): boolean {
  const length = normalized.length
  if (length === 0 || length > 100) return false
  let digits = 0
  let cjk = 0
  let points = 0
  for (let i = 0; i < length; i++) {
    const c = normalized.charCodeAt(i)
    if (c === 42 /* * */) return false
    points++
    if (c >= 48 && c <= 57) digits++
    else if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) cjk++
    else if (c >= 0xd800 && c <= 0xdbff) {
      // A surrogate pair is one character (CJK extension B and later: U+20000–U+2FA1F).
      const low = normalized.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        const p = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000
        if (p >= 0x20000 && p <= 0x2fa1f) cjk++
        i++
      }
    }
  }
  if (digits === length) return length >= 8
  if (length <= STOP_MAX && STOPLIST.has(normalized.toLowerCase())) return false
  return cjk >= 2 || points >= 4
}

// ---- The filter ----

/** Bits per text and hash probes: ~1% false positives at the planned number of texts. */
const BITS_PER_TEXT = 10
const PROBES = 7
/** Smallest filter (bits); a filter is rebuilt larger once it holds more texts than planned. */
const MIN_BITS = 1 << 13

/** What chrome.storage.local keeps (JSON): base64 of the bit array. */
export interface SavedNameFilter {
  v: 1
  bits: number
  probes: number
  /** Texts added (with repeats): decides when to rebuild larger. */
  count: number
  /** Texts the size was planned for. */
  capacity: number
  data: string
  /** This saved filter's identity: the adds saved after it name it (SavedNameAdds.base). */
  id?: string
}

/**
 * The texts added since the filter `base` was saved, as their two hashes each (base64 of a Uint32Array:
 * h1, h2, h1, h2, …; no text itself). Captures and imports save this small record instead of the whole
 * filter; a tab applies the pairs it has not applied yet, and the whole filter is saved (and sent to
 * every tab) again only once the adds grow past MAX_ADDS.
 */
export interface SavedNameAdds {
  v: 1
  base: string
  count: number
  data: string
}

/** Texts the adds record holds at most before the whole filter is saved again. */
export const MAX_ADDS = 8_192

function fnv1a(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  // Final avalanche (murmur3's fmix32): FNV alone leaves the low bits poorly mixed for short texts.
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A text's two hashes (the filter's probes are h1 + i·h2), for the filter and for SavedNameAdds. */
export function textHashes(normalized: string): [number, number] {
  return [fnv1a(normalized, 0), fnv1a(normalized, 0x9e3779b9) | 1]
}

export class NameFilter {
  readonly bits: number
  readonly probes: number
  readonly capacity: number
  count: number
  /** The saved filter this one is (SavedNameFilter.id); "" until saved with one. */
  id: string
  private readonly words: Uint32Array

  private constructor(
    bits: number,
    probes: number,
    capacity: number,
    count: number,
    words: Uint32Array,
    id = ""
  ) {
    this.bits = bits
    this.probes = probes
    this.capacity = capacity
    this.count = count
    this.words = words
    this.id = id
  }

  /** An empty filter planned for `capacity` texts (twice that is allowed before it needs rebuilding). */
  static create(capacity: number): NameFilter {
    const bits = Math.max(MIN_BITS, Math.ceil((Math.max(capacity, 1) * BITS_PER_TEXT) / 32) * 32)
    return new NameFilter(bits, PROBES, capacity, 0, new Uint32Array(bits / 32))
  }

  static load(saved: unknown): NameFilter | null {
    const s = saved as Partial<SavedNameFilter> | null | undefined
    if (!s || s.v !== 1 || typeof s.data !== "string" || typeof s.bits !== "number" || s.bits % 32 !== 0)
      return null
    let bytes: Uint8Array
    try {
      bytes = base64ToBytes(s.data)
    } catch {
      return null
    }
    if (bytes.length !== s.bits / 8) return null
    const words =
      bytes.byteOffset % 4 === 0
        ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
        : new Uint32Array(bytes.slice().buffer)
    return new NameFilter(
      s.bits,
      s.probes ?? PROBES,
      s.capacity ?? 0,
      s.count ?? 0,
      words,
      typeof s.id === "string" ? s.id : ""
    )
  }

  /** Whether the filter holds more texts than it was planned for (false positives rise past ~1%). */
  get full(): boolean {
    return this.count > 2 * this.capacity
  }

  /** Adds a normalized text (callers check isIdentifyingText first: others are never looked up). */
  add(normalized: string): void {
    const [h1, h2] = textHashes(normalized)
    this.addHashes(h1, h2)
  }

  /** Adds a text by its two hashes (textHashes: what SavedNameAdds carries). */
  addHashes(h1: number, h2: number): void {
    for (let i = 0; i < this.probes; i++) {
      const at = ((h1 + Math.imul(i, h2)) >>> 0) % this.bits
      this.words[at >>> 5] |= 1 << (at & 31)
    }
    this.count++
  }

  /**
   * Applies the adds saved after this filter, from the `from`-th text on (those before were applied
   * already); returns how many texts the adds hold, or -1 when they belong to another filter (or are
   * damaged), so nothing was applied.
   */
  applyAdds(saved: unknown, from = 0): number {
    const a = saved as Partial<SavedNameAdds> | null | undefined
    if (!a || a.v !== 1 || !this.id || a.base !== this.id || typeof a.data !== "string") return -1
    let bytes: Uint8Array
    try {
      bytes = base64ToBytes(a.data)
    } catch {
      return -1
    }
    if (bytes.length % 8 !== 0) return -1
    const pairs = new Uint32Array(bytes.slice().buffer)
    for (let i = from * 2; i + 1 < pairs.length; i += 2) this.addHashes(pairs[i], pairs[i + 1])
    return pairs.length / 2
  }

  /** False: certainly not a stored text. True: maybe (about 1% of unknown texts also pass). */
  has(normalized: string): boolean {
    const h1 = fnv1a(normalized, 0)
    const h2 = fnv1a(normalized, 0x9e3779b9) | 1
    for (let i = 0; i < this.probes; i++) {
      const at = ((h1 + Math.imul(i, h2)) >>> 0) % this.bits
      if ((this.words[at >>> 5] & (1 << (at & 31))) === 0) return false
    }
    return true
  }

  /** Size of the bit array in bytes. */
  get bytes(): number {
    return this.bits / 8
  }

  save(): SavedNameFilter {
    return {
      v: 1,
      bits: this.bits,
      probes: this.probes,
      count: this.count,
      capacity: this.capacity,
      data: bytesToBase64(new Uint8Array(this.words.buffer, this.words.byteOffset, this.words.byteLength)),
      ...(this.id ? { id: this.id } : {})
    }
  }
}

/** The adds record of the texts whose hashes are `pairs` (h1, h2, …), saved after the filter `base`. */
export function saveAdds(base: string, pairs: readonly number[]): SavedNameAdds {
  const words = Uint32Array.from(pairs)
  return { v: 1, base, count: pairs.length / 2, data: bytesToBase64(new Uint8Array(words.buffer)) }
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
const B64_INDEX = new Int16Array(128).fill(-1)
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i

/** Base64 without btoa/Buffer (works in the service worker, content scripts and Node alike). */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = []
  let chunk = ""
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    chunk +=
      B64[(n >> 18) & 63] +
      B64[(n >> 12) & 63] +
      (i + 1 < bytes.length ? B64[(n >> 6) & 63] : "=") +
      (i + 2 < bytes.length ? B64[n & 63] : "=")
    if (chunk.length >= 8192) {
      parts.push(chunk)
      chunk = ""
    }
  }
  parts.push(chunk)
  return parts.join("")
}

/** Native base64 decoding where the engine has it (Chrome 140+): a large filter loads in a few ms. */
const fromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64

export function base64ToBytes(text: string): Uint8Array {
  if (fromBase64) return fromBase64(text)
  const clean = text.replace(/=+$/, "")
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let o = 0
  for (let i = 0; i < clean.length; i += 4) {
    const a = B64_INDEX[clean.charCodeAt(i)]
    const b = B64_INDEX[clean.charCodeAt(i + 1)]
    const c = i + 2 < clean.length ? B64_INDEX[clean.charCodeAt(i + 2)] : 0
    const d = i + 3 < clean.length ? B64_INDEX[clean.charCodeAt(i + 3)] : 0
    if (a < 0 || b < 0 || c < 0 || d < 0) throw new Error("not base64")
    const n = (a << 18) | (b << 12) | (c << 6) | d
    out[o++] = (n >> 16) & 255
    if (i + 2 < clean.length) out[o++] = (n >> 8) & 255
    if (i + 3 < clean.length) out[o++] = n & 255
  }
  return out
}
