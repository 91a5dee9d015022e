// How well the predictions held: the model check of Fader, Hardie & Lee (2005) and the lifetimes library.
// Fit BG/NBD and Gamma-Gamma on the orders before the holdout's first day (the calibration period), predict
// the holdout period, and compare with what the buyers did in it.
//
// Conventions (the paper's, and the engine's, see predict.ts):
// - A repeat purchase is a purchase occasion after the first: one per buyer per shop-time-zone day with a
//   valid purchase, however many orders that day holds. Spend per occasion is the day's net spend.
// - The check covers the calibration buyers: those whose first purchase is on or before the calibration's
//   last day. Buyers who first bought in the holdout are counted (`newInHoldout`) but not judged: the model
//   says nothing about them.
// - A purchase on day d happens at the start of d, as in the engine: T is measured to the start of the
//   calibration's last day, and the holdout (T, T + t] with t = (holdout's last day − calibration's last
//   day) / 7 weeks holds exactly the holdout's days.
// - Weekly curve (the paper's Figure 2): weeks counted from the first calibration buyer's first day; week k
//   ends with its 7th day (the last week may be shorter and ends on the holdout's last day). Actual = repeat
//   occasions up to that day; predicted = Σ over buyers of E[X(t)], t from their first day to that day,
//   with the calibration fit.
// - By repeat count (Figure 3): buyers grouped by calibration repeat occasions 0 … 6 and 7+, mean
//   E[Y(t) | x, t_x, T] against the mean of holdout occasions.
// - Spend: buyers with holdout occasions, Gamma-Gamma's E[Z | x, zbar] (zbar from calibration repeat
//   occasions; the population mean p·v/(q − 1) without any) against their mean holdout spend per occasion.
// - Whether a shop can be judged at all: at least MIN_CHECK_BUYERS buyers with a valid purchase and
//   MIN_CHECK_HISTORY_DAYS days from the first purchase to the as-of day (Klaviyo's published thresholds for
//   its predictive figures), and a holdout of at least MIN_HOLDOUT_DAYS.

import {
  compressSummary,
  conditionalExpectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  isModelError,
  type BgNbdFit,
  type ModelResult
} from "./bgnbd"
import { buildOrderTable } from "./customers"
import { expectedAverageValue, fitGammaGamma, type GammaGammaFit } from "./gammagamma"
import { minorDigits } from "./segments"
import { bucketerFor, formatDayNumber, parseDayKey } from "./time"
import type { CapturedOrder } from "./types"

/** Klaviyo's published thresholds for showing predictions: 500 buyers with orders, 180 days of history. */
export const MIN_CHECK_BUYERS = 500
export const MIN_CHECK_HISTORY_DAYS = 180
/** A holdout shorter than 8 weeks says little about a 12-month forecast. */
export const MIN_HOLDOUT_DAYS = 56
/** Repeat-count groups 0 … 6 and "7+". */
export const REPEAT_GROUPS = 8

export interface ModelCheckOptions {
  /** IANA zone of the shop's days. */
  timeZone: string
  /** The holdout's first day, "YYYY-MM-DD" in the shop's zone; the calibration is every day before it. */
  holdoutFrom: string
  /** UTC ms; its day in the shop's zone is the holdout's last day (included); later orders are ignored. */
  asOf: number
  /** Check this shop only (orders of other shops are left out). */
  shopId?: string
}

export interface RepeatCountRow {
  /** Calibration repeat occasions: "0" … "6", or "7+". */
  repeats: string
  buyers: number
  /** Mean predicted holdout occasions per buyer of the group. */
  meanPredicted: number
  /** Mean actual holdout occasions per buyer of the group. */
  meanActual: number
}

export interface WeekPoint {
  /** 1-based week from the first calibration purchase. */
  week: number
  /** The week's last day, "YYYY-MM-DD". */
  endDay: string
  /** True for weeks ending after the calibration. */
  holdout: boolean
  /** Cumulative repeat occasions of the calibration buyers up to the week's last day. */
  actual: number
  predicted: number
}

