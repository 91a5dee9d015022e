import "./env"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/store"
import { handleMessage, LOG_REFUSED } from "../../background/handlers"
import { ingestOrders } from "../../src/db/writes/ingest"
import { lookupBuyersByNick } from "../../src/db/reads/queries"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
const DAY = 86_400_000

const order = (over: Partial<CapturedOrder>): CapturedOrder => ({
  platform: "taobao",
  shopId: "shop",
  orderId: "1",
  buyerId: "b1",
  buyerNick: "陈小平",
  createdAt: NOW - 10 * DAY,
  status: "completed",
  amount: 10_000,
  refunded: 0,
  currency: "CNY",
  ...over
})

let db: HuikeDB
let n = 0
beforeEach(async () => {
  db = new HuikeDB(`test-${n++}`)
  await db.open()
})
afterEach(async () => {
  await db.delete()
})

describe("ingestOrders", () => {
  it("stores orders and the buyer's figures", async () => {
    const result = await ingestOrders(
      db,
      [order({ orderId: "1" }), order({ orderId: "2", createdAt: NOW - 3 * DAY, amount: 5_050 })],
      { now: NOW }
    )
    expect(result).toEqual({
      rowsStored: 2,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      changedShops: ["taobao:shop"],
      customersTouched: 1,
      pending: []
    })
    const c = await db.customers.get("taobao:shop:b1")
    expect(c).toMatchObject({
      orders: 2,
      totalSpent: 15_050,
      repeatBuyer: true,
      buyerNick: "陈小平",
      lastOrderAt: NOW - 3 * DAY
    })
    expect(await db.shops.get("taobao:shop")).toMatchObject({ timeZone: "Asia/Shanghai", currency: "CNY" })
  })

  it("seeing an order again updates it and never counts it twice", async () => {
    await ingestOrders(db, [order({ orderId: "1", status: "paid" })], { now: NOW })
    const again = await ingestOrders(
      db,
      [order({ orderId: "1", status: "closed" }), order({ orderId: "1", status: "completed" })],
      {
        now: NOW + 1000
      }
    )
    expect(again).toMatchObject({ rowsStored: 1, inserted: 0, updated: 1 })
    expect(await db.orders.count()).toBe(1)
    const stored = await db.orders.get("taobao:shop:1")
    expect(stored).toMatchObject({ status: "completed", firstSeenAt: NOW, updatedAt: NOW + 1000 })
    expect(await db.customers.get("taobao:shop:b1")).toMatchObject({
      orders: 1,
      totalSpent: 10_000,
      repeatBuyer: false
    })
  })

  it("an order that was closed stops counting as a purchase", async () => {
    await ingestOrders(db, [order({ orderId: "1" }), order({ orderId: "2", createdAt: NOW - DAY })], {
      now: NOW
    })
    await ingestOrders(db, [order({ orderId: "2", createdAt: NOW - DAY, status: "closed" })], { now: NOW })
    expect(await db.customers.get("taobao:shop:b1")).toMatchObject({
      orders: 1,
      totalSpent: 10_000,
      repeatBuyer: false
    })
  })

  it("keeps shops apart", async () => {
    await ingestOrders(db, [order({ shopId: "a" }), order({ shopId: "b" })], { now: NOW })
    expect(await db.orders.count()).toBe(2)
    expect((await db.customers.toArray()).map((c) => c.key).sort()).toEqual(["taobao:a:b1", "taobao:b:b1"])
  })
})

