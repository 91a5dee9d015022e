// The limits every boundary applies to one order (capturedOrderSchema through checkCapturedOrder): each rule
// refuses with its own reason, and an order within all of them passes untouched.
import { describe, expect, it } from "vitest"

import { maxOrderAmount } from "../../src/core/money"
import type { CapturedOrder } from "../../src/core/types"
import { checkCapturedOrder, refusalsByReason } from "../../src/refusals"

const order = (over: Partial<CapturedOrder> = {}): CapturedOrder => ({
  platform: "taobao",
  shopId: "shop",
  orderId: "3002237382410078542",
  buyerId: "陈小平",
  buyerNick: "陈小平",
  createdAt: Date.UTC(2026, 10, 21),
  status: "paid",
  amount: 140_399,
  refunded: 0,
  currency: "CNY",
  ...over
})
const reason = (o: unknown) => {
  const check = checkCapturedOrder(o)
  return check.ok ? "ok" : check.reason
}

describe("checkCapturedOrder", () => {
  it("passes an order within every limit, as it is", () => {
    const o = order({ items: [{ title: "贝多芬 5CD", quantity: 10, price: 14_040 }] })
    expect(checkCapturedOrder(o)).toEqual({ ok: true, order: o })
    // A 30-digit order number and a zero-amount order are orders.
    expect(reason(order({ orderId: "1".repeat(30), amount: 0 }))).toBe("ok")
  })

  it("refuses a buyer name or key past its length, saying how long it is", () => {
    expect(reason(order({ buyerNick: "长".repeat(200) }))).toBe("ok")
    expect(checkCapturedOrder(order({ buyerNick: "长".repeat(300) }))).toEqual({
      ok: false,
      reason: "buyerTooLong",
      detail: "buyerNick is 300 characters long (at most 200)"
    })
    expect(reason(order({ buyerId: "b".repeat(201) }))).toBe("buyerTooLong")
    expect(reason(order({ buyerEmail: `${"a".repeat(600)}@x.com` }))).toBe("buyerTooLong")
    expect(reason(order({ buyerId: "" }))).toBe("noBuyer")
  })

  it("refuses amounts no purchase has: negative, not a whole number of minor units, not finite", () => {
    expect(checkCapturedOrder(order({ amount: -500 }))).toEqual({
      ok: false,
      reason: "amountNegative",
      detail: "amount -500 is negative: no purchase costs less than nothing"
    })
    expect(reason(order({ amount: 1.5 }))).toBe("amount")
    expect(reason(order({ amount: Number.NaN }))).toBe("amount")
    expect(reason(order({ amount: Number.POSITIVE_INFINITY }))).toBe("amount")
    expect(reason(order({ amount: 2 ** 53 }))).toBe("amount")
  })

  it("refuses an amount past its currency's ceiling, which is higher for currencies of small units", () => {
    // ¥10,000,000.00 is the most one CNY order may cost; ¥10,000,000.01 is a misread.
    expect(maxOrderAmount("CNY")).toBe(1_000_000_000)
    expect(reason(order({ amount: 1_000_000_000 }))).toBe("ok")
    const over = checkCapturedOrder(order({ amount: 1_000_000_001 }))
    expect(over).toMatchObject({ ok: false, reason: "amountTooLarge" })
    expect(!over.ok && over.detail).toMatch(/^amount 1000000001 \(CNY minor units\) is beyond/)
    // ¥20,000,000 (JPY, no minor unit) is an ordinary price in yen; the same number of yuan is not.
    expect(reason(order({ currency: "JPY", amount: 20_000_000 }))).toBe("ok")
    expect(reason(order({ currency: "CNY", amount: 2_000_000_000 }))).toBe("amountTooLarge")
    expect(reason(order({ currency: "JPY", amount: 2e10 }))).toBe("amountTooLarge")
    expect(maxOrderAmount("VND")).toBeGreaterThan(maxOrderAmount("USD"))
    for (const c of ["IRR", "IDR", "LBP", "USD", "XOF"])
      expect(Number.isSafeInteger(maxOrderAmount(c))).toBe(true)
  })

  it("leaves refunds as they are: a full refund of a purchase is an order", () => {
    expect(reason(order({ refunded: 140_399, status: "closed" }))).toBe("ok")
    expect(reason(order({ refunded: -1 }))).toBe("amount")
  })

  it("names the other rules' reasons: date, order number, status, items, anything else", () => {
    expect(reason(order({ createdAt: -1 }))).toBe("date")
    expect(reason(order({ paidAt: 1.5 }))).toBe("date")
    expect(reason(order({ orderId: "x".repeat(101) }))).toBe("orderNumber")
    expect(reason({ ...order(), status: "lost" })).toBe("status")
    expect(reason(order({ items: Array(501).fill({ title: "t", quantity: 1 }) }))).toBe("itemsTooLong")
    expect(reason(order({ items: [{ title: "t".repeat(501), quantity: 1 }] }))).toBe("itemsTooLong")
    expect(reason({ ...order(), phone: "13812345678" })).toBe("invalid")
    expect(reason(order({ currency: "yuan" }))).toBe("invalid")
    expect(reason(null)).toBe("invalid")
  })
})

describe("refusalsByReason", () => {
  it("groups refused rows, most frequent first", () => {
    const rows = [
      { reason: "buyerTooLong" as const },
      { reason: "amount" as const },
      { reason: "amount" as const }
    ]
    expect(refusalsByReason(rows)).toEqual([
      { reason: "amount", rows: 2 },
      { reason: "buyerTooLong", rows: 1 }
    ])
  })
})
