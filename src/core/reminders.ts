// The follow-up rules behind the reps' reminder list: which reminders are due on a shop-zone day, each with
// a deterministic dedupe key, so running the rules again (the daily alarm, a retry, two runs in one day)
// never makes the same reminder twice — the store keeps the keys unique. Pure: no clock, no storage.
//
// - review: ask for a review `afterDays` after an order completed (orders completed longer ago than
//   afterDays + catchUpDays are left alone, so a first run does not flood the list with old orders);
// - win-back: a repeat buyer whose days since the last purchase exceed their usual interval × factor (at
//   least minIntervalDays), or whose P(alive) fell below a threshold; one reminder per lapse (a new purchase
//   starts a new one);
// - birthday: `leadDays` before a known birthday, once a year;
// - promotion: `leadDays` before each promotion date (e.g. 11-11), the valuable lapsing customers (the
//   recall list), once per promotion;
// - upgrade (off by default): congratulate a buyer who moved up a member level, on the day they did (up to
//   catchUpDays late), once per level reached;
// - downgrade (off by default): a buyer whose level falls within `withinDays` when older purchases leave the
//   ladder's window, while a purchase can still hold it; once per coming fall.
import type { Lang } from "./segments"
import { civilFromDays, daysFromCivil, daysInMonth, formatDayNumber, parseDayKey } from "./time"

export type ReminderRule = "review" | "winback" | "birthday" | "promotion" | "upgrade" | "downgrade"

const RULE_ORDER = ["review", "winback", "birthday", "promotion", "upgrade", "downgrade"] as const

/** A member level as the reminder lines name it. */
export interface LevelName {
  id: string
  zh: string
  en: string
}

export interface ReminderRules {
  review: { enabled: boolean; afterDays: number; catchUpDays: number }
  winback: { enabled: boolean; intervalFactor: number; minIntervalDays: number; pAliveBelow: number }
  birthday: { enabled: boolean; leadDays: number }
  /** dates: "MM-DD" (every year) or "YYYY-MM-DD" (once). */
  promotion: { enabled: boolean; dates: string[]; leadDays: number; pAliveBelow: number }
  upgrade: { enabled: boolean; catchUpDays: number }
  downgrade: { enabled: boolean; withinDays: number }
  /** At most this many new reminders per rule and shop in one run, most valuable customers first. */
  maxPerRule: number
}

export const DEFAULT_REMINDER_RULES: ReminderRules = {
  review: { enabled: true, afterDays: 7, catchUpDays: 7 },
  winback: { enabled: true, intervalFactor: 1.5, minIntervalDays: 14, pAliveBelow: 0.3 },
  birthday: { enabled: true, leadDays: 3 },
  promotion: { enabled: true, dates: ["06-18", "11-11"], leadDays: 7, pAliveBelow: 0.5 },
  upgrade: { enabled: false, catchUpDays: 7 },
  downgrade: { enabled: false, withinDays: 14 },
  maxPerRule: 500
}

/** What the rules read about one customer. Days are shop-zone day numbers (days since 1970-01-01). */
export interface ReminderCustomer {
  key: string
  shopKey: string
  buyerNick?: string
  orders: number
  /** Distinct purchase days. */
  purchaseDays: number
  firstOrderDay?: number
  lastOrderDay?: number
  /** Minor units. */
  totalSpent: number
  segment?: string
  pAlive?: number
  /** "MM-DD", when known. */
  birthday?: string
  /** Completed orders and the day each completed. */
  completed?: readonly { orderId: string; day: number }[]
  /** The buyer's last move up the member ladder (levelOutlook's lastUpgrade). */
  levelUp?: { day: number; to: LevelName }
  /** The fall of the buyer's level coming when older purchases leave the window (levelOutlook's drop). */
  levelDrop?: { day: number; from: LevelName; to: LevelName }
}

export interface ReminderDraft {
  rule: ReminderRule
  customerKey: string
  shopKey: string
  /** Shop-zone day number the reminder is due. */
  dueDay: number
  /** Unique per reminder the rules can ever make. */
  dedupeKey: string
  buyerNick?: string
  /**
   * review: the order; winback: days since the last purchase; birthday: "MM-DD"; promotion: its date;
   * upgrade: the day of the upgrade and the level reached; downgrade: the day of the fall and both levels.
   */
  orderId?: string
  daysSince?: number
  date?: string
  fromLevel?: LevelName
  toLevel?: LevelName
}

