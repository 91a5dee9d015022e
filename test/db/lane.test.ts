// The name lane (src/db/figures/lane.ts): a lookup a page waits on goes ahead of shop-wide work — a rescore
// starts no new chunk while one is being answered, and goes on once it is.
import "./env"
import { afterEach, describe, expect, it } from "vitest"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/store"
import { ingestOrders } from "../../src/db/writes/ingest"
import { rescoreShop } from "../../src/db/figures/rescore"
import { afterLookups, lookupFirst, lookupsAnswering } from "../../src/db/figures/lane"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
const DAY = 86_400_000
const SHOP = "taobao:shop"
const order = (orderId: string, buyerId: string, daysAgo: number): CapturedOrder => ({
  platform: "taobao",
  shopId: "shop",
  orderId,
  buyerId,
  buyerNick: buyerId,
  createdAt: NOW - daysAgo * DAY,
  status: "completed",
  amount: 1_000 + daysAgo,
  refunded: 0,
  currency: "CNY"
})

const dbs: HuikeDB[] = []
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.delete()
})

/** A promise and the function that settles it. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open = () => undefined as void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

describe("the name lane", () => {
  it("holds shop-wide work while a lookup is answered, and lets it go after", async () => {
    const g = gate()
    const lookup = lookupFirst(async () => {
      await g.opened
      return "answered"
    })
    expect(lookupsAnswering()).toBe(1)
    let through = false
    const work = afterLookups().then(() => (through = true))
    await new Promise((r) => setTimeout(r, 20))
    expect(through).toBe(false)
    g.open()
    expect(await lookup).toBe("answered")
    await work
    expect(through).toBe(true)
    expect(lookupsAnswering()).toBe(0)
  })

  it("a failed lookup still lets shop-wide work go", async () => {
    await expect(lookupFirst(() => Promise.reject(new Error("no store")))).rejects.toThrow("no store")
    expect(lookupsAnswering()).toBe(0)
    await afterLookups()
  })

  it("a rescore starts no chunk while a lookup is being answered", async () => {
    const db = new HuikeDB(`lane-${Math.random()}`)
    await db.open()
    dbs.push(db)
    const orders: CapturedOrder[] = []
    for (let b = 0; b < 40; b++)
      for (let k = 0; k <= b % 3; k++) orders.push(order(`o${b}-${k}`, `buyer${b}`, 5 + b + k * 30))
    await ingestOrders(db, orders, { now: NOW })
    const events: string[] = []
    const g = gate()
    let lookup: Promise<unknown> | null = null
    const rescore = rescoreShop(db, SHOP, {
      now: NOW,
      chunk: 4,
      onProgress: (phase) => {
        if (phase !== "customers") return
        events.push("chunk")
        // After the first chunk of customers, a page asks for a buyer and holds the answer 30 ms.
        lookup ??= lookupFirst(async () => {
          events.push("lookup")
          const c = await db.customers.get(`${SHOP}:buyer3`)
          await new Promise((r) => setTimeout(r, 30))
          g.open()
          events.push("answered")
          return c
        })
      }
    })
    await g.opened
    await rescore
    expect(await lookup).toMatchObject({ buyerId: "buyer3" })
    // Ten chunks of four customers; none between the lookup and its answer.
    expect(events.filter((e) => e === "chunk")).toHaveLength(10)
    expect(events.slice(0, 3)).toEqual(["chunk", "lookup", "answered"])
  })
})
