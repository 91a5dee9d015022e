// analyzeShop's shop-level definitions on a hand-checked shop in Asia/Shanghai (daily figures, rolling
// repurchase, cohorts, reactivation, member-level history), per-customer predictions against the BG/NBD and
// Gamma-Gamma formulas written out by hand, and degenerate shops.
import { describe, expect, it } from "vitest"
import {
  analyzeShop,
  conditionalExpectedPurchases,
  isModelError,
  predictCustomer,
  type CapturedOrder,
  type ShopAnalysis
} from "../../src/core"
import { expectAllFinite } from "./finite"

const TZ = "Asia/Shanghai"
/** UTC ms of a Shanghai wall-clock time. */
const at = (iso: string, hour = 12, minute = 0): number =>
  Date.parse(`${iso}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00+08:00`)

let seq = 0
function order(
  buyerId: string,
  createdAt: number,
  amount: number,
  extra: Partial<CapturedOrder> = {}
): CapturedOrder {
  return {
    platform: "taobao",
    shopId: "s1",
    orderId: `o${++seq}`,
    buyerId,
    createdAt,
    status: "completed",
    amount,
    refunded: 0,
    currency: "CNY",
    ...extra
  }
}

describe("analyzeShop: shop figures on a hand-checked shop", () => {
  const orders = [
    order("a", at("2024-01-01"), 10_000),
    order("a", at("2024-01-15", 23, 30), 20_000),
    order("a", at("2024-05-01", 9), 30_000),
    // Two orders on one day: one purchase occasion.
    order("b", at("2024-01-01", 8), 5_000),
    order("b", at("2024-01-01", 20), 5_000),
    // 2024-01-14T17:30Z is 01:30 on 2024-01-15 in Shanghai.
    order("c", Date.UTC(2024, 0, 14, 17, 30), 8_000),
    order("d", at("2024-02-10"), 4_000),
    order("d", at("2024-03-01"), 4_000),
    order("e", at("2024-04-20"), 60_000),
    // Not purchases.
    order("f", at("2024-03-03"), 9_000, { status: "unpaid" }),
    order("a", at("2024-02-02"), 9_000, { status: "closed" }),
    // After the as-of day.
    order("e", at("2024-05-02"), 1_000)
  ]
  const shop = analyzeShop(orders, { asOf: at("2024-05-01", 18), timeZone: TZ })
  const dayOf = (s: ShopAnalysis, day: string) => s.daily.find((d) => d.day === day)

  it("counts customers, buyers, valid orders and repeat buyers", () => {
    expect(shop.asOfDay).toBe("2024-05-01")
    expect(shop.customers).toBe(6)
    expect(shop.buyers).toBe(5)
    expect(shop.orders).toBe(9)
    expect(shop.repeatCustomers).toBe(2)
    expect(shop.repeatRate).toBe(2 / 5)
    const c = shop.customerList.find((x) => x.buyerId === "c")
    expect(c?.firstOrderDay).toBe("2024-01-15")
    const b = shop.customerList.find((x) => x.buyerId === "b")
    expect(b).toMatchObject({ orders: 2, purchaseDays: 1, repeatBuyer: false })
  })

  it("gives daily orders, buyers, new and returning buyers and the repurchase rate by Shanghai day", () => {
    // 2024-01-01 .. 2024-05-01 inclusive.
    expect(shop.daily).toHaveLength(31 + 29 + 31 + 30 + 1)
    expect(dayOf(shop, "2024-01-01")).toEqual({
      day: "2024-01-01",
      orders: 3,
      buyers: 2,
      newBuyers: 2,
      returningBuyers: 0,
      repurchaseRate: 0
    })
    expect(dayOf(shop, "2024-01-15")).toMatchObject({
      orders: 2,
      buyers: 2,
      newBuyers: 1,
      returningBuyers: 1,
      repurchaseRate: 0.5
    })
    expect(dayOf(shop, "2024-01-14")).toMatchObject({ orders: 0, buyers: 0, repurchaseRate: 0 })
    expect(dayOf(shop, "2024-03-01")).toMatchObject({
      buyers: 1,
      newBuyers: 0,
      returningBuyers: 1,
      repurchaseRate: 1
    })
    expect(dayOf(shop, "2024-05-01")).toMatchObject({ orders: 1, buyers: 1, returningBuyers: 1 })
    expect(shop.daily.reduce((s, d) => s + d.orders, 0)).toBe(shop.orders)
  })

  it("gives rolling 30/60/90-day repurchase rates: window buyers with two or more purchase days so far", () => {
    const [r30, r60, r90] = shop.rolling
    // 30 days (04-02 .. 05-01): a (bought before) and e (new) → 1/2; 60 days the same.
    expect(r30).toMatchObject({ windowDays: 30, buyers: 2, repeatBuyers: 1, rate: 0.5 })
    expect(r60).toMatchObject({ windowDays: 60, buyers: 2, repeatBuyers: 1, rate: 0.5 })
    // 90 days (02-02 .. 05-01): a, d (two days in the window) and e → 2/3.
    expect(r90).toMatchObject({ windowDays: 90, buyers: 3, repeatBuyers: 2 })
    expect(r90.rate).toBeCloseTo(2 / 3, 12)
    // On 2024-01-15 the 30-day window holds a (2 days), b (1 day) and c (1 day).
    expect(r30.series.find((p) => p.day === "2024-01-15")).toEqual({
      day: "2024-01-15",
      buyers: 3,
      repeatBuyers: 1,
      rate: 1 / 3
    })
  })

  it("builds monthly cohorts by first-purchase month", () => {
    expect(shop.cohorts).toEqual([
      { cohort: "2024-01", size: 3, retention: [1, 0, 0, 0, 1 / 3] },
      { cohort: "2024-02", size: 1, retention: [1, 1, 0, 0] },
      { cohort: "2024-04", size: 1, retention: [1, 0] }
    ])
  })

  it("lists reactivations after 90 or more days without a purchase (configurable)", () => {
    // a: 2024-01-15 → 2024-05-01 is 107 days.
    expect(shop.reactivations).toEqual([{ buyerId: "a", day: "2024-05-01", gapDays: 107 }])
    const strict = analyzeShop(orders, { asOf: at("2024-05-01"), timeZone: TZ, reactivationDays: 108 })
    expect(strict.reactivations).toEqual([])
    const loose = analyzeShop(orders, { asOf: at("2024-05-01"), timeZone: TZ, reactivationDays: 20 })
    expect(loose.reactivations.map((r) => [r.buyerId, r.day, r.gapDays])).toEqual([
      ["d", "2024-03-01", 20],
      ["a", "2024-05-01", 107]
    ])
  })

  it("keeps member-level history with dates and counts levels over buyers", () => {
    const a = shop.customerList.find((x) => x.buyerId === "a")
    // Second order on 01-15 → silver (2 orders); b's two orders on one day and d's two → silver; e spent
    // ¥600 on 04-20 → silver; c stays a member.
    expect(a?.levelHistory).toEqual([{ day: "2024-01-15", from: "member", to: "silver" }])
    expect(a?.memberLevel).toBe("silver")
    expect(shop.customerList.find((x) => x.buyerId === "e")?.memberLevel).toBe("silver")
    expect(shop.levels).toEqual({ member: 1, silver: 4, gold: 0, diamond: 0 })
    expect(shop.customerList.find((x) => x.buyerId === "c")?.levelHistory).toEqual([])
    // RFM label and segment shown for buyers; null for the customer without a purchase.
    expect(a?.rfmLabel).toMatch(/^R[1-5] F[1-5] M[1-5]$/)
    const f = shop.customerList.find((x) => x.buyerId === "f")
    expect(f).toMatchObject({ rfm: null, rfmLabel: null, segment: null, prediction: null })
    expect(Object.values(shop.segments).reduce((s, n) => s + n, 0)).toBe(5)
  })

  it("says why the models were not fitted on five buyers, and keeps every other figure", () => {
    expect(shop.models.bgnbd).toEqual({ error: "not enough data: 5 customers (need 10)" })
    expect(isModelError(shop.models.gammaGamma)).toBe(true)
    const a = shop.customerList.find((x) => x.buyerId === "a")
    expect(a?.prediction).toMatchObject({
      pAlive: null,
      clv12m: null,
      historicValue: 60_000,
      averageOrderValue: 20_000,
      // 2024-01-01 → 2024-05-01: 121 days over 2 gaps.
      averageDaysBetweenOrders: 60.5
    })
    expect(shop.churnRisk).toEqual([])
    expectAllFinite(shop)
  })
})

