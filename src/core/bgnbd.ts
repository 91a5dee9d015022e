// BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting your customers the easy way").
// Per customer: x repeat purchase occasions, t_x time from the first to the last purchase, T time from the
// first purchase to the end of calibration; the time unit is the caller's (the engine uses weeks).
// The likelihood is summed over unique (x, t_x, T) rows with counts, and maximised in log-parameter space
// with analytic gradients (see optimize.ts).

import { minimizeBfgs } from "./optimize"
import { hyp2f1, lbeta, lgamma } from "./special"

export interface BgNbdParams {
  r: number
  alpha: number
  a: number
  b: number
}

export interface BgNbdFit extends BgNbdParams {
  logLikelihood: number
  /** Customers the fit used. */
  customers: number
  iterations: number
}

export type ModelResult<T> = T | { error: string }

export const isModelError = <T extends object>(m: ModelResult<T>): m is { error: string } => "error" in m

/** Unique (x, t_x, T) rows with their counts, and each row's index into the distinct t_x and T values. */
export interface RfSummary {
  x: Float64Array
  tx: Float64Array
  T: Float64Array
  count: Float64Array
  txValues: Float64Array
  txIndex: Int32Array
  TValues: Float64Array
  TIndex: Int32Array
}

function distinctIndex(values: Float64Array): [Float64Array, Int32Array] {
  const index = new Map<number, number>()
  const out = new Int32Array(values.length)
  for (let i = 0; i < values.length; i++) {
    let k = index.get(values[i])
    if (k === undefined) {
      k = index.size
      index.set(values[i], k)
    }
    out[i] = k
  }
  return [Float64Array.from(index.keys()), out]
}

/** Collapses per-customer (x, t_x, T) into unique rows with counts (the fast way to fit). */
export function compressSummary(
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  T: ArrayLike<number>,
  weight?: ArrayLike<number>
): RfSummary {
  const index = new Map<string, number>()
  const rx: number[] = []
  const rtx: number[] = []
  const rT: number[] = []
  const rc: number[] = []
  for (let i = 0; i < x.length; i++) {
    const key = x[i] + "," + tx[i] + "," + T[i]
    const k = index.get(key)
    const w = weight ? weight[i] : 1
    if (k === undefined) {
      index.set(key, rx.length)
      rx.push(x[i])
      rtx.push(tx[i])
      rT.push(T[i])
      rc.push(w)
    } else {
      rc[k] += w
    }
  }
  const txArr = Float64Array.from(rtx)
  const TArr = Float64Array.from(rT)
  const [txValues, txIndex] = distinctIndex(txArr)
  const [TValues, TIndex] = distinctIndex(TArr)
  return {
    x: Float64Array.from(rx),
    tx: txArr,
    T: TArr,
    count: Float64Array.from(rc),
    txValues,
    txIndex,
    TValues,
    TIndex
  }
}

/**
 * Total log-likelihood and its gradient with respect to (r, α, a, b). `x` values must be whole numbers:
 * ln Γ(r + x) − ln Γ(r) and friends are sums over k < x, computed once per evaluation for every x, and the
 * logarithms of α + t_x and α + T once per distinct value. Per row (paper eq. 6):
 * ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 *   + ln[(α+T)^−(r+x) + δ(x>0) a/(b+x−1) (α+t_x)^−(r+x)].
 */
