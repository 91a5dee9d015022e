// One shop's analysis: customers with figures, RFM, segment, member level and predicted value; the shop
// means and counts; model fits; daily figures, rolling repurchase, monthly cohorts, reactivations and the
// churn-risk list.
//
// Shop-level definitions (days in the shop's zone, valid purchases only):
// - Daily: orders that day; buyers = customers with a purchase that day; new buyers = those whose first
//   purchase is that day; returning = buyers − new; repurchase rate = returning ÷ buyers (0 on a day without
//   buyers).
// - Rolling N-day repurchase rate on day D, window D − N + 1 .. D: among customers who bought in the window,
//   the share who had bought before the window or bought on two or more days within it — equivalently,
//   buyers in the window with at least two purchase days up to D.
// - Cohorts: cohort = calendar month of the first purchase; retention[k] = share of the cohort buying in the
//   k-th month after it (k = 0 is the first-purchase month, always 1).
// - Reactivation: a purchase day that follows the customer's previous purchase day by at least
//   `reactivationDays` (default 90).
// - Churn risk: customers in an important-* segment or with total spent above the shop mean whose P(alive)
//   is below `churnThreshold` (default 0.5); highest spend first. Empty when BG/NBD could not be fitted.

import { compressSummary, fitBgNbd, type BgNbdFit, type ModelResult } from "./bgnbd"
import { NO_SEGMENT, scoreColumns, type CustomerColumns } from "./columns"
import { buildOrderTable, figuresFromColumns, type CustomerFigures, type SummarizeOptions } from "./customers"
import { fitGammaGamma, type GammaGammaFit } from "./gammagamma"
import { DEFAULT_LADDER, type MemberLadder } from "./levels"
import { customerRange, type CustomerRange } from "./prediction-range"
import { predictCustomer, HORIZON_DAYS, type CustomerPrediction, type PurchaseForecast } from "./predict"
import { minorDigits, SEGMENT_IDS, type SegmentId, type SegmentThresholds, type ShopMeans } from "./segments"
import { formatDayNumber, formatMonthIndex, monthIndexOfDay } from "./time"
import type { CapturedOrder } from "./types"

export interface AnalyzeOptions extends SummarizeOptions {
  /** Analyse this shop only; required when the orders span several shops. */
  shopId?: string
  ladder?: MemberLadder
  /** How R, F and M split high from low for the segments; the shop means by default. */
  segmentThresholds?: SegmentThresholds
  /** Days without a purchase after which a purchase counts as a reactivation (default 90). */
  reactivationDays?: number
  /** P(alive) below which a valuable customer is on the churn-risk list (default 0.5). */
  churnThreshold?: number
  /** Rolling repurchase windows in days (default 30, 60, 90). */
  rollingWindows?: readonly number[]
  /** Also give every prediction its 12-month range (prediction-range.ts); off by default: it costs time. */
  ranges?: boolean
}

export interface RfmScores {
  r: number
  f: number
  m: number
}

export interface LevelChangeEntry {
  /** "YYYY-MM-DD". */
  day: string
  from: string
  to: string
}

export interface CustomerPredictionView extends Omit<CustomerPrediction, "expectedNextOrderDay"> {
  /** "YYYY-MM-DD" or null. */
  expectedNextOrderDate: string | null
  /** The 12-month range of orders and value, when asked for (`ranges`) and the model was fitted. */
  range?: CustomerRange
}

export interface CustomerAnalysis extends CustomerFigures {
  /** Null for a customer without a valid purchase. */
  rfm: RfmScores | null
  /** e.g. "R5 F3 M4". */
  rfmLabel: string | null
  segment: SegmentId | null
  /** Level id in the ladder on the as-of day. */
  memberLevel: string
  levelHistory: LevelChangeEntry[]
  prediction: CustomerPredictionView | null
}

export interface DailyFigures {
  day: string
  orders: number
  buyers: number
  newBuyers: number
  returningBuyers: number
  repurchaseRate: number
}

