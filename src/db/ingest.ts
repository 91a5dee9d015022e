// The capture pipeline's write side. One transaction per batch upserts the orders; the buyers the batch
// changed are then re-scored from all their orders and the affected days' shop figures move by the
// difference (src/core does the counting), so overlay and popup read precomputed figures. The scoring runs
// either in the batch's own transaction, or deferred: the batch records what it changed (pendingScoring)
// and a later pass scores every buyer of many batches at once (scorePending), each buyer once however many
// batches named them. Seeing an order again updates its status and amounts and is never counted twice;
// seeing it unchanged writes nothing. Only IndexedDB work is awaited inside a transaction: the scoring in
// between is synchronous.
import Dexie from "dexie"
import type { CapturedOrder, Platform } from "../core/types"
import type { MemberLadder } from "../core"
import type {
  CustomerRecord,
  HuikeDB,
  OrderRecord,
  PendingOrder,
  PendingScoringRecord,
  ShopKey,
  ShopRecord
} from "./database"
import {
  ALIAS_TABLES,
  learnAliases,
  mergeStandIns,
  reconcileSighting,
  resolveBuyerAliases,
  type LearntAlias
} from "./buyer-aliases"
import { customerKeyOf, orderKeyOf, shopKeyOf } from "./keys"
import { ordersOfBuyers, shopHasNoCustomers } from "./shop-orders"
import { applyDayDeltas, dailyKeysOf, dayContributionsOf, fromTimeline, scoreBuyers } from "./scoring"

/** Where a platform's shops count their days until the user says otherwise. */
export function defaultTimeZone(platform: Platform): string {
  return platform === "taobao" ? "Asia/Shanghai" : "UTC"
}

export interface IngestResult {
  /** Distinct orders in the batch. */
  rowsStored: number
  inserted: number
  /** Orders seen before whose data changed. */
  updated: number
  /** Orders seen before exactly as they are now: nothing written. */
  unchanged: number
  customersTouched: number
  /** Shops whose orders changed (their shop-wide scores are now behind). */
  changedShops: ShopKey[]
  /** score "defer": each batch record written, with its orders as scoring reads them (for scorePending). */
  pending: PendingBatch[]
}

/** A deferred batch as its capturing worker holds it: the record's id and the orders it changed. */
export interface PendingBatch {
  id: number
  shopKey: ShopKey
  orders: PendingOrder[]
}

export interface IngestOptions {
  now: number
  shopName?: string
  /**
   * true (default): score the batch's buyers in its own transaction. "defer": record the batch for
   * scorePending (the background does this, and runs scorePending before anything reads the figures).
   * false: store the orders only and leave every figure to a full rescore of the shop afterwards (a long
   * import does this: one rescore instead of one per chunk).
   */
  score?: boolean | "defer"
}

/** The tables scoring writes. */
export const INGEST_TABLES = [
  "shops",
  "orders",
  "customers",
  "dailyFigures",
  "levelHistory",
  "shopScores",
  "pendingScoring"
] as const

/** The tables ingestOrders writes (callers that wrap it in a wider transaction include them): the scoring
 *  tables, and those a masked buyer's merge into their full name's customer writes (buyer-aliases.ts). */
export const CAPTURE_TABLES = [...INGEST_TABLES, ...ALIAS_TABLES] as const

export async function ingestOrders(
  db: HuikeDB,
  batch: readonly CapturedOrder[],
  opts: IngestOptions
): Promise<IngestResult> {
  // The same order twice in one batch: the later sighting wins.
  const byShop = new Map<ShopKey, Map<string, CapturedOrder>>()
  for (const o of batch) {
    const shopKey = shopKeyOf(o.platform, o.shopId)
    let group = byShop.get(shopKey)
    if (!group) byShop.set(shopKey, (group = new Map()))
    group.set(orderKeyOf(o), o)
  }
  const result: IngestResult = {
    rowsStored: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    customersTouched: 0,
    changedShops: [],
    pending: []
  }
  if (byShop.size === 0) return result
  // A database declared at an older schema (the migration tests write one) has no alias table yet.
  const tables: readonly string[] = db.buyerAliases ? CAPTURE_TABLES : INGEST_TABLES
  return db.transaction("rw", tables as string[], async () => {
    for (const [shopKey, group] of byShop) {
      const merges = db.buyerAliases
        ? await resolveBuyerAliases(db, shopKey, group, opts.now)
        : new Map<string, string>()
      const r = await ingestShopBatch(db, shopKey, group, opts)
      if (db.buyerAliases)
        for (const [standIn, buyerId] of await learnAliases(db, shopKey, r.learnt, opts.now))
          merges.set(standIn, buyerId)
      if (merges.size > 0) {
        await mergeStandIns(db, shopKey, merges, opts.now, group.values())
        // The merge scored the shop's pending batches, this one's too.
        r.pending = undefined
      }
      result.rowsStored += group.size
      result.inserted += r.inserted
      result.updated += r.updated
      result.unchanged += group.size - r.inserted - r.updated
      result.customersTouched += r.customersTouched
      if (r.inserted + r.updated > 0) result.changedShops.push(shopKey)
      if (r.pending) result.pending.push(r.pending)
    }
    return result
  })
}

