// Layer: reads. Reads the views need, each one indexed read.
import { isMaskedName, isStandInId } from "../../core/buyer-identity"
import { calendarDaysSince } from "../../core/time"
import type { Table } from "dexie"
import type { BuyerSummary } from "../../messages"
import type { CustomerRecord, HuikeDB, ReminderRecord, ShopKey } from "../schema/database"
import { segmentFor, shopMeans } from "../figures/means"
import { shopPage } from "../schema/shop-orders"
import { flagOf, knownRange } from "./coverage"

/**
 * The shop's customers known by any of these names (member nick, platform buyer id, e-mail): one read
 * transaction for the whole batch (nicks and e-mails on the multi-entry lookupKeys index, ids by primary
 * key), whatever mix of names a page shows.
 */
export async function findCustomers(
  db: HuikeDB,
  shopKey: ShopKey,
  names: { nicks?: readonly string[]; ids?: readonly string[]; emails?: readonly string[] }
): Promise<CustomerRecord[]> {
  return (await readByNames(db, shopKey, names, null)).customers
}

/**
 * One native read transaction with every key's index lookup in flight at once (several times faster than
 * anyOf's cursor, one event-loop turn per step, or one Dexie query per key), and, when `dueBy` is given,
 * the open reminders due by then in the same transaction. Reads only, so bypassing Dexie's middleware
 * changes nothing.
 */
async function readByNames(
  db: HuikeDB,
  shopKey: ShopKey,
  names: { nicks?: readonly string[]; ids?: readonly string[]; emails?: readonly string[] },
  dueBy: number | null
): Promise<{ customers: CustomerRecord[]; due: ReminderRecord[] }> {
  const keys = [
    ...(names.nicks ?? []).map((n) => `${shopKey}|nick|${n}`),
    ...(names.emails ?? []).map((n) => `${shopKey}|email|${n.toLowerCase()}`)
  ]
  // A buyer id is the customer's primary key ("shopKey:buyerId").
  const ids = (names.ids ?? []).map((n) => `${shopKey}:${n}`)
  if (keys.length === 0 && ids.length === 0 && dueBy === null) return { customers: [], due: [] }
  if (!db.isOpen()) await db.open()
  const idb = db.backendDB()
  return new Promise((resolve, reject) => {
    const tx = idb.transaction(dueBy === null ? ["customers"] : ["customers", "reminders"], "readonly")
    const store = tx.objectStore("customers")
    const index = store.index("lookupKeys")
    const byKey = new Map<string, CustomerRecord>()
    for (const k of keys) {
      const req = index.getAll(k)
      req.onsuccess = () => {
        for (const c of req.result as CustomerRecord[]) byKey.set(c.key, c)
      }
    }
    for (const k of ids) {
      const req = store.get(k)
      req.onsuccess = () => {
        const c = req.result as CustomerRecord | undefined
        if (c && c.shopKey === shopKey) byKey.set(c.key, c)
      }
    }
    let due: ReminderRecord[] = []
    if (dueBy !== null) {
      const req = tx
        .objectStore("reminders")
        .index("[status+dueAt]")
        .getAll(IDBKeyRange.bound(["open", 0], ["open", dueBy]))
      req.onsuccess = () => (due = req.result as ReminderRecord[])
    }
    tx.oncomplete = () => resolve({ customers: [...byKey.values()], due })
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error)
  })
}

/**
 * The customers last read per lookup key (null: no such customer), valid while no customer was written
 * through the connection (db.customersVersion unchanged): the overlay asks for the same names again as a
 * page re-renders, scrolls or opens a hover card. Capped; cleared by any customer write.
 */
const CACHE_MAX = 20_000
const nameCache = new WeakMap<HuikeDB, { version: number; byKey: Map<string, CustomerRecord | null> }>()

/** Customers by nick: from the cache where every name is known, else one read for the names that are not. */
async function customersByNick(
  db: HuikeDB,
  shopKey: ShopKey,
  nicks: readonly string[],
  now: number
): Promise<{ customers: CustomerRecord[]; due: ReminderRecord[] }> {
  let cache = nameCache.get(db)
  if (!cache || cache.version !== db.customersVersion) {
    cache = { version: db.customersVersion, byKey: new Map() }
    nameCache.set(db, cache)
  }
  const keyOf = (n: string) => `${shopKey}|nick|${n}`
  const missing = nicks.filter((n) => !cache.byKey.has(keyOf(n)))
  const version = db.customersVersion
  // Reminders are read every time (they change without a customer write); customers only when missing.
  const read = await readByNames(db, shopKey, { nicks: missing }, now)
  const fresh = new Map<string, CustomerRecord>()
  for (const c of read.customers) if (c.buyerNick) fresh.set(keyOf(c.buyerNick), c)
  if (db.customersVersion === version && cache.version === version) {
    if (cache.byKey.size + missing.length > CACHE_MAX) cache.byKey.clear()
    for (const n of missing) cache.byKey.set(keyOf(n), fresh.get(keyOf(n)) ?? null)
  }
  const out = new Map<string, CustomerRecord>()
  for (const n of nicks) {
    const c = fresh.get(keyOf(n)) ?? cache.byKey.get(keyOf(n))
    if (c) out.set(c.key, c)
  }
  return { customers: [...out.values()], due: read.due }
}