describe("background message handling", () => {
  const capture = {
    type: "capture",
    platform: "taobao",
    pageKind: "order-list",
    url: "https://trade.taobao.com/trade/itemlist/list_sold_items.htm",
    shopId: "shop",
    rowsSeen: 1,
    orders: [order({})],
    problems: []
  }

  it("stores a valid capture, logs it, and answers lookups by nick in one read", async () => {
    expect(await handleMessage(db, capture, NOW)).toEqual({
      ok: true,
      rowsStored: 1,
      inserted: 1,
      updated: 0,
      refused: []
    })
    expect(await db.captureLog.count()).toBe(1)
    const reply = await handleMessage(
      db,
      { type: "lookup", platform: "taobao", shopId: "shop", nicks: ["陈小平", "nobody"] },
      NOW
    )
    expect(reply).toEqual({
      ok: true,
      buyers: {
        陈小平: {
          customerKey: "taobao:shop:b1",
          // The only buyer equals the shop means; ties are low on every dimension.
          segment: "general-winback",
          // One ¥100 order in the last 365 days: the ladder's floor.
          memberLevel: "member",
          remindersDue: 0,
          buyerNick: "陈小平",
          orders: 1,
          totalSpent: 10_000,
          currency: "CNY",
          repeatBuyer: false,
          daysSinceLastOrder: 10
        },
        nobody: null
      }
    })
    expect(await handleMessage(db, { type: "stats" }, NOW)).toMatchObject({
      ok: true,
      shops: 1,
      customers: 1,
      orders: 1
    })
  })

  it.each([
    ["an unknown type", { type: "drop-database" }],
    ["a non-object", "capture"],
    ["a capture of more orders than one message carries", { ...capture, orders: Array(5001).fill(order({})) }]
  ])("drops %s and stores nothing", async (_what, message) => {
    const reply = await handleMessage(db, message, NOW)
    expect(reply.ok).toBe(false)
    expect(await db.orders.count()).toBe(0)
  })

  it.each([
    ["a fractional amount", { ...order({ orderId: "bad" }), amount: 1.5 }, "amount"],
    ["a negative amount", order({ orderId: "bad", amount: -500 }), "amountNegative"],
    ["an amount past the currency's ceiling", order({ orderId: "bad", amount: 1e12 }), "amountTooLarge"],
    ["an extra field", { ...order({ orderId: "bad" }), phone: "13812345678" }, "invalid"],
    ["a 300-character buyer nick", order({ orderId: "bad", buyerNick: "长".repeat(300) }), "buyerTooLong"],
    ["a 201-character buyer id", order({ orderId: "bad", buyerId: "b".repeat(201) }), "buyerTooLong"],
    ["an order of another shop", order({ orderId: "bad", shopId: "other" }), "wrongShop"]
  ])("refuses %s as one row, stores the rest and logs its reason", async (_what, bad, reason) => {
    const good = [order({ orderId: "g1" }), order({ orderId: "g2", buyerId: "b2", buyerNick: "李雷" })]
    const reply = await handleMessage(db, { ...capture, rowsSeen: 3, orders: [good[0], bad, good[1]] }, NOW)
    expect(reply).toMatchObject({ ok: true, rowsStored: 2, refused: [{ orderId: "bad", reason }] })
    expect((await db.orders.toArray()).map((o) => o.orderId).sort()).toEqual(["g1", "g2"])
    const [line] = await db.captureLog.toArray()
    expect(line).toMatchObject({ rowsSeen: 3, rowsStored: 2, refused: [{ orderId: "bad", reason }] })
    expect(line.problems).toEqual([expect.stringMatching(/^order bad: /)])
    expect(await handleMessage(db, { type: "stats" }, NOW)).toMatchObject({
      lastCapture: { rowsSeen: 3, rowsStored: 2, refused: [{ reason, rows: 1 }] }
    })
  })

  it("adds an answer's batches up on one capture-log line, with the adapter's refused rows", async () => {
    const batch = (index: number, orders: unknown[], refused: unknown[] = []) => ({
      ...capture,
      rowsSeen: 7,
      orders,
      refused,
      problems: index === 0 ? ['order 7: unreadable actualFee "abc"'] : [],
      batch: { id: "answer-1", index, count: 3 }
    })
    const o = (id: string) => order({ orderId: id, buyerId: `b${id}`, buyerNick: `n${id}` })
    const detail = 'order 7: unreadable actualFee "abc"'
    await handleMessage(db, batch(0, [o("1"), o("2")], [{ row: 7, reason: "amount", detail }]), NOW)
    // Another page's capture between two batches gets its own line.
    await handleMessage(db, { ...capture, orders: [o("x")] }, NOW + 1)
    await handleMessage(db, batch(1, [o("3"), o("4")]), NOW + 2)
    await handleMessage(db, batch(2, [o("5"), order({ orderId: "6", amount: -1 })]), NOW + 3)
    const lines = await db.captureLog.orderBy("at").toArray()
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatchObject({ at: NOW + 3, rowsSeen: 7, rowsStored: 5, batchId: "answer-1" })
    expect(lines[1].refused!.map((r) => r.reason)).toEqual(["amount", "amountNegative"])
    expect(lines[1].problems).toEqual([detail, expect.stringMatching(/^order 6: amount -1 is negative/)])
    expect(await db.orders.count()).toBe(6)
    expect(await handleMessage(db, { type: "stats" }, NOW)).toMatchObject({
      lastCapture: {
        rowsSeen: 7,
        rowsStored: 5,
        refused: [
          { reason: "amount", rows: 1 },
          { reason: "amountNegative", rows: 1 }
        ]
      }
    })
  })

  it("keeps the first rows' details of a huge refusal and counts every row by reason", async () => {
    const rows = (from: number, n: number, reason: string) =>
      Array.from({ length: n }, (_, i) => ({ row: from + i, reason, detail: `row ${from + i}` }))
    const batch = (index: number, refused: unknown[]) => ({
      ...capture,
      rowsSeen: 9000,
      orders: [],
      refused,
      batch: { id: "huge", index, count: 2 }
    })
    await handleMessage(db, batch(0, rows(1, 5000, "amount")), NOW)
    await handleMessage(
      db,
      batch(1, [...rows(5001, 3000, "amount"), ...rows(8001, 1000, "buyerTooLong")]),
      NOW
    )
    const [line] = await db.captureLog.toArray()
    expect(line.refused).toHaveLength(LOG_REFUSED)
    expect(line.refused![0]).toMatchObject({ row: 1, reason: "amount" })
    expect(await handleMessage(db, { type: "stats" }, NOW)).toMatchObject({
      lastCapture: {
        rowsSeen: 9000,
        rowsStored: 0,
        refused: [
          { reason: "amount", rows: 8000 },
          { reason: "buyerTooLong", rows: 1000 }
        ]
      }
    })
  })

  it("looks up 100 buyers with one query", async () => {
    const orders = Array.from({ length: 300 }, (_, i) =>
      order({ orderId: String(i), buyerId: `b${i % 100}`, buyerNick: `nick${i % 100}` })
    )
    await ingestOrders(db, orders, { now: NOW })
    const found = await lookupBuyersByNick(
      db,
      "taobao:shop",
      orders.slice(0, 100).map((o) => o.buyerNick!),
      NOW
    )
    expect(Object.values(found).every((b) => b?.orders === 3)).toBe(true)
  })
})
