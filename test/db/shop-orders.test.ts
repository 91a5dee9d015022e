// Reading a shop's orders without orders' buyer index (v5): by timelines, by primary-key range.
import "./env"
import { afterEach, describe, expect, it } from "vitest"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB, type OrderRecord } from "../../src/db/store"
import { ingestOrders } from "../../src/db/writes/ingest"
import { ordersOfBuyers, shopOrderPage } from "../../src/db/schema/shop-orders"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
let n = 0
const dbs: HuikeDB[] = []
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.delete()
})
async function fresh() {
  const d = new HuikeDB(`shop-orders-${n++}`)
  dbs.push(d)
  await d.open()
  return d
}
const order = (shopId: string, orderId: string, buyerId: string): CapturedOrder => ({
  platform: "shopify",
  shopId,
  orderId,
  buyerId,
  buyerNick: buyerId,
  createdAt: NOW - Number(orderId.replace(/\D/g, "")) * 3_600_000,
  status: "completed",
  amount: 1_000,
  refunded: 0,
  currency: "USD"
})

describe("a shop's orders without a buyer index", () => {
  it("pages through one shop only, though another shop's id extends its own", async () => {
    const d = await fresh()
    await ingestOrders(d, [order("a", "1", "x"), order("a", "2", "y"), order("a:b", "3", "x")], { now: NOW })
    const keys: string[] = []
    for (let after: string | null = null; ;) {
      const page: OrderRecord[] = await shopOrderPage(d.orders, "shopify:a", after, 1)
      if (page.length === 0) break
      after = page[page.length - 1].key
      keys.push(...page.filter((o) => o.shopKey === "shopify:a").map((o) => o.key))
    }
    expect(keys).toEqual(["shopify:a:1", "shopify:a:2"])
  })

  it("finds a buyer's orders by their timeline, leaving an order that names another buyer now", async () => {
    const d = await fresh()
    await ingestOrders(d, [order("a", "1", "x"), order("a", "2", "x"), order("a", "3", "y")], { now: NOW })
    const x = (await d.customers.get("shopify:a:x"))!
    expect(x.timeline!.id).toEqual(["1", "2"])
    // Order 2 moves to y without x being scored again (as an import stores orders only).
    await ingestOrders(d, [order("a", "2", "y")], { now: NOW, score: false })
    const found = await ordersOfBuyers(d.orders, "shopify:a", [x])
    expect(found.map((o) => o.orderId)).toEqual(["1"])
  })

  it("finds the orders of a customer stored before timelines by a pass over the shop", async () => {
    const d = await fresh()
    await ingestOrders(d, [order("a", "1", "x"), order("a", "2", "y"), order("a", "3", "x")], { now: NOW })
    await ingestOrders(d, [order("a:b", "4", "x")], { now: NOW })
    const { timeline: _t, ...v1 } = (await d.customers.get("shopify:a:x"))!
    const found = await ordersOfBuyers(d.orders, "shopify:a", [v1])
    expect(found.map((o) => o.key).sort()).toEqual(["shopify:a:1", "shopify:a:3"])
  })
})
