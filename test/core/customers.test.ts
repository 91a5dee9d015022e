import { describe, expect, it } from "vitest"
import { summarizeCustomers } from "../../src/core/customers"
import type { CapturedOrder } from "../../src/core/types"

const TZ = "Asia/Shanghai"
// 2024-03-01T00:00+08:00 = 2024-02-29T16:00Z
const day = (iso: string, hour = 12): number =>
  Date.parse(`${iso}T${String(hour).padStart(2, "0")}:00:00+08:00`)

let seq = 0
function order(
  buyerId: string,
  at: number,
  amount: number,
  extra: Partial<CapturedOrder> = {}
): CapturedOrder {
  return {
    platform: "taobao",
    shopId: "s1",
    orderId: String(++seq),
    buyerId,
    createdAt: at,
    status: "completed",
    amount,
    refunded: 0,
    currency: "CNY",
    ...extra
  }
}

describe("summarizeCustomers", () => {
  it("computes the figures of a hand-checked customer", () => {
    const orders = [
      order("a", day("2024-01-10"), 10_000),
      // Same Shanghai day, different UTC day (00:30 +08:00 = previous UTC day 16:30): one occasion.
      order("a", day("2024-02-01", 0), 5_000),
      order("a", day("2024-02-01", 23), 3_000, { refunded: 1_000 }),
      order("a", day("2024-02-05"), 9_999, { status: "unpaid" }),
      order("a", day("2024-02-06"), 4_000, { status: "closed", refunded: 4_000 }),
      order("b", day("2024-02-20"), 2_000, { buyerNick: "bee" }),
      // After the as-of day: ignored.
      order("b", day("2024-03-02"), 2_000)
    ]
    const figs = summarizeCustomers(orders, { asOf: day("2024-03-01", 9), timeZone: TZ })
    expect(figs).toHaveLength(2)
    const [a, b] = figs
    // a: 3 valid orders, 10000 + 5000 + (3000 − 1000) = 17000 net; 2 purchase days.
    expect(a).toMatchObject({
      shopId: "s1",
      buyerId: "a",
      orders: 3,
      purchaseDays: 2,
      totalSpent: 17_000,
      refunded: 1_000,
      currency: "CNY",
      firstOrderAt: day("2024-01-10"),
      lastOrderAt: day("2024-02-01", 23),
      firstOrderDay: "2024-01-10",
      lastOrderDay: "2024-02-01",
      repeatBuyer: true,
      // 2024-02-01 → 2024-03-01: 29 days (leap year).
      daysSinceLastOrder: 29
    })
    expect(a.averageOrderValue).toBeCloseTo(17_000 / 3, 9)
    // Refunds: the partly refunded purchase and the refunded-and-closed order; base 3 purchases + 1 closed.
    expect(a.refundRate).toBe(2 / 4)
    expect(b).toMatchObject({
      orders: 1,
      totalSpent: 2_000,
      repeatBuyer: false,
      daysSinceLastOrder: 10,
      buyerNick: "bee"
    })
  })

  it("keeps a buyer without valid purchases with null dates", () => {
    const figs = summarizeCustomers([order("z", day("2024-01-01"), 100, { status: "unpaid" })], {
      asOf: day("2024-01-02"),
      timeZone: TZ
    })
    expect(figs[0]).toMatchObject({
      orders: 0,
      firstOrderAt: null,
      lastOrderAt: null,
      daysSinceLastOrder: null
    })
    expect(figs[0].averageOrderValue).toBe(0)
  })

  it("counts a duplicated order id once, keeping the most advanced snapshot", () => {
    const o = order("a", day("2024-01-10"), 10_000, { status: "paid" })
    const later = { ...o, status: "completed" as const, refunded: 2_000 }
    const figs = summarizeCustomers([later, o, o], { asOf: day("2024-02-01"), timeZone: TZ })
    expect(figs[0]).toMatchObject({ orders: 1, totalSpent: 8_000 })
  })
})