async function ingestShopBatch(
  db: HuikeDB,
  shopKey: ShopKey,
  group: ReadonlyMap<string, CapturedOrder>,
  opts: IngestOptions
): Promise<{
  inserted: number
  updated: number
  customersTouched: number
  pending?: PendingBatch
  /** Full names seen on orders stored under a masked buyer's stand-in, or the reverse. */
  learnt: LearntAlias[]
}> {
  const now = opts.now
  const keys = [...group.keys()]
  // Most orders a page shows are new: add them all at once, no read first. Those already stored fail
  // (ConstraintError, which does not abort the transaction) and are compared with what is stored.
  const fresh: OrderRecord[] = keys.map((key) => ({
    ...group.get(key)!,
    key,
    shopKey,
    firstSeenAt: now,
    updatedAt: now
  }))
  const [known, clashes] = await Promise.all([db.shops.get(shopKey), addNew(db, fresh)])
  const changed: OrderRecord[] = []
  const buyers = new Set<string>()
  const clashing = new Set(clashes)
  fresh.forEach((o, i) => {
    if (clashing.has(i)) return
    changed.push(o)
    buyers.add(o.buyerId)
  })
  const inserted = changed.length
  const learnt: LearntAlias[] = []
  if (clashes.length > 0) {
    const existing = await db.orders.bulkGet(clashes.map((i) => keys[i]))
    const updates: OrderRecord[] = []
    clashes.forEach((pos, j) => {
      const before = existing[j]!
      const sighting = reconcileSighting(before, fresh[pos])
      if (sighting.learnt) learnt.push(sighting.learnt)
      const o: OrderRecord = { ...fresh[pos], ...sighting.order }
      for (const field of KEPT_WHEN_NOT_SHOWN)
        if (o[field] === undefined && before[field] !== undefined) o[field] = before[field]
      if (sameOrder(before, o)) return
      buyers.add(before.buyerId)
      buyers.add(o.buyerId)
      updates.push({ ...o, firstSeenAt: before.firstSeenAt })
    })
    if (updates.length) await db.orders.bulkPut(updates)
    changed.push(...updates)
  }
  if (changed.length === 0) return { inserted: 0, updated: 0, customersTouched: 0, learnt }

  const sample = changed[0]
  const shop: ShopRecord = known ?? {
    key: shopKey,
    platform: sample.platform,
    shopId: sample.shopId,
    name: opts.shopName ?? sample.shopId,
    timeZone: defaultTimeZone(sample.platform),
    currency: sample.currency,
    firstSeenAt: now
  }
  shop.rev = (shop.rev ?? 0) + 1
  shop.changedAt = now
  const counts = { inserted, updated: changed.length - inserted, customersTouched: 0, learnt }
  const score = opts.score ?? true
  if (score === false) {
    await db.shops.put(shop)
    return counts
  }
  if (score === "defer") {
    const [, id] = await Promise.all([
      db.shops.put(shop),
      db.pendingScoring.add({
        shopKey,
        orderIds: changed.map((o) => o.orderId),
        buyerIds: [...buyers],
        at: now
      })
    ])
    return { ...counts, pending: { id: id!, shopKey, orders: changed.map(pendingOrder) } }
  }
  counts.customersTouched = await scoreChanged(db, shop, changed, buyers, now)
  return counts
}

/** From this many buyers on, scoring first checks whether the shop has any customer to read. */
const MANY_BUYERS = 200

/** The tables scoring reads and writes: the database's own, or those of a schema upgrade's transaction. */
export type ScoringTables = Pick<
  HuikeDB,
  "shops" | "orders" | "customers" | "dailyFigures" | "levelHistory" | "shopScores"
>

/**
 * Re-scores `buyers` (every buyer the changed orders name now or named before) with the `changed` orders
 * applied, and moves the daily figures by the difference; writes the shop record too. Inside a transaction
 * over INGEST_TABLES (or a schema upgrade's). Returns the number of customers written.
 */
