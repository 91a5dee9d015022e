// The popup's reads: today's figures from the store's precomputed daily figures and the reminders due,
// each one indexed read. Kept apart from the dashboard's analysis so the popup loads little code.
import Dexie from "dexie"
import { dayNumber, formatDayNumber, startOfDayKey } from "../../core/time"
import type { HuikeDB, ReminderRecord, ShopRecord } from "../../db/store"

export const DAY_MS = 86_400_000

/** Shops, the one changed last first. */
export async function listShops(db: HuikeDB): Promise<ShopRecord[]> {
  const shops = await db.shops.toArray()
  return shops.sort((a, b) => (b.changedAt ?? b.firstSeenAt) - (a.changedAt ?? a.firstSeenAt))
}

export interface DayFigures {
  day: string
  orders: number
  buyers: number
  newBuyers: number
  returningBuyers: number
  /** returning ÷ buyers, 0 on a day without buyers (src/core's definition). */
  repurchaseRate: number
}

export interface TodayFigures {
  today: DayFigures
  /** Mean of the 7 days before today, each figure (days without purchases count as zeros). */
  average7: DayFigures
  /** The 30 days ending today, oldest first. */
  last30: DayFigures[]
}

const emptyDay = (day: string): DayFigures => ({
  day,
  orders: 0,
  buyers: 0,
  newBuyers: 0,
  returningBuyers: 0,
  repurchaseRate: 0
})

/** Today's figures in the shop's zone against the 7 days before, and 30 days of them: one indexed read. */
export async function todayFigures(db: HuikeDB, shop: ShopRecord, now: number): Promise<TodayFigures> {
  const today = dayNumber(now, shop.timeZone)
  const from = formatDayNumber(today - 36)
  const to = formatDayNumber(today)
  const rows = await db.dailyFigures
    .where("[shopKey+day]")
    .between([shop.key, from], [shop.key, to], true, true)
    .toArray()
  const byDay = new Map(rows.map((r) => [r.day, r]))
  const dayAt = (d: number): DayFigures => {
    const key = formatDayNumber(d)
    const r = byDay.get(key)
    if (!r) return emptyDay(key)
    return {
      day: key,
      orders: r.orders,
      buyers: r.buyers,
      newBuyers: r.newBuyers,
      returningBuyers: r.returningBuyers,
      repurchaseRate: r.buyers ? r.returningBuyers / r.buyers : 0
    }
  }
  const week = Array.from({ length: 7 }, (_, i) => dayAt(today - 7 + i))
  const mean = (f: (d: DayFigures) => number) => week.reduce((s, d) => s + f(d), 0) / 7
  return {
    today: dayAt(today),
    average7: {
      day: `${week[0].day}..${week[6].day}`,
      orders: mean((d) => d.orders),
      buyers: mean((d) => d.buyers),
      newBuyers: mean((d) => d.newBuyers),
      returningBuyers: mean((d) => d.returningBuyers),
      repurchaseRate: mean((d) => d.repurchaseRate)
    },
    last30: Array.from({ length: 30 }, (_, i) => dayAt(today - 29 + i))
  }
}

/** UTC ms of the end of the shop's day containing `now` (the start of the next one). */
export function endOfShopDay(now: number, timeZone: string): number {
  return startOfDayKey(formatDayNumber(dayNumber(now, timeZone) + 1), timeZone)
}

/** Open reminders of a shop due before the end of its day, soonest first. */
export async function remindersDueToday(
  db: HuikeDB,
  shop: ShopRecord,
  now: number
): Promise<ReminderRecord[]> {
  return db.reminders
    .where("[shopKey+status+dueAt]")
    .between(
      [shop.key, "open", Dexie.minKey],
      [shop.key, "open", endOfShopDay(now, shop.timeZone)],
      true,
      false
    )
    .limit(200)
    .toArray()
}
