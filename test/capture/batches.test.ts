// A page's answer as capture messages: every order and every refused row in exactly one message, each
// message within the limits the background's schema enforces.
import { describe, expect, it } from "vitest"

import { captureBatches, pageNotRecognised, wholeCaptureRefusal } from "../../src/capture-batches"
import type { CapturedOrder } from "../../src/core/types"
import { captureMessage, type RefusedRow } from "../../src/messages"

const origin = {
  platform: "taobao" as const,
  pageKind: "order-list" as const,
  url: "https://trade.taobao.com/trade/itemlist/list_sold_items.htm",
  shopId: "shop"
}
const orders = (n: number, title = ""): CapturedOrder[] =>
  Array.from({ length: n }, (_, i) => ({
    platform: "taobao",
    shopId: "shop",
    orderId: String(10_000_000 + i),
    buyerId: `nick${i % 997}`,
    createdAt: Date.UTC(2026, 0, 1) + i * 60_000,
    status: "completed",
    amount: 100 + i,
    refunded: 0,
    currency: "CNY",
    ...(title ? { items: [{ title, quantity: 1 }] } : {})
  }))

describe("captureBatches", () => {
  it("sends an answer that fits in one message as it always did, without a batch", () => {
    const [only, ...rest] = captureBatches(
      origin,
      { orders: orders(3), rowsSeen: 4, problems: ["order 4: unreadable actualFee"] },
      { batchId: "b" }
    )
    expect(rest).toEqual([])
    expect(only).toEqual({
      type: "capture",
      ...origin,
      rowsSeen: 4,
      orders: orders(3),
      problems: ["order 4: unreadable actualFee"]
    })
    expect(captureMessage.safeParse(only).success).toBe(true)
  })

  it("splits 20,000 orders and 6,000 refused rows into valid messages, each row in exactly one", () => {
    const all = orders(20_000)
    const refused: RefusedRow[] = Array.from({ length: 6_000 }, (_, i) => ({
      row: 20_001 + i,
      reason: "amount",
      detail: `order ${20_001 + i}: unreadable actualFee`
    }))
    const problems = Array.from({ length: 800 }, (_, i) => `problem ${i} ${"x".repeat(1200)}`)
    const messages = captureBatches(
      origin,
      { orders: all, rowsSeen: 26_000, problems, refused },
      { batchId: "b" }
    )
    expect(messages).toHaveLength(4)
    for (const [index, m] of messages.entries()) {
      expect(captureMessage.safeParse(m).success, `message ${index}`).toBe(true)
      expect(m.batch).toEqual({ id: "b", index, count: 4 })
      expect(m.rowsSeen).toBe(26_000)
    }
    expect(messages.flatMap((m) => m.orders)).toEqual(all)
    expect(messages.flatMap((m) => m.refused ?? [])).toEqual(refused)
    // Problem lines: the first 500, each cut to the message's 1,000 characters, in the first batch only.
    expect(messages[0].problems).toHaveLength(500)
    expect(messages[0].problems[0]).toHaveLength(1000)
    expect(messages.slice(1).every((m) => m.problems.length === 0)).toBe(true)
  })

  it("keeps each message under the size limit, however few orders that allows", () => {
    const big = orders(50, "长".repeat(500))
    const maxChars = 7 * (JSON.stringify(big[0]).length + 1)
    const messages = captureBatches(
      origin,
      { orders: big, rowsSeen: 50, problems: [] },
      { batchId: "b", maxChars }
    )
    expect(messages.length).toBeGreaterThanOrEqual(8)
    for (const m of messages) {
      expect(m.orders.length).toBeGreaterThan(0)
      expect(m.orders.reduce<number>((n, o) => n + JSON.stringify(o).length + 1, 0)).toBeLessThanOrEqual(
        maxChars
      )
    }
    expect(messages.flatMap((m) => m.orders)).toEqual(big)
  })

  it("cuts a refused row's detail and order number to the message's limits instead of failing it", () => {
    const long: RefusedRow = {
      row: 1,
      orderId: "9".repeat(300),
      reason: "orderNumber",
      detail: "长".repeat(900)
    }
    const [m] = captureBatches(
      origin,
      { orders: orders(1), rowsSeen: 2, problems: [], refused: [long] },
      { batchId: "b" }
    )
    expect(captureMessage.safeParse(m).success).toBe(true)
    expect(m.refused).toEqual([
      { row: 1, orderId: "9".repeat(100), reason: "orderNumber", detail: "长".repeat(500) }
    ])
  })

  it("sends a page that refused every row as one message with its refused rows", () => {
    const refused: RefusedRow[] = [{ row: 1, reason: "unreadable", detail: "order 1: missing buyer" }]
    const messages = captureBatches(
      origin,
      { orders: [], rowsSeen: 1, problems: ["x"], refused },
      { batchId: "b" }
    )
    expect(messages).toEqual([
      { type: "capture", ...origin, rowsSeen: 1, orders: [], problems: ["x"], refused }
    ])
  })
})

