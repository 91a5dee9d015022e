// Layer: reads. A customer's whole profile for the hover card and side panel: figures, segment (against the
// shop means, figures/means.ts), member level and its outlook, notes, tags and reminders.
import {
  analyzeShop,
  calendarDaysSince,
  dayNumber,
  explainSegment,
  levelOutlook,
  purchaseDays,
  type MemberLevel
} from "../../core"
import { PURCHASE_STATUSES } from "../../core/types"
import type { CustomerProfile } from "../../messages"
import type { CustomerRecord, HuikeDB } from "../schema/database"
import { activeScoringSettings, memberLadder } from "../schema/owner-settings"
import { ordersOfBuyers } from "../schema/shop-orders"
import { segmentFor, shopMeans } from "../figures/means"

const DAY_MS = 86_400_000
/** The card shows an upgrade this many days old or newer ("Upgraded to Gold 3 days ago"). */
export const RECENT_UPGRADE_DAYS = 30
/** The card warns of a level falling within this many days. */
export const DROP_WARNING_DAYS = 30

type Predicted = Partial<{ pAlive: number; clv12m: number; expectedNextOrderAt: number | null }>

export async function customerProfile(
  db: HuikeDB,
  customerKey: string,
  now: number
): Promise<CustomerProfile | null> {
  const c = await db.customers.get(customerKey)
  if (!c) return null
  const [shop, orders, notes, reminders, means, savedLadder] = await Promise.all([
    db.shops.get(c.shopKey),
    ordersOfBuyers(db.orders, c.shopKey, [c]),
    db.notes.where("customerKey").equals(customerKey).toArray(),
    db.reminders.where("customerKey").equals(customerKey).toArray(),
    shopMeans(db, c.shopKey, now),
    // Benefits and the shop's language as saved now: editing them needs no rescore (levels are by id).
    memberLadder(db)
  ])
  const tags = c.tagIds.length ? (await db.tags.bulkGet(c.tagIds)).filter((t) => t !== undefined) : []
  const timeZone = shop?.timeZone ?? "UTC"
  const daysSince = c.lastOrderAt > 0 ? calendarDaysSince(c.lastOrderAt, now, timeZone) : null
  const segment = segmentFor(c, means, now, timeZone)

  // Member level and its history are the buyer's own: replay their orders on the ladder.
  const { ladder, thresholds } = activeScoringSettings()
  const own = orders.length ? analyzeShop(orders, { asOf: now, timeZone, ladder }) : null
  const me = own?.customerList.find((x) => x.buyerId === c.buyerId)
  const levelIndex = me ? ladder.levels.findIndex((l) => l.id === me.memberLevel) : -1
  const next = levelIndex >= 0 ? ladder.levels[levelIndex + 1] : undefined
  let windowSpend = 0
  let windowOrders = 0
  for (const o of orders) {
    if (!PURCHASE_STATUSES.has(o.status) || o.createdAt < now - ladder.windowDays * DAY_MS) continue
    windowSpend += o.amount - o.refunded
    windowOrders++
  }
  const predicted = c as CustomerRecord & Predicted
  const profile: CustomerProfile = {
    customerKey,
    platform: c.platform,
    shopId: c.shopId,
    buyerId: c.buyerId,
    ...(c.buyerNick ? { buyerNick: c.buyerNick } : {}),
    ...(c.buyerEmail ? { buyerEmail: c.buyerEmail } : {}),
    orders: c.orders,
    purchaseDays: c.purchaseDays,
    totalSpent: c.totalSpent,
    currency: c.currency,
    averageOrderValue: c.averageOrderValue,
    firstOrderAt: c.firstOrderAt,
    lastOrderAt: c.lastOrderAt > 0 ? c.lastOrderAt : null,
    daysSinceLastOrder: daysSince,
    refundRate: c.refundRate,
    repeatBuyer: c.repeatBuyer,
    timeline: orders
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((o) => ({
        orderId: o.orderId,
        createdAt: o.createdAt,
        status: o.status,
        amount: o.amount,
        refunded: o.refunded
      })),
    notes: notes
      .filter((n) => n.id !== undefined)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((n) => ({ id: n.id!, text: n.text, createdAt: n.createdAt, updatedAt: n.updatedAt })),
    tags: tags.filter((t) => t.id !== undefined).map((t) => ({ id: t.id!, name: t.name, color: t.color })),
    reminders: reminders
      .filter((r) => r.id !== undefined)
      .sort((a, b) => a.dueAt - b.dueAt)
      .map((r) => ({ id: r.id!, dueAt: r.dueAt, text: r.text, status: r.status }))
  }
  if (segment) {
    profile.segment = segment
    if (means && daysSince !== null) {
      const figures = { daysSinceLastOrder: daysSince, orders: c.orders, totalSpent: c.totalSpent }
      profile.segmentWhy = {
        en: explainSegment(segment, figures, means, c.currency, "en", thresholds),
        zh: explainSegment(segment, figures, means, c.currency, "zh", thresholds)
      }
    }
  }
  if (me) profile.memberLevel = me.memberLevel
  if (next) {
    profile.nextLevel = {
      id: next.id,
      spendNeeded: Math.max(0, next.minSpend - windowSpend),
      ordersNeeded: Math.max(0, next.minOrders - windowOrders)
    }
  }
  if (levelIndex >= 0) {
    const today = dayNumber(now, timeZone)
    const { days, amounts } = purchaseDays(orders, timeZone)
    const outlook = levelOutlook(ladder, days, amounts, today, DROP_WARNING_DAYS)
    const up = outlook.lastUpgrade
    const names = (i: number) => ({
      id: ladder.levels[i].id,
      zh: ladder.levels[i].zh,
      en: ladder.levels[i].en
    })
    const saved = (l: MemberLevel) => savedLadder.levels.find((x) => x.id === l.id) ?? l
    profile.memberRights = {
      ...(savedLadder.lang ? { lang: savedLadder.lang } : {}),
      level: saved(ladder.levels[levelIndex]),
      ...(next ? { next: saved(next) } : {}),
      ...(up && today - up.day <= RECENT_UPGRADE_DAYS
        ? { upgrade: { to: names(up.to), daysAgo: today - up.day } }
        : {}),
      ...(outlook.drop ? { drop: { to: names(outlook.drop.to), inDays: outlook.drop.day - today } } : {})
    }
  }
  if (typeof predicted.pAlive === "number") profile.pAlive = predicted.pAlive
  if (typeof predicted.clv12m === "number") profile.clv12m = predicted.clv12m
  if (predicted.expectedNextOrderAt !== undefined) profile.expectedNextOrderAt = predicted.expectedNextOrderAt
  return profile
}
