// The customer-service view's reads and writes: a customer's whole profile for the hover card and side
// panel, segments for the chips, notes and reminders. Segments compare a buyer with the shop means over
// customers with a purchase (src/core's definition). The means take a scan of the shop's customers, so they
// are cached per shop and refreshed off the lookup path: a lookup answers with the cached means (at first
// those of the shop's last full scoring), and a refresh runs once lookups pause, at most every
// MEANS_REFRESH_MS after the shop changed. A shop whose scan is quick is simply rescanned when it changed.
import {
  analyzeShop,
  bucketerFor,
  calendarDaysSince,
  dayNumber,
  explainSegment,
  levelOutlook,
  purchaseDays,
  segmentOf,
  SEGMENT_IDS,
  type MemberLevel,
  type SegmentId,
  type ShopMeans
} from "../core"
import { PURCHASE_STATUSES } from "../core/types"
import type { CustomerProfile } from "../messages"
import type { CustomerRecord, HuikeDB, ShopKey } from "./database"
import { activeScoringSettings, memberLadder } from "./owner-settings"
import { ordersOfBuyers } from "./shop-orders"

const DAY_MS = 86_400_000
const MEANS_TTL_MS = 60_000
const MEANS_REFRESH_MS = 15_000
const MEANS_IDLE_MS = 1_000
const QUICK_SCAN_MS = 30
/** The card shows an upgrade this many days old or newer ("Upgraded to Gold 3 days ago"). */
export const RECENT_UPGRADE_DAYS = 30
/** The card warns of a level falling within this many days. */
export const DROP_WARNING_DAYS = 30

interface CachedMeans {
  at: number
  means: ShopMeans | null
  /** The shop changed since `at`. */
  stale: boolean
  /** From the last full scoring, not yet from the customers themselves. */
  provisional?: boolean
  refreshing?: Promise<ShopMeans | null>
  /** How long the scan behind `means` took. */
  scanMs?: number
  /** No means yet: only the first scan, under way. */
  placeholder?: boolean
}
const meansCache = new Map<string, CachedMeans>()
/** Bumped by every invalidation. */
let generation = 0

/**
 * Shop means over customers with at least one valid purchase, as of `now`; null for an empty shop. Only the
 * very first read of a shop with no full scoring yet waits for the scan.
 */
export async function shopMeans(db: HuikeDB, shopKey: ShopKey, now: number): Promise<ShopMeans | null> {
  const cacheKey = `${db.name}|${shopKey}`
  const hit = meansCache.get(cacheKey)
  // The first scan of the shop is under way: wait for it rather than answer without means.
  if (hit?.placeholder && hit.refreshing) return hit.refreshing
  if (hit && !hit.placeholder) {
    // A shop small enough to scan in a moment is never answered from stale means.
    if (
      (hit.stale || now - hit.at >= MEANS_TTL_MS) &&
      !hit.provisional &&
      (hit.scanMs ?? Infinity) < QUICK_SCAN_MS
    )
      return refreshShopMeans(db, shopKey, now)
    const due =
      hit.provisional || (hit.stale && now - hit.at >= MEANS_REFRESH_MS) || now - hit.at >= MEANS_TTL_MS
    if (due && !hit.refreshing) refreshWhenIdle(db, shopKey, now)
    return hit.means
  }
  const scores = await db.shopScores.get(shopKey)
  if (scores && scores.means.buyers > 0) {
    // Until the scan behind this answer lands: the last full scoring's means, aged to today.
    const timeZone = (await db.shops.get(shopKey))?.timeZone ?? "UTC"
    const days = calendarDaysSince(scores.scoredAt, now, timeZone)
    const means = { ...scores.means, daysSinceLastOrder: scores.means.daysSinceLastOrder + days }
    meansCache.set(cacheKey, { at: now, means, stale: true, provisional: true })
    refreshWhenIdle(db, shopKey, now)
    return means
  }
  return refreshShopMeans(db, shopKey, now)
}

const idleTimers = new Map<string, ReturnType<typeof setTimeout>>()

/**
 * Refreshes the means once lookups pause for MEANS_IDLE_MS: the scan reads every customer of the shop, and
 * a page's lookups come in bursts that should not wait behind it.
 */
function refreshWhenIdle(db: HuikeDB, shopKey: ShopKey, now: number): void {
  // The caller's clock (tests fix it), moved on by the time waited.
  const calledAt = Date.now()
  const cacheKey = `${db.name}|${shopKey}`
  const timer = idleTimers.get(cacheKey)
  if (timer !== undefined) clearTimeout(timer)
  idleTimers.set(
    cacheKey,
    setTimeout(() => {
      idleTimers.delete(cacheKey)
      if (db.isOpen()) void refreshShopMeans(db, shopKey, now + Date.now() - calledAt).catch(() => undefined)
    }, MEANS_IDLE_MS)
  )
}

