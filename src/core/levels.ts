// Member levels: a ladder of thresholds on spend OR order count within a rolling 365-day window.
// The level is replayed over the purchase timeline: it rises the day a purchase meets a threshold and
// falls the day an old purchase leaves the window and the rest no longer support it.
// Each level may carry its benefits (会员权益), kept in the ladder so the ladder is one settings record.
import type { Lang } from "./segments"
import { dayNumber } from "./time"
import { PURCHASE_STATUSES, type CapturedOrder } from "./types"

/** What a member of a level is entitled to, as the owner wrote it. */
export interface LevelBenefits {
  /** Free-text benefits in the shop's language, one per entry ("新品优先试用"). */
  text: string[]
  /** Percent off, above 0 and below 100: 5 is 5% off, "95 折". */
  discountPercent?: number
  freeShipping?: boolean
  birthdayGift?: boolean
  /** Orders handled first (packing, shipping, service). */
  priority?: boolean
  /** The ladder's shipped example, not yet edited by the owner: shown marked as an example. */
  example?: boolean
}

export interface MemberLevel {
  id: string
  zh: string
  en: string
  /** Net spend within the window, minor units, that reaches this level. */
  minSpend: number
  /** Orders within the window that reach this level. */
  minOrders: number
  /** Absent in ladders saved before benefits existed: the level's example benefits stand in (benefitsOf). */
  benefits?: LevelBenefits
}

export interface MemberLadder {
  /** Length of the rolling window in days: a purchase on day d counts on days d .. d + windowDays − 1. */
  windowDays: number
  /** Lowest first. The first level is every buyer's floor and its thresholds are ignored. */
  levels: readonly MemberLevel[]
  /** The shop's language: the one the benefits' text is written in and the chat sentence is built in. */
  lang?: Lang
}

/** Default ladder, thresholds in CNY fen: silver ¥500 or 2 orders, gold ¥2,000 or 5, diamond ¥5,000 or 10. */
export const DEFAULT_LADDER: MemberLadder = {
  windowDays: 365,
  levels: [
    { id: "member", zh: "普通会员", en: "Member", minSpend: 0, minOrders: 0 },
    { id: "silver", zh: "银卡", en: "Silver", minSpend: 50_000, minOrders: 2 },
    { id: "gold", zh: "金卡", en: "Gold", minSpend: 200_000, minOrders: 5 },
    { id: "diamond", zh: "钻石", en: "Diamond", minSpend: 500_000, minOrders: 10 }
  ]
}

export function validateLadder(ladder: MemberLadder): void {
  if (!(ladder.windowDays >= 1) || !Number.isInteger(ladder.windowDays)) {
    throw new RangeError("ladder.windowDays must be a positive whole number of days")
  }
  if (ladder.levels.length === 0 || ladder.levels.length > 250) {
    throw new RangeError("a ladder needs between 1 and 250 levels")
  }
  if (ladder.lang !== undefined && ladder.lang !== "zh" && ladder.lang !== "en") {
    throw new RangeError(`ladder.lang must be "zh" or "en", not ${JSON.stringify(ladder.lang)}`)
  }
  for (const level of ladder.levels) {
    if (level.benefits !== undefined) validateBenefits(level.benefits, level.en || level.id)
  }
}

/** Most free-text benefits a level keeps, and the longest one (a chat line, not a contract). */
export const MAX_BENEFIT_TEXTS = 10
export const MAX_BENEFIT_TEXT_LENGTH = 100

/** Throws a RangeError naming the level and what is wrong with its benefits. */
export function validateBenefits(b: LevelBenefits, levelName: string): void {
  if (!Array.isArray(b.text) || b.text.some((x) => typeof x !== "string")) {
    throw new RangeError(`${levelName}: the free-text benefits must be a list of texts`)
  }
  if (b.text.length > MAX_BENEFIT_TEXTS) {
    throw new RangeError(
      `${levelName}: at most ${MAX_BENEFIT_TEXTS} free-text benefits, not ${b.text.length}`
    )
  }
  const long = b.text.find((x) => x.length > MAX_BENEFIT_TEXT_LENGTH)
  if (long !== undefined) {
    throw new RangeError(
      `${levelName}: a benefit is at most ${MAX_BENEFIT_TEXT_LENGTH} characters ("${long.slice(0, 20)}…" has ${long.length})`
    )
  }
  const d = b.discountPercent
  if (d !== undefined && !(typeof d === "number" && d > 0 && d < 100)) {
    throw new RangeError(`${levelName}: the discount must be above 0% and below 100%, not ${String(d)}%`)
  }
}

/** The default ladder's example benefits, per level id: structured ones plus a free text in each language. */
const EXAMPLE_BENEFITS: Record<string, Omit<LevelBenefits, "text" | "example"> & Record<Lang, string[]>> = {
  member: { zh: ["上新优先通知"], en: ["early news of new arrivals"] },
  silver: { discountPercent: 2, birthdayGift: true, zh: [], en: [] },
  gold: {
    discountPercent: 5,
    freeShipping: true,
    birthdayGift: true,
    zh: ["新品优先试用"],
    en: ["first try of new products"]
  },
  diamond: {
    discountPercent: 10,
    freeShipping: true,
    birthdayGift: true,
    priority: true,
    zh: ["专属客服"],
    en: ["a personal service contact"]
  }
}