export interface RollingRepurchase {
  windowDays: number
  /** Figures for the window ending on the as-of day. */
  buyers: number
  repeatBuyers: number
  rate: number
  /** One entry per day from the first purchase to the as-of day, for the window ending that day. */
  series: { day: string; buyers: number; repeatBuyers: number; rate: number }[]
}

export interface CohortRow {
  /** "YYYY-MM". */
  cohort: string
  size: number
  /** retention[k]: share of the cohort buying in month k after the cohort month. */
  retention: number[]
}

export interface Reactivation {
  buyerId: string
  day: string
  gapDays: number
}

export interface ChurnRiskEntry {
  buyerId: string
  buyerNick?: string
  segment: SegmentId
  totalSpent: number
  pAlive: number
  daysSinceLastOrder: number
}

export interface ModelFits {
  timeUnit: "week"
  bgnbd: ModelResult<BgNbdFit>
  /** v is in major currency units (e.g. dollars, yuan). */
  gammaGamma: ModelResult<GammaGammaFit>
  horizonDays: number
  discounting: "none"
}

export interface ShopAnalysis {
  shopId: string
  timeZone: string
  asOf: number
  asOfDay: string
  currency: string
  /** Valid purchases on or before the as-of day. */
  orders: number
  /** Customers seen (any order) on or before the as-of day. */
  customers: number
  /** Customers with at least one valid purchase. */
  buyers: number
  repeatCustomers: number
  /** repeatCustomers ÷ buyers. */
  repeatRate: number
  means: ShopMeans
  segments: Record<SegmentId, number>
  levels: Record<string, number>
  models: ModelFits
  customerList: CustomerAnalysis[]
  daily: DailyFigures[]
  rolling: RollingRepurchase[]
  cohorts: CohortRow[]
  reactivations: Reactivation[]
  churnRisk: ChurnRiskEntry[]
}

/** Analyses every shop in the orders, one ShopAnalysis per shop id (sorted). */
export function analyzeShops(orders: readonly CapturedOrder[], opts: AnalyzeOptions): ShopAnalysis[] {
  const shops = [...new Set(orders.map((o) => o.shopId))].sort()
  return shops.map((shopId) => analyzeShop(orders, { ...opts, shopId }))
}