/** A buyer's usual days between purchase days; null with fewer than two. */
export function usualIntervalDays(
  c: Pick<ReminderCustomer, "purchaseDays" | "firstOrderDay" | "lastOrderDay">
) {
  if (c.purchaseDays < 2 || c.firstOrderDay === undefined || c.lastOrderDay === undefined) return null
  return (c.lastOrderDay - c.firstOrderDay) / (c.purchaseDays - 1)
}

/** Valuable customers drifting away: important-keep / important-winback, or any important-* unlikely alive. */
export function isRecallCandidate(c: ReminderCustomer, pAliveBelow: number): boolean {
  if (c.orders === 0 || c.lastOrderDay === undefined || !c.segment) return false
  if (c.segment === "important-keep" || c.segment === "important-winback") return true
  return c.segment.startsWith("important-") && c.pAlive !== undefined && c.pAlive < pAliveBelow
}

/** Customers for a promotion's recall list, most valuable first. */
export function promotionRecallList<T extends ReminderCustomer>(
  customers: Iterable<T>,
  pAliveBelow = DEFAULT_REMINDER_RULES.promotion.pAliveBelow
): T[] {
  const out: T[] = []
  for (const c of customers) if (isRecallCandidate(c, pAliveBelow)) out.push(c)
  return out.sort(byValue)
}

const byValue = (a: ReminderCustomer, b: ReminderCustomer) =>
  b.totalSpent - a.totalSpent || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

/** Day number of month-day in a year; 02-29 falls on 02-28 in other years. Null when malformed. */
function monthDayIn(year: number, monthDay: string): number | null {
  const m = /^(\d{2})-(\d{2})$/.exec(monthDay)
  if (!m) return null
  const month = Number(m[1])
  const day = Number(m[2])
  if (month < 1 || month > 12 || day < 1 || day > 31) return null
  const last = daysInMonth(year, month)
  if (day > last && !(month === 2 && day === 29)) return null
  return daysFromCivil(year, month, Math.min(day, last))
}

/** The next occurrence (today or later) of a promotion date, or null when it is past or malformed. */
export function nextOccurrence(date: string, today: number): number | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    const d = parseDayKey(date)
    return d !== null && d >= today ? d : null
  }
  const [year] = civilFromDays(today)
  for (const y of [year, year + 1]) {
    const d = monthDayIn(y, date)
    if (d !== null && d >= today) return d
  }
  return null
}