/** The name a buyer is looked up by: the nick, or for a masked one the stand-in (the nick names no one). */
const nameOf = (b: { buyerId: string; buyerNick?: string }) =>
  b.buyerNick && !isMaskedName(b.buyerNick) ? b.buyerNick : b.buyerId

/**
 * Figures for the buyers named on a page: at most one read transaction for the whole batch. A name may be a
 * masked buyer's stand-in ("#2079908227"): its customer, or once its full name is known, that name's.
 */
export async function lookupBuyersByNick(
  db: HuikeDB,
  shopKey: ShopKey,
  nicks: readonly string[],
  now: number
): Promise<Record<string, BuyerSummary | null>> {
  const unique = [...new Set(nicks)]
  const standIns = unique.filter(isStandInId)
  const byStandIn = new Map<string, CustomerRecord>()
  const fullNameOf = new Map<string, string>()
  if (standIns.length > 0) {
    for (const c of (await readByNames(db, shopKey, { ids: standIns }, null)).customers)
      byStandIn.set(c.buyerId, c)
    const missing = standIns.filter((s) => !byStandIn.has(s))
    if (missing.length > 0)
      (await db.buyerAliases.bulkGet(missing.map((s) => `${shopKey}:${s.slice(1)}`))).forEach((a, i) => {
        if (a) fullNameOf.set(missing[i], a.buyerId)
      })
  }
  const names = [...unique.filter((n) => !isStandInId(n)), ...fullNameOf.values()]
  const { customers: found, due: dueList } = await customersByNick(db, shopKey, names, now)
  const result: Record<string, BuyerSummary | null> = Object.fromEntries(unique.map((n) => [n, null]))
  const summaries = await summariesOf(db, shopKey, [...found, ...byStandIn.values()], dueList, now)
  const summaryOf = (c: CustomerRecord) => summaries.get(c.key)!
  const byNick = new Map<string, CustomerRecord>()
  for (const c of found) if (c.buyerNick) byNick.set(c.buyerNick, c)
  for (const n of unique) {
    const c = isStandInId(n) ? (byStandIn.get(n) ?? byNick.get(fullNameOf.get(n) ?? "")) : byNick.get(n)
    if (c) result[n] = summaryOf(c)
  }
  return result
}

/** The chip's figures for these customers of one shop (their open reminders due by now read too). */
export async function buyerSummaries(
  db: HuikeDB,
  shopKey: ShopKey,
  customers: readonly CustomerRecord[],
  now: number
): Promise<Map<string, BuyerSummary>> {
  if (customers.length === 0) return new Map()
  const { due } = await readByNames(db, shopKey, {}, now)
  return summariesOf(db, shopKey, customers, due, now)
}

async function summariesOf(
  db: HuikeDB,
  shopKey: ShopKey,
  customers: readonly CustomerRecord[],
  dueList: readonly ReminderRecord[],
  now: number
): Promise<Map<string, BuyerSummary>> {
  const out = new Map<string, BuyerSummary>()
  if (customers.length === 0) return out
  const [means, shop, range] = await Promise.all([
    shopMeans(db, shopKey, now),
    db.shops.get(shopKey),
    knownRange(db, shopKey)
  ])
  const timeZone = shop?.timeZone ?? "UTC"
  const due = new Map<string, number>()
  for (const r of dueList) due.set(r.customerKey, (due.get(r.customerKey) ?? 0) + 1)
  for (const c of customers) {
    const segment = segmentFor(c, means, now, timeZone)
    out.set(c.key, {
      customerKey: c.key,
      ...(segment ? { segment } : {}),
      ...(c.memberLevel ? { memberLevel: c.memberLevel } : {}),
      remindersDue: due.get(c.key) ?? 0,
      // The name the overlay asks by (its prefetched hints are keyed on it).
      buyerNick: nameOf(c),
      orders: c.orders,
      totalSpent: c.totalSpent,
      currency: c.currency,
      repeatBuyer: c.repeatBuyer,
      daysSinceLastOrder: c.lastOrderAt > 0 ? calendarDaysSince(c.lastOrderAt, now, timeZone) : null,
      // "first seen" instead of "new" until the shop's known range reaches far enough back (./coverage.ts).
      ...flagOf(range, c, timeZone)
    })
  }
  return out
}

