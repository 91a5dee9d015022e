// Layer: reads. The index content scripts tag known names by (src/core/known-names.ts): one filter over every identifying
// text of every shop this profile holds — member nicks (never a masked one), e-mails, full names (a Western
// shop's buyerNick is the customer's name) and order numbers. The background builds it once from the
// store (customers and order keys read in slices), adds what captures and imports bring, saves it (the
// background passes `save`: chrome.storage.local, which content scripts read and watch) a moment after
// changes pause, and builds it again after a restore or delete-all, or once it holds more texts than it was
// sized for. Candidates that pass the filter are resolved here by the indexes (resolveNames).
import { isMaskedName, isStandInId } from "../../core/buyer-identity"
import {
  base64ToBytes,
  isIdentifyingText,
  MAX_ADDS,
  NameFilter,
  normalizeName,
  saveAdds,
  textHashes,
  type SavedNameAdds,
  type SavedNameFilter
} from "../../core/known-names"
import type { BuyerSummary, KnownName } from "../../messages"
import type { CustomerRecord, HuikeDB } from "../schema/database"
import { buyerSummaries } from "./queries"

export { NAME_INDEX_ADDS_KEY, NAME_INDEX_KEY } from "../../messages"
/** Rows read per request while building (other requests get their turn between slices). */
const BUILD_SLICE = 5_000
const SAVE_DELAY_MS = 1_000

/** The identifying texts of a customer (normalized, the too-short and too-common left out). */
export function customerTexts(c: Pick<CustomerRecord, "buyerNick" | "buyerEmail" | "buyerId">): string[] {
  const out: string[] = []
  if (c.buyerNick && !isMaskedName(c.buyerNick) && !isStandInId(c.buyerNick))
    out.push(normalizeName(c.buyerNick))
  if (c.buyerEmail) out.push(normalizeName(c.buyerEmail))
  return out.filter(isIdentifyingText)
}

/** The identifying texts one captured or imported order brings. */
export function orderTexts(o: {
  orderId: string
  buyerNick?: string
  buyerEmail?: string
  buyerId: string
}): string[] {
  const out = customerTexts(o)
  const id = normalizeName(o.orderId)
  if (isIdentifyingText(id)) out.push(id)
  return out
}

/** Every identifying text the store holds, in one filter sized for them. */
export async function buildNameFilter(db: HuikeDB): Promise<NameFilter> {
  const texts: string[] = []
  for (let after: string | null = null; ;) {
    const slice: CustomerRecord[] = await (
      after === null ? db.customers.toCollection() : db.customers.where(":id").above(after)
    )
      .limit(BUILD_SLICE)
      .toArray()
    for (const c of slice) texts.push(...customerTexts(c))
    if (slice.length < BUILD_SLICE) break
    after = slice[slice.length - 1].key
  }
  const shops = (await db.shops.toCollection().primaryKeys()) as string[]
  for (const shop of shops) {
    const prefix = `${shop}:`
    for (let after: string = prefix; ;) {
      const keys = (await db.orders
        .where(":id")
        .between(after, `${prefix}\uffff`, false, false)
        .limit(BUILD_SLICE)
        .primaryKeys()) as string[]
      for (const k of keys) {
        const id = normalizeName(k.slice(prefix.length))
        if (isIdentifyingText(id)) texts.push(id)
      }
      if (keys.length < BUILD_SLICE) break
      after = keys[keys.length - 1]
    }
  }
  const filter = NameFilter.create(texts.length + 1_000)
  for (const t of texts) filter.add(t)
  return filter
}

/** Where the background keeps the filter (chrome.storage.local: content scripts read and watch both keys). */
export interface NameIndexStore {
  /** The whole filter as saved (SavedNameFilter), or nothing. */
  load(): Promise<unknown>
  /** Saves the whole filter, and with it an empty adds record for it (one write: tabs see both at once). */
  save(saved: SavedNameFilter, adds: SavedNameAdds): Promise<void>
  /** The adds saved after the filter (SavedNameAdds), or nothing. */
  loadAdds(): Promise<unknown>
  /** Saves the adds alone: what captures and imports brought since the whole filter was saved. */
  saveAdds(adds: SavedNameAdds): Promise<void>
}