/** The reminders due on `today` (or within a rule's catch-up window) for one shop's customers. */
export function dueReminders(
  customers: Iterable<ReminderCustomer>,
  today: number,
  rules: ReminderRules = DEFAULT_REMINDER_RULES
): ReminderDraft[] {
  const found: Record<ReminderRule, { c: ReminderCustomer; d: ReminderDraft }[]> = {
    review: [],
    winback: [],
    birthday: [],
    promotion: [],
    upgrade: [],
    downgrade: []
  }
  const promos: { day: number; date: string }[] = []
  if (rules.promotion.enabled) {
    for (const date of rules.promotion.dates) {
      const day = nextOccurrence(date, today)
      // From leadDays before the promotion until the day before it.
      if (day !== null && today >= day - rules.promotion.leadDays && today < day)
        promos.push({ day, date: formatDayNumber(day) })
    }
  }
  const [year] = civilFromDays(today)
  for (const c of customers) {
    const base = {
      customerKey: c.key,
      shopKey: c.shopKey,
      ...(c.buyerNick !== undefined ? { buyerNick: c.buyerNick } : {})
    }
    if (rules.review.enabled && c.completed) {
      for (const o of c.completed) {
        const due = o.day + rules.review.afterDays
        if (today < due || today > due + rules.review.catchUpDays) continue
        found.review.push({
          c,
          d: {
            ...base,
            rule: "review",
            dueDay: due,
            dedupeKey: `review:${c.key}:${o.orderId}`,
            orderId: o.orderId
          }
        })
      }
    }
    if (rules.winback.enabled && c.orders > 0 && c.lastOrderDay !== undefined) {
      const since = today - c.lastOrderDay
      const usual = usualIntervalDays(c)
      const overdue =
        usual !== null &&
        since > Math.max(rules.winback.minIntervalDays, usual * rules.winback.intervalFactor)
      const unlikelyAlive =
        c.purchaseDays >= 2 && c.pAlive !== undefined && c.pAlive < rules.winback.pAliveBelow
      if (overdue || unlikelyAlive) {
        found.winback.push({
          c,
          d: {
            ...base,
            rule: "winback",
            dueDay: today,
            dedupeKey: `winback:${c.key}:${formatDayNumber(c.lastOrderDay)}`,
            daysSince: since
          }
        })
      }
    }
    if (rules.birthday.enabled && c.birthday) {
      for (const y of [year, year + 1]) {
        const day = monthDayIn(y, c.birthday)
        if (day === null || today < day - rules.birthday.leadDays || today > day) continue
        found.birthday.push({
          c,
          d: {
            ...base,
            rule: "birthday",
            dueDay: day - rules.birthday.leadDays,
            dedupeKey: `birthday:${c.key}:${y}`,
            date: c.birthday
          }
        })
      }
    }
    if (promos.length > 0 && isRecallCandidate(c, rules.promotion.pAliveBelow)) {
      for (const p of promos) {
        found.promotion.push({
          c,
          d: {
            ...base,
            rule: "promotion",
            dueDay: p.day - rules.promotion.leadDays,
            dedupeKey: `promotion:${p.date}:${c.key}`,
            date: p.date
          }
        })
      }
    }
    const up = c.levelUp
    if (rules.upgrade.enabled && up && today >= up.day && today <= up.day + rules.upgrade.catchUpDays) {
      const date = formatDayNumber(up.day)
      found.upgrade.push({
        c,
        d: {
          ...base,
          rule: "upgrade",
          dueDay: up.day,
          dedupeKey: `upgrade:${c.key}:${up.to.id}:${date}`,
          date,
          toLevel: up.to
        }
      })
    }
    const drop = c.levelDrop
    if (
      rules.downgrade.enabled &&
      drop &&
      drop.day > today &&
      drop.day <= today + rules.downgrade.withinDays
    ) {
      const date = formatDayNumber(drop.day)
      found.downgrade.push({
        c,
        d: {
          ...base,
          rule: "downgrade",
          dueDay: today,
          dedupeKey: `downgrade:${c.key}:${drop.from.id}:${date}`,
          date,
          fromLevel: drop.from,
          toLevel: drop.to
        }
      })
    }
  }
  const out: ReminderDraft[] = []
  const seen = new Set<string>()
  for (const rule of RULE_ORDER) {
    const list = found[rule].sort((a, b) => byValue(a.c, b.c) || cmp(a.d.dedupeKey, b.d.dedupeKey))
    let n = 0
    for (const { d } of list) {
      if (n >= rules.maxPerRule) break
      if (seen.has(d.dedupeKey)) continue
      seen.add(d.dedupeKey)
      out.push(d)
      n++
    }
  }
  return out
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The reminder's line in the rep's list. */
export function reminderText(d: ReminderDraft, lang: Lang): string {
  const who = d.buyerNick ?? d.customerKey.split(":").slice(2).join(":")
  switch (d.rule) {
    case "review":
      return lang === "zh"
        ? `邀请 ${who} 评价订单 ${d.orderId ?? ""}`
        : `Ask ${who} for a review of order ${d.orderId ?? ""}`
    case "winback":
      return lang === "zh"
        ? `挽回 ${who}：已 ${d.daysSince ?? "?"} 天未购买，超过其平常的回购间隔`
        : `Win back ${who}: no purchase for ${d.daysSince ?? "?"} days, longer than usual`
    case "birthday":
      return lang === "zh"
        ? `${who} 的生日是 ${d.date ?? ""}：送上关怀`
        : `${who}'s birthday is on ${d.date ?? ""}: send a greeting`
    case "promotion":
      return lang === "zh"
        ? `${d.date ?? ""} 大促前召回 ${who}（重要客户，正在流失）`
        : `Recall ${who} before the ${d.date ?? ""} promotion (valuable, lapsing)`
    case "upgrade":
      return lang === "zh"
        ? `祝贺 ${who} 升级为${d.toLevel?.zh ?? ""}（${d.date ?? ""}），介绍新权益`
        : `Congratulate ${who} on reaching ${d.toLevel?.en ?? ""} (${d.date ?? ""}) and tell them what it brings`
    case "downgrade":
      return lang === "zh"
        ? `${who} 将于 ${d.date ?? ""} 从${d.fromLevel?.zh ?? ""}降为${d.toLevel?.zh ?? ""}（较早的购买移出会员统计期）：邀请其再次购买以保级`
        : `${who} drops from ${d.fromLevel?.en ?? ""} to ${d.toLevel?.en ?? ""} on ${d.date ?? ""} as older purchases leave the window: invite them to buy again to keep it`
  }
}