export interface PurchaseCheck {
  predicted: number
  actual: number
  /** (predicted − actual) ÷ actual; null when nothing happened in the holdout. */
  relativeError: number | null
  /** Mean over calibration buyers of |predicted − actual| holdout occasions. */
  meanAbsoluteError: number
}

export interface SpendCheck {
  /** Calibration buyers with at least one holdout occasion. */
  buyers: number
  /** Mean predicted spend per occasion, minor units. */
  meanPredicted: number
  /** Mean of the buyers' actual mean holdout spend per occasion, minor units. */
  meanActual: number
  /** (meanPredicted − meanActual) ÷ meanActual; null when meanActual is 0. */
  relativeError: number | null
  /** Mean of |predicted − actual| per buyer, minor units. */
  meanAbsoluteError: number
}

export interface ModelCheck {
  shopId: string
  timeZone: string
  currency: string
  convention: "one purchase occasion per buyer per day"
  /** First purchase day of the calibration buyers, "YYYY-MM-DD". */
  calibrationFrom: string
  calibrationTo: string
  holdoutFrom: string
  holdoutTo: string
  /** t of the prediction, weeks. */
  holdoutWeeks: number
  /** Calibration buyers (the ones judged). */
  buyers: number
  /** Buyers whose first purchase is in the holdout: not judged. */
  newInHoldout: number
  /** Fitted on the calibration period, weeks; v in major units. */
  bgnbd: ModelResult<BgNbdFit>
  gammaGamma: ModelResult<GammaGammaFit>
  /** Null when BG/NBD could not be fitted (the reason is in `bgnbd.error`). */
  purchases: PurchaseCheck | null
  byRepeatCount: RepeatCountRow[]
  weekly: WeekPoint[]
  /** Null when Gamma-Gamma could not be fitted or no calibration buyer bought in the holdout. */
  spend: SpendCheck | null
}

/** Why a shop cannot be judged yet; null when it can. */
export interface CheckReadiness {
  buyers: number
  historyDays: number
  /** Null when both thresholds are met. */
  reason: "too-few-buyers" | "too-young" | null
}

/** Buyers with a valid purchase and days of history of one shop's orders, against the thresholds. */
export function checkReadiness(
  buyers: number,
  firstPurchaseDay: number | null,
  asOfDay: number
): CheckReadiness {
  const historyDays = firstPurchaseDay === null ? 0 : asOfDay - firstPurchaseDay
  const reason =
    buyers < MIN_CHECK_BUYERS ? "too-few-buyers" : historyDays < MIN_CHECK_HISTORY_DAYS ? "too-young" : null
  return { buyers, historyDays, reason }
}

/**
 * The dashboard's default holdout: the last quarter of the shop's history, at least MIN_HOLDOUT_DAYS,
 * as its first day ("YYYY-MM-DD").
 */
export function defaultHoldoutFrom(firstPurchaseDay: number, asOfDay: number): string {
  const span = asOfDay - firstPurchaseDay + 1
  const days = Math.max(MIN_HOLDOUT_DAYS, Math.round(span / 4))
  return formatDayNumber(asOfDay - days + 1)
}

/** Per customer, the distinct valid purchase days (sorted) with each day's net spend, minor units. */
interface PurchaseDays {
  start: Int32Array
  day: Int32Array
  spend: Float64Array
  customers: number
}

