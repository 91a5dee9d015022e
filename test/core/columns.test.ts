// The columnar scorer's definitions on hand-checked shops: RFM quintiles and their tie rule, the eight segments
// against the shop means, member levels on the rolling window, and independence from the input's row order.
import { describe, expect, it } from "vitest"
import {
  DEFAULT_LADDER,
  NO_SEGMENT,
  SEGMENT_IDS,
  scoreColumns,
  type CustomerColumns,
  type MemberLadder,
  type OrderColumns
} from "../../src/core"

interface Row {
  customer: number
  day: number
  amount: number
  refunded?: number
  purchase?: 0 | 1
}

function columns(rows: readonly Row[]): OrderColumns {
  return {
    customer: Int32Array.from(rows, (r) => r.customer),
    day: Int32Array.from(rows, (r) => r.day),
    amount: Float64Array.from(rows, (r) => r.amount),
    refunded: Float64Array.from(rows, (r) => r.refunded ?? 0),
    purchase: Uint8Array.from(rows, (r) => r.purchase ?? 1)
  }
}

const score = (rows: readonly Row[], customerCount: number, asOfDay: number, ladder?: MemberLadder) =>
  scoreColumns(columns(rows), { customerCount, asOfDay, ladder })

const segmentOfCustomer = (s: CustomerColumns, c: number): string | null =>
  s.segment[c] === NO_SEGMENT ? null : SEGMENT_IDS[s.segment[c]]

describe("scoreColumns: per-customer figures", () => {
  it("counts valid purchases, occasions, net spend and refunds; ignores orders after the as-of day", () => {
    const s = score(
      [
        { customer: 0, day: 10, amount: 1000 },
        { customer: 0, day: 10, amount: 500, refunded: 200 },
        { customer: 0, day: 20, amount: 700 },
        // Not a purchase (unpaid), and a closed order refunded in full: refund base, not spend.
        { customer: 0, day: 21, amount: 999, purchase: 0 },
        { customer: 0, day: 22, amount: 400, refunded: 400, purchase: 0 },
        // After the as-of day.
        { customer: 0, day: 31, amount: 5000 },
        { customer: 1, day: 25, amount: 100, purchase: 0 }
      ],
      2,
      30
    )
    expect(s.orders[0]).toBe(3)
    expect(s.purchaseDays[0]).toBe(2)
    expect(s.totalSpent[0]).toBe(1000 + 300 + 700)
    expect(s.refunded[0]).toBe(200)
    expect(s.firstDaySpend[0]).toBe(1300)
    expect([s.firstDay[0], s.lastDay[0]]).toEqual([10, 20])
    expect([s.refundOrders[0], s.refundBase[0]]).toEqual([2, 4])
    expect(s.orders[1]).toBe(0)
    expect(s.r[1]).toBe(0)
    expect(s.segment[1]).toBe(NO_SEGMENT)
    // Means over the one buyer only.
    expect(s.means).toEqual({ buyers: 1, daysSinceLastOrder: 10, orders: 3, totalSpent: 2000 })
  })
})

describe("scoreColumns: RFM quintiles", () => {
  it("scores 1 + floor(5 × buyers strictly worse ÷ buyers), so ties share the score of their first position", () => {
    // Ten buyers with 1,1,1,1,1,2,2,3,4,10 orders (one per day, all on or before day 100).
    const counts = [1, 1, 1, 1, 1, 2, 2, 3, 4, 10]
    const rows: Row[] = []
    counts.forEach((n, c) => {
      for (let k = 0; k < n; k++) rows.push({ customer: c, day: 100 - k, amount: 100 })
    })
    const s = score(rows, 10, 100)
    // 1 order: 0 worse → 1; 2 orders: 5 worse → 3; 3: 7 → 4; 4: 8 → 5; 10: 9 → 5.
    expect(Array.from(s.f)).toEqual([1, 1, 1, 1, 1, 3, 3, 4, 5, 5])
    // Spend is 100 × orders: the same ranks.
    expect(Array.from(s.m)).toEqual([1, 1, 1, 1, 1, 3, 3, 4, 5, 5])
    // Everyone bought on day 100: all tied on recency, so all get the first position's score.
    expect(Array.from(s.r)).toEqual(new Array(10).fill(1))
  })

  it("ranks recency with fewer days since the last purchase as better", () => {
    // Five buyers whose last purchase is 0, 10, 10, 40, 80 days before the as-of day.
    const ago = [0, 10, 10, 40, 80]
    const s = score(
      ago.map((a, c) => ({ customer: c, day: 200 - a, amount: 1 })),
      5,
      200
    )
    // Worse = more days: 0 days has 4 worse → 1 + floor(20/5) = 5; 10 days: 2 worse → 3; 40: 1 → 2; 80: 0 → 1.
    expect(Array.from(s.r)).toEqual([5, 3, 3, 2, 1])
  })

  it("gives the same spend scores for whole minor units (radix path) and fractions (sort path)", () => {
    const spends = [5, -300, 70_000, 70_000, 1_000_000, 0, 12, 99_999, 5, 250_000, 3]
    const whole = score(
      spends.map((v, c) => ({ customer: c, day: 1, amount: v })),
      spends.length,
      1
    )
    const fractional = score(
      spends.map((v, c) => ({ customer: c, day: 1, amount: v + 0.5 })),
      spends.length,
      1
    )
    const naive = spends.map((v) => 1 + Math.floor((5 * spends.filter((u) => u < v).length) / spends.length))
    expect(Array.from(whole.m)).toEqual(naive)
    expect(Array.from(fractional.m)).toEqual(naive)
    expect(Math.min(...whole.m)).toBe(1)
    expect(Math.max(...whole.m)).toBe(5)
  })
})

