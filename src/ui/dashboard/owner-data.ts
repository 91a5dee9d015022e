// The owner's reads: today's figures from the store's precomputed daily figures, reminders due, and the
// dashboard's shop analysis (src/core's analyzeShop over every buyer's stored timeline, so no order is
// re-read), cached as a small summary in settings so a dashboard opens on it at once. Runs in extension
// pages and in the service worker (no DOM).
import {
  analyzeShop,
  DEFAULT_LADDER,
  MEAN_THRESHOLDS,
  parseDayKey,
  SEGMENT_IDS,
  type CohortRow,
  type SegmentId,
  type ShopAnalysis
} from "../../core"
import type { CapturedOrder } from "../../core/types"
import type { CustomerRecord, HuikeDB, ShopKey, ShopRecord } from "../../db/store"
import type { ScoringSettings } from "../../db/schema/owner-settings"
import { fromTimeline } from "../../db/figures/scoring"

/** Every customer of a shop, read in pages by primary key ("shopKey:buyerId"). */
export async function loadShopCustomers(
  db: HuikeDB,
  shopKey: ShopKey,
  onPage?: (loaded: number) => void
): Promise<CustomerRecord[]> {
  const out: CustomerRecord[] = []
  const prefix = `${shopKey}:`
  let after: string | null = null
  for (;;) {
    const page: CustomerRecord[] = await db.customers
      .where(":id")
      .between(after ?? prefix, `${prefix}\uffff`, after === null, true)
      .limit(10_000)
      .toArray()
    if (page.length === 0) break
    after = page[page.length - 1].key
    for (const c of page) if (c.shopKey === shopKey) out.push(c)
    onPage?.(out.length)
  }
  return out
}

/** The shop's orders as scoring sees them, rebuilt from the buyers' stored timelines. */
export function ordersOf(shop: ShopRecord, customers: readonly CustomerRecord[]): CapturedOrder[] {
  const orders: CapturedOrder[] = []
  for (const c of customers) {
    if (!c.timeline) continue
    for (const o of fromTimeline(shop, c.buyerId, c.timeline)) orders.push(o)
  }
  return orders
}

export { LADDER_KEY, memberLadder, scoringSettings } from "../../db/schema/owner-settings"

/** One row of the dashboard's customer list (and of a CSV export). */
export interface CustomerRow {
  key: string
  buyerId: string
  buyerNick?: string
  buyerEmail?: string
  segment: SegmentId | null
  memberLevel: string
  orders: number
  totalSpent: number
  currency: string
  repeatBuyer: boolean
  firstOrderDay: string | null
  lastOrderDay: string | null
  daysSinceLastOrder: number | null
  pAlive: number | null
  clv12m: number | null
  tagIds: number[]
}

export interface SegmentFigures {
  id: SegmentId
  customers: number
  /** Net spend of the segment's customers, minor units. */
  revenue: number
  revenueShare: number
  avgDaysSinceLastOrder: number | null
}

/** What the dashboard shows first; cached per shop, refreshed when the shop's orders changed. */
export interface OwnerSummary {
  shopKey: ShopKey
  /** The shop's `rev` the summary saw. */
  rev: number
  computedAt: number
  asOfDay: string
  currency: string
  customers: number
  buyers: number
  repeatRate: number
  segments: SegmentFigures[]
  levels: { id: string; customers: number }[]
  rolling: { windowDays: number; buyers: number; repeatBuyers: number; rate: number }[]
  /** The last 12 cohort months, retention for up to 12 months after. */
  cohorts: CohortRow[]
  /** Reactivated buyers (a purchase after 90+ days without one) in the last 30 days, newest first. */
  reactivations: { buyerId: string; buyerNick?: string; day: string; gapDays: number }[]
  churnRisk: {
    key: string
    buyerId: string
    buyerNick?: string
    segment: SegmentId
    totalSpent: number
    pAlive: number
    daysSinceLastOrder: number
  }[]
}

export const summaryKey = (shopKey: ShopKey) => `owner.summary|${shopKey}`

export interface ShopView {
  analysis: ShopAnalysis
  rows: CustomerRow[]
  summary: OwnerSummary
}

/** What the dashboard page shows of a ShopView: the per-customer analysis is in `rows` already. */
export interface PageView {
  analysis: Omit<ShopAnalysis, "customerList">
  rows: CustomerRow[]
  summary: OwnerSummary
}