export function bgnbdLogLikelihood(p: BgNbdParams, data: RfSummary, grad?: Float64Array): number {
  const { r, alpha, a, b } = p
  let maxX = 0
  for (let i = 0; i < data.x.length; i++) if (data.x[i] > maxX) maxX = data.x[i]
  // Cumulative sums over k < x of ln(r+k), 1/(r+k), ln(b+k), 1/(b+k), ln(a+b+k), 1/(a+b+k).
  const lnR = new Float64Array(maxX + 1)
  const invR = new Float64Array(maxX + 1)
  const lnB = new Float64Array(maxX + 1)
  const invB = new Float64Array(maxX + 1)
  const lnAB = new Float64Array(maxX + 1)
  const invAB = new Float64Array(maxX + 1)
  const lnBx1 = new Float64Array(maxX + 1)
  for (let k = 0; k < maxX; k++) {
    lnR[k + 1] = lnR[k] + Math.log(r + k)
    invR[k + 1] = invR[k] + 1 / (r + k)
    lnB[k + 1] = lnB[k] + Math.log(b + k)
    invB[k + 1] = invB[k] + 1 / (b + k)
    lnAB[k + 1] = lnAB[k] + Math.log(a + b + k)
    invAB[k + 1] = invAB[k] + 1 / (a + b + k)
    lnBx1[k + 1] = Math.log(b + k)
  }
  const lnTx = new Float64Array(data.txValues.length)
  for (let k = 0; k < lnTx.length; k++) lnTx[k] = Math.log(alpha + data.txValues[k])
  const lnT = new Float64Array(data.TValues.length)
  for (let k = 0; k < lnT.length; k++) lnT[k] = Math.log(alpha + data.TValues[k])
  const lnAlpha = Math.log(alpha)
  const lnA = Math.log(a)
  let ll = 0
  let gr = 0
  let gAlpha = 0
  let ga = 0
  let gb = 0
  const { x: xs, tx: txs, T: Ts, count, txIndex, TIndex } = data
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]
    const n = count[i]
    const lnAT = lnT[TIndex[i]]
    const a3 = -(r + x) * lnAT
    let rowLl = lnR[x] + r * lnAlpha + lnB[x] - lnAB[x]
    if (x > 0) {
      const lnAtx = lnTx[txIndex[i]]
      const a4 = lnA - lnBx1[x] - (r + x) * lnAtx
      // l = ln(e^a3 + e^a4); w3, w4 are the two terms' shares of the sum.
      const d = a4 - a3
      let l: number
      let w3: number
      if (d > 0) {
        const e = Math.exp(-d)
        l = a4 + Math.log1p(e)
        w3 = e / (1 + e)
      } else {
        const e = Math.exp(d)
        l = a3 + Math.log1p(e)
        w3 = 1 / (1 + e)
      }
      const w4 = 1 - w3
      rowLl += l
      if (grad) {
        gr += n * (invR[x] + lnAlpha - w3 * lnAT - w4 * lnAtx)
        gAlpha += n * (r / alpha - (r + x) * (w3 / (alpha + Ts[i]) + w4 / (alpha + txs[i])))
        ga += n * (-invAB[x] + w4 / a)
        gb += n * (-invAB[x] + invB[x] - w4 / (b + x - 1))
      }
    } else {
      rowLl += a3
      if (grad) {
        gr += n * (lnAlpha - lnAT)
        gAlpha += n * (r / alpha - r / (alpha + Ts[i]))
      }
    }
    ll += n * rowLl
  }
  if (grad) {
    grad[0] = gr
    grad[1] = gAlpha
    grad[2] = ga
    grad[3] = gb
  }
  return ll
}

export interface FitOptions {
  /** Fewest customers with a repeat purchase for a fit (default 5). */
  minRepeatCustomers?: number
  /** Fewest customers for a fit (default 10). */
  minCustomers?: number
}