function purchaseDaysOf(
  orders: readonly CapturedOrder[],
  timeZone: string,
  asOf: number
): {
  days: PurchaseDays
  asOfDay: number
  currency: string
} {
  const table = buildOrderTable(orders, { asOf, timeZone })
  const { customer, day, amount, refunded, purchase } = table.columns
  const n = table.shopId.length
  // Valid purchases grouped by customer (a counting sort), then by day within each customer (few orders each).
  const per = new Int32Array(n + 1)
  for (let i = 0; i < customer.length; i++) if (purchase[i]) per[customer[i] + 1]++
  for (let c = 0; c < n; c++) per[c + 1] += per[c]
  const idx = new Int32Array(per[n])
  const fill = per.slice(0, n)
  for (let i = 0; i < customer.length; i++) if (purchase[i]) idx[fill[customer[i]]++] = i
  for (let c = 0; c < n; c++) {
    if (per[c + 1] - per[c] > 32) {
      const group = idx.subarray(per[c], per[c + 1])
      group.set(Array.from(group).sort((i, j) => day[i] - day[j]))
      continue
    }
    for (let k = per[c] + 1; k < per[c + 1]; k++) {
      const v = idx[k]
      let j = k - 1
      while (j >= per[c] && day[idx[j]] > day[v]) {
        idx[j + 1] = idx[j]
        j--
      }
      idx[j + 1] = v
    }
  }
  const start = new Int32Array(n + 1)
  const outDay: number[] = []
  const outSpend: number[] = []
  let k = 0
  for (let c = 0; c < n; c++) {
    start[c] = outDay.length
    while (k < idx.length && customer[idx[k]] === c) {
      const i = idx[k++]
      const net = amount[i] - refunded[i]
      if (outDay.length > start[c] && outDay[outDay.length - 1] === day[i])
        outSpend[outSpend.length - 1] += net
      else {
        outDay.push(day[i])
        outSpend.push(net)
      }
    }
  }
  start[n] = outDay.length
  const counts = new Map<string, number>()
  for (const c of table.currency) if (c) counts.set(c, (counts.get(c) ?? 0) + 1)
  let currency = "CNY"
  let best = 0
  for (const [c, m] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (m > best) {
      best = m
      currency = c
    }
  }
  return {
    days: { start, day: Int32Array.from(outDay), spend: Float64Array.from(outSpend), customers: n },
    asOfDay: table.asOfDay,
    currency
  }
}

/** Buyers with a valid purchase and the first purchase day, for `checkReadiness`. */
export function shopHistory(
  orders: readonly CapturedOrder[],
  opts: { timeZone: string; asOf: number }
): { buyers: number; firstPurchaseDay: number | null; asOfDay: number } {
  const { days, asOfDay } = purchaseDaysOf(orders, opts.timeZone, opts.asOf)
  let buyers = 0
  let first: number | null = null
  for (let c = 0; c < days.customers; c++) {
    if (days.start[c + 1] === days.start[c]) continue
    buyers++
    const d = days.day[days.start[c]]
    if (first === null || d < first) first = d
  }
  return { buyers, firstPurchaseDay: first, asOfDay }
}