/** The dashboard's analysis of one shop as of `now`, from its stored customers. */
export function analyzeStoredShop(
  shop: ShopRecord,
  customers: readonly CustomerRecord[],
  now: number,
  settings: ScoringSettings = { ladder: DEFAULT_LADDER, thresholds: MEAN_THRESHOLDS }
): ShopView {
  const { ladder, thresholds } = settings
  const analysis = analyzeShop(ordersOf(shop, customers), {
    asOf: now,
    timeZone: shop.timeZone,
    shopId: shop.shopId,
    ladder,
    segmentThresholds: thresholds
  })
  const stored = new Map(customers.map((c) => [c.buyerId, c]))
  const rows: CustomerRow[] = analysis.customerList.map((a) => {
    const c = stored.get(a.buyerId)
    const row: CustomerRow = {
      key: c?.key ?? `${shop.key}:${a.buyerId}`,
      buyerId: a.buyerId,
      segment: a.segment,
      memberLevel: a.memberLevel,
      orders: a.orders,
      totalSpent: a.totalSpent,
      currency: a.currency,
      repeatBuyer: a.repeatBuyer,
      firstOrderDay: a.firstOrderDay,
      lastOrderDay: a.lastOrderDay,
      daysSinceLastOrder: a.daysSinceLastOrder,
      pAlive: a.prediction?.pAlive ?? null,
      clv12m: a.prediction?.clv12m ?? null,
      tagIds: c?.tagIds ?? []
    }
    if (c?.buyerNick) row.buyerNick = c.buyerNick
    if (c?.buyerEmail) row.buyerEmail = c.buyerEmail
    return row
  })
  const nickOf = (buyerId: string) => stored.get(buyerId)?.buyerNick
  const seg = new Map(SEGMENT_IDS.map((id) => [id, { customers: 0, revenue: 0, days: 0 }]))
  let total = 0
  for (const r of rows) {
    if (!r.segment) continue
    const s = seg.get(r.segment)!
    s.customers++
    s.revenue += r.totalSpent
    s.days += r.daysSinceLastOrder ?? 0
    total += r.totalSpent
  }
  const asOf = parseDayKey(analysis.asOfDay) ?? 0
  const summary: OwnerSummary = {
    shopKey: shop.key,
    rev: shop.rev ?? 0,
    computedAt: now,
    asOfDay: analysis.asOfDay,
    currency: analysis.currency,
    customers: analysis.customers,
    buyers: analysis.buyers,
    repeatRate: analysis.repeatRate,
    segments: SEGMENT_IDS.map((id) => {
      const s = seg.get(id)!
      return {
        id,
        customers: s.customers,
        revenue: s.revenue,
        revenueShare: total > 0 ? s.revenue / total : 0,
        avgDaysSinceLastOrder: s.customers ? s.days / s.customers : null
      }
    }),
    levels: ladder.levels.map((l) => ({ id: l.id, customers: analysis.levels[l.id] ?? 0 })),
    rolling: analysis.rolling.map(({ windowDays, buyers, repeatBuyers, rate }) => ({
      windowDays,
      buyers,
      repeatBuyers,
      rate
    })),
    cohorts: analysis.cohorts.slice(-12).map((c) => ({ ...c, retention: c.retention.slice(0, 13) })),
    reactivations: analysis.reactivations
      .filter((r) => (parseDayKey(r.day) ?? 0) > asOf - 30)
      .reverse()
      .slice(0, 100)
      .map((r) => {
        const nick = nickOf(r.buyerId)
        return nick ? { ...r, buyerNick: nick } : r
      }),
    churnRisk: analysis.churnRisk.slice(0, 100).map((r) => ({
      key: stored.get(r.buyerId)?.key ?? `${shop.key}:${r.buyerId}`,
      buyerId: r.buyerId,
      ...(r.buyerNick !== undefined || nickOf(r.buyerId)
        ? { buyerNick: r.buyerNick ?? nickOf(r.buyerId) }
        : {}),
      segment: r.segment,
      totalSpent: r.totalSpent,
      pAlive: r.pAlive,
      daysSinceLastOrder: r.daysSinceLastOrder
    }))
  }
  return { analysis, rows, summary }
}

export async function cachedSummary(db: HuikeDB, shopKey: ShopKey): Promise<OwnerSummary | null> {
  const row = await db.settings.get(summaryKey(shopKey))
  return (row?.value as OwnerSummary | undefined) ?? null
}

export async function saveSummary(db: HuikeDB, summary: OwnerSummary): Promise<void> {
  await db.settings.put({ key: summaryKey(summary.shopKey), value: summary })
}
