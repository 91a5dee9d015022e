// Layer: figures. The shop means a buyer's segment is measured against (src/core's definition: over customers
// with a purchase). They take a scan of the shop's customers, so they are cached per shop and refreshed off the
// lookup path: a lookup answers with the cached means (at first those of the shop's last full scoring), and a
// refresh runs once lookups pause, at most every MEANS_REFRESH_MS after the shop changed. A shop whose scan is
// quick is simply rescanned when it changed.
import {
  bucketerFor,
  calendarDaysSince,
  segmentOf,
  SEGMENT_IDS,
  type SegmentId,
  type ShopMeans
} from "../../core"
import type { CustomerRecord, HuikeDB, ShopKey } from "../schema/database"
import { activeScoringSettings } from "../schema/owner-settings"

const MEANS_TTL_MS = 60_000
const MEANS_REFRESH_MS = 15_000
const MEANS_IDLE_MS = 1_000
const QUICK_SCAN_MS = 30

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
