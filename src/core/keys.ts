// Interning of two-part string keys ((shopId, orderId), (shopId, buyerId)) into dense ids 0, 1, 2, … in
// first-seen order. A JS Map keyed by concatenated strings costs a concatenation, a flatten and a hash per
// lookup and is several times slower on a million orders; this open-addressing table hashes both parts in
// place (FNV-1a, then a murmur finaliser) and compares the parts on a hash match.

const EMPTY = 0

function hashPart(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16_777_619)
  return h
}

/** Hash of the pair (a, b); the separator keeps ("ab", "c") apart from ("a", "bc"). */
export function hashPair(a: string, b: string): number {
  let h = hashPart(2_166_136_261, a)
  h = Math.imul(h ^ 0x1f, 16_777_619)
  h = hashPart(h, b)
  h ^= h >>> 16
  h = Math.imul(h, 0x85eb_ca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2_ae35)
  h ^= h >>> 16
  return h
}

export class PairInterner {
  /** First and second part of each id's key. */
  readonly first: string[] = []
  readonly second: string[] = []
  /** Two entries per slot: the key's hash and id + 1 (EMPTY when free), so a probe reads one cache line. */
  private slots: Int32Array
  private mask: number

  constructor(expected = 16) {
    let cap = 16
    while (cap < expected * 2) cap *= 2
    this.slots = new Int32Array(cap * 2)
    this.mask = cap - 1
  }

  get size(): number {
    return this.first.length
  }

  /** The id of (a, b), adding it when new. */
  add(a: string, b: string): number {
    const h = hashPair(a, b)
    const slots = this.slots
    const mask = this.mask
    let i = h & mask
    for (;;) {
      const s = slots[2 * i + 1]
      if (s === EMPTY) break
      if (slots[2 * i] === h) {
        const id = s - 1
        if (this.second[id] === b && this.first[id] === a) return id
      }
      i = (i + 1) & mask
    }
    const id = this.first.length
    this.first.push(a)
    this.second.push(b)
    slots[2 * i] = h
    slots[2 * i + 1] = id + 1
    if ((id + 1) * 2 > mask + 1) this.rehash((mask + 1) * 2)
    return id
  }

  /** The id of (a, b), or −1. */
  get(a: string, b: string): number {
    const h = hashPair(a, b)
    const slots = this.slots
    let i = h & this.mask
    for (;;) {
      const s = slots[2 * i + 1]
      if (s === EMPTY) return -1
      if (slots[2 * i] === h) {
        const id = s - 1
        if (this.second[id] === b && this.first[id] === a) return id
      }
      i = (i + 1) & this.mask
    }
  }

  private rehash(cap: number): void {
    const old = this.slots
    const slots = new Int32Array(cap * 2)
    const mask = cap - 1
    for (let j = 0; j < old.length; j += 2) {
      if (old[j + 1] === EMPTY) continue
      let i = old[j] & mask
      while (slots[2 * i + 1] !== EMPTY) i = (i + 1) & mask
      slots[2 * i] = old[j]
      slots[2 * i + 1] = old[j + 1]
    }
    this.slots = slots
    this.mask = mask
  }
}
