// The range of a buyer's predicted purchases: the BG/NBD conditional distribution P(Y(t) = y | x, t_x, T)
// and its 10th–90th percentiles. The distribution must sum to 1 and have the conditional expectation as its
// mean (eq. 10, computed by src/core/bgnbd.ts from a different formula); the percentiles must sit where the
// cumulative probability crosses 10% and 90%.
import { describe, expect, it } from "vitest"
import { conditionalExpectedPurchases, probabilityAlive } from "../../src/core"
import {
  conditionalProbabilityOfPurchases,
  customerRange,
  purchaseRange,
  walkConditionalPurchases
} from "../../src/core/prediction-range"

// The paper's CDNOW fit (weeks).
const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
const YEAR = 365 / 7

function distribution(x: number, tx: number, T: number, t = YEAR): number[] {
  const out: number[] = []
  walkConditionalPurchases(CDNOW, t, x, tx, T, (y, p) => {
    out[y] = p
    return true
  })
  return out
}

function checkRange(x: number, tx: number, T: number) {
  const pmf = distribution(x, tx, T)
  const cdf = (y: number) => pmf.slice(0, y + 1).reduce((s, p) => s + p, 0)
  const range = purchaseRange(CDNOW, YEAR, x, tx, T)
  expect(cdf(range.low)).toBeGreaterThanOrEqual(0.1 - 1e-12)
  if (range.low > 0) expect(cdf(range.low - 1)).toBeLessThan(0.1)
  expect(cdf(range.high)).toBeGreaterThanOrEqual(0.9 - 1e-12)
  if (range.high > 0) expect(cdf(range.high - 1)).toBeLessThan(0.9)
  return { pmf, range }
}

describe("conditional distribution of purchases (FHL note: deriving the conditional PMF)", () => {
  it.each([
    [0, 0, 38.86],
    [2, 30.43, 38.86],
    [7, 37, 38.86],
    [25, 38, 38.86],
    [3, 4, 60]
  ])("sums to 1 and has mean E[Y(t) | x=%d, t_x=%d, T=%d]", (x, tx, T) => {
    const pmf = distribution(x, tx, T)
    const total = pmf.reduce((s, p) => s + p, 0)
    const mean = pmf.reduce((s, p, y) => s + y * p, 0)
    expect(total).toBeCloseTo(1, 10)
    expect(mean / conditionalExpectedPurchases(CDNOW, YEAR, x, tx, T)).toBeCloseTo(1, 8)
    for (const p of pmf) expect(p).toBeGreaterThanOrEqual(0)
  })

  it("gives no purchase at all the probability of having left plus that of buying nothing while alive", () => {
    // x = 0 buyers are alive by the model; with t → 0 every buyer buys nothing.
    expect(conditionalProbabilityOfPurchases(CDNOW, 1e-9, 0, 4, 20, 38)).toBeCloseTo(1, 6)
    const dead = 1 - probabilityAlive(CDNOW, 10, 5, 38.86)
    expect(conditionalProbabilityOfPurchases(CDNOW, YEAR, 0, 10, 5, 38.86)).toBeGreaterThanOrEqual(dead)
  })
})

describe("12-month purchase range (10th–90th percentile)", () => {
  it("a buyer with no repeat purchase: 0–1 orders", () => {
    const { range, pmf } = checkRange(0, 0, 38.86)
    expect(range).toEqual({ low: 0, high: 1 })
    expect(pmf[0]).toBeGreaterThan(0.8)
  })

  it("a buyer with many recent repeat purchases: a wide range well above zero", () => {
    const { range } = checkRange(20, 38, 38.86)
    expect(range.low).toBeGreaterThanOrEqual(1)
    expect(range.high).toBeGreaterThan(range.low + 10)
    const e = conditionalExpectedPurchases(CDNOW, YEAR, 20, 38, 38.86)
    expect(range.low).toBeLessThan(e)
    expect(range.high).toBeGreaterThan(e)
  })

  it("a buyer unlikely to be alive (10 purchases in the first 5 weeks, none in the 34 since): 0–0", () => {
    expect(probabilityAlive(CDNOW, 10, 5, 38.86)).toBeLessThan(0.001)
    const { range } = checkRange(10, 5, 38.86)
    expect(range).toEqual({ low: 0, high: 0 })
  })

  it("the customer of the paper's example (x 2, t_x 30.43, T 38.86)", () => {
    const { range } = checkRange(2, 30.43, 38.86)
    expect(range.low).toBe(0)
    expect(range.high).toBeGreaterThanOrEqual(3)
  })
})

describe("customerRange: orders and value over 12 months from a buyer's stored figures", () => {
  const gg = { p: 6.25, q: 3.74, v: 15.44 }
  it("multiplies the order range by Gamma-Gamma's expected order value (minor units)", () => {
    // Three purchase days (first 0, last 213, as of 272), $100 spent of which $20 on the first day.
    const input = {
      occasions: 3,
      firstDay: 0,
      lastDay: 213,
      asOfDay: 272,
      totalSpent: 10_000,
      firstDaySpend: 2_000,
      orders: 3
    }
    const range = customerRange(input, CDNOW, gg, 100)
    const orders = purchaseRange(CDNOW, YEAR, 2, 213 / 7, 272 / 7)
    expect(range?.orders365).toEqual(orders)
    const eov = ((6.25 * (15.44 + 2 * 40)) / (6.25 * 2 + 3.74 - 1)) * 100
    expect(range?.value365?.low).toBeCloseTo(orders.low * eov, 6)
    expect(range?.value365?.high).toBeCloseTo(orders.high * eov, 6)
  })

  it("has no range without a fitted model, and no value range without Gamma-Gamma", () => {
    const input = {
      occasions: 1,
      firstDay: 0,
      lastDay: 0,
      asOfDay: 100,
      totalSpent: 500,
      firstDaySpend: 500,
      orders: 1
    }
    expect(customerRange(input, { error: "not enough data" }, gg, 100)).toBeNull()
    expect(customerRange(input, CDNOW, { error: "not enough data" }, 100)).toEqual({
      orders365: purchaseRange(CDNOW, YEAR, 0, 0, 100 / 7),
      value365: null
    })
  })
})