/** The model check of one shop's orders (see the file comment). Throws on a holdout outside the history. */
export function checkModel(orders: readonly CapturedOrder[], opts: ModelCheckOptions): ModelCheck {
  const shops = new Set(orders.map((o) => o.shopId))
  const shopId = opts.shopId ?? (shops.size === 1 ? [...shops][0] : "")
  if (opts.shopId === undefined && shops.size > 1)
    throw new Error(`orders span ${shops.size} shops; pass shopId`)
  const mine = opts.shopId === undefined ? orders : orders.filter((o) => o.shopId === shopId)
  const holdoutFromDay = parseDayKey(opts.holdoutFrom)
  if (holdoutFromDay === null)
    throw new RangeError(`holdout start must be a date YYYY-MM-DD, not "${opts.holdoutFrom}"`)
  const asOfDay = bucketerFor(opts.timeZone).dayNumber(opts.asOf)
  if (holdoutFromDay > asOfDay)
    throw new RangeError(
      `the holdout starts (${opts.holdoutFrom}) after its last day (${formatDayNumber(asOfDay)})`
    )
  const { days, currency } = purchaseDaysOf(mine, opts.timeZone, opts.asOf)
  const calEnd = holdoutFromDay - 1
  const holdoutWeeks = (asOfDay - calEnd) / 7
  const moneyScale = 10 ** minorDigits(currency)

  // Calibration summaries and holdout outcomes of the calibration buyers.
  const x: number[] = []
  const txDays: number[] = []
  const TDays: number[] = []
  const firstDays: number[] = []
  const holdoutCount: number[] = []
  const holdoutSpend: number[] = []
  const ggX: number[] = []
  const ggZ: number[] = []
  const zbarOf: number[] = []
  let newInHoldout = 0
  let firstCalDay = Infinity
  for (let c = 0; c < days.customers; c++) {
    const s = days.start[c]
    const e = days.start[c + 1]
    if (s === e) continue
    const first = days.day[s]
    if (first > calEnd) {
      newInHoldout++
      continue
    }
    let last = first
    let repeats = 0
    let repeatSpend = 0
    let inHoldout = 0
    let spendHoldout = 0
    for (let k = s + 1; k < e; k++) {
      if (days.day[k] <= calEnd) {
        repeats++
        repeatSpend += days.spend[k]
        last = days.day[k]
      } else {
        inHoldout++
        spendHoldout += days.spend[k]
      }
    }
    x.push(repeats)
    txDays.push(last - first)
    TDays.push(calEnd - first)
    firstDays.push(first)
    holdoutCount.push(inHoldout)
    holdoutSpend.push(spendHoldout)
    const zbar = repeats > 0 ? repeatSpend / repeats / moneyScale : 0
    zbarOf.push(zbar)
    if (repeats > 0) {
      ggX.push(repeats)
      ggZ.push(zbar)
    }
    if (first < firstCalDay) firstCalDay = first
  }
  const buyers = x.length
  if (buyers === 0) throw new RangeError(`no buyer bought before the holdout (${opts.holdoutFrom})`)

  const bgnbd = fitBgNbd(
    compressSummary(
      x,
      txDays.map((d) => d / 7),
      TDays.map((d) => d / 7)
    )
  )
  const gammaGamma = fitGammaGamma(ggX, ggZ)

  const check: ModelCheck = {
    shopId,
    timeZone: opts.timeZone,
    currency,
    convention: "one purchase occasion per buyer per day",
    calibrationFrom: formatDayNumber(firstCalDay),
    calibrationTo: formatDayNumber(calEnd),
    holdoutFrom: formatDayNumber(holdoutFromDay),
    holdoutTo: formatDayNumber(asOfDay),
    holdoutWeeks,
    buyers,
    newInHoldout,
    bgnbd,
    gammaGamma,
    purchases: null,
    byRepeatCount: [],
    weekly: [],
    spend: null
  }

  const predicted = new Float64Array(buyers)
  if (!isModelError(bgnbd)) {
    const cache = new Map<string, number>()
    let sumPred = 0
    let sumActual = 0
    let sumAbs = 0
    const groupBuyers = new Float64Array(REPEAT_GROUPS)
    const groupPred = new Float64Array(REPEAT_GROUPS)
    const groupActual = new Float64Array(REPEAT_GROUPS)
    for (let i = 0; i < buyers; i++) {
      const key = `${x[i]},${txDays[i]},${TDays[i]}`
      let e = cache.get(key)
      if (e === undefined) {
        e = conditionalExpectedPurchases(bgnbd, holdoutWeeks, x[i], txDays[i] / 7, TDays[i] / 7)
        cache.set(key, e)
      }
      predicted[i] = e
      sumPred += e
      sumActual += holdoutCount[i]
      sumAbs += Math.abs(e - holdoutCount[i])
      const g = Math.min(x[i], REPEAT_GROUPS - 1)
      groupBuyers[g]++
      groupPred[g] += e
      groupActual[g] += holdoutCount[i]
    }
    check.purchases = {
      predicted: sumPred,
      actual: sumActual,
      relativeError: sumActual > 0 ? (sumPred - sumActual) / sumActual : null,
      meanAbsoluteError: sumAbs / buyers
    }
    check.byRepeatCount = Array.from({ length: REPEAT_GROUPS }, (_, g) => ({
      repeats: g === REPEAT_GROUPS - 1 ? `${g}+` : String(g),
      buyers: groupBuyers[g],
      meanPredicted: groupBuyers[g] ? groupPred[g] / groupBuyers[g] : 0,
      meanActual: groupBuyers[g] ? groupActual[g] / groupBuyers[g] : 0
    }))
    check.weekly = weeklyCurve(bgnbd, days, firstDays, firstCalDay, calEnd, asOfDay)
  }

  if (!isModelError(gammaGamma)) {
    let n = 0
    let sumPred = 0
    let sumActual = 0
    let sumAbs = 0
    for (let i = 0; i < buyers; i++) {
      if (holdoutCount[i] === 0) continue
      const pred = expectedAverageValue(gammaGamma, x[i], zbarOf[i]) * moneyScale
      const actual = holdoutSpend[i] / holdoutCount[i]
      n++
      sumPred += pred
      sumActual += actual
      sumAbs += Math.abs(pred - actual)
    }
    if (n > 0) {
      check.spend = {
        buyers: n,
        meanPredicted: sumPred / n,
        meanActual: sumActual / n,
        relativeError: sumActual > 0 ? (sumPred - sumActual) / sumActual : null,
        meanAbsoluteError: sumAbs / n
      }
    }
  }
  return check
}