let lastId = 0
/** A new saved filter's identity (time and a counter: unique within this profile). */
const newId = () => `${Date.now().toString(36)}.${(lastId++).toString(36)}`

/**
 * The background's filter: loaded or built once, kept current, saved a moment after changes pause. What
 * captures and imports add is saved as a small adds record (the texts' hashes since the whole filter was
 * saved), so open tabs get a few bytes per new text instead of the whole filter on every change; the
 * whole filter is saved again (under a new id) after a build, or once the adds hold MAX_ADDS texts.
 */
export class NameIndex {
  private filter: Promise<NameFilter> | null = null
  private timer: ReturnType<typeof setTimeout> | undefined
  private generation = 0
  /** Hash pairs of the texts added since the whole filter was saved (what the adds record holds). */
  private adds: number[] = []
  /** The whole filter needs saving (built, or never saved under its id). */
  private wholeDirty = false
  private addsDirty = false

  constructor(
    private readonly db: HuikeDB,
    private readonly store: NameIndexStore
  ) {}

  /** The filter: the saved one (with its adds), or one built from the store (and saved). */
  current(): Promise<NameFilter> {
    if (!this.filter) {
      const started = this.generation
      const loading = (async () => {
        const saved = NameFilter.load(await this.store.load().catch(() => null))
        if (saved && !saved.full) {
          const adds = await this.store.loadAdds().catch(() => null)
          if (saved.applyAdds(adds) > 0) this.adds = pairsOf(adds as SavedNameAdds)
          if (!saved.full) {
            // Saved before filters had ids: saved again with one, so tabs can take adds for it.
            if (!saved.id) {
              this.wholeDirty = true
              this.saveSoon()
            }
            return saved
          }
        }
        const built = await buildNameFilter(this.db)
        if (this.generation === started) {
          this.adds = []
          this.wholeDirty = true
          this.saveSoon()
        }
        return built
      })()
      this.filter = loading
      loading.catch(() => this.filter === loading && (this.filter = null))
    }
    return this.filter
  }

  /** Texts that captures or imports brought: added (a full filter is built again, larger). */
  async note(orders: readonly Parameters<typeof orderTexts>[0][]): Promise<void> {
    const texts = orders.flatMap(orderTexts)
    if (texts.length === 0) return
    const filter = await this.current()
    for (const t of texts) {
      const [h1, h2] = textHashes(t)
      filter.addHashes(h1, h2)
      this.adds.push(h1, h2)
    }
    if (filter.full) return this.rebuild()
    if (this.adds.length / 2 > MAX_ADDS) this.wholeDirty = true
    else this.addsDirty = true
    this.saveSoon()
  }

  /** Built again from the store (restore, delete-all, a filter grown past its size). */
  async rebuild(): Promise<void> {
    this.generation++
    const started = this.generation
    const building = buildNameFilter(this.db)
    this.filter = building
    await building
    if (this.generation !== started) return
    this.adds = []
    this.wholeDirty = true
    await this.saveNow()
  }

  /** Saves now what is pending (tests, and the end of a rebuild). */
  async saveNow(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    const filter = await this.current()
    if (this.wholeDirty || !filter.id) {
      this.wholeDirty = false
      this.addsDirty = false
      this.adds = []
      filter.id = newId()
      await this.store.save(filter.save(), saveAdds(filter.id, []))
    } else if (this.addsDirty) {
      this.addsDirty = false
      await this.store.saveAdds(saveAdds(filter.id, this.adds))
    }
  }

  private saveSoon(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(
      () => void this.saveNow().catch((e) => console.warn("[huike] name index:", e)),
      SAVE_DELAY_MS
    )
  }
}

