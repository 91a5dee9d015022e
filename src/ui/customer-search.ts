// The side panel's customer search, on indexes only: an order number is a primary-key read per shop
// ("platform:shopId:orderId"), a buyer id the customer's primary key ("platform:shopId:buyerId"), a nick or
// e-mail a prefix range on the customers' multi-entry lookupKeys index ("shopKey|nick|…", "shopKey|email|…"
// lower-cased).
// Nothing scans every customer or order, however many a shop has.
import type { CustomerRecord, HuikeDB } from "../db/database"

export async function searchCustomers(db: HuikeDB, query: string, limit = 20): Promise<CustomerRecord[]> {
  const term = query.trim()
  if (!term) return []
  const shops = (await db.shops.toCollection().primaryKeys()) as string[]
  const byLookupKey = db.customers.where("lookupKeys")
  const [orders, byId, ...keyLists] = await Promise.all([
    db.orders.bulkGet(shops.map((shop) => `${shop}:${term}`)),
    db.customers.bulkGet(shops.map((shop) => `${shop}:${term}`)),
    ...shops.flatMap((shop) => [
      byLookupKey.startsWith(`${shop}|nick|${term}`).limit(limit).primaryKeys(),
      byLookupKey.startsWith(`${shop}|email|${term.toLowerCase()}`).limit(limit).primaryKeys()
    ])
  ])
  // The order's buyer first, then ids, nicks and e-mails, each customer once.
  const keys = new Set<string>()
  for (const o of orders) if (o) keys.add(`${o.shopKey}:${o.buyerId}`)
  for (const c of byId) if (c && shops.includes(c.shopKey)) keys.add(c.key)
  for (const list of keyLists) for (const k of list) keys.add(String(k))
  const found = await db.customers.bulkGet([...keys].slice(0, limit))
  return found.filter((c): c is CustomerRecord => c !== undefined)
}
