// Invariants of the engine on random shops (fast-check): no NaN or Infinity anywhere, RFM scores in 1–5, segment
// counts summing to the buyers, re-ordering the input or repeating snapshots of an order changing nothing, and
// the columnar scorer agreeing with a direct, slow restatement of the definitions.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  analyzeShop,
  DEFAULT_LADDER,
  levelFor,
  scoreColumns,
  SEGMENT_IDS,
  segmentIndex,
  type CapturedOrder,
  type OrderStatus
} from "../../src/core"
import { expectAllFinite } from "./finite"

const DAY = 86_400_000
const START = Date.UTC(2023, 0, 1)
const AS_OF = Date.UTC(2024, 11, 31, 12)
const statuses: OrderStatus[] = ["unpaid", "paid", "shipped", "completed", "closed"]

const orderArb = fc.record({
  buyer: fc.integer({ min: 0, max: 11 }),
  // Up to a month past the as-of day, so some orders are ignored.
  minute: fc.integer({ min: 0, max: (760 * DAY) / 60_000 }),
  status: fc.constantFrom(...statuses, "completed", "completed"),
  amount: fc.oneof(fc.integer({ min: 0, max: 80_000 }), fc.constant(0)),
  refunded: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 90_000 }))
})

function toOrders(
  rows: { buyer: number; minute: number; status: OrderStatus; amount: number; refunded: number }[]
): CapturedOrder[] {
  return rows.map((r, i) => ({
    platform: "taobao",
    shopId: "s",
    orderId: `o${i}`,
    buyerId: `b${r.buyer}`,
    createdAt: START + r.minute * 60_000,
    status: r.status,
    amount: r.amount,
    refunded: r.refunded,
    currency: "CNY"
  }))
}

const shopArb = fc.array(orderArb, { minLength: 0, maxLength: 120 }).map(toOrders)
const analyze = (orders: CapturedOrder[]) => analyzeShop(orders, { asOf: AS_OF, timeZone: "Asia/Shanghai" })

describe("analyzeShop invariants", () => {
  it("has no NaN or Infinity, RFM scores in 1–5, segments summing to buyers", () => {
    fc.assert(
      fc.property(shopArb, (orders) => {
        const shop = analyze(orders)
        expectAllFinite(shop)
        let buyers = 0
        for (const c of shop.customerList) {
          if (c.orders === 0) {
            expect(c.rfm).toBeNull()
            continue
          }
          buyers++
          for (const s of [c.rfm?.r, c.rfm?.f, c.rfm?.m]) {
            expect(Number.isInteger(s)).toBe(true)
            expect(s).toBeGreaterThanOrEqual(1)
            expect(s).toBeLessThanOrEqual(5)
          }
        }
        expect(shop.buyers).toBe(buyers)
        expect(Object.values(shop.segments).reduce((a, b) => a + b, 0)).toBe(buyers)
        expect(Object.values(shop.levels).reduce((a, b) => a + b, 0)).toBe(buyers)
      }),
      { numRuns: 150 }
    )
  })

  it("does not depend on the order of the input", () => {
    fc.assert(
      fc.property(shopArb, fc.integer(), (orders, seed) => {
        const shuffled = [...orders]
        let s = seed >>> 0
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0
          const j = s % (i + 1)
          ;[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]]
        }
        expect(analyze(shuffled)).toEqual(analyze(orders))
      }),
      { numRuns: 100 }
    )
  })

  it("never double counts repeated snapshots of an order; the most advanced one wins", () => {
    fc.assert(
      fc.property(shopArb, fc.array(fc.nat(), { maxLength: 40 }), (orders, picks) => {
        if (orders.length === 0) return
        // Earlier snapshots of some orders: unpaid, then paid with no refund yet.
        const extra: CapturedOrder[] = []
        for (const k of picks) {
          const o = orders[k % orders.length]
          extra.push({ ...o, status: "unpaid", refunded: 0 })
          if (o.status !== "unpaid") extra.push({ ...o, status: "paid", refunded: 0 })
          extra.push({ ...o })
        }
        expect(analyze([...extra, ...orders])).toEqual(analyze(orders))
      }),
      { numRuns: 100 }
    )
  })
})

