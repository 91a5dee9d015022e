// Layer: figures. Scoring what captures changed: a batch's buyers re-scored from all their orders with the
// changes applied, the affected days' shop figures moved by the difference (src/core does the counting), and
// the deferred batches (pendingScoring) scored many at once, each buyer once. Writes call these; nothing here
// stores an order.
import type { CapturedOrder } from "../../core/types"
import type { MemberLadder } from "../../core"
import type {
  CustomerRecord,
  HuikeDB,
  PendingOrder,
  PendingScoringRecord,
  ShopKey,
  ShopRecord
} from "../schema/database"
import { customerKeyOf } from "../schema/keys"
import { ordersOfBuyers, shopHasNoCustomers } from "../schema/shop-orders"
import { applyDayDeltas, dailyKeysOf, dayContributionsOf, fromTimeline, scoreBuyers } from "./scoring"

/** A deferred batch as its capturing worker holds it: the record's id and the orders it changed. */
export interface PendingBatch {
  id: number
  shopKey: ShopKey
  orders: PendingOrder[]
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

export function pendingOrder(o: CapturedOrder): PendingOrder {
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