/** Fits BG/NBD by maximum likelihood; explains in `error` when the data cannot support a fit. */
export function fitBgNbd(data: RfSummary, opts: FitOptions = {}): ModelResult<BgNbdFit> {
  let customers = 0
  let repeaters = 0
  let maxT = 0
  let sumT = 0
  for (let i = 0; i < data.x.length; i++) {
    const n = data.count[i]
    const bad =
      !Number.isInteger(data.x[i]) ||
      data.x[i] < 0 ||
      !(data.tx[i] >= 0) ||
      !(data.T[i] >= data.tx[i]) ||
      !Number.isFinite(data.T[i]) ||
      (data.x[i] > 0 && !(data.tx[i] > 0))
    if (bad) return { error: "invalid summary row: x must be a whole number ≥ 0 and 0 ≤ t_x ≤ T" }
    customers += n
    if (data.x[i] > 0) repeaters += n
    maxT = Math.max(maxT, data.T[i])
    sumT += n * data.T[i]
  }
  const minCustomers = opts.minCustomers ?? 10
  const minRepeat = opts.minRepeatCustomers ?? 5
  if (customers < minCustomers)
    return { error: `not enough data: ${customers} customers (need ${minCustomers})` }
  if (maxT <= 0) return { error: "not enough data: all purchases are on one day" }
  if (repeaters < minRepeat) {
    return { error: `not enough data: ${repeaters} customers with a repeat purchase (need ${minRepeat})` }
  }
  const grad = new Float64Array(4)
  const objective = (theta: Float64Array, g: Float64Array): number => {
    const p = {
      r: Math.exp(theta[0]),
      alpha: Math.exp(theta[1]),
      a: Math.exp(theta[2]),
      b: Math.exp(theta[3])
    }
    if (![p.r, p.alpha, p.a, p.b].every((v) => v > 0 && Number.isFinite(v))) return Infinity
    const ll = bgnbdLogLikelihood(p, data, grad)
    // Minimise the mean negative log-likelihood; chain rule d/dθ = p · d/dp.
    g[0] = (-grad[0] * p.r) / customers
    g[1] = (-grad[1] * p.alpha) / customers
    g[2] = (-grad[2] * p.a) / customers
    g[3] = (-grad[3] * p.b) / customers
    return -ll / customers
  }
  const meanT = sumT / customers
  let best: ReturnType<typeof minimizeBfgs> | null = null
  for (const start of [
    [0, Math.log(Math.max(meanT, 1e-3)), 0, 0],
    [0, 0, 0, 0],
    [Math.log(0.5), Math.log(Math.max(meanT / 4, 1e-3)), Math.log(0.5), Math.log(2)]
  ]) {
    const res = minimizeBfgs(objective, start, { maxIterations: 400 })
    if (Number.isFinite(res.f) && (best === null || res.f < best.f - 1e-12)) best = res
    if (best && best.converged) break
  }
  if (best === null || !Number.isFinite(best.f)) return { error: "BG/NBD fit failed: likelihood not finite" }
  const [r, alpha, a, b] = Array.from(best.x, Math.exp)
  if (!best.converged) return { error: "BG/NBD fit did not converge" }
  if (best.x.some((v) => Math.abs(v) > 20)) {
    return {
      error: "not enough data: BG/NBD parameters run off to a boundary (the data do not identify them)"
    }
  }
  return { r, alpha, a, b, logLikelihood: -best.f * customers, customers, iterations: best.iterations }
}

/** P(alive | x, t_x, T). Customers with no repeat purchase are alive by the model's assumptions. */
export function probabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1
  const logRatio =
    Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx))
  // 1 / (1 + e^logRatio), stable for large ratios.
  return logRatio > 0 ? Math.exp(-logRatio) / (1 + Math.exp(-logRatio)) : 1 / (1 + Math.exp(logRatio))
}

// (a + b + x − 1)/(a − 1) · [1 − ...] is 0/0 at a = 1; near it, average the values either side.
function nearOne<T extends { a: number }>(p: T, f: (q: T) => number): number {
  const h = 1e-4
  if (Math.abs(p.a - 1) >= h) return f(p)
  return 0.5 * (f({ ...p, a: 1 + h }) + f({ ...p, a: 1 - h }))
}

/** E[X(t)]: expected repeat purchases of a new customer by time t (paper eq. 9). */
export function expectedPurchasesNewCustomer(p: BgNbdParams, t: number): number {
  if (t <= 0) return 0
  return nearOne(p, (q) => {
    const { r, alpha, a, b } = q
    const z = t / (alpha + t)
    const lead = Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, z)
    return ((a + b - 1) / (a - 1)) * (1 - lead)
  })
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t time units of a customer with that history (eq. 10). */
export function conditionalExpectedPurchases(
  p: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number
): number {
  if (t <= 0) return 0
  const value = nearOne(p, (q) => {
    const { r, alpha, a, b } = q
    const z = t / (alpha + T + t)
    const lead =
      Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    const num = ((a + b + x - 1) / (a - 1)) * (1 - lead)
    const den =
      x > 0 ? 1 + (a / (b + x - 1)) * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))) : 1
    return num / den
  })
  return Number.isFinite(value) && value > 0 ? value : 0
}

/** P(X(t) = n): probability of exactly n repeat purchases in (0, t] for a new customer (eq. 8). */
export function probabilityOfPurchases(p: BgNbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = p
  const lnBab = lbeta(a, b)
  const lnP = Math.log(alpha / (alpha + t))
  const lnQ = Math.log(t / (alpha + t))
  const first = Math.exp(
    lbeta(a, b + n) - lnBab + lgamma(r + n) - lgamma(r) - lgamma(n + 1) + r * lnP + (n > 0 ? n * lnQ : 0)
  )
  if (n === 0) return first
  let partial = 0
  for (let j = 0; j < n; j++) {
    partial += Math.exp(lgamma(r + j) - lgamma(r) - lgamma(j + 1) + (j > 0 ? j * lnQ : 0))
  }
  const second = Math.exp(lbeta(a + 1, b + n - 1) - lnBab) * (1 - Math.exp(r * lnP) * partial)
  return first + second
}