function pairsOf(adds: SavedNameAdds): number[] {
  return [...new Uint32Array(base64ToBytes(adds.data).slice().buffer)]
}

/**
 * Resolves page texts (already passed through the filter) across every shop: order numbers by the orders'
 * primary keys, nicks, names and e-mails by the customers' lookupKeys index, in one read transaction. A
 * text that names two or more customers of one shop is "shared" (the largest such count is shown); one
 * customer gets its chip's figures. A text naming one customer in each of several shops (a member who
 * bought from two of the seller's shops, an order number two platforms both use) is not shared: it gets
 * the chip of the one whose last order is latest.
 */
export async function resolveNames(
  db: HuikeDB,
  texts: readonly string[],
  now: number
): Promise<Record<string, KnownName | null>> {
  const result: Record<string, KnownName | null> = {}
  const wanted = new Map<string, string>()
  for (const raw of texts) {
    result[raw] = null
    const n = normalizeName(raw)
    if (isIdentifyingText(n)) wanted.set(raw, n)
  }
  if (wanted.size === 0) return result
  const shops = (await db.shops.toCollection().primaryKeys()) as string[]
  if (!db.isOpen()) await db.open()
  const idb = db.backendDB()
  // Per text: the customer keys it names.
  const named = new Map<string, Set<string>>()
  const customers = new Map<string, CustomerRecord>()
  await new Promise<void>((resolve, reject) => {
    const tx = idb.transaction(["customers", "orders"], "readonly")
    const store = tx.objectStore("customers")
    const index = store.index("lookupKeys")
    const orders = tx.objectStore("orders")
    const note = (raw: string, c: CustomerRecord) => {
      customers.set(c.key, c)
      let set = named.get(raw)
      if (!set) named.set(raw, (set = new Set()))
      set.add(c.key)
    }
    for (const [raw, n] of wanted) {
      for (const shop of shops) {
        const kind = n.includes("@") ? "email" : "nick"
        const req = index.getAll(`${shop}|${kind}|${n}`)
        req.onsuccess = () => {
          for (const c of req.result as CustomerRecord[]) if (c.shopKey === shop) note(raw, c)
        }
        const o = orders.get(`${shop}:${n}`)
        o.onsuccess = () => {
          const order = o.result as { buyerId: string } | undefined
          if (!order) return
          const key = `${shop}:${order.buyerId}`
          const c = store.get(key)
          c.onsuccess = () => c.result && note(raw, c.result as CustomerRecord)
        }
      }
    }
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error)
  })
  // Per text, its buyer: shared only within one shop (the same nick in two shops is a member who bought
  // from both, not two buyers); one buyer in each of several shops: the one who bought last.
  const single = new Map<string, CustomerRecord>()
  for (const [raw, keys] of named) {
    const perShop = new Map<string, number>()
    let chosen: CustomerRecord | undefined
    for (const key of keys) {
      const c = customers.get(key)!
      perShop.set(c.shopKey, (perShop.get(c.shopKey) ?? 0) + 1)
      if (!chosen || c.lastOrderAt > chosen.lastOrderAt) chosen = c
    }
    const shared = Math.max(...perShop.values())
    if (shared > 1) result[raw] = { shared, name: wanted.get(raw)! }
    else if (chosen) single.set(raw, chosen)
  }
  const byShop = new Map<string, CustomerRecord[]>()
  for (const c of single.values()) {
    const list = byShop.get(c.shopKey) ?? []
    if (!list.includes(c)) list.push(c)
    byShop.set(c.shopKey, list)
  }
  const summaries = new Map<string, BuyerSummary>()
  for (const [shop, list] of byShop)
    for (const [key, s] of await buyerSummaries(db, shop, list, now)) summaries.set(key, s)
  for (const [raw, c] of single) {
    const s = summaries.get(c.key)
    if (s) result[raw] = { buyer: s }
  }
  return result
}