describe("scoreColumns: segments against the shop means", () => {
  it("places each customer by R below / F above / M above the means of the buyers", () => {
    const s = score(
      [
        // A: last bought 5 days ago, 2 orders, 600 → R↑ F↑ M↑.
        { customer: 0, day: 90, amount: 300 },
        { customer: 0, day: 95, amount: 300 },
        // B: 50 days, 1 order, 100 → all low.
        { customer: 1, day: 50, amount: 100 },
        // C: 1 day, 1 order, 1000 → R↑ F↓ M↑.
        { customer: 2, day: 99, amount: 1000 },
        // D: 70 days, 3 orders, 300 → R↓ F↑ M↓.
        { customer: 3, day: 20, amount: 100 },
        { customer: 3, day: 20, amount: 100 },
        { customer: 3, day: 30, amount: 100 },
        // E: no valid purchase: outside the means and without a segment.
        { customer: 4, day: 99, amount: 1_000_000, purchase: 0 }
      ],
      5,
      100
    )
    expect(s.means).toEqual({ buyers: 4, daysSinceLastOrder: 31.5, orders: 1.75, totalSpent: 500 })
    expect([0, 1, 2, 3, 4].map((c) => segmentOfCustomer(s, c))).toEqual([
      "important-value",
      "general-winback",
      "important-develop",
      "general-keep",
      null
    ])
  })

  it("counts a value equal to the mean as low", () => {
    // Two identical buyers sit exactly on every mean.
    const s = score(
      [
        { customer: 0, day: 10, amount: 100 },
        { customer: 1, day: 10, amount: 100 }
      ],
      2,
      20
    )
    expect([segmentOfCustomer(s, 0), segmentOfCustomer(s, 1)]).toEqual(["general-winback", "general-winback"])
  })

  it("reaches all eight segments", () => {
    // Mean recency/orders/spend split by construction: each buyer is high or low on each dimension.
    const rows: Row[] = []
    let c = 0
    for (const rHigh of [true, false]) {
      for (const fHigh of [true, false]) {
        for (const mHigh of [true, false]) {
          const lastDay = rHigh ? 100 : 10
          const n = fHigh ? 3 : 1
          const each = (mHigh ? 3000 : 30) / n
          for (let k = 0; k < n; k++) rows.push({ customer: c, day: lastDay - k, amount: each })
          c++
        }
      }
    }
    const s = score(rows, 8, 100)
    const segs = Array.from({ length: 8 }, (_, i) => segmentOfCustomer(s, i))
    expect(segs).toEqual([
      "important-value",
      "general-value",
      "important-develop",
      "general-develop",
      "important-keep",
      "general-keep",
      "important-winback",
      "general-winback"
    ])
  })
})