describe("predictCustomer: hand-computed BG/NBD and Gamma-Gamma figures", () => {
  const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
  const gg = { p: 6.25, q: 3.74, v: 15.44 }
  // x = 2 repeat occasions: days 0, 120, 213; as of day 272; ¥ in fen, Gamma-Gamma fitted in yuan.
  const input = {
    occasions: 3,
    firstDay: 0,
    lastDay: 213,
    asOfDay: 272,
    totalSpent: 9_000,
    firstDaySpend: 3_000,
    orders: 4
  }
  const p = predictCustomer(input, bg, gg, 100)

  it("P(alive) = 1 / (1 + a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)) and churn = 1 − P(alive)", () => {
    const x = 2
    const tx = 213 / 7
    const T = 272 / 7
    const expected = 1 / (1 + (bg.a / (bg.b + x - 1)) * ((bg.alpha + T) / (bg.alpha + tx)) ** (bg.r + x))
    expect(p.pAlive).toBeCloseTo(expected, 12)
    expect(p.churnProbability).toBeCloseTo(1 - expected, 12)
    expect(p.pAlive).toBeGreaterThan(0.5)
  })

  it("expected purchases over 90 and 365 days are the conditional expectation in weeks", () => {
    expect(p.expectedPurchases90d).toBeCloseTo(
      conditionalExpectedPurchases(bg, 90 / 7, 2, 213 / 7, 272 / 7),
      12
    )
    expect(p.predictedOrders365).toBeCloseTo(
      conditionalExpectedPurchases(bg, 365 / 7, 2, 213 / 7, 272 / 7),
      12
    )
  })

  it("expected order value is the Gamma-Gamma posterior mean of the repeat spend; CLV is orders × value", () => {
    // zbar = (¥90 − ¥30 on the first day) / 2 = ¥30; E[Z] = p(v + x·zbar)/(px + q − 1).
    const eZ = (gg.p * (gg.v + 2 * 30)) / (gg.p * 2 + gg.q - 1)
    expect(p.expectedOrderValue).toBeCloseTo(eZ * 100, 9)
    expect(p.predictedValue365).toBeCloseTo((p.predictedOrders365 ?? 0) * eZ * 100, 6)
    expect(p.clv12m).toBe(p.predictedValue365)
    expect(p.totalValue).toBeCloseTo(9_000 + (p.clv12m ?? 0), 6)
    expect(p.historicValue).toBe(9_000)
    expect(p.averageOrderValue).toBe(2_250)
    expect(p.averageDaysBetweenOrders).toBe(106.5)
  })

  it("expected next order date: the first whole day k with E[Y(k days)] ≥ 1", () => {
    // A frequent buyer, so one purchase is expected well within the year.
    const busy = predictCustomer({ ...input, occasions: 20, lastDay: 270 }, bg, gg, 100)
    const day = busy.expectedNextOrderDay
    expect(day).not.toBeNull()
    const k = (day ?? 0) - 272
    expect(conditionalExpectedPurchases(bg, k / 7, 19, 270 / 7, 272 / 7)).toBeGreaterThanOrEqual(1)
    expect(conditionalExpectedPurchases(bg, (k - 1) / 7, 19, 270 / 7, 272 / 7)).toBeLessThan(1)
    // Fewer than one purchase expected within 365 days (a buyer quiet for eight months): no date.
    const quiet = predictCustomer({ ...input, occasions: 2, lastDay: 30 }, bg, gg, 100)
    expect(quiet.predictedOrders365).toBeLessThan(1)
    expect(quiet.predictedOrders365).toBeGreaterThan(0)
    expect(quiet.expectedNextOrderDay).toBeNull()
  })

  it("a one-time buyer gets the population mean order value p·v/(q − 1) and is alive by the model", () => {
    const once = predictCustomer(
      { ...input, occasions: 1, lastDay: 0, orders: 1, firstDaySpend: 9_000 },
      bg,
      gg,
      100
    )
    expect(once.pAlive).toBe(1)
    expect(once.averageDaysBetweenOrders).toBeNull()
    expect(once.expectedOrderValue).toBeCloseTo(((gg.p * gg.v) / (gg.q - 1)) * 100, 9)
  })
})