/**
 * How many shops, customers and orders are stored. IndexedDB counts by walking the keys, and serves one
 * origin's requests in turn: one count() over a million orders holds every other page's reads for over a
 * second. So the big tables are counted in slices of COUNT_SLICE keys (a few ms each), each its own short request, and the
 * answer is kept until a shop's orders change (the shops' revisions) or scoring is still pending.
 */
export async function storeCounts(db: HuikeDB, slice = COUNT_SLICE): Promise<StoreCounts> {
  const [shops, pending, saved] = await Promise.all([
    db.shops.toArray(),
    db.pendingScoring.count(),
    countsCache === undefined ? db.settings.get(COUNTS_KEY) : undefined
  ])
  const stamp = `${db.name}@${db.verno}|${shops.map((s) => `${s.key}@${s.rev ?? 0}`).join(",")}`
  // A new service worker starts without the cache: the counts kept with the data serve while the stamp
  // matches (a million orders take ~1 s to count, while the popup's own reads wait behind the slices).
  if (countsCache === undefined) countsCache = (saved?.value as CachedCounts | undefined) ?? null
  if (pending === 0 && countsCache?.stamp === stamp) return countsCache.counts
  // Popups opened one after another each ask: they share one count (several at once would each walk
  // every key, and the popups' own reads would wait behind all of them).
  const key = `${stamp}|${pending}`
  if (counting?.key === key) return counting.counts
  const run = (async () => {
    const customers = await slicedCount(db.customers, slice)
    const orders = await slicedCount(db.orders, slice)
    const counts = { shops: shops.length, customers, orders }
    if (pending === 0) {
      countsCache = { stamp, counts }
      // An empty store counts at once: nothing worth keeping, and a delete-all leaves no record behind (an
      // open popup that re-reads after the deletion would otherwise write one).
      if (shops.length > 0) await db.settings.put({ key: COUNTS_KEY, value: countsCache })
    }
    return counts
  })()
  counting = { key, counts: run }
  try {
    return await run
  } finally {
    if (counting?.counts === run) counting = null
  }
}

/** The count in progress, if any, and what it counts (stamp and pending batches). */
let counting: { key: string; counts: Promise<StoreCounts> } | null = null

/** Where the last counts are kept with their stamp (the shops' revisions they were counted at). */
const COUNTS_KEY = "huike.storeCounts"

const COUNT_SLICE = 10_000
export interface StoreCounts {
  shops: number
  customers: number
  orders: number
}
interface CachedCounts {
  stamp: string
  counts: StoreCounts
}
/** undefined: not read yet in this worker (the saved counts are read); null: count again. */
let countsCache: CachedCounts | null | undefined

/**
 * Forget the cached counts (delete-all, restore): the next call counts again. `{ workerRestart: true }` only
 * forgets what this worker holds, as a new service worker starts (tests).
 */
export function forgetStoreCounts(opts: { workerRestart?: boolean } = {}): void {
  countsCache = opts.workerRestart ? undefined : null
  counting = null
}

/** Tables keyed by a string "key". */
async function slicedCount<T>(table: Table<T, string>, slice: number): Promise<number> {
  let total = 0
  let after: string | null = null
  for (;;) {
    const keys: string[] = await (after === null ? table.toCollection() : table.where(":id").above(after))
      .limit(slice)
      .primaryKeys()
    total += keys.length
    if (keys.length < slice) return total
    after = keys[keys.length - 1]
  }
}

// ---- The shop's recent buyers, for the overlay's prefetch ----

/** The most buyers the overlay prefetches per page (src/messages recentBuyersMessage). */
export const RECENT_BUYERS_MAX = 2_000
/** Customers read per request while building the list: other requests get their turn between slices. */
const RECENT_SCAN_SLICE = 5_000
/** Where a shop's recent list is kept between workers (settings key + shopKey). */
const RECENT_KEY = "huike.recentBuyers|"
/** A noted capture is saved this long after the last one (captures come in bursts). */
const RECENT_SAVE_DELAY_MS = 2_000

interface RecentBuyer {
  nick: string
  /** The buyer's last order (UTC ms), as far as this list knows. */
  at: number
}
const recentLists = new WeakMap<HuikeDB, Map<ShopKey, Promise<RecentBuyer[]>>>()
const recentSaves = new Map<string, ReturnType<typeof setTimeout>>()

/**
 * The shop's RECENT_BUYERS_MAX most recently active buyers (by their last order), newest first. Customers
 * keep no lastOrderAt index (every index costs each capture), so the list is built by one scan of the
 * shop's customers in key slices (~3.6 s for 200,000 customers, npm run bench -- --only=prefetch), kept in
 * settings for the next worker, and kept current by captures (noteRecentBuyers) instead of being scanned
 * again; imports, restores and delete-all drop it. It only decides which buyers are prefetched: their
 * figures are read fresh for every request, and a buyer it misses is answered by the normal lookup.
 */
