import { describe, expect, it } from "vitest"
import {
  benefitsOf,
  DEFAULT_LADDER,
  levelOutlook,
  purchaseDays,
  validateLadder,
  withBenefitDefaults,
  type MemberLadder
} from "../../src/core/levels"
import { dayNumber, parseDayKey } from "../../src/core/time"

// Default ladder: silver ¥500 or 2 orders, gold ¥2,000 or 5, diamond ¥5,000 or 10, in a 365-day window.
const ladder = DEFAULT_LADDER
const GOLD = 2
const SILVER = 1
const day = (key: string) => parseDayKey(key)!

describe("levelOutlook: the downgrade coming when older purchases leave the window", () => {
  // Gold on spend: ¥1,500 on 2025-03-01 and ¥600 on 2025-09-01 (¥2,100 within 365 days).
  const days = [day("2025-03-01"), day("2025-09-01")]
  const amounts = [150_000, 60_000]
  const today = day("2026-02-20")
  // The ¥1,500 purchase counts through 2026-02-28 and leaves on 2026-03-01 (day + 365): ¥600 is silver.
  const leaves = day("2025-03-01") + 365

  it("finds the day the level falls, when it is within the days asked about", () => {
    const o = levelOutlook(ladder, days, amounts, today, 14)
    expect(o.level).toBe(GOLD)
    expect(o.drop).toEqual({ day: leaves, from: GOLD, to: SILVER })
    expect(leaves - today).toBe(9)
  })

  it("reports no drop when it comes later than that", () => {
    expect(levelOutlook(ladder, days, amounts, today, 8).drop).toBeNull()
    expect(levelOutlook(ladder, days, amounts, today, 9).drop).toEqual({
      day: leaves,
      from: GOLD,
      to: SILVER
    })
  })

  it("reports no drop when the purchases still in the window hold the level", () => {
    // A third purchase of ¥1,500 on 2026-01-10 keeps ¥2,100 in the window after March.
    const held = levelOutlook(ladder, [...days, day("2026-01-10")], [...amounts, 150_000], today, 60)
    expect(held.level).toBe(GOLD)
    expect(held.drop).toBeNull()
  })

  it("gives the last upgrade, and ignores purchases after today", () => {
    const o = levelOutlook(ladder, [...days, day("2026-03-05")], [...amounts, 500_000], today, 14)
    expect(o.lastUpgrade).toEqual({ day: day("2025-09-01"), from: SILVER, to: GOLD })
    expect(o.drop).toEqual({ day: leaves, from: GOLD, to: SILVER })
  })

  it("a first purchase that starts the buyer above the floor is no upgrade", () => {
    const first = levelOutlook(ladder, [day("2026-02-01")], [60_000], today, 14)
    expect([first.level, first.lastUpgrade]).toEqual([SILVER, null])
    const then = levelOutlook(ladder, [day("2026-02-01"), day("2026-02-10")], [60_000, 150_000], today, 14)
    expect(then.lastUpgrade).toEqual({ day: day("2026-02-10"), from: SILVER, to: GOLD })
  })

  it("counts orders too: the fifth order's level falls when the first leaves", () => {
    const five = [0, 10, 20, 30, 40].map((d) => day("2025-06-01") + d)
    const o = levelOutlook(ladder, five, [100, 100, 100, 100, 100], day("2026-05-30"), 7)
    expect(o.level).toBe(GOLD)
    expect(o.drop).toEqual({ day: day("2025-06-01") + 365, from: GOLD, to: SILVER })
  })
})

describe("purchaseDays", () => {
  it("keeps purchases only, net of refunds, in shop-zone day order", () => {
    const at = (iso: string) => Date.parse(iso)
    const got = purchaseDays(
      [
        { createdAt: at("2026-01-02T17:00:00Z"), status: "completed", amount: 10_000, refunded: 2_000 },
        { createdAt: at("2026-01-01T03:00:00Z"), status: "paid", amount: 5_000, refunded: 0 },
        { createdAt: at("2026-01-01T04:00:00Z"), status: "closed", amount: 9_999, refunded: 0 },
        { createdAt: at("2026-01-01T05:00:00Z"), status: "unpaid", amount: 9_999, refunded: 0 }
      ],
      "Asia/Shanghai"
    )
    // 2026-01-02T17:00Z is 01:00 on 2026-01-03 in Shanghai.
    expect(got).toEqual({
      days: [day("2026-01-01"), day("2026-01-03")],
      amounts: [5_000, 8_000]
    })
    expect(dayNumber(at("2026-01-02T17:00:00Z"), "Asia/Shanghai")).toBe(day("2026-01-03"))
  })
})

describe("benefits kept in the ladder", () => {
  it("a ladder saved before benefits existed loads with its thresholds and the examples, marked", () => {
    const old = JSON.parse(
      '{"windowDays":180,"levels":[{"id":"member","zh":"普通会员","en":"Member","minSpend":0,"minOrders":0},' +
        '{"id":"gold","zh":"金卡","en":"Gold","minSpend":123400,"minOrders":4}]}'
    ) as MemberLadder
    validateLadder(old)
    const filled = withBenefitDefaults(old, "en")
    expect(filled.windowDays).toBe(180)
    expect(filled.lang).toBe("en")
    expect(filled.levels[1]).toMatchObject({ id: "gold", minSpend: 123400, minOrders: 4 })
    expect(filled.levels[1].benefits).toEqual({
      text: ["first try of new products"],
      discountPercent: 5,
      freeShipping: true,
      birthdayGift: true,
      example: true
    })
    expect(benefitsOf(old.levels[1], "zh").text).toEqual(["新品优先试用"])
    // The owner's own benefits win, and a ladder that has a language keeps it.
    const own = {
      ...old,
      lang: "zh" as const,
      levels: [old.levels[0], { ...old.levels[1], benefits: { text: ["x"] } }]
    }
    expect(withBenefitDefaults(own, "en").levels[1].benefits).toEqual({ text: ["x"] })
    expect(withBenefitDefaults(own, "en").lang).toBe("zh")
  })

  it("rejects bad benefits with an error naming the level", () => {
    const bad = (benefits: unknown) => ({
      ...ladder,
      levels: [ladder.levels[0], { ...ladder.levels[2], benefits } as (typeof ladder.levels)[number]]
    })
    expect(() => validateLadder(bad({ text: [], discountPercent: 100 }))).toThrow(/Gold: the discount/)
    expect(() => validateLadder(bad({ text: ["x".repeat(101)] }))).toThrow(/Gold: a benefit is at most 100/)
    expect(() => validateLadder(bad({ text: "包邮" }))).toThrow(/Gold: the free-text benefits/)
    expect(() => validateLadder(bad({ text: ["包邮"], discountPercent: 5 }))).not.toThrow()
  })
})
