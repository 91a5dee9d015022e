import "./env"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/store"
import { ingestOrders } from "../../src/db/writes/ingest"
import { handleMessage } from "../../background/handlers"
import { customerProfile } from "../../src/db/reads/profile"
import {
  forgetRecentBuyers,
  forgetStoreCounts,
  lookupBuyersByNick,
  storeCounts
} from "../../src/db/reads/queries"

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

describe("recentBuyers (the overlay's prefetch)", () => {
  const capture = (orders: CapturedOrder[]) =>
    handleMessage(
      db,
      {
        type: "capture",
        platform: "taobao",
        pageKind: "order-list",
        url: "https://trade.taobao.com/trade/itemlist/list_sold_items.htm",
        shopId: "s1",
        rowsSeen: orders.length,
        orders,
        problems: []
      },
      NOW
    )
  const recent = async (offset: number, limit: number) => {
    const reply = await handleMessage(
      db,
      { type: "recentBuyers", platform: "taobao", shopId: "s1", offset, limit },
      NOW
    )
    if (!reply.ok || !("more" in reply)) throw new Error(JSON.stringify(reply))
    return { nicks: reply.buyers.map((b) => b.buyerNick), more: reply.more, buyers: reply.buyers }
  }
  // Order "n" is n days old; the nick is the buyer id.
  const o = (orderId: string, buyer: string): CapturedOrder => ({
    ...order("s1", orderId, buyer),
    buyerNick: buyer
  })

  it("lists the shop's buyers by their last order, newest first, in pages, with fresh figures", async () => {
    await ingestOrders(db, [o("5", "e"), o("1", "a"), o("9", "i"), o("3", "c"), o("2", "a")], { now: NOW })
    await ingestOrders(db, [order("s2", "0", "other")], { now: NOW })
    expect(await recent(0, 2)).toMatchObject({ nicks: ["a", "c"], more: true })
    expect(await recent(2, 2)).toMatchObject({ nicks: ["e", "i"], more: false })
    const a = (await recent(0, 1)).buyers[0]
    expect(a).toMatchObject({ buyerNick: "a", orders: 2, repeatBuyer: true, daysSinceLastOrder: 1 })
    expect(await lookupBuyersByNick(db, "taobao:s1", ["a"], NOW)).toEqual({ a })
  })

  it("counts days since the last order in the shop's calendar days, as the reminders do", async () => {
    // 23:00 in Shanghai yesterday, asked at 09:00 in Shanghai today: 10 hours, but "1 day ago".
    const lastNight = Date.UTC(2026, 10, 21, 15, 0, 0)
    const morning = Date.UTC(2026, 10, 22, 1, 0, 0)
    await ingestOrders(db, [{ ...order("s1", "1", "a"), buyerNick: "a", createdAt: lastNight }], {
      now: morning
    })
    const { a } = await lookupBuyersByNick(db, "taobao:s1", ["a"], morning)
    expect(a?.daysSinceLastOrder).toBe(1)
    const profile = await customerProfile(db, a!.customerKey!, morning)
    expect(profile?.daysSinceLastOrder).toBe(1)
    // Same evening, 30 minutes later: still today.
    const sameDay = await lookupBuyersByNick(db, "taobao:s1", ["a"], lastNight + 1_800_000)
    expect(sameDay.a?.daysSinceLastOrder).toBe(0)
  })

  it("leaves out the customers of a shop whose id extends this one's (same key prefix)", async () => {
    await ingestOrders(db, [o("5", "e"), o("1", "a"), o("9", "i"), o("3", "c")], { now: NOW })
    await ingestOrders(db, [{ ...order("s1:x", "0", "z"), buyerNick: "z" }], { now: NOW })
    expect(await recent(0, 4)).toMatchObject({ nicks: ["a", "c", "e", "i"], more: false })
  })

  it("captured buyers join the list without a new scan, and the list outlives the worker", async () => {
    await ingestOrders(db, [o("5", "e"), o("9", "i")], { now: NOW })
    expect((await recent(0, 10)).nicks).toEqual(["e", "i"])
    await capture([o("2", "new"), o("7", "old")])
    expect((await recent(0, 10)).nicks).toEqual(["new", "e", "old", "i"])
    // A buyer written behind the list's back (not captured) is not listed: the list is not scanned again.
    await ingestOrders(db, [o("1", "sneaky")], { now: NOW })
    expect((await recent(0, 10)).nicks).not.toContain("sneaky")
    // A new worker (another connection) reads the list kept in settings once the capture's save ran.
    await new Promise((r) => setTimeout(r, 2_100))
    const next = new HuikeDB(db.name)
    await next.open()
    const reply = await handleMessage(
      next,
      { type: "recentBuyers", platform: "taobao", shopId: "s1", offset: 0, limit: 10 },
      NOW
    )
    next.close()
    expect(reply.ok && "more" in reply && reply.buyers.map((b) => b.buyerNick)).toEqual([
      "new",
      "e",
      "old",
      "i"
    ])
    // Forgotten with the kept list (an import finished): scanned again, everyone in.
    await forgetRecentBuyers(db, { kept: false })
    expect((await recent(0, 10)).nicks).toEqual(["sneaky", "new", "e", "old", "i"])
  })

  it("a capture in a worker that has not read the list yet joins the kept list", async () => {
    await ingestOrders(db, [o("5", "e"), o("9", "i")], { now: NOW })
    expect((await recent(0, 10)).nicks).toEqual(["e", "i"])
    // A new worker's first message is a capture (the page's own, before the overlay's prefetch).
    const next = new HuikeDB(db.name)
    await next.open()
    await handleMessage(
      next,
      {
        type: "capture",
        platform: "taobao",
        pageKind: "order-list",
        url: "https://trade.taobao.com/trade/itemlist/list_sold_items.htm",
        shopId: "s1",
        rowsSeen: 1,
        orders: [o("2", "new")],
        problems: []
      },
      NOW
    )
    const reply = await handleMessage(
      next,
      { type: "recentBuyers", platform: "taobao", shopId: "s1", offset: 0, limit: 10 },
      NOW
    )
    next.close()
    expect(reply.ok && "more" in reply && reply.buyers.map((b) => b.buyerNick)).toEqual(["new", "e", "i"])
  })

  it("refuses pages larger than 500", async () => {
    const reply = await handleMessage(
      db,
      { type: "recentBuyers", platform: "taobao", shopId: "s1", offset: 0, limit: 501 },
      NOW
    )
    expect(reply).toMatchObject({ ok: false, code: "malformed" })
  })
})
