// How sure a buyer's prediction is: the BG/NBD conditional distribution of the number of purchases in the
// next t weeks, P(Y(t) = y | x, t_x, T) (Fader, Hardie & Lee, "Deriving the conditional PMF of the BG/NBD
// model", 2007/2008 note), and a range of it (by default the 10th to the 90th percentile) for orders and
// value, so a card reads "2–5 orders, ¥900–¥2,300" instead of a single figure the model cannot promise.
//
// Derivation (per buyer with purchase rate λ and drop-out probability p, then integrated over the gamma(r, α)
// and beta(a, b) mixing distributions, divided by the likelihood of the buyer's history):
//   alive at T (weight (1−p)^x λ^x e^{−λT}): the future is a fresh BG/NBD process over t;
//   dropped out right after the last purchase (weight p(1−p)^{x−1} λ^x e^{−λ t_x}, x > 0 only): Y = 0.
// With q = t/(α+T+t), every term below is scaled by (α+T)^{r+x} Γ(r)/(Γ(r+x) α^r B(a,b)):
//   A1(y) = B(a, b+x+y) · NB(y; r+x, q)                      [still alive at T+t, y purchases]
//   A2(y) = B(a+1, b+x+y−1) · P(NB(r+x, q) ≥ y), y > 0       [alive at T, y purchases, then dropped out]
//   D     = B(a+1, b+x−1) · ((α+T)/(α+t_x))^{r+x}, x > 0     [dropped out before T]
//   P(Y(t)=y) = (A1(y) + A2(y) + δ(y=0) D) / (B(a, b+x) + D)
// The probabilities sum to 1 and their mean is the conditional expectation (test/core/prediction-range.test.ts
// checks both against conditionalExpectedPurchases).

import { isModelError, type BgNbdParams, type ModelResult } from "./bgnbd"
import { expectedAverageValue, type GammaGammaParams } from "./gammagamma"
import { HORIZON_DAYS, type PredictionInput } from "./predict"
import { lbeta } from "./special"

/** A range of a prediction; `low` and `high` are percentiles of the model's distribution. */
export interface PredictionRange {
  low: number
  high: number
}

/** The percentiles a range spans (10th to 90th: eight buyers in ten land inside it, if the model holds). */
export const RANGE_LOW = 0.1
export const RANGE_HIGH = 0.9

/** Stops the walk up the distribution where the buyer's remaining mass is negligible. */
const MAX_PURCHASES = 100_000

/**
 * P(Y(t) = y | x, t_x, T) for y = 0, 1, …, calling `visit(y, probability)` until it returns false (or
 * the mass left is below 1e-12). Time in the model's unit (weeks for the engine).
 */
export function walkConditionalPurchases(
  p: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
  visit: (y: number, probability: number) => boolean
): void {
  const { r, alpha, a, b } = p
  const rx = r + x
  const lnBase = lbeta(a, b + x)
  const dead =
    x > 0 ? Math.exp(lbeta(a + 1, b + x - 1) - lnBase + rx * (Math.log(alpha + T) - Math.log(alpha + tx))) : 0
  const norm = 1 + dead
  if (!(t > 0)) {
    visit(0, 1)
    return
  }
  const lnQ = Math.log(t) - Math.log(alpha + T + t)
  const lnOneMinusQ = Math.log(alpha + T) - Math.log(alpha + T + t)
  // NB(y; r+x, q) = Γ(r+x+y)/(Γ(r+x) y!) q^y (1−q)^{r+x}, walked up by its ratio; its lower tail sum for A2.
  let lnNb = rx * lnOneMinusQ
  let nbBelow = 0
  let total = 0
  for (let y = 0; y <= MAX_PURCHASES; y++) {
    if (y > 0) lnNb += Math.log(rx + y - 1) + lnQ - Math.log(y)
    const nb = Math.exp(lnNb)
    const a1 = Math.exp(lbeta(a, b + x + y) - lnBase) * nb
    const a2 = y > 0 ? Math.exp(lbeta(a + 1, b + x + y - 1) - lnBase) * Math.max(0, 1 - nbBelow) : 0
    const prob = (a1 + a2 + (y === 0 ? dead : 0)) / norm
    nbBelow += nb
    total += prob
    if (!visit(y, prob) || 1 - total < 1e-12) return
  }
}

/** P(Y(t) = y | x, t_x, T): one value of the conditional distribution. */
export function conditionalProbabilityOfPurchases(
  p: BgNbdParams,
  t: number,
  y: number,
  x: number,
  tx: number,
  T: number
): number {
  let out = 0
  walkConditionalPurchases(p, t, x, tx, T, (k, prob) => {
    if (k === y) out = prob
    return k < y
  })
  return out
}

/**
 * The `low`–`high` percentiles of the number of purchases in the next t weeks: the smallest y whose
 * cumulative probability reaches each. Whole numbers.
 */
export function purchaseRange(
  p: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
  low = RANGE_LOW,
  high = RANGE_HIGH
): PredictionRange {
  let cdf = 0
  let lo = -1
  let hi = -1
  let last = 0
  walkConditionalPurchases(p, t, x, tx, T, (y, prob) => {
    cdf += prob
    last = y
    // A hair of tolerance: rounding must not push a 90% boundary that is exactly met one purchase up.
    if (lo < 0 && cdf >= low - 1e-12) lo = y
    if (hi < 0 && cdf >= high - 1e-12) hi = y
    return hi < 0
  })
  // The walk ends early only when the mass left is negligible: the last value reached is the top.
  if (lo < 0) lo = last
  if (hi < 0) hi = last
  return { low: lo, high: hi }
}

/** A buyer's 12-month range: orders (whole numbers) and value (minor units, orders × expected order value). */
export interface CustomerRange {
  orders365: PredictionRange
  /** Null when Gamma-Gamma could not be fitted. */
  value365: PredictionRange | null
}

/**
 * The 12-month range of one buyer, from the same inputs as `predictCustomer` (computed on read: it needs only
 * the buyer's stored figures and the shop's fitted parameters). Null when BG/NBD could not be fitted or the
 * buyer has no purchase.
 */
export function customerRange(
  input: PredictionInput,
  bgnbd: ModelResult<BgNbdParams>,
  gammaGamma: ModelResult<GammaGammaParams>,
  moneyScale: number
): CustomerRange | null {
  if (isModelError(bgnbd) || input.occasions < 1) return null
  const x = input.occasions - 1
  const orders365 = purchaseRange(
    bgnbd,
    HORIZON_DAYS / 7,
    x,
    (input.lastDay - input.firstDay) / 7,
    (input.asOfDay - input.firstDay) / 7
  )
  let value365: PredictionRange | null = null
  if (!isModelError(gammaGamma)) {
    const zbar = x > 0 ? (input.totalSpent - input.firstDaySpend) / x / moneyScale : 0
    const orderValue = expectedAverageValue(gammaGamma, x, zbar) * moneyScale
    if (Number.isFinite(orderValue))
      value365 = { low: orders365.low * orderValue, high: orders365.high * orderValue }
  }
  return { orders365, value365 }
}
