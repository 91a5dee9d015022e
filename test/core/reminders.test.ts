import { describe, expect, it } from "vitest"
import {
  DEFAULT_REMINDER_RULES,
  dueReminders,
  nextOccurrence,
  promotionRecallList,
  reminderText,
  usualIntervalDays,
  type ReminderCustomer,
  type ReminderDraft,
  type ReminderRules
} from "../../src/core/reminders"
import { parseDayKey } from "../../src/core/time"

const day = (key: string): number => {
  const d = parseDayKey(key)
  if (d === null) throw new Error(key)
  return d
}

/** Only one rule on, the others off: each test checks one rule. */
function only(
  rule: "review" | "winback" | "birthday" | "promotion" | "upgrade" | "downgrade",
  patch: Partial<ReminderRules> = {}
) {
  const r: ReminderRules = structuredClone(DEFAULT_REMINDER_RULES)
  r.review.enabled = rule === "review"
  r.winback.enabled = rule === "winback"
  r.birthday.enabled = rule === "birthday"
  r.promotion.enabled = rule === "promotion"
  r.upgrade.enabled = rule === "upgrade"
  r.downgrade.enabled = rule === "downgrade"
  return { ...r, ...patch }
}

const customer = (over: Partial<ReminderCustomer>): ReminderCustomer => ({
  key: "taobao:shop:b1",
  shopKey: "taobao:shop",
  buyerNick: "小明",
  orders: 1,
  purchaseDays: 1,
  firstOrderDay: day("2026-01-01"),
  lastOrderDay: day("2026-01-01"),
  totalSpent: 10_000,
  ...over
})

/** What a store keeps: one reminder per dedupe key, however often the rules run. */
function runRepeatedly(customers: ReminderCustomer[], days: number[], rules: ReminderRules) {
  const store = new Map<string, ReminderDraft>()
  for (const today of days) {
    for (const d of dueReminders(customers, today, rules))
      if (!store.has(d.dedupeKey)) store.set(d.dedupeKey, d)
  }
  return [...store.values()]
}

describe("review request", () => {
  const c = customer({ completed: [{ orderId: "o1", day: day("2026-03-01") }] })
  const rules = only("review") // 7 days after, 7 days of catch-up

  it("is due 7 days after the order completed, not before, not after the catch-up window", () => {
    expect(dueReminders([c], day("2026-03-07"), rules)).toEqual([])
    const due = dueReminders([c], day("2026-03-08"), rules)
    expect(due).toEqual([
      {
        rule: "review",
        customerKey: "taobao:shop:b1",
        shopKey: "taobao:shop",
        buyerNick: "小明",
        dueDay: day("2026-03-08"),
        dedupeKey: "review:taobao:shop:b1:o1",
        orderId: "o1"
      }
    ])
    // A run missed for a few days still makes it, with the same key and due day.
    expect(dueReminders([c], day("2026-03-15"), rules)).toEqual(due)
    expect(dueReminders([c], day("2026-03-16"), rules)).toEqual([])
  })

  it("makes exactly one reminder per order across repeated daily runs", () => {
    const days = Array.from({ length: 30 }, (_, i) => day("2026-03-01") + i)
    const made = runRepeatedly([c, c], [...days, ...days], rules)
    expect(made.map((d) => d.dedupeKey)).toEqual(["review:taobao:shop:b1:o1"])
  })
})

describe("win-back", () => {
  // Bought on 01-01, 01-21, 02-10: every 20 days. Factor 1.5 → due once more than 30 days have passed.
  const c = customer({
    orders: 3,
    purchaseDays: 3,
    firstOrderDay: day("2026-01-01"),
    lastOrderDay: day("2026-02-10")
  })
  const rules = only("winback")

  it("computes the usual interval from first and last purchase days", () => {
    expect(usualIntervalDays(c)).toBe(20)
    expect(usualIntervalDays(customer({}))).toBeNull()
  })

  it("is due when days since the last purchase exceed the usual interval × factor", () => {
    expect(dueReminders([c], day("2026-03-12"), rules)).toEqual([]) // 30 days: not more than 30
    const [d] = dueReminders([c], day("2026-03-13"), rules) // 31 days
    expect(d).toMatchObject({
      rule: "winback",
      dueDay: day("2026-03-13"),
      daysSince: 31,
      dedupeKey: "winback:taobao:shop:b1:2026-02-10"
    })
  })

  it("waits at least minIntervalDays for a buyer who buys every few days", () => {
    const often = customer({
      orders: 3,
      purchaseDays: 3,
      firstOrderDay: day("2026-01-01"),
      lastOrderDay: day("2026-01-05")
    })
    expect(dueReminders([often], day("2026-01-19"), rules)).toEqual([]) // 14 days: not more than 14
    expect(dueReminders([often], day("2026-01-20"), rules)).toHaveLength(1)
  })

  it("is due when P(alive) drops below the threshold, even within the usual interval", () => {
    expect(dueReminders([{ ...c, pAlive: 0.29 }], day("2026-02-20"), rules)).toHaveLength(1)
    expect(dueReminders([{ ...c, pAlive: 0.3 }], day("2026-02-20"), rules)).toEqual([])
  })

  it("leaves one-time buyers alone (no usual interval)", () => {
    expect(dueReminders([customer({ pAlive: 0.01 })], day("2026-12-01"), rules)).toEqual([])
  })

  it("makes one reminder per lapse across repeated runs, and a new one after the next purchase lapses", () => {
    const days = Array.from({ length: 60 }, (_, i) => day("2026-03-01") + i)
    expect(runRepeatedly([c], [...days, ...days], rules)).toHaveLength(1)
    // Bought again on 05-01: usual interval now 40 days, due after 60 without a purchase.
    const later = { ...c, orders: 4, purchaseDays: 4, lastOrderDay: day("2026-05-01") }
    const both = runRepeatedly([c], days, rules).concat(
      runRepeatedly(
        [later],
        Array.from({ length: 90 }, (_, i) => day("2026-05-02") + i),
        rules
      )
    )
    expect(both.map((d) => d.dedupeKey)).toEqual([
      "winback:taobao:shop:b1:2026-02-10",
      "winback:taobao:shop:b1:2026-05-01"
    ])
  })
})

