// Predicted customer value from the fitted BG/NBD and Gamma-Gamma models (Klaviyo-style figures).
//
// Definitions:
// - Models work in weeks; a purchase occasion is a shop-time-zone calendar day with a valid purchase.
//   x = occasions − 1, t_x = (last day − first day) / 7, T = (as-of day − first day) / 7: ages are measured
//   to the start of the as-of day.
// - Expected order value = Gamma-Gamma E[Z | x, zbar] with zbar the mean net spend of the repeat occasions
//   (first occasion left out); the population mean p·v/(q − 1) for a customer without repeat purchases.
// - Predicted orders over 365 days = BG/NBD E[Y(365/7) | x, t_x, T]; predicted value = that × expected
//   order value. CLV 12 months = predicted 365-day value, undiscounted (no discounting, stated on purpose:
//   one year of a small shop's sales is not worth discounting against the noise of the models).
// - Churn probability = 1 − P(alive).
// - Expected next order date = the as-of day + k, with k the smallest whole number of days for which the
//   model expects at least one purchase within k days of the start of the as-of day; null when fewer than
//   one purchase is expected within 365 days.

import {
  conditionalExpectedPurchases,
  isModelError,
  probabilityAlive,
  type BgNbdParams,
  type ModelResult
} from "./bgnbd"
import { expectedAverageValue, type GammaGammaParams } from "./gammagamma"

export const HORIZON_DAYS = 365

export interface CustomerPrediction {
  /** P(alive) from BG/NBD; null when the model could not be fitted. */
  pAlive: number | null
  churnProbability: number | null
  expectedPurchases90d: number | null
  predictedOrders365: number | null
  /** Expected value of a future order, minor units (Gamma-Gamma). */
  expectedOrderValue: number | null
  /** predictedOrders365 × expectedOrderValue, minor units. */
  predictedValue365: number | null
  /** Same as predictedValue365: 12-month CLV, undiscounted. */
  clv12m: number | null
  /** Spend so far, net of refunds, minor units. */
  historicValue: number
  /** historicValue + predictedValue365. */
  totalValue: number | null
  /** (last − first purchase day) ÷ (occasions − 1); null for a one-time buyer. */
  averageDaysBetweenOrders: number | null
  averageOrderValue: number
  /** Local day number of the expected next order (see file comment), or null. */
  expectedNextOrderDay: number | null
}

export interface PredictionInput {
  /** Purchase occasions. */
  occasions: number
  firstDay: number
  lastDay: number
  asOfDay: number
  /** Net spend, minor units. */
  totalSpent: number
  /** Net spend on the first purchase day, minor units. */
  firstDaySpend: number
  orders: number
}

/** The BG/NBD part of a prediction, which depends only on (x, t_x, T). */
export interface PurchaseForecast {
  pAlive: number
  expectedPurchases90d: number
  predictedOrders365: number
  /** Days after the as-of day, or null. */
  nextOrderInDays: number | null
}

export function forecastPurchases(p: BgNbdParams, x: number, tx: number, T: number): PurchaseForecast {
  const pAlive = clamp01(probabilityAlive(p, x, tx, T))
  const e90 = finite(conditionalExpectedPurchases(p, 90 / 7, x, tx, T))
  const e365 = finite(conditionalExpectedPurchases(p, HORIZON_DAYS / 7, x, tx, T))
  let next: number | null = null
  if (e365 >= 1) {
    let lo = 0
    let hi = HORIZON_DAYS
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if (conditionalExpectedPurchases(p, mid / 7, x, tx, T) >= 1) hi = mid
      else lo = mid
    }
    next = hi
  }
  return { pAlive, expectedPurchases90d: e90, predictedOrders365: e365, nextOrderInDays: next }
}

/**
 * Predicts one customer's figures; `moneyScale` converts minor units to the unit Gamma-Gamma was fitted in.
 * `cache` (keyed by occasions, t_x and T in days) shares the BG/NBD work between customers with the same history.
 */
export function predictCustomer(
  input: PredictionInput,
  bgnbd: ModelResult<BgNbdParams>,
  gammaGamma: ModelResult<GammaGammaParams>,
  moneyScale: number,
  cache?: Map<string, PurchaseForecast>
): CustomerPrediction {
  const { occasions, firstDay, lastDay, asOfDay, totalSpent, firstDaySpend, orders } = input
  const x = Math.max(0, occasions - 1)
  const averageOrderValue = orders > 0 ? totalSpent / orders : 0
  const averageDaysBetweenOrders = x > 0 ? (lastDay - firstDay) / x : null
  let forecast: PurchaseForecast | null = null
  if (!isModelError(bgnbd)) {
    const key = `${x},${lastDay - firstDay},${asOfDay - firstDay}`
    forecast = cache?.get(key) ?? null
    if (forecast === null) {
      forecast = forecastPurchases(bgnbd, x, (lastDay - firstDay) / 7, (asOfDay - firstDay) / 7)
      cache?.set(key, forecast)
    }
  }
  let expectedOrderValue: number | null = null
  if (!isModelError(gammaGamma)) {
    const zbar = x > 0 ? (totalSpent - firstDaySpend) / x / moneyScale : 0
    expectedOrderValue = finite(expectedAverageValue(gammaGamma, x, zbar) * moneyScale)
  }
  const e365 = forecast ? forecast.predictedOrders365 : null
  const predictedValue365 = e365 !== null && expectedOrderValue !== null ? e365 * expectedOrderValue : null
  return {
    pAlive: forecast ? forecast.pAlive : null,
    churnProbability: forecast ? 1 - forecast.pAlive : null,
    expectedPurchases90d: forecast ? forecast.expectedPurchases90d : null,
    predictedOrders365: e365,
    expectedOrderValue,
    predictedValue365,
    clv12m: predictedValue365,
    historicValue: totalSpent,
    totalValue: predictedValue365 === null ? null : totalSpent + predictedValue365,
    averageDaysBetweenOrders,
    averageOrderValue,
    expectedNextOrderDay:
      forecast && forecast.nextOrderInDays !== null ? asOfDay + forecast.nextOrderInDays : null
  }
}

const finite = (v: number): number => (Number.isFinite(v) ? v : 0)
const clamp01 = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0)