describe("wholeCaptureRefusal", () => {
  const sent = { orders: orders(2) }
  const stored = { ok: true as const, rowsStored: 1, inserted: 1, updated: 0 }
  const refusedOne: RefusedRow = {
    orderId: "1",
    reason: "amountNegative",
    detail: "order 1: amount -1 is negative"
  }
  it("asks the page to say so when the background stored none of the orders sent, or failed", () => {
    const refused: RefusedRow[] = [
      { orderId: "1", reason: "buyerTooLong", detail: "order 1: buyerId is 300 characters long" },
      { orderId: "2", reason: "buyerTooLong", detail: "order 2: buyerId is 300 characters long" }
    ]
    expect(wholeCaptureRefusal(sent, { ...stored, rowsStored: 0, inserted: 0, refused })).toEqual({
      refusedAll: 2,
      reasons: [{ reason: "buyerTooLong", rows: 2 }]
    })
    expect(
      wholeCaptureRefusal(sent, { ok: false, code: "malformed", error: "malformed message: orders" })
    ).toEqual({
      error: "malformed message: orders"
    })
    expect(wholeCaptureRefusal(sent, { ok: false, code: "quota", error: "full" })).toEqual({ error: "full" })
  })

  it("stays quiet when some orders were stored, none were sent, or the sender is not a page's", () => {
    expect(wholeCaptureRefusal(sent, { ...stored, refused: [refusedOne] })).toBeNull()
    expect(wholeCaptureRefusal({ orders: [] }, { ...stored, rowsStored: 0, refused: [] })).toBeNull()
    expect(wholeCaptureRefusal(sent, { ok: false, code: "sender", error: "no" })).toBeNull()
  })
})

describe("pageNotRecognised", () => {
  const refused = (...reasons: RefusedRow["reason"][]): RefusedRow[] =>
    reasons.map((reason, i) => ({ row: i + 1, reason, detail: `order ${i + 1}` }))
  it("is said of a page whose rows could not be read, not of one whose rows broke a limit", () => {
    expect(pageNotRecognised({ orders: [], rowsSeen: 2, refused: refused("unreadable", "unreadable") })).toBe(
      true
    )
    expect(pageNotRecognised({ orders: [], rowsSeen: 15 })).toBe(true)
    expect(pageNotRecognised({ orders: [], rowsSeen: 2, refused: refused("amountNegative", "amount") })).toBe(
      false
    )
    expect(pageNotRecognised({ orders: [], rowsSeen: 1, refused: refused("buyerTooLong") })).toBe(false)
    expect(pageNotRecognised({ orders: orders(1), rowsSeen: 2, refused: refused("unreadable") })).toBe(false)
    expect(pageNotRecognised({ orders: [], rowsSeen: 0 })).toBe(false)
  })
})
