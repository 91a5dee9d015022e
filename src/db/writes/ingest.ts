// Layer: writes. The capture pipeline's write side. One transaction per batch upserts the orders; the buyers the batch
// changed are then re-scored from all their orders and the affected days' shop figures move by the
// difference (src/core does the counting), so overlay and popup read precomputed figures. The scoring runs
// either in the batch's own transaction, or deferred: the batch records what it changed (pendingScoring)
// and a later pass scores every buyer of many batches at once (scorePending), each buyer once however many
// batches named them. Seeing an order again updates its status and amounts and is never counted twice;
// seeing it unchanged writes nothing. Only IndexedDB work is awaited inside a transaction: the scoring in
// between is synchronous.
import Dexie from "dexie"
import type { CapturedOrder, Platform } from "../../core/types"
import type { HuikeDB, OrderRecord, ShopKey, ShopRecord } from "../schema/database"
import {
  ALIAS_TABLES,
  learnAliases,
  mergeStandIns,
  reconcileSighting,
  resolveBuyerAliases,
  type LearntAlias
} from "./buyer-aliases"
import { orderKeyOf, shopKeyOf } from "../schema/keys"
import { INGEST_TABLES, pendingOrder, scoreChanged, type PendingBatch } from "../figures/pending"

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

/**
 * What a source that does not show it (a page) leaves as an earlier one (an export) gave it: only a source
 * that shows the buyer's e-mail or phone replaces it.
 */
const KEPT_WHEN_NOT_SHOWN = ["buyerEmail", "buyerPhoneTail"] as const

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