/** Recomputes a shop's means from its customers (one at a time per shop) and caches them. */
export function refreshShopMeans(db: HuikeDB, shopKey: ShopKey, now: number): Promise<ShopMeans | null> {
  const cacheKey = `${db.name}|${shopKey}`
  const hit = meansCache.get(cacheKey)
  if (hit?.refreshing) return hit.refreshing
  const startedAt = generation
  const t0 = Date.now()
  const refreshing = computeShopMeans(db, shopKey, now).then(
    (means) => {
      // A change that landed while scanning keeps the entry stale (the scan may have missed it).
      meansCache.set(cacheKey, { at: now, means, stale: generation !== startedAt, scanMs: Date.now() - t0 })
      return means
    },
    (e: unknown) => {
      const cur = meansCache.get(cacheKey)
      if (cur?.refreshing === refreshing) delete cur.refreshing
      throw e
    }
  )
  if (hit) hit.refreshing = refreshing
  else meansCache.set(cacheKey, { at: now, means: null, stale: true, refreshing, placeholder: true })
  return refreshing
}

async function computeShopMeans(db: HuikeDB, shopKey: ShopKey, now: number): Promise<ShopMeans | null> {
  let buyers = 0
  let days = 0
  let orders = 0
  let spent = 0
  // Calendar days in the shop's zone, as the scoring counts them.
  const timeZone = (await db.shops.get(shopKey))?.timeZone ?? "UTC"
  const bucketer = bucketerFor(timeZone)
  const today = bucketer.dayNumber(now)
  // Read in pages by primary key ("shopKey:buyerId"): getAll per page, not a cursor step per customer.
  const prefix = `${shopKey}:`
  let after: string | null = null
  for (;;) {
    const page: CustomerRecord[] = await db.customers
      .where(":id")
      .between(after ?? prefix, `${prefix}\uffff`, after === null, true)
      .limit(5000)
      .toArray()
    if (page.length === 0) break
    after = page[page.length - 1].key
    for (const c of page) {
      if (c.shopKey !== shopKey || c.orders === 0 || c.lastOrderAt <= 0) continue
      buyers++
      days += Math.max(0, today - bucketer.dayNumber(c.lastOrderAt))
      orders += c.orders
      spent += c.totalSpent
    }
  }
  return buyers === 0
    ? null
    : { buyers, daysSinceLastOrder: days / buyers, orders: orders / buyers, totalSpent: spent / buyers }
}

/** The shops' customers changed (a capture was scored, an import finished): cached means are behind. */
export function invalidateShopMeans(): void {
  generation++
  for (const entry of meansCache.values()) entry.stale = true
}

/** Forget every cached mean (delete-all, restore; tests). */
export function forgetShopMeans(): void {
  for (const timer of idleTimers.values()) clearTimeout(timer)
  idleTimers.clear()
  meansCache.clear()
}

/**
 * The customer's segment against the current shop means; the stored one (from the last full scoring, which
 * the segment lists are indexed by) only when the means are not known.
 */
export function segmentFor(
  c: CustomerRecord,
  means: ShopMeans | null,
  now: number,
  timeZone: string
): SegmentId | undefined {
  if (!means || c.orders === 0 || c.lastOrderAt <= 0) {
    if (c.segment && (SEGMENT_IDS as readonly string[]).includes(c.segment)) return c.segment as SegmentId
    return undefined
  }
  return segmentOf(
    {
      daysSinceLastOrder: calendarDaysSince(c.lastOrderAt, now, timeZone),
      orders: c.orders,
      totalSpent: c.totalSpent
    },
    means,
    activeScoringSettings().thresholds
  )
}

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

export async function addNote(db: HuikeDB, customerKey: string, text: string, now: number): Promise<number> {
  if (!(await db.customers.get(customerKey))) throw new Error(`no customer ${customerKey}`)
  return (await db.notes.add({ customerKey, text, createdAt: now, updatedAt: now })) as number
}

/** Colours of a shop's tags, in the order they are made (the side panel makes tags with the same). */
export const TAG_COLORS = ["#cf1322", "#d46b08", "#389e0d", "#0958d9", "#531dab", "#8c8c8c"]

/** Puts the shop's tag called `name` on the customer, making the tag first if the shop has none by that name. */
export async function addTag(db: HuikeDB, customerKey: string, name: string): Promise<number> {
  return db.transaction("rw", db.customers, db.tags, async () => {
    const c = await db.customers.get(customerKey)
    if (!c) throw new Error(`no customer ${customerKey}`)
    const shopTags = await db.tags.where("shopKey").equals(c.shopKey).toArray()
    const id =
      shopTags.find((t) => t.name === name)?.id ??
      ((await db.tags.add({
        shopKey: c.shopKey,
        name,
        color: TAG_COLORS[shopTags.length % TAG_COLORS.length]
      })) as number)
    if (!c.tagIds.includes(id)) await db.customers.update(customerKey, { tagIds: [...c.tagIds, id] })
    return id
  })
}

export async function addReminder(
  db: HuikeDB,
  customerKey: string,
  dueAt: number,
  text: string,
  now: number
): Promise<number> {
  const c = await db.customers.get(customerKey)
  if (!c) throw new Error(`no customer ${customerKey}`)
  return (await db.reminders.add({
    customerKey,
    shopKey: c.shopKey,
    dueAt,
    text,
    status: "open",
    createdAt: now
  })) as number
}