function recentList(db: HuikeDB, shopKey: ShopKey): Promise<RecentBuyer[]> {
  let lists = recentLists.get(db)
  if (!lists) recentLists.set(db, (lists = new Map()))
  let list = lists.get(shopKey)
  if (!list) {
    list = loadRecent(db, shopKey)
    lists.set(shopKey, list)
    // A failed read is tried again by the next request.
    list.catch(() => lists.get(shopKey) === list && lists.delete(shopKey))
  }
  return list
}

async function loadRecent(db: HuikeDB, shopKey: ShopKey): Promise<RecentBuyer[]> {
  const saved = (await db.settings.get(RECENT_KEY + shopKey))?.value
  if (Array.isArray(saved)) return saved as RecentBuyer[]
  const list = await scanRecent(db, shopKey)
  // Kept for the next worker if it can be: the list is only a hint (a full disk refuses it, and no more).
  void db.settings.put({ key: RECENT_KEY + shopKey, value: list }).catch(() => undefined)
  return list
}

async function scanRecent(db: HuikeDB, shopKey: ShopKey): Promise<RecentBuyer[]> {
  const all: RecentBuyer[] = []
  for (let after: string | null = null; ;) {
    const slice: CustomerRecord[] = await shopPage(db.customers, shopKey, after, RECENT_SCAN_SLICE)
    // A shop whose id extends this one's shares the key prefix: its customers are not this shop's.
    for (const c of slice)
      if (c.shopKey === shopKey && c.buyerNick && c.lastOrderAt > 0)
        all.push({ nick: nameOf(c), at: c.lastOrderAt })
    if (slice.length < RECENT_SCAN_SLICE) break
    after = slice[slice.length - 1].key
  }
  return newestFirst(all)
}

function newestFirst(buyers: readonly RecentBuyer[]): RecentBuyer[] {
  const latest = new Map<string, number>()
  for (const b of buyers) latest.set(b.nick, Math.max(latest.get(b.nick) ?? 0, b.at))
  return [...latest]
    .map(([nick, at]) => ({ nick, at }))
    .sort((a, b) => b.at - a.at)
    .slice(0, RECENT_BUYERS_MAX)
}

/**
 * Captured orders' buyers join the shop's recent list (read or built first if this worker has not yet),
 * saved soon after.
 */
export function noteRecentBuyers(
  db: HuikeDB,
  shopKey: ShopKey,
  orders: readonly { buyerId: string; buyerNick?: string; createdAt: number }[]
): void {
  const seen = orders.flatMap((o) => (o.buyerNick ? [{ nick: nameOf(o), at: o.createdAt }] : []))
  if (seen.length === 0) return
  const next = recentList(db, shopKey).then((buyers) => newestFirst([...buyers, ...seen]))
  const lists = recentLists.get(db)!
  lists.set(shopKey, next)
  // A failed read is tried again by the next request.
  next.catch(() => lists.get(shopKey) === next && lists.delete(shopKey))
  const saveKey = `${db.name}|${shopKey}`
  clearTimeout(recentSaves.get(saveKey))
  recentSaves.set(
    saveKey,
    setTimeout(() => {
      recentSaves.delete(saveKey)
      if (recentLists.get(db)?.get(shopKey) !== next) return
      void next.then((value) => db.settings.put({ key: RECENT_KEY + shopKey, value })).catch(() => undefined)
    }, RECENT_SAVE_DELAY_MS)
  )
}

/**
 * Forget every shop's recent list: the next request reads the kept one, or scans again if `kept` is dropped
 * too (an import: its buyers are not in it). A restore keeps the backup's lists (made from its data).
 */
export async function forgetRecentBuyers(db: HuikeDB, opts: { kept: boolean }): Promise<void> {
  recentLists.delete(db)
  for (const [key, timer] of recentSaves) {
    if (key.startsWith(`${db.name}|`)) {
      clearTimeout(timer)
      recentSaves.delete(key)
    }
  }
  if (!opts.kept) await db.settings.where(":id").startsWith(RECENT_KEY).delete()
}

/**
 * Figures for the shop's recent buyers from `offset`, at most `limit` of them (those that are no longer a
 * customer of that name are left out), and whether the list goes on after them.
 */
export async function recentBuyers(
  db: HuikeDB,
  shopKey: ShopKey,
  offset: number,
  limit: number,
  now: number
): Promise<{ buyers: BuyerSummary[]; more: boolean }> {
  const list = await recentList(db, shopKey)
  const nicks = list.slice(offset, offset + limit).map((b) => b.nick)
  const found = nicks.length ? await lookupBuyersByNick(db, shopKey, nicks, now) : {}
  return {
    buyers: nicks.flatMap((n) => (found[n] ? [found[n]] : [])),
    more: offset + limit < list.length
  }
}