describe("analyzeShop: degenerate shops", () => {
  const asOf = at("2024-06-30")
  // Which models must refuse: both, or only the spend model (BG/NBD does not look at amounts).
  const cases: [string, CapturedOrder[], "both" | "spend"][] = [
    ["an empty shop", [], "both"],
    [
      "a single customer",
      [order("solo", at("2024-01-01"), 1_000), order("solo", at("2024-03-01"), 2_000)],
      "both"
    ],
    [
      "all one-time buyers",
      Array.from({ length: 30 }, (_, i) => order(`u${i}`, at("2024-01-01") + i * 86_400_000, 1_000 + i)),
      "both"
    ],
    [
      "one day of history",
      Array.from({ length: 30 }, (_, i) => order(`u${i}`, at("2024-06-30", 10), 1_000)).concat(
        Array.from({ length: 30 }, (_, i) => order(`u${i}`, at("2024-06-30", 11), 500))
      ),
      "both"
    ],
    [
      "zero amounts",
      Array.from({ length: 40 }, (_, i) => [
        order(`z${i}`, at("2024-01-01") + i * 86_400_000, 0),
        order(`z${i}`, at("2024-03-01") + i * 86_400_000 + (i % 7) * 86_400_000, 0)
      ]).flat(),
      "spend"
    ],
    [
      "negative net amounts (refunds above the amount paid)",
      Array.from({ length: 12 }, (_, i) => [
        order(`n${i}`, at("2024-01-01"), 1_000, { refunded: 3_000 }),
        order(`n${i}`, at("2024-02-01") + i * 86_400_000, 1_000, { refunded: 3_000 })
      ]).flat(),
      "spend"
    ]
  ]
  for (const [name, orders, refusing] of cases) {
    it(`${name}: explicit "not enough data" model results, every figure finite`, () => {
      const shop = analyzeShop(orders, { asOf, timeZone: TZ })
      const bg = shop.models.bgnbd
      const gg = shop.models.gammaGamma
      if (refusing === "both") expect(isModelError(bg) ? bg.error : "fitted").toMatch(/^not enough data/)
      expect(isModelError(gg) ? gg.error : "fitted").toMatch(/^not enough data/)
      expectAllFinite(shop)
      for (const c of shop.customerList) {
        if (c.prediction === null) continue
        expect(c.prediction.pAlive === null).toBe(isModelError(bg))
        expect(c.prediction.expectedOrderValue).toBeNull()
        expect(c.prediction.clv12m).toBeNull()
        expect(c.prediction.historicValue).toBe(c.totalSpent)
      }
    })
  }

  it("keeps figures of a shop with negative net spend exact", () => {
    const shop = analyzeShop(cases[5][1], { asOf, timeZone: TZ })
    expect(shop.customerList).toHaveLength(12)
    expect(shop.customerList[0]).toMatchObject({ totalSpent: -4_000, refundRate: 1, repeatBuyer: true })
    expect(shop.means.totalSpent).toBe(-4_000)
  })
})