describe("scoreColumns agrees with the definitions restated directly", () => {
  it("figures, RFM, segments and member level per customer", () => {
    const rowArb = fc.record({
      customer: fc.integer({ min: 0, max: 14 }),
      day: fc.integer({ min: 0, max: 900 }),
      amount: fc.integer({ min: -5_000, max: 300_000 }),
      purchase: fc.constantFrom(0, 1, 1, 1)
    })
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 150 }), fc.integer({ min: 0, max: 950 }), (rows, asOfDay) => {
        const nC = 15
        const s = scoreColumns(
          {
            customer: Int32Array.from(rows, (r) => r.customer),
            day: Int32Array.from(rows, (r) => r.day),
            amount: Float64Array.from(rows, (r) => r.amount),
            purchase: Uint8Array.from(rows, (r) => r.purchase)
          },
          { customerCount: nC, asOfDay, ladder: DEFAULT_LADDER }
        )
        const valid = rows.filter((r) => r.purchase === 1 && r.day <= asOfDay)
        const mine = (c: number) => valid.filter((r) => r.customer === c)
        const buyers = [...new Set(valid.map((r) => r.customer))]
        const fig = (c: number) => {
          const rs = mine(c)
          const last = Math.max(...rs.map((r) => r.day))
          return {
            recency: asOfDay - last,
            orders: rs.length,
            spent: rs.reduce((a, r) => a + r.amount, 0),
            days: new Set(rs.map((r) => r.day)).size
          }
        }
        const n = buyers.length
        const mean = (f: (c: number) => number) => buyers.reduce((a, c) => a + f(c), 0) / n
        const meanRec = mean((c) => fig(c).recency)
        const meanOrders = mean((c) => fig(c).orders)
        const meanSpent = mean((c) => fig(c).spent)
        const quintile = (worse: number) => 1 + Math.floor((5 * worse) / n)
        for (let c = 0; c < nC; c++) {
          if (!buyers.includes(c)) {
            expect(s.orders[c]).toBe(0)
            continue
          }
          const f = fig(c)
          expect([s.orders[c], s.purchaseDays[c], s.totalSpent[c]]).toEqual([f.orders, f.days, f.spent])
          expect(s.r[c]).toBe(quintile(buyers.filter((b) => fig(b).recency > f.recency).length))
          expect(s.f[c]).toBe(quintile(buyers.filter((b) => fig(b).orders < f.orders).length))
          expect(s.m[c]).toBe(quintile(buyers.filter((b) => fig(b).spent < f.spent).length))
          expect(SEGMENT_IDS[s.segment[c]]).toBe(
            SEGMENT_IDS[segmentIndex(f.recency < meanRec, f.orders > meanOrders, f.spent > meanSpent)]
          )
          // The level on the as-of day: purchases within the last 365 days, days asOf − 364 .. asOf.
          const window = mine(c).filter((r) => r.day > asOfDay - 365)
          expect(s.level[c]).toBe(
            levelFor(
              DEFAULT_LADDER,
              window.reduce((a, r) => a + r.amount, 0),
              window.length
            )
          )
        }
        // Every recorded change is a real change, in day order, ending on the as-of level.
        for (let c = 0; c < nC; c++) {
          let level = 0
          let prevDay = -Infinity
          for (let k = s.levelChangeStart[c]; k < s.levelChangeStart[c + 1]; k++) {
            expect(s.levelChangeFrom[k]).toBe(level)
            expect(s.levelChangeTo[k]).not.toBe(level)
            expect(s.levelChangeDay[k]).toBeGreaterThan(prevDay)
            expect(s.levelChangeDay[k]).toBeLessThanOrEqual(asOfDay)
            level = s.levelChangeTo[k]
            prevDay = s.levelChangeDay[k]
          }
          expect(level).toBe(s.level[c])
        }
      }),
      { numRuns: 300 }
    )
  })
})
