// Segment thresholds: the classic mean split and the owner's fixed thresholds, the same answer from the
// object API (segmentOf), the columnar scorer (scoreColumns) and analyzeShop, and the one-line explanation.
import { describe, expect, it } from "vitest"
import {
  analyzeShop,
  explainSegment,
  MEAN_THRESHOLDS,
  scoreColumns,
  segmentCutoffs,
  segmentOf,
  SEGMENT_IDS,
  validateThresholds,
  type CapturedOrder,
  type SegmentThresholds,
  type ShopMeans
} from "../../src/core"

const MEANS: ShopMeans = { buyers: 10, daysSinceLastOrder: 64, orders: 1.8, totalSpent: 41_000 }
const FIXED: SegmentThresholds = {
  recencyDays: { kind: "fixed", value: 90 },
  orders: { kind: "fixed", value: 3 },
  totalSpent: { kind: "fixed", value: 100_000 }
}

describe("segment thresholds", () => {
  it("the mean split compares strictly with the shop means (ties are low)", () => {
    expect(segmentOf({ daysSinceLastOrder: 63, orders: 2, totalSpent: 41_001 }, MEANS)).toBe(
      "important-value"
    )
    expect(segmentOf({ daysSinceLastOrder: 64, orders: 2, totalSpent: 41_001 }, MEANS)).toBe("important-keep")
    expect(segmentOf({ daysSinceLastOrder: 10, orders: 1, totalSpent: 41_000 }, MEANS)).toBe(
      "general-develop"
    )
    expect(segmentCutoffs(MEANS)).toEqual(MEANS)
  })

  it("fixed thresholds are inclusive: within 90 days, at least 3 orders, at least ¥1,000", () => {
    expect(segmentCutoffs(MEANS, FIXED)).toEqual({
      buyers: 10,
      daysSinceLastOrder: 91,
      orders: 2,
      totalSpent: 99_999
    })
    // Exactly on every threshold: high in all three.
    expect(segmentOf({ daysSinceLastOrder: 90, orders: 3, totalSpent: 100_000 }, MEANS, FIXED)).toBe(
      "important-value"
    )
    // One step below each: low in all three (while above the means in F and M).
    expect(segmentOf({ daysSinceLastOrder: 91, orders: 2, totalSpent: 99_999 }, MEANS, FIXED)).toBe(
      "general-winback"
    )
    // Mixed: a fixed spend threshold with mean recency and frequency.
    const spendOnly: SegmentThresholds = { ...MEAN_THRESHOLDS, totalSpent: { kind: "fixed", value: 100_000 } }
    expect(segmentOf({ daysSinceLastOrder: 30, orders: 2, totalSpent: 60_000 }, MEANS, spendOnly)).toBe(
      "general-value"
    )
    expect(segmentOf({ daysSinceLastOrder: 30, orders: 2, totalSpent: 60_000 }, MEANS)).toBe(
      "important-value"
    )
  })

  it("rejects fixed values that are not whole numbers in range, naming the threshold", () => {
    expect(() => validateThresholds({ ...FIXED, orders: { kind: "fixed", value: 0 } })).toThrow(
      /threshold orders must be a whole number ≥ 1, got 0/
    )
    expect(() => validateThresholds({ ...FIXED, totalSpent: { kind: "fixed", value: 12.5 } })).toThrow(
      /totalSpent/
    )
    expect(() => validateThresholds({ ...FIXED, recencyDays: { kind: "fixed", value: -1 } })).toThrow(
      /recencyDays/
    )
    expect(() => validateThresholds(FIXED)).not.toThrow()
  })

  it("scoreColumns and analyzeShop segment every buyer as segmentOf does, under fixed thresholds", () => {
    // 40 buyers with spread-out recency, frequency and spend; as-of day 1000.
    const asOfDay = 1000
    const customer: number[] = []
    const day: number[] = []
    const amount: number[] = []
    const figures: { daysSinceLastOrder: number; orders: number; totalSpent: number }[] = []
    for (let c = 0; c < 40; c++) {
      const n = 1 + (c % 5)
      const last = asOfDay - ((c * 7) % 200)
      let spent = 0
      for (let k = 0; k < n; k++) {
        customer.push(c)
        day.push(last - k * 3)
        const a = 10_000 + ((c * 3_701 + k * 977) % 60_000)
        amount.push(a)
        spent += a
      }
      figures.push({ daysSinceLastOrder: asOfDay - last, orders: n, totalSpent: spent })
    }
    const cols = {
      customer: Int32Array.from(customer),
      day: Int32Array.from(day),
      amount: Float64Array.from(amount)
    }
    const scored = scoreColumns(cols, { customerCount: 40, asOfDay, thresholds: FIXED })
    const byMean = scoreColumns(cols, { customerCount: 40, asOfDay })
    let differ = 0
    for (let c = 0; c < 40; c++) {
      expect(SEGMENT_IDS[scored.segment[c]]).toBe(segmentOf(figures[c], scored.means, FIXED))
      expect(SEGMENT_IDS[byMean.segment[c]]).toBe(segmentOf(figures[c], byMean.means))
      if (scored.segment[c] !== byMean.segment[c]) differ++
    }
    // The thresholds matter on this shop, and the means are the same either way.
    expect(differ).toBeGreaterThan(5)
    expect(scored.means).toEqual(byMean.means)

    // analyzeShop: the same orders as captured orders in UTC (day d = d × 86,400,000 ms at noon).
    const orders: CapturedOrder[] = customer.map((c, i) => ({
      platform: "shopify",
      shopId: "s",
      orderId: `o${i}`,
      buyerId: `b${c}`,
      createdAt: day[i] * 86_400_000 + 43_200_000,
      status: "completed",
      amount: amount[i],
      refunded: 0,
      currency: "USD"
    }))
    const shop = analyzeShop(orders, {
      asOf: asOfDay * 86_400_000 + 43_200_000,
      timeZone: "UTC",
      segmentThresholds: FIXED
    })
    const expected: Record<string, number> = Object.fromEntries(SEGMENT_IDS.map((id) => [id, 0]))
    for (const f of figures) expected[segmentOf(f, scored.means, FIXED)]++
    expect(shop.segments).toEqual(expected)
  })

  it("explains a segment against the thresholds it was given", () => {
    const figures = { daysSinceLastOrder: 120, orders: 6, totalSpent: 342_000 }
    expect(explainSegment("important-keep", figures, MEANS, "CNY")).toBe(
      "Important keep: last bought 120 days ago (shop average 64), 6 orders (avg 1.8), ¥3,420 spent (avg ¥410)"
    )
    expect(explainSegment("important-keep", figures, MEANS, "CNY", "en", FIXED)).toBe(
      "Important keep: last bought 120 days ago (threshold: within 90 days), 6 orders (threshold 3), ¥3,420 spent (threshold ¥1,000)"
    )
    expect(explainSegment("important-keep", figures, MEANS, "CNY", "zh", FIXED)).toBe(
      "重要保持客户：最近一次购买在 120 天前（门槛 90 天内），6 笔订单（门槛 3 笔），累计消费 ¥3,420（门槛 ¥1,000）"
    )
  })
})