/** Cumulative repeat occasions per week, actual and predicted, of the calibration buyers. */
function weeklyCurve(
  p: BgNbdFit,
  days: PurchaseDays,
  firstDays: readonly number[],
  start: number,
  calEnd: number,
  asOfDay: number
): WeekPoint[] {
  const span = asOfDay - start + 1
  // Repeat occasions per day, and buyers per first day (day offsets from `start`).
  const repeatsOn = new Float64Array(span)
  const firstOn = new Float64Array(span)
  for (const f of firstDays) firstOn[f - start]++
  for (let c = 0; c < days.customers; c++) {
    const s = days.start[c]
    const e = days.start[c + 1]
    if (s === e || days.day[s] > calEnd) continue
    for (let k = s + 1; k < e; k++) repeatsOn[days.day[k] - start]++
  }
  // E[X(d/7)] depends only on the days since the first purchase: computed once per day.
  const expected = new Float64Array(span)
  for (let d = 1; d < span; d++) expected[d] = expectedPurchasesNewCustomer(p, d / 7)
  const firstList: number[] = []
  for (let d = 0; d < span; d++) if (firstOn[d] > 0) firstList.push(d)
  const weeks = Math.ceil(span / 7)
  const out: WeekPoint[] = []
  let actual = 0
  let counted = -1
  for (let w = 1; w <= weeks; w++) {
    const end = Math.min(w * 7 - 1, span - 1)
    while (counted < end) actual += repeatsOn[++counted]
    let predicted = 0
    for (const f of firstList) {
      if (f > end) break
      predicted += firstOn[f] * expected[end - f]
    }
    out.push({
      week: w,
      endDay: formatDayNumber(start + end),
      holdout: start + end > calEnd,
      actual,
      predicted
    })
  }
  return out
}

/** "predicted 1,654 repeat purchases, 1,882 happened: 12% under" and its parts, for any language. */
export function verdictParts(check: ModelCheck): {
  predicted: number
  actual: number
  percent: number
  direction: "under" | "over" | "exact"
} | null {
  if (!check.purchases || check.purchases.relativeError === null) return null
  const rel = check.purchases.relativeError
  const percent = Math.round(Math.abs(rel) * 100)
  return {
    predicted: Math.round(check.purchases.predicted),
    actual: check.purchases.actual,
    percent,
    direction: percent === 0 ? "exact" : rel < 0 ? "under" : "over"
  }
}
