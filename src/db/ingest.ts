// The capture pipeline's write side: one transaction per batch upserts the orders, then re-scores the
// customers the batch touched, so overlay and popup read precomputed figures. Seeing an order again
// updates its status and amounts; it is never counted twice.
import { summarizeCustomers } from "../core"
import type { CapturedOrder, Platform } from "../core/types"
import {
  customerKeyOf,
  orderKeyOf,
  shopKeyOf,
  type CustomerRecord,
  type HuikeDB,
  type OrderRecord,
  type ShopRecord
} from "./database"

/** Where a platform's shops count their days until the user says otherwise. */
export function defaultTimeZone(platform: Platform): string {
  return platform === "taobao" ? "Asia/Shanghai" : "UTC"
}

export interface IngestResult {
  rowsStored: number
  inserted: number
  updated: number
  customersTouched: number
}

export async function ingestOrders(
  db: HuikeDB,
  batch: readonly CapturedOrder[],
  opts: { now: number; shopName?: string }
): Promise<IngestResult> {
  // The same order twice in one batch: the later sighting wins.
  const byKey = new Map<string, CapturedOrder>()
  for (const o of batch) byKey.set(orderKeyOf(o), o)
  const keys = [...byKey.keys()]
  if (keys.length === 0) return { rowsStored: 0, inserted: 0, updated: 0, customersTouched: 0 }

  return db.transaction("rw", [db.shops, db.orders, db.customers], async () => {
    const existing = await db.orders.bulkGet(keys)
    let inserted = 0
    const records: OrderRecord[] = keys.map((key, i) => {
      const o = byKey.get(key)!
      const before = existing[i]
      if (!before) inserted++
      return {
        ...o,
        key,
        shopKey: shopKeyOf(o.platform, o.shopId),
        firstSeenAt: before?.firstSeenAt ?? opts.now,
        updatedAt: opts.now
      }
    })
    await db.orders.bulkPut(records)

    const shopKeys = [...new Set(records.map((r) => r.shopKey))]
    const shops = await db.shops.bulkGet(shopKeys)
    const newShops: ShopRecord[] = []
    const zoneOf = new Map<string, string>()
    shopKeys.forEach((key, i) => {
      const known = shops[i]
      const sample = records.find((r) => r.shopKey === key)!
      const shop = known ?? {
        key,
        platform: sample.platform,
        shopId: sample.shopId,
        name: opts.shopName ?? sample.shopId,
        timeZone: defaultTimeZone(sample.platform),
        currency: sample.currency,
        firstSeenAt: opts.now
      }
      if (!known) newShops.push(shop)
      zoneOf.set(key, shop.timeZone)
    })
    if (newShops.length) await db.shops.bulkPut(newShops)

    // Re-score every customer the batch touched from all of their stored orders.
    const buyers = [
      ...new Map(records.map((r) => [customerKeyOf(r), [r.shopKey, r.buyerId] as [string, string]])).values()
    ]
    const theirOrders = await db.orders.where("[shopKey+buyerId]").anyOf(buyers).toArray()
    const ordersByShop = new Map<string, OrderRecord[]>()
    for (const o of theirOrders) {
      const list = ordersByShop.get(o.shopKey) ?? []
      list.push(o)
      ordersByShop.set(o.shopKey, list)
    }
    const customerKeys = buyers.map(([shopKey, buyerId]) => `${shopKey}:${buyerId}`)
    const previous = new Map(
      (await db.customers.bulkGet(customerKeys)).flatMap((c) => (c ? [[c.key, c]] : []))
    )
    const customers: CustomerRecord[] = []
    for (const [shopKey, orders] of ordersByShop) {
      for (const f of summarizeCustomers(orders, {
        asOf: opts.now,
        timeZone: zoneOf.get(shopKey) ?? "UTC"
      })) {
        const key = `${shopKey}:${f.buyerId}`
        const sample = orders.find((o) => o.buyerId === f.buyerId)!
        const before = previous.get(key)
        customers.push({
          key,
          shopKey,
          platform: sample.platform,
          shopId: sample.shopId,
          buyerId: f.buyerId,
          buyerNick: f.buyerNick ?? before?.buyerNick,
          buyerEmail: sample.buyerEmail ?? before?.buyerEmail,
          orders: f.orders,
          purchaseDays: f.purchaseDays,
          totalSpent: f.totalSpent,
          currency: f.currency,
          firstOrderAt: f.firstOrderAt,
          lastOrderAt: f.lastOrderAt ?? 0,
          averageOrderValue: f.averageOrderValue,
          refundRate: f.refundRate,
          repeatBuyer: f.repeatBuyer,
          segment: before?.segment,
          memberLevel: before?.memberLevel,
          tagIds: before?.tagIds ?? [],
          updatedAt: opts.now
        })
      }
    }
    await db.customers.bulkPut(customers)
    return {
      rowsStored: records.length,
      inserted,
      updated: records.length - inserted,
      customersTouched: customers.length
    }
  })
}