describe("birthday care", () => {
  const rules = only("birthday") // 3 days ahead

  it("is due 3 days before the birthday, once a year", () => {
    const c = customer({ birthday: "05-20" })
    expect(dueReminders([c], day("2026-05-16"), rules)).toEqual([])
    const [d] = dueReminders([c], day("2026-05-17"), rules)
    expect(d).toMatchObject({
      rule: "birthday",
      dueDay: day("2026-05-17"),
      dedupeKey: "birthday:taobao:shop:b1:2026"
    })
    expect(dueReminders([c], day("2026-05-21"), rules)).toEqual([])
    const year = Array.from({ length: 730 }, (_, i) => day("2026-01-01") + i)
    expect(runRepeatedly([c], year, rules).map((x) => x.dedupeKey)).toEqual([
      "birthday:taobao:shop:b1:2026",
      "birthday:taobao:shop:b1:2027"
    ])
  })

  it("looks into next year for an early-January birthday, and moves 02-29 to 02-28", () => {
    const jan = customer({ birthday: "01-02" })
    expect(dueReminders([jan], day("2026-12-30"), rules)[0]).toMatchObject({
      dueDay: day("2026-12-30"),
      dedupeKey: "birthday:taobao:shop:b1:2027"
    })
    const leap = customer({ birthday: "02-29" })
    expect(dueReminders([leap], day("2027-02-25"), rules)[0]?.dueDay).toBe(day("2027-02-25"))
  })

  it("ignores unknown or malformed birthdays", () => {
    expect(dueReminders([customer({}), customer({ birthday: "13-01" })], day("2026-05-17"), rules)).toEqual(
      []
    )
  })
})

describe("pre-promotion recall", () => {
  const rules = only("promotion") // 06-18 and 11-11, 7 days ahead
  const keep = customer({ key: "taobao:shop:keep", segment: "important-keep", totalSpent: 90_000 })
  const winback = customer({ key: "taobao:shop:wb", segment: "important-winback", totalSpent: 50_000 })
  const fading = customer({
    key: "taobao:shop:fade",
    segment: "important-value",
    pAlive: 0.2,
    totalSpent: 70_000
  })
  const fine = customer({
    key: "taobao:shop:fine",
    segment: "important-value",
    pAlive: 0.9,
    totalSpent: 99_000
  })
  const small = customer({ key: "taobao:shop:small", segment: "general-winback", totalSpent: 1_000 })
  const all = [small, fine, winback, fading, keep]

  it("lists valuable lapsing customers, most valuable first", () => {
    expect(promotionRecallList(all).map((c) => c.key)).toEqual([
      "taobao:shop:keep",
      "taobao:shop:fade",
      "taobao:shop:wb"
    ])
  })

  it("is due 7 days before 11-11 for each of them, once per promotion", () => {
    expect(dueReminders(all, day("2026-11-03"), rules)).toEqual([])
    const due = dueReminders(all, day("2026-11-04"), rules)
    expect(due.map((d) => d.dedupeKey)).toEqual([
      "promotion:2026-11-11:taobao:shop:keep",
      "promotion:2026-11-11:taobao:shop:fade",
      "promotion:2026-11-11:taobao:shop:wb"
    ])
    expect(due.every((d) => d.dueDay === day("2026-11-04"))).toBe(true)
    expect(dueReminders(all, day("2026-11-11"), rules)).toEqual([])
    const days = Array.from({ length: 365 }, (_, i) => day("2026-10-01") + i)
    expect(runRepeatedly(all, days, rules)).toHaveLength(6) // 11-11 2026 and 06-18 2027
  })

  it("finds the next occurrence of yearly and one-off dates", () => {
    expect(nextOccurrence("11-11", day("2026-11-12"))).toBe(day("2027-11-11"))
    expect(nextOccurrence("2026-12-12", day("2026-12-01"))).toBe(day("2026-12-12"))
    expect(nextOccurrence("2026-12-12", day("2026-12-13"))).toBeNull()
    expect(nextOccurrence("nonsense", day("2026-12-13"))).toBeNull()
  })
})