/** Analyses one shop. Throws when the orders span several shops and `shopId` is not given. */
export function analyzeShop(orders: readonly CapturedOrder[], opts: AnalyzeOptions): ShopAnalysis {
  let shopId = opts.shopId
  if (shopId === undefined) {
    const shops = new Set(orders.map((o) => o.shopId))
    if (shops.size > 1) throw new Error(`orders span ${shops.size} shops; pass shopId or use analyzeShops`)
    shopId = shops.size === 1 ? [...shops][0] : ""
  }
  const mine = opts.shopId === undefined ? orders : orders.filter((o) => o.shopId === shopId)
  const ladder = opts.ladder ?? DEFAULT_LADDER
  const table = buildOrderTable(mine, opts)
  const nC = table.shopId.length
  const scored = scoreColumns(table.columns, {
    customerCount: nC,
    asOfDay: table.asOfDay,
    ladder,
    thresholds: opts.segmentThresholds
  })
  const figures = figuresFromColumns(table, scored)
  const currency = shopCurrency(table.currency)
  const moneyScale = 10 ** minorDigits(currency)
  const models = fitModels(scored, moneyScale)

  const reactivationDays = opts.reactivationDays ?? 90
  const churnThreshold = opts.churnThreshold ?? 0.5
  const asOfDay = table.asOfDay

  // Per-customer predictions, cached per (occasions, t_x, T): many customers share a history shape.
  const cache = new Map<string, PurchaseForecast>()
  const customerList: CustomerAnalysis[] = new Array(nC)
  const segments = Object.fromEntries(SEGMENT_IDS.map((id) => [id, 0])) as Record<SegmentId, number>
  const levels: Record<string, number> = Object.fromEntries(ladder.levels.map((l) => [l.id, 0]))
  let repeatCustomers = 0
  for (let c = 0; c < nC; c++) {
    const fig = figures[c]
    const has = scored.orders[c] > 0
    const seg = scored.segment[c] === NO_SEGMENT ? null : SEGMENT_IDS[scored.segment[c]]
    if (seg) segments[seg]++
    if (fig.repeatBuyer) repeatCustomers++
    const levelId = ladder.levels[scored.level[c]].id
    if (has) levels[levelId]++
    const history: LevelChangeEntry[] = []
    for (let k = scored.levelChangeStart[c]; k < scored.levelChangeStart[c + 1]; k++) {
      history.push({
        day: formatDayNumber(scored.levelChangeDay[k]),
        from: ladder.levels[scored.levelChangeFrom[k]].id,
        to: ladder.levels[scored.levelChangeTo[k]].id
      })
    }
    let prediction: CustomerPredictionView | null = null
    if (has) {
      const input = {
        occasions: scored.purchaseDays[c],
        firstDay: scored.firstDay[c],
        lastDay: scored.lastDay[c],
        asOfDay,
        totalSpent: scored.totalSpent[c],
        firstDaySpend: scored.firstDaySpend[c],
        orders: scored.orders[c]
      }
      const { expectedNextOrderDay, ...rest } = predictCustomer(
        input,
        models.bgnbd,
        models.gammaGamma,
        moneyScale,
        cache
      )
      prediction = {
        ...rest,
        expectedNextOrderDate: expectedNextOrderDay === null ? null : formatDayNumber(expectedNextOrderDay)
      }
      if (opts.ranges) {
        const range = customerRange(input, models.bgnbd, models.gammaGamma, moneyScale)
        if (range) prediction.range = range
      }
    }
    customerList[c] = {
      ...fig,
      rfm: has ? { r: scored.r[c], f: scored.f[c], m: scored.m[c] } : null,
      rfmLabel: has ? `R${scored.r[c]} F${scored.f[c]} M${scored.m[c]}` : null,
      segment: seg,
      memberLevel: levelId,
      levelHistory: history,
      prediction
    }
  }

  const churnRisk: ChurnRiskEntry[] = []
  for (const cust of customerList) {
    const p = cust.prediction
    if (!p || p.pAlive === null || cust.segment === null || cust.daysSinceLastOrder === null) continue
    const valuable = cust.segment.startsWith("important-") || cust.totalSpent > scored.means.totalSpent
    if (valuable && p.pAlive < churnThreshold) {
      const entry: ChurnRiskEntry = {
        buyerId: cust.buyerId,
        segment: cust.segment,
        totalSpent: cust.totalSpent,
        pAlive: p.pAlive,
        daysSinceLastOrder: cust.daysSinceLastOrder
      }
      if (cust.buyerNick !== undefined) entry.buyerNick = cust.buyerNick
      churnRisk.push(entry)
    }
  }
  churnRisk.sort((a, b) => b.totalSpent - a.totalSpent || a.pAlive - b.pAlive || cmp(a.buyerId, b.buyerId))

  const timeline = purchaseTimeline(scored)
  return {
    shopId: shopId ?? "",
    timeZone: opts.timeZone,
    asOf: opts.asOf,
    asOfDay: formatDayNumber(asOfDay),
    currency,
    orders: scored.orderIndex.length,
    customers: nC,
    buyers: scored.means.buyers,
    repeatCustomers,
    repeatRate: scored.means.buyers ? repeatCustomers / scored.means.buyers : 0,
    means: scored.means,
    segments,
    levels,
    models,
    customerList,
    daily: dailyFigures(scored, timeline),
    rolling: (opts.rollingWindows ?? [30, 60, 90]).map((w) => rollingRepurchase(scored, timeline, w)),
    cohorts: cohorts(scored, timeline),
    reactivations: reactivations(scored, timeline, table.buyerId, reactivationDays),
    churnRisk
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The most common currency among customers (ties: alphabetical); "CNY" for an empty shop. */
function shopCurrency(currencies: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const c of currencies) if (c) counts.set(c, (counts.get(c) ?? 0) + 1)
  let best = "CNY"
  let bestCount = 0
  for (const [c, n] of [...counts].sort((a, b) => cmp(a[0], b[0]))) {
    if (n > bestCount) {
      best = c
      bestCount = n
    }
  }
  return best
}

/** Fits BG/NBD (weeks) and Gamma-Gamma (major units) from scored columns. */
export function fitModels(scored: CustomerColumns, moneyScale: number): ModelFits {
  const nC = scored.customerCount
  const x: number[] = []
  const tx: number[] = []
  const T: number[] = []
  const ggX: number[] = []
  const ggZ: number[] = []
  for (let c = 0; c < nC; c++) {
    if (scored.orders[c] === 0) continue
    const xi = scored.purchaseDays[c] - 1
    x.push(xi)
    tx.push((scored.lastDay[c] - scored.firstDay[c]) / 7)
    T.push((scored.asOfDay - scored.firstDay[c]) / 7)
    if (xi > 0) {
      ggX.push(xi)
      ggZ.push((scored.totalSpent[c] - scored.firstDaySpend[c]) / xi / moneyScale)
    }
  }
  return {
    timeUnit: "week",
    bgnbd: fitBgNbd(compressSummary(x, tx, T)),
    gammaGamma: fitGammaGamma(ggX, ggZ),
    horizonDays: HORIZON_DAYS,
    discounting: "none"
  }
}

/** Distinct purchase days per customer (sorted), flattened: days of customer c are start[c] .. start[c+1]−1. */
interface Timeline {
  start: Int32Array
  day: Int32Array
  orders: Int32Array
  minDay: number
}

function purchaseTimeline(scored: CustomerColumns): Timeline {
  const nC = scored.customerCount
  const start = new Int32Array(nC + 1)
  let total = 0
  for (let c = 0; c < nC; c++) {
    start[c] = total
    total += scored.purchaseDays[c]
  }
  start[nC] = total
  const day = new Int32Array(total)
  const orders = new Int32Array(total)
  let minDay = scored.asOfDay
  const { orderStart, timelineDay } = scored
  for (let c = 0; c < nC; c++) {
    let k = start[c] - 1
    let last = Number.NaN
    for (let j = orderStart[c]; j < orderStart[c + 1]; j++) {
      const d = timelineDay[j]
      if (d !== last) {
        k++
        day[k] = d
        last = d
      }
      orders[k]++
    }
    if (scored.orders[c] > 0 && scored.firstDay[c] < minDay) minDay = scored.firstDay[c]
  }
  return { start, day, orders, minDay }
}

function dailyFigures(scored: CustomerColumns, tl: Timeline): DailyFigures[] {
  if (scored.means.buyers === 0) return []
  const span = scored.asOfDay - tl.minDay + 1
  const orders = new Int32Array(span)
  const buyers = new Int32Array(span)
  const newBuyers = new Int32Array(span)
  for (let c = 0; c < scored.customerCount; c++) {
    for (let k = tl.start[c]; k < tl.start[c + 1]; k++) {
      const i = tl.day[k] - tl.minDay
      orders[i] += tl.orders[k]
      buyers[i]++
      if (k === tl.start[c]) newBuyers[i]++
    }
  }
  const out: DailyFigures[] = new Array(span)
  for (let i = 0; i < span; i++) {
    const returning = buyers[i] - newBuyers[i]
    out[i] = {
      day: formatDayNumber(tl.minDay + i),
      orders: orders[i],
      buyers: buyers[i],
      newBuyers: newBuyers[i],
      returningBuyers: returning,
      repurchaseRate: buyers[i] ? returning / buyers[i] : 0
    }
  }
  return out
}

function rollingRepurchase(scored: CustomerColumns, tl: Timeline, windowDays: number): RollingRepurchase {
  if (!(windowDays >= 1) || !Number.isInteger(windowDays))
    throw new RangeError("rolling windows are whole days ≥ 1")
  if (scored.means.buyers === 0) return { windowDays, buyers: 0, repeatBuyers: 0, rate: 0, series: [] }
  const span = scored.asOfDay - tl.minDay + 1
  // Events per day: a purchase day enters the window that day and leaves it windowDays later.
  const nC = scored.customerCount
  const byDayStart = new Int32Array(span + 1)
  for (let k = 0; k < tl.day.length; k++) byDayStart[tl.day[k] - tl.minDay + 1]++
  for (let i = 0; i < span; i++) byDayStart[i + 1] += byDayStart[i]
  const customerOf = new Int32Array(tl.day.length)
  for (let c = 0; c < nC; c++) for (let k = tl.start[c]; k < tl.start[c + 1]; k++) customerOf[k] = c
  const entries = new Int32Array(tl.day.length)
  const fill = byDayStart.slice(0, span)
  for (let k = 0; k < tl.day.length; k++) entries[fill[tl.day[k] - tl.minDay]++] = k
  const inWindow = new Int32Array(nC)
  const upToNow = new Int32Array(nC)
  let buyers = 0
  let repeat = 0
  const isRepeat = (c: number): boolean => inWindow[c] >= 1 && upToNow[c] >= 2
  const series: RollingRepurchase["series"] = new Array(span)
  for (let i = 0; i < span; i++) {
    const leaving = i - windowDays
    if (leaving >= 0) {
      for (let e = byDayStart[leaving]; e < byDayStart[leaving + 1]; e++) {
        const c = customerOf[entries[e]]
        const was = isRepeat(c)
        inWindow[c]--
        if (inWindow[c] === 0) buyers--
        if (was && !isRepeat(c)) repeat--
      }
    }
    for (let e = byDayStart[i]; e < byDayStart[i + 1]; e++) {
      const c = customerOf[entries[e]]
      const was = isRepeat(c)
      if (inWindow[c] === 0) buyers++
      inWindow[c]++
      upToNow[c]++
      if (!was && isRepeat(c)) repeat++
    }
    series[i] = {
      day: formatDayNumber(tl.minDay + i),
      buyers,
      repeatBuyers: repeat,
      rate: buyers ? repeat / buyers : 0
    }
  }
  const last = series[span - 1]
  return { windowDays, buyers: last.buyers, repeatBuyers: last.repeatBuyers, rate: last.rate, series }
}

function cohorts(scored: CustomerColumns, tl: Timeline): CohortRow[] {
  if (scored.means.buyers === 0) return []
  const asOfMonth = monthIndexOfDay(scored.asOfDay)
  const firstMonth = monthIndexOfDay(tl.minDay)
  const nMonths = asOfMonth - firstMonth + 1
  const size = new Int32Array(nMonths)
  const active: Int32Array[] = []
  for (let m = 0; m < nMonths; m++) active.push(new Int32Array(nMonths - m))
  for (let c = 0; c < scored.customerCount; c++) {
    const s = tl.start[c]
    const e = tl.start[c + 1]
    if (s === e) continue
    const cohort = monthIndexOfDay(tl.day[s]) - firstMonth
    size[cohort]++
    let lastMonth = -1
    for (let k = s; k < e; k++) {
      const mo = monthIndexOfDay(tl.day[k]) - firstMonth
      if (mo !== lastMonth) {
        active[cohort][mo - cohort]++
        lastMonth = mo
      }
    }
  }
  const rows: CohortRow[] = []
  for (let m = 0; m < nMonths; m++) {
    if (size[m] === 0) continue
    rows.push({
      cohort: formatMonthIndex(firstMonth + m),
      size: size[m],
      retention: Array.from(active[m], (n) => n / size[m])
    })
  }
  return rows
}

function reactivations(
  scored: CustomerColumns,
  tl: Timeline,
  buyerIds: readonly string[],
  gapDays: number
): Reactivation[] {
  const out: Reactivation[] = []
  for (let c = 0; c < scored.customerCount; c++) {
    for (let k = tl.start[c] + 1; k < tl.start[c + 1]; k++) {
      const gap = tl.day[k] - tl.day[k - 1]
      if (gap >= gapDays) out.push({ buyerId: buyerIds[c], day: formatDayNumber(tl.day[k]), gapDays: gap })
    }
  }
  out.sort((a, b) => cmp(a.day, b.day) || cmp(a.buyerId, b.buyerId))
  return out
}