export async function scoreChanged(
  db: ScoringTables,
  shop: ShopRecord,
  changed: readonly CapturedOrder[],
  buyers: ReadonlySet<string>,
  now: number,
  ladder?: MemberLadder
): Promise<number> {
  const shopKey = shop.key
  // Everything the buyers ordered before, from their timelines (a customer stored before timelines
  // existed: from their orders), and the same with the changes applied. Keyed by order id, so an order
  // that names another buyer now leaves its old buyer's figures.
  const buyerIds = [...buyers]
  const customerKeys = buyerIds.map((b) =>
    customerKeyOf({ platform: shop.platform, shopId: shop.shopId, buyerId: b })
  )
  // A shop with no customer yet (its first capture or import, however many batches): no buyer has a record
  // to read. One record's read tells, and spares looking up every buyer (a tenth of a 20,000-buyer pass).
  const noCustomers = buyerIds.length >= MANY_BUYERS && (await shopHasNoCustomers(db.customers, shopKey))
  const [previousList, params] = await Promise.all([
    noCustomers ? customerKeys.map(() => undefined) : db.customers.bulkGet(customerKeys),
    db.shopScores.get(shopKey)
  ])
  const previous = new Map<string, CustomerRecord>()
  const base = new Map<string, CapturedOrder>()
  const withoutTimeline: CustomerRecord[] = []
  // An order two of these timelines claim (an import moved it and only the new buyer was scored since):
  // the stored order says whose it is.
  const disputed = new Set<string>()
  previousList.forEach((c, i) => {
    if (!c) return
    previous.set(c.key, c)
    if (!c.timeline) return void withoutTimeline.push(c)
    for (const o of fromTimeline(shop, buyerIds[i], c.timeline)) {
      const claimed = base.get(o.orderId)
      if (claimed && claimed.buyerId !== o.buyerId) disputed.add(o.orderId)
      base.set(o.orderId, o)
    }
  })
  if (withoutTimeline.length) {
    for (const o of await ordersOfBuyers(db.orders, shopKey, withoutTimeline)) base.set(o.orderId, o)
  }
  if (disputed.size) {
    const ids = [...disputed]
    const stored = await db.orders.bulkGet(ids.map((id) => `${shopKey}:${id}`))
    ids.forEach((id, j) => {
      const o = stored[j]
      if (o && buyers.has(o.buyerId)) base.set(id, o)
      else base.delete(id)
    })
  }
  const before = dayContributionsOf(shop, [...base.values()], now)
  for (const o of changed) base.set(o.orderId, o)
  const after = scoreBuyers(shop, [...base.values()], buyerIds, previous, params, now, ladder)
  const dayKeys = dailyKeysOf(shopKey, before, after.days)
  const storedDays = new Map((await db.dailyFigures.bulkGet(dayKeys)).flatMap((d) => (d ? [[d.key, d]] : [])))
  const days = applyDayDeltas(shopKey, storedDays, before, after.days)

  await Promise.all([
    db.shops.put(shop),
    db.customers.bulkPut(after.customers),
    after.levelChanges.length ? db.levelHistory.bulkAdd(after.levelChanges) : undefined,
    days.put.length ? db.dailyFigures.bulkPut(days.put) : undefined,
    days.remove.length ? db.dailyFigures.bulkDelete(days.remove) : undefined
  ])
  return after.customers.length
}

/** Shops with batches waiting for scorePending. */
export async function pendingShops(db: HuikeDB): Promise<ShopKey[]> {
  return (await db.pendingScoring.orderBy("shopKey").uniqueKeys()) as ShopKey[]
}

/**
 * Scores every batch of the shop that a deferred capture left (each buyer once, with all their changed
 * orders), in one transaction that also deletes those records: all of it or none of it. `held`: the batches
 * this worker captured, by record id (their orders need no read); any other batch's orders are read from the
 * orders table. Returns the number of customers written (0: nothing was pending) and the records scored.
 */
export async function scorePending(
  db: HuikeDB,
  shopKey: ShopKey,
  now: number,
  held?: ReadonlyMap<number, PendingBatch>
): Promise<number> {
  return (await scorePendingBatches(db, shopKey, now, held)).written
}

export async function scorePendingBatches(
  db: HuikeDB,
  shopKey: ShopKey,
  now: number,
  held?: ReadonlyMap<number, PendingBatch>
): Promise<{ written: number; ids: number[] }> {
  return db.transaction("rw", INGEST_TABLES as unknown as string[], async () => {
    const pending = await db.pendingScoring.where("shopKey").equals(shopKey).toArray()
    if (pending.length === 0) return { written: 0, ids: [] }
    const ids = pending.map((p) => p.id!)
    const shop = await db.shops.get(shopKey)
    if (!shop) {
      await db.pendingScoring.bulkDelete(ids)
      return { written: 0, ids }
    }
    const { changed, buyers } = await pendingChanges(db, shop, pending, held)
    const [written] = await Promise.all([
      scoreChanged(db, shop, changed, buyers, now),
      db.pendingScoring.bulkDelete(ids)
    ])
    return { written, ids }
  })
}

