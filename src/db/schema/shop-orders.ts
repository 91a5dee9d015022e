// Layer: schema. Reading a shop's orders without a buyer index (schema v5 dropped orders' [shopKey+buyerId]: its entry
// cost every captured order about a quarter of its write). Orders are keyed "platform:shopId:orderId", so
// a shop's orders are one primary-key range; a buyer's orders are the ids in their customer's timeline,
// read by primary key. Only customers stored before timelines existed (v1, until the full rescore v2 asks
// for) need a pass over the shop's orders.
import type { EntityTable } from "dexie"
import type { CustomerRecord, OrderRecord, ShopKey } from "./database"

type Orders = Pick<EntityTable<OrderRecord, "key">, "where" | "bulkGet">

/**
 * A shop's records of a table keyed "shopKey:…" (orders, customers) after `after` (a primary key; null: from
 * the start), at most `limit`, by primary key. A shop whose id extends this one's ("a" and "a:b") shares the
 * key prefix: callers skip records of other shops.
 */
export function shopPage<T extends { key: string }>(
  table: Pick<EntityTable<T, "key">, "where">,
  shopKey: ShopKey,
  after: string | null,
  limit: number
): Promise<T[]> {
  const prefix = `${shopKey}:`
  return table
    .where(":id")
    .between(after ?? prefix, `${prefix}\uffff`, after === null, true)
    .limit(limit)
    .toArray()
}

/**
 * True when the shop has no customer record (its first capture or import). A shop whose id extends this
 * one's shares the key prefix and can only make this false, which callers treat as "read them".
 */
export const shopHasNoCustomers = (
  customers: Pick<EntityTable<CustomerRecord, "key">, "where">,
  shopKey: ShopKey
): Promise<boolean> => shopPage(customers, shopKey, null, 1).then((page) => page.length === 0)

/** The shop's orders after `after`, at most `limit`, by primary key (see shopPage). */
export const shopOrderPage = (orders: Orders, shopKey: ShopKey, after: string | null, limit: number) =>
  shopPage<OrderRecord>(orders, shopKey, after, limit)

/**
 * Hands every order of the shop (and only of this shop) to `visit`, in primary-key order, `pageSize` at a
 * time; `read` wraps each page's read (e.g. in a transaction of its own), by default in the caller's.
 * Promise chains, not async functions: inside a transaction (a schema upgrade's too) each step stays
 * within it.
 */
export function scanShopOrders(
  orders: Orders,
  shopKey: ShopKey,
  visit: (o: OrderRecord) => void,
  pageSize = 5_000,
  read: (page: () => Promise<OrderRecord[]>) => Promise<OrderRecord[]> = (page) => page()
): Promise<void> {
  const from = (after: string | null): Promise<void> =>
    read(() => shopOrderPage(orders, shopKey, after, pageSize)).then((page) => {
      if (page.length === 0) return
      for (const o of page) if (o.shopKey === shopKey) visit(o)
      return from(page[page.length - 1].key)
    })
  return from(null)
}

/** The stored orders of these ids that name one of `buyers` now (each id read once, by primary key). */
export function storedOrdersNaming(
  orders: Orders,
  shopKey: ShopKey,
  ids: Iterable<string>,
  buyers: ReadonlySet<string>
): Promise<OrderRecord[]> {
  const keys = [...new Set(ids)].map((id) => `${shopKey}:${id}`)
  return orders
    .bulkGet(keys)
    .then((found) =>
      found.filter((o): o is OrderRecord => o !== undefined && o.shopKey === shopKey && buyers.has(o.buyerId))
    )
}

/**
 * Every stored order of these buyers (inside the caller's transaction, if any): by their timelines' order
 * ids, keeping those that still name the buyer; buyers without a timeline by one pass over the shop's
 * orders.
 */
export function ordersOfBuyers(
  orders: Orders,
  shopKey: ShopKey,
  buyers: readonly Pick<CustomerRecord, "buyerId" | "timeline">[]
): Promise<OrderRecord[]> {
  const wanted = new Set(buyers.map((b) => b.buyerId))
  const ids = buyers.flatMap((b) => b.timeline?.id ?? [])
  const untracked = new Set(buyers.filter((b) => !b.timeline).map((b) => b.buyerId))
  return storedOrdersNaming(orders, shopKey, ids, wanted).then((found) => {
    if (untracked.size === 0) return found
    const seen = new Set(found.map((o) => o.key))
    return scanShopOrders(orders, shopKey, (o) => {
      if (untracked.has(o.buyerId) && !seen.has(o.key)) found.push(o)
    }).then(() => found)
  })
}