describe("all rules together", () => {
  it("caps each rule per run, most valuable customers first", () => {
    const many = Array.from({ length: 10 }, (_, i) =>
      customer({
        key: `taobao:shop:b${i}`,
        totalSpent: i * 100,
        completed: [{ orderId: `o${i}`, day: day("2026-03-01") }]
      })
    )
    const due = dueReminders(many, day("2026-03-08"), { ...only("review"), maxPerRule: 3 })
    expect(due.map((d) => d.customerKey)).toEqual(["taobao:shop:b9", "taobao:shop:b8", "taobao:shop:b7"])
  })

  it("makes no reminder twice within one run, and writes the line in both languages", () => {
    const c = customer({
      segment: "important-winback",
      orders: 2,
      purchaseDays: 2,
      firstOrderDay: day("2026-01-01"),
      lastOrderDay: day("2026-02-01"),
      birthday: "11-10",
      completed: [{ orderId: "o9", day: day("2026-10-28") }]
    })
    const due = dueReminders([c, c], day("2026-11-04"), DEFAULT_REMINDER_RULES)
    expect(due.map((d) => d.rule)).toEqual(["review", "winback", "promotion"])
    expect(new Set(due.map((d) => d.dedupeKey)).size).toBe(3)
    expect(reminderText(due[1], "en")).toBe("Win back 小明: no purchase for 276 days, longer than usual")
    expect(reminderText(due[1], "zh")).toBe("挽回 小明：已 276 天未购买，超过其平常的回购间隔")
    expect(reminderText(due[0], "en")).toBe("Ask 小明 for a review of order o9")
  })
})

describe("member level changes", () => {
  const silver = { id: "silver", zh: "银卡", en: "Silver" }
  const gold = { id: "gold", zh: "金卡", en: "Gold" }

  it("are off by default", () => {
    const c = customer({
      levelUp: { day: day("2026-03-01"), to: gold },
      levelDrop: { day: day("2026-03-05"), from: gold, to: silver }
    })
    expect(dueReminders([c], day("2026-03-01"))).toEqual([])
  })

  it("congratulate on an upgrade on its day, up to the catch-up days late, once", () => {
    const c = customer({ levelUp: { day: day("2026-03-01"), to: gold } })
    const rules = only("upgrade") // 7 days of catch-up
    expect(dueReminders([c], day("2026-02-28"), rules)).toEqual([])
    expect(dueReminders([c], day("2026-03-09"), rules)).toEqual([])
    const made = runRepeatedly([c], [day("2026-03-01"), day("2026-03-02"), day("2026-03-08")], rules)
    expect(made).toEqual([
      {
        rule: "upgrade",
        customerKey: c.key,
        shopKey: c.shopKey,
        buyerNick: "小明",
        dueDay: day("2026-03-01"),
        dedupeKey: `upgrade:${c.key}:gold:2026-03-01`,
        date: "2026-03-01",
        toLevel: gold
      }
    ])
    expect(reminderText(made[0], "zh")).toBe("祝贺 小明 升级为金卡（2026-03-01），介绍新权益")
    expect(reminderText(made[0], "en")).toBe(
      "Congratulate 小明 on reaching Gold (2026-03-01) and tell them what it brings"
    )
  })

  it("warn before a downgrade once it is within the days set, once per coming fall", () => {
    const c = customer({ levelDrop: { day: day("2026-03-20"), from: gold, to: silver } })
    const rules = only("downgrade", { downgrade: { enabled: true, withinDays: 14 } })
    expect(dueReminders([c], day("2026-03-05"), rules)).toEqual([])
    const made = runRepeatedly([c], [day("2026-03-06"), day("2026-03-07"), day("2026-03-19")], rules)
    expect(made).toEqual([
      expect.objectContaining({
        rule: "downgrade",
        dueDay: day("2026-03-06"),
        dedupeKey: `downgrade:${c.key}:gold:2026-03-20`,
        date: "2026-03-20",
        fromLevel: gold,
        toLevel: silver
      })
    ])
    expect(reminderText(made[0], "en")).toBe(
      "小明 drops from Gold to Silver on 2026-03-20 as older purchases leave the window: invite them to buy again to keep it"
    )
    // The day of the fall itself is past warning.
    expect(dueReminders([c], day("2026-03-20"), rules)).toEqual([])
  })
})