/** The shipped example benefits of a level id in a language, marked as an example; none for other ids. */
export function exampleBenefits(levelId: string, lang: Lang): LevelBenefits | undefined {
  const e = EXAMPLE_BENEFITS[levelId]
  if (!e) return undefined
  const { zh, en, ...structured } = e
  return { ...structured, text: [...(lang === "zh" ? zh : en)], example: true }
}

/** A level's benefits: the owner's, else (a ladder saved before benefits existed, or never saved) the example. */
export function benefitsOf(level: MemberLevel, lang: Lang): LevelBenefits {
  return level.benefits ?? exampleBenefits(level.id, lang) ?? { text: [] }
}

/**
 * The ladder with every level's benefits and the language filled in: what the options page edits. A ladder
 * saved before benefits existed loads with the examples, marked as such, and keeps everything it had.
 */
export function withBenefitDefaults(ladder: MemberLadder, lang: Lang): MemberLadder {
  const shopLang = ladder.lang ?? lang
  return {
    ...ladder,
    lang: shopLang,
    levels: ladder.levels.map((l) => ({ ...l, benefits: benefitsOf(l, shopLang) }))
  }
}

/** Highest level index whose spend or order threshold the window meets. */
export function levelFor(ladder: MemberLadder, spend: number, orders: number): number {
  const levels = ladder.levels
  for (let i = levels.length - 1; i > 0; i--) {
    if (spend >= levels[i].minSpend || orders >= levels[i].minOrders) return i
  }
  return 0
}

export interface LevelChange {
  /** Local day number of the change. */
  day: number
  from: number
  to: number
}

/**
 * Replays one customer's purchases (sorted by day; one entry per order) up to and including `asOfDay`.
 * Returns the level on `asOfDay` and calls `onChange` for every change, in day order.
 */
export function replayLevels(
  ladder: MemberLadder,
  days: ArrayLike<number>,
  amounts: ArrayLike<number>,
  start: number,
  end: number,
  asOfDay: number,
  onChange: (day: number, from: number, to: number) => void
): number {
  const w = ladder.windowDays
  let level = 0
  let spend = 0
  let count = 0
  let enter = start
  let exit = start
  while (enter < end || exit < end) {
    // Next event day: the next purchase, or the day the oldest counted purchase leaves the window.
    const enterDay = enter < end ? days[enter] : Infinity
    const exitDay = exit < enter ? days[exit] + w : Infinity
    const day = Math.min(enterDay, exitDay)
    if (day > asOfDay) break
    while (exit < enter && days[exit] + w === day) {
      spend -= amounts[exit]
      count--
      exit++
    }
    while (enter < end && days[enter] === day) {
      spend += amounts[enter]
      count++
      enter++
    }
    const next = levelFor(ladder, spend, count)
    if (next !== level) {
      onChange(day, level, next)
      level = next
    }
    if (enter === end && exit === enter) break
  }
  return level
}

/** A buyer's purchases (paid, shipped or completed) as shop-zone days in order, with their net spend. */
export function purchaseDays(
  orders: Iterable<Pick<CapturedOrder, "createdAt" | "status" | "amount" | "refunded">>,
  timeZone: string
): { days: number[]; amounts: number[] } {
  const list: [number, number][] = []
  for (const o of orders) {
    if (PURCHASE_STATUSES.has(o.status)) list.push([dayNumber(o.createdAt, timeZone), o.amount - o.refunded])
  }
  list.sort((a, b) => a[0] - b[0])
  return { days: list.map((x) => x[0]), amounts: list.map((x) => x[1]) }
}

export interface LevelOutlook {
  /** Level index on `today`. */
  level: number
  /** The last time the buyer moved up from a level they held, on or before `today`. */
  lastUpgrade: LevelChange | null
  /**
   * The first day after `today` and within `dropWithinDays` on which the level falls if the buyer buys
   * nothing more: older purchases leave the window and the rest no longer hold the level.
   */
  drop: LevelChange | null
}

/**
 * Where a buyer stands on the ladder on `today` (a shop-zone day number) and where they are heading: the
 * latest upgrade, and the downgrade coming within `dropWithinDays` unless they buy again. `days` are the
 * purchase days in order, `amounts` their net spend (purchaseDays gives both); purchases after `today` are
 * not counted.
 */
export function levelOutlook(
  ladder: MemberLadder,
  days: ArrayLike<number>,
  amounts: ArrayLike<number>,
  today: number,
  dropWithinDays: number
): LevelOutlook {
  let end = days.length
  while (end > 0 && days[end - 1] > today) end--
  let level = 0
  let lastUpgrade: LevelChange | null = null
  let drop: LevelChange | null = null
  // With no purchase after today, every change after it is a purchase leaving the window: a fall.
  replayLevels(ladder, days, amounts, 0, end, today + Math.max(0, dropWithinDays), (day, from, to) => {
    if (day <= today) {
      level = to
      // A first purchase that lands above the floor is where the buyer starts, not a move up.
      if (to > from && day !== days[0]) lastUpgrade = { day, from, to }
    } else drop ??= { day, from, to }
  })
  return { level, lastUpgrade, drop }
}
