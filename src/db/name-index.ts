// The index content scripts tag known names by (src/core/known-names.ts): one filter over every identifying
// text of every shop this profile holds — member nicks (never a masked one), e-mails, full names (a Western
// shop's buyerNick is the customer's name) and order numbers. The background builds it once from the
// store (customers and order keys read in slices), adds what captures and imports bring, saves it (the
// background passes `save`: chrome.storage.local, which content scripts read and watch) a moment after
// changes pause, and builds it again after a restore or delete-all, or once it holds more texts than it was
// sized for. Candidates that pass the filter are resolved here by the indexes (resolveNames).
import { isMaskedName, isStandInId } from "../core/buyer-identity"
import { isIdentifyingText, NameFilter, normalizeName, type SavedNameFilter } from "../core/known-names"
import type { BuyerSummary, KnownName } from "../messages"
import type { CustomerRecord, HuikeDB } from "./database"
import { buyerSummaries } from "./queries"

export { NAME_INDEX_KEY } from "../messages"
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

/** The background's filter: loaded or built once, kept current, saved a moment after changes pause. */
export class NameIndex {
  private filter: Promise<NameFilter> | null = null
  private timer: ReturnType<typeof setTimeout> | undefined
  private generation = 0

  constructor(
    private readonly db: HuikeDB,
    private readonly store: {
      load(): Promise<unknown>
      save(saved: SavedNameFilter): Promise<void>
    }
  ) {}

  /** The filter: the saved one, or one built from the store (and saved). */
  current(): Promise<NameFilter> {
    if (!this.filter) {
      const started = this.generation
      const loading = (async () => {
        const saved = NameFilter.load(await this.store.load().catch(() => null))
        if (saved && !saved.full) return saved
        const built = await buildNameFilter(this.db)
        if (this.generation === started) this.saveSoon()
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
    for (const t of texts) filter.add(t)
    if (filter.full) return this.rebuild()
    this.saveSoon()
  }

  /** Built again from the store (restore, delete-all, a filter grown past its size). */
  async rebuild(): Promise<void> {
    this.generation++
    const started = this.generation
    const building = buildNameFilter(this.db)
    this.filter = building
    await building
    if (this.generation === started) await this.saveNow()
  }

  /** Saves now what is pending (tests, and the end of a rebuild). */
  async saveNow(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    const filter = await this.current()
    await this.store.save(filter.save())
  }

  private saveSoon(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(
      () => void this.saveNow().catch((e) => console.warn("[huike] name index:", e)),
      SAVE_DELAY_MS
    )
  }
}

/**
 * Resolves page texts (already passed through the filter) across every shop: order numbers by the orders'
 * primary keys, nicks, names and e-mails by the customers' lookupKeys index, in one read transaction. A
 * text that names two or more customers is "shared"; one customer gets its chip's figures.
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
  // Figures per shop, for the texts that name exactly one customer.
  const single = new Map<string, CustomerRecord>()
  for (const [raw, keys] of named) {
    if (keys.size === 1) single.set(raw, customers.get([...keys][0])!)
    else result[raw] = { shared: keys.size, name: wanted.get(raw)! }
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