describe("scoreColumns: member levels (default ladder: silver ¥500 or 2 orders, gold ¥2,000 or 5, diamond ¥5,000 or 10, 365 days)", () => {
  const history = (s: CustomerColumns, c: number): [number, string, string][] => {
    const out: [number, string, string][] = []
    for (let k = s.levelChangeStart[c]; k < s.levelChangeStart[c + 1]; k++) {
      out.push([
        s.levelChangeDay[k],
        DEFAULT_LADDER.levels[s.levelChangeFrom[k]].id,
        DEFAULT_LADDER.levels[s.levelChangeTo[k]].id
      ])
    }
    return out
  }
  const rows: Row[] = [
    { customer: 0, day: 0, amount: 30_000 },
    { customer: 0, day: 10, amount: 30_000 },
    { customer: 0, day: 400, amount: 10_000 },
    // One ¥5,000 purchase: diamond the same day.
    { customer: 1, day: 50, amount: 500_000 }
  ]

  it("upgrades the day a threshold is met and downgrades the day the window no longer supports it", () => {
    const s = score(rows, 2, 500)
    // Day 10: 2 orders / ¥600 → silver. Day 365 the day-0 purchase leaves the window (1 order, ¥300) → member.
    expect(history(s, 0)).toEqual([
      [10, "member", "silver"],
      [365, "silver", "member"]
    ])
    expect(s.level[0]).toBe(0)
    // Diamond on day 50; it leaves the window on day 415.
    expect(history(s, 1)).toEqual([
      [50, "member", "diamond"],
      [415, "diamond", "member"]
    ])
  })

  it("replays only up to the as-of day", () => {
    const s = score(rows, 2, 364)
    expect(history(s, 0)).toEqual([[10, "member", "silver"]])
    expect(s.level[0]).toBe(1)
    expect(s.level[1]).toBe(3)
  })

  it("counts refunds against the spend threshold and takes a custom ladder", () => {
    const ladder: MemberLadder = {
      windowDays: 30,
      levels: [
        { id: "fan", zh: "粉丝", en: "Fan", minSpend: 0, minOrders: 0 },
        { id: "vip", zh: "VIP", en: "VIP", minSpend: 1000, minOrders: 99 }
      ]
    }
    const s = score(
      [
        { customer: 0, day: 1, amount: 1500, refunded: 600 },
        { customer: 0, day: 5, amount: 100 },
        { customer: 0, day: 20, amount: 50 }
      ],
      1,
      40,
      ladder
    )
    // ¥9 after the refund, ¥10 on day 5 → vip; day 31 the day-1 order leaves (¥1.50 left) → fan.
    const changes = Array.from(s.levelChangeDay)
    expect(changes).toEqual([5, 31])
    expect(Array.from(s.levelChangeTo)).toEqual([1, 0])
  })
})

describe("scoreColumns: independence from row order", () => {
  it("gives identical customer columns for shuffled rows, including a customer with more than 64 orders", () => {
    const rows: Row[] = []
    let seed = 12345
    const rand = (): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
      return seed / 2 ** 32
    }
    for (let i = 0; i < 3000; i++) {
      const customer = i < 300 ? 0 : Math.floor(rand() * rand() * 400)
      rows.push({
        customer,
        day: Math.floor(rand() * 800),
        amount: Math.floor(rand() * 90_000),
        refunded: rand() < 0.05 ? 1000 : 0,
        purchase: rand() < 0.1 ? 0 : 1
      })
    }
    const sorted = [...rows].sort((a, b) => a.day - b.day)
    const shuffled = [...rows].reverse()
    const a = score(sorted, 400, 750)
    const b = score(shuffled, 400, 750)
    expect(a.orders[0]).toBeGreaterThan(64)
    const keys: (keyof CustomerColumns)[] = [
      "orders",
      "purchaseDays",
      "totalSpent",
      "refunded",
      "firstDaySpend",
      "firstDay",
      "lastDay",
      "refundOrders",
      "refundBase",
      "r",
      "f",
      "m",
      "segment",
      "level",
      "levelChangeStart",
      "levelChangeDay",
      "levelChangeFrom",
      "levelChangeTo",
      "means",
      "orderStart",
      "timelineDay"
    ]
    for (const k of keys) expect(b[k], k).toEqual(a[k])
    // Orders on the same day keep their input order in the timeline, so only its per-day sums must agree.
    const daySums = (s: CustomerColumns): string[] =>
      Array.from({ length: 400 }, (_, c) => {
        const sums = new Map<number, number>()
        for (let j = s.orderStart[c]; j < s.orderStart[c + 1]; j++) {
          sums.set(s.timelineDay[j], (sums.get(s.timelineDay[j]) ?? 0) + s.timelineNet[j])
        }
        return JSON.stringify([...sums])
      })
    expect(daySums(b)).toEqual(daySums(a))
    // The timeline is in day order within each customer.
    for (let c = 0; c < 400; c++) {
      for (let j = a.orderStart[c] + 1; j < a.orderStart[c + 1]; j++) {
        expect(a.timelineDay[j]).toBeGreaterThanOrEqual(a.timelineDay[j - 1])
      }
    }
  })

  it("rejects a customer index out of range", () => {
    expect(() => score([{ customer: 3, day: 1, amount: 1 }], 2, 5)).toThrow(RangeError)
  })
})
