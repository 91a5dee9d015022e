// Reading a shop's orders without a buyer index (schema v5 dropped orders' [shopKey+buyerId]: its entry
// cost every captured order about a quarter of its write). Orders are keyed "platform:shopId:orderId", so
// a shop's orders are one primary-key range; a buyer's orders are the ids in their customer's timeline,
// read by primary key. Only customers stored before timelines existed (v1, until the full rescore v2 asks
// for) need a pass over the shop's orders.
import type { EntityTable } from "dexie"
import type { CustomerRecord, OrderRecord, ShopKey } from "./database"

type Orders = Pick<EntityTable<OrderRecord, "key">, "where" | "bulkGet">

/** The shop's orders after `after` (a primary key; null: from the start), at most `limit`, by primary key. */
export function shopOrderPage(
  orders: Orders,
  shopKey: ShopKey,
  after: string | null,
  limit: number
): Promise<OrderRecord[]> {
  const prefix = `${shopKey}:`
  return orders
    .where(":id")
    .between(after ?? prefix, `${prefix}\uffff`, after === null, true)
    .limit(limit)
    .toArray()
}

/**
 * Every stored order of these buyers (inside the caller's transaction, if any): by their timelines' order
 * ids, keeping those that still name the buyer; buyers without a timeline by one pass over the shop's
 * orders. A shop whose id extends this one's ("a" and "a:b") shares the key prefix: its orders are skipped.
 */
export async function ordersOfBuyers(
  orders: Orders,
  shopKey: ShopKey,
  buyers: readonly Pick<CustomerRecord, "buyerId" | "timeline">[]
): Promise<OrderRecord[]> {
  const wanted = new Set(buyers.map((b) => b.buyerId))
  const keys = [
    ...new Set(buyers.flatMap((b) => (b.timeline ? b.timeline.id.map((id) => `${shopKey}:${id}`) : [])))
  ]
  const found = (await orders.bulkGet(keys)).filter(
    (o): o is OrderRecord => o !== undefined && o.shopKey === shopKey && wanted.has(o.buyerId)
  )
  const untracked = new Set(buyers.filter((b) => !b.timeline).map((b) => b.buyerId))
  if (untracked.size === 0) return found
  const seen = new Set(found.map((o) => o.key))
  for (let after: string | null = null; ;) {
    const page = await shopOrderPage(orders, shopKey, after, 5_000)
    if (page.length === 0) break
    after = page[page.length - 1].key
    for (const o of page) {
      if (o.shopKey === shopKey && untracked.has(o.buyerId) && !seen.has(o.key)) found.push(o)
    }
  }
  return found
}
