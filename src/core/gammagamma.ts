// Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, "The Gamma-Gamma model of monetary
// value"). Fitted on customers with x ≥ 1 repeat purchases and zbar = mean value of those repeat purchases
// (the CDNOW convention: the first purchase is left out). Needs q > 1 for a finite expected value.

import type { ModelResult } from "./bgnbd"
import { minimizeBfgs } from "./optimize"
import { digamma, lgamma } from "./special"

export interface GammaGammaParams {
  p: number
  q: number
  /** The paper's γ (lifetimes calls it v). */
  v: number
}

export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number
  customers: number
  iterations: number
}

/** Per-row data prepared once per fit: x and zbar, and the sums that do not depend on the parameters. */
export interface SpendData {
  x: Float64Array
  zbar: Float64Array
  /** Distinct x values and how many rows have each (the gamma-function terms depend on x only). */
  distinctX: Float64Array
  distinctCount: Float64Array
  sumXLnM: number
  sumLnM: number
  sumXLnX: number
}

export function prepareSpendData(x: ArrayLike<number>, zbar: ArrayLike<number>): SpendData {
  const counts = new Map<number, number>()
  let sumXLnM = 0
  let sumLnM = 0
  let sumXLnX = 0
  for (let i = 0; i < x.length; i++) {
    counts.set(x[i], (counts.get(x[i]) ?? 0) + 1)
    sumXLnM += x[i] * Math.log(zbar[i])
    sumLnM += Math.log(zbar[i])
    sumXLnX += x[i] * Math.log(x[i])
  }
  return {
    x: Float64Array.from(x),
    zbar: Float64Array.from(zbar),
    distinctX: Float64Array.from(counts.keys()),
    distinctCount: Float64Array.from(counts.values()),
    sumXLnM,
    sumLnM,
    sumXLnX
  }
}

/**
 * Log-likelihood and gradient over (p, q, v); rows must have x ≥ 1 and zbar > 0. Per row:
 * ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln v + (px − 1) ln zbar + px ln x − (px + q) ln(x·zbar + v).
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  data: SpendData,
  grad?: Float64Array
): number {
  const { p, q, v } = params
  const n = data.x.length
  const lnV = Math.log(v)
  let ll = n * (q * lnV - lgamma(q)) + p * data.sumXLnM - data.sumLnM + p * data.sumXLnX
  let gp = data.sumXLnM + data.sumXLnX
  let gq = n * (lnV - (grad ? digamma(q) : 0))
  let gv = (n * q) / v
  for (let k = 0; k < data.distinctX.length; k++) {
    const xk = data.distinctX[k]
    const c = data.distinctCount[k]
    const px = p * xk
    ll += c * (lgamma(px + q) - lgamma(px))
    if (grad) {
      const dpq = digamma(px + q)
      gp += c * xk * (dpq - digamma(px))
      gq += c * dpq
    }
  }
  const { x, zbar } = data
  for (let i = 0; i < n; i++) {
    const xi = x[i]
    const s = xi * zbar[i] + v
    const lnS = Math.log(s)
    const px = p * xi
    ll -= (px + q) * lnS
    gp -= xi * lnS
    gq -= lnS
    gv -= (px + q) / s
  }
  if (grad) {
    grad[0] = gp
    grad[1] = gq
    grad[2] = gv
  }
  return ll
}

/** Fits Gamma-Gamma on repeat buyers' (x, zbar); zbar in any money unit (the result's v is in that unit). */
export function fitGammaGamma(
  x: ArrayLike<number>,
  zbar: ArrayLike<number>,
  opts: { minCustomers?: number } = {}
): ModelResult<GammaGammaFit> {
  const xs: number[] = []
  const ms: number[] = []
  let sum = 0
  for (let i = 0; i < x.length; i++) {
    if (x[i] >= 1 && zbar[i] > 0 && Number.isFinite(zbar[i])) {
      xs.push(x[i])
      ms.push(zbar[i])
      sum += zbar[i]
    }
  }
  const n = xs.length
  const minCustomers = opts.minCustomers ?? 10
  if (n < minCustomers) {
    return {
      error: `not enough data: ${n} repeat buyers with a positive repeat spend (need ${minCustomers})`
    }
  }
  const data = prepareSpendData(xs, ms)
  let distinct = false
  for (let i = 1; i < n && !distinct; i++) if (ms[i] !== ms[0]) distinct = true
  if (!distinct) return { error: "not enough data: every repeat buyer spends the same, so spend cannot vary" }
  const grad = new Float64Array(3)
  const objective = (theta: Float64Array, g: Float64Array): number => {
    const params = { p: Math.exp(theta[0]), q: Math.exp(theta[1]), v: Math.exp(theta[2]) }
    if (![params.p, params.q, params.v].every((t) => t > 0 && Number.isFinite(t))) return Infinity
    const ll = gammaGammaLogLikelihood(params, data, grad)
    g[0] = (-grad[0] * params.p) / n
    g[1] = (-grad[1] * params.q) / n
    g[2] = (-grad[2] * params.v) / n
    return -ll / n
  }
  // Scale-free start: p = q = 2 with v set so the prior mean p·v/(q − 1) is the average zbar.
  const mean = sum / n
  const res = minimizeBfgs(objective, [Math.log(2), Math.log(2), Math.log(mean / 2)], { maxIterations: 400 })
  if (!Number.isFinite(res.f) || !res.converged) return { error: "Gamma-Gamma fit did not converge" }
  const [p, q, v] = Array.from(res.x, Math.exp)
  if (res.x.some((t) => Math.abs(t - Math.log(mean)) > 40) || p > 1e6 || q > 1e6) {
    return { error: "not enough data: Gamma-Gamma parameters run off to a boundary" }
  }
  if (!(q > 1)) return { error: "Gamma-Gamma fit has q ≤ 1: expected spend is unbounded for this data" }
  return { p, q, v, logLikelihood: -res.f * n, customers: n, iterations: res.iterations }
}

/** E[Z | p, q, v, x, zbar]: expected spend per transaction of a customer (eq. 5); the prior mean when x = 0. */
export function expectedAverageValue(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, v } = params
  if (!(x >= 1) || !(zbar > 0)) return (p * v) / (q - 1)
  return (p * (v + x * zbar)) / (p * x + q - 1)
}
