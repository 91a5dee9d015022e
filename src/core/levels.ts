// Member levels: a ladder of thresholds on spend OR order count within a rolling 365-day window.
// The level is replayed over the purchase timeline: it rises the day a purchase meets a threshold and
// falls the day an old purchase leaves the window and the rest no longer support it.

export interface MemberLevel {
  id: string
  zh: string
  en: string
  /** Net spend within the window, minor units, that reaches this level. */
  minSpend: number
  /** Orders within the window that reach this level. */
  minOrders: number
}

export interface MemberLadder {
  /** Length of the rolling window in days: a purchase on day d counts on days d .. d + windowDays − 1. */
  windowDays: number
  /** Lowest first. The first level is every buyer's floor and its thresholds are ignored. */
  levels: readonly MemberLevel[]
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
