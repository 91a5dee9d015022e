import "./env"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/database"
import { ingestOrders } from "../../src/db/ingest"
import { forgetStoreCounts, storeCounts } from "../../src/db/queries"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
const order = (shopId: string, orderId: string, buyerId: string): CapturedOrder => ({
  platform: "taobao",
  shopId,
  orderId,
  buyerId,
  createdAt: NOW - Number(orderId) * 86_400_000,
  status: "completed",
  amount: 1000,
  refunded: 0,
  currency: "CNY"
})

let db: HuikeDB
let n = 0
beforeEach(async () => {
  forgetStoreCounts()
  db = new HuikeDB(`queries-${n++}`)
  await db.open()
})
afterEach(async () => {
  await db.delete()
})

describe("storeCounts", () => {
  it("counts in slices, exactly at and across slice boundaries, and follows new orders", async () => {
    await ingestOrders(
      db,
      ["1", "2", "3", "4", "5", "6", "7"].map((id, i) => order("s1", id, `b${i % 3}`)),
      { now: NOW }
    )
    await ingestOrders(db, [order("s2", "8", "x"), order("s2", "9", "y")], { now: NOW })
    // 9 orders and 5 customers, counted 2, 3, 9 and 10 keys at a time.
    for (const slice of [2, 3, 9, 10]) {
      forgetStoreCounts()
      expect(await storeCounts(db, slice)).toEqual({ shops: 2, customers: 5, orders: 9 })
    }
    // Seen again: nothing changes, the same answer; a new order and a new buyer: counted.
    await ingestOrders(db, [order("s1", "1", "b0")], { now: NOW })
    expect(await storeCounts(db, 2)).toEqual({ shops: 2, customers: 5, orders: 9 })
    await ingestOrders(db, [order("s1", "10", "new")], { now: NOW })
    expect(await storeCounts(db, 2)).toEqual({ shops: 2, customers: 6, orders: 10 })
    // Orders written behind the cache's back (not through a shop's revision) are not seen until it is
    // forgotten: the handlers forget it on restore and delete-all.
    await db.orders.clear()
    expect((await storeCounts(db, 2)).orders).toBe(10)
    forgetStoreCounts()
    expect((await storeCounts(db, 2)).orders).toBe(0)
  })

  it("popups asking at once share one count", async () => {
    await ingestOrders(db, [order("s1", "1", "a"), order("s1", "2", "b"), order("s1", "3", "a")], {
      now: NOW
    })
    forgetStoreCounts()
    const walks = vi.spyOn(db.orders, "toCollection")
    const answers = await Promise.all([storeCounts(db, 2), storeCounts(db, 2), storeCounts(db, 2)])
    expect(answers).toEqual(Array(3).fill({ shops: 1, customers: 2, orders: 3 }))
    expect(walks).toHaveBeenCalledTimes(1)
    walks.mockRestore()
  })

  it("a new service worker answers from the counts kept with the data while no shop changed", async () => {
    await ingestOrders(db, [order("s1", "1", "a"), order("s1", "2", "b")], { now: NOW })
    expect(await storeCounts(db, 2)).toEqual({ shops: 1, customers: 2, orders: 2 })
    // Counted once and kept: a new worker does not count again (orders cleared behind its back show it).
    await db.orders.clear()
    forgetStoreCounts({ workerRestart: true })
    expect(await storeCounts(db, 2)).toEqual({ shops: 1, customers: 2, orders: 2 })
    // A shop's orders changed since: the kept counts no longer match and everything is counted.
    await ingestOrders(db, [order("s1", "3", "c")], { now: NOW })
    forgetStoreCounts({ workerRestart: true })
    expect(await storeCounts(db, 2)).toEqual({ shops: 1, customers: 3, orders: 1 })
  })
})