/**
 * What a shop's pending batch records changed, in the order they were stored (an order's latest sighting
 * wins), and every buyer they named: the orders from `held`, from a v3–v4 record's copy, or read from the
 * orders table (inside the caller's transaction).
 */
export async function pendingChanges(
  db: Pick<ScoringTables, "orders">,
  shop: ShopRecord,
  pending: PendingScoringRecord[],
  held?: ReadonlyMap<number, PendingBatch>
): Promise<{ changed: CapturedOrder[]; buyers: Set<string> }> {
  pending.sort((a, b) => a.id! - b.id!)
  // Orders no copy of which is at hand: read back, once each.
  const unread = new Set<string>()
  for (const p of pending) {
    if (!p.orders && !heldFor(p, held)) for (const id of p.orderIds ?? []) unread.add(id)
  }
  const read = new Map<string, PendingOrder>()
  if (unread.size) {
    const ids = [...unread]
    const stored = await db.orders.bulkGet(ids.map((id) => `${shop.key}:${id}`))
    stored.forEach((o) => {
      if (o) read.set(o.orderId, pendingOrder(o))
    })
  }
  const changedById = new Map<string, PendingOrder>()
  const buyers = new Set<string>()
  for (const p of pending) {
    const copy = p.orders ?? heldFor(p, held)?.orders
    if (copy) for (const o of copy) changedById.set(o.orderId, o)
    else
      for (const id of p.orderIds ?? []) {
        const o = read.get(id)
        if (o) changedById.set(id, o)
      }
    for (const b of p.buyerIds) buyers.add(b)
  }
  const changed: CapturedOrder[] = [...changedById.values()].map((o) => ({
    ...o,
    platform: shop.platform,
    shopId: shop.shopId
  }))
  return { changed, buyers }
}

/** The held copy of this record's batch, only if it is that batch (same shop, same orders). */
function heldFor(
  p: PendingScoringRecord,
  held?: ReadonlyMap<number, PendingBatch>
): PendingBatch | undefined {
  const h = held?.get(p.id!)
  const ids = p.orderIds
  if (!h || h.shopKey !== p.shopKey || !ids || ids.length !== h.orders.length) return undefined
  return h.orders.every((o, i) => o.orderId === ids[i]) ? h : undefined
}

/**
 * What a source that does not show it (a page) leaves as an earlier one (an export) gave it: only a source
 * that shows the buyer's e-mail or phone replaces it.
 */
const KEPT_WHEN_NOT_SHOWN = ["buyerEmail", "buyerPhoneTail"] as const

function pendingOrder(o: CapturedOrder): PendingOrder {
  const p: PendingOrder = {
    orderId: o.orderId,
    buyerId: o.buyerId,
    createdAt: o.createdAt,
    status: o.status,
    amount: o.amount,
    refunded: o.refunded,
    currency: o.currency
  }
  if (o.buyerNick !== undefined) p.buyerNick = o.buyerNick
  if (o.buyerEmail !== undefined) p.buyerEmail = o.buyerEmail
  return p
}

/** Adds the orders not stored yet; returns the positions of those that were (their adds failed). */
async function addNew(db: HuikeDB, orders: OrderRecord[]): Promise<number[]> {
  try {
    await db.orders.bulkAdd(orders)
    return []
  } catch (e) {
    if (!(e instanceof Dexie.BulkError)) throw e
    const failures = Object.entries(e.failuresByPos)
    // Anything but "already there" (a full disk, say) fails the batch.
    const other = failures.find(([, f]) => f.name !== "ConstraintError")
    if (other) throw other[1]
    return failures.map(([pos]) => Number(pos))
  }
}

/** True when a stored order already says everything this sighting says. */
function sameOrder(stored: OrderRecord, seen: CapturedOrder): boolean {
  return (
    stored.status === seen.status &&
    stored.amount === seen.amount &&
    stored.refunded === seen.refunded &&
    stored.createdAt === seen.createdAt &&
    stored.paidAt === seen.paidAt &&
    stored.buyerId === seen.buyerId &&
    stored.buyerNick === seen.buyerNick &&
    stored.platformBuyerId === seen.platformBuyerId &&
    stored.buyerEmail === seen.buyerEmail &&
    stored.buyerPhoneTail === seen.buyerPhoneTail &&
    stored.currency === seen.currency &&
    JSON.stringify(stored.items ?? null) === JSON.stringify(seen.items ?? null)
  )
}
