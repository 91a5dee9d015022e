// Layer: reads. The buyer a page's address names (src/adapters PageBuyer: a message thread's order, an order or customer
// page), looked for in every shop of the platform the page belongs to: by the order's key, by the buyer's
// key, or through the buyer the platform's numeric id was seen with (buyer-aliases.ts).
import type { Platform } from "../../core/types"
import type { BuyerSummary } from "../../messages"
import type { CustomerRecord, HuikeDB, ShopKey } from "../schema/database"
import { buyerSummaries } from "./queries"

export interface PageBuyerQuery {
  platform: Platform
  orderId?: string
  buyerId?: string
  platformBuyerId?: string
}

export async function findPageBuyer(
  db: HuikeDB,
  query: PageBuyerQuery,
  now: number
): Promise<BuyerSummary | null> {
  const shops = (await db.shops.where("platform").equals(query.platform).primaryKeys()) as ShopKey[]
  for (const shop of shops) {
    const customer = await customerOf(db, shop, query)
    if (!customer) continue
    return (await buyerSummaries(db, shop, [customer], now)).get(customer.key) ?? null
  }
  return null
}

async function customerOf(db: HuikeDB, shop: ShopKey, q: PageBuyerQuery): Promise<CustomerRecord | null> {
  const buyerIds: string[] = []
  if (q.orderId) {
    const order = await db.orders.get(`${shop}:${q.orderId}`)
    if (order) buyerIds.push(order.buyerId)
  }
  if (q.buyerId) buyerIds.push(q.buyerId)
  if (q.platformBuyerId) {
    const alias = await db.buyerAliases.get(`${shop}:${q.platformBuyerId}`)
    if (alias) buyerIds.push(alias.buyerId)
  }
  for (const buyerId of buyerIds) {
    const customer = await db.customers.get(`${shop}:${buyerId}`)
    if (customer) return customer
  }
  return null
}
