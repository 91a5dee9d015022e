// Special functions for the customer-base models: log-gamma, digamma and the Gauss hypergeometric 2F1.
// Accuracy is close to double precision over the ranges the models use (checked in test/core/special.test.ts).

const LN_SQRT_2PI = 0.9189385332046728
const LN_PI = 1.1447298858494002

// Lanczos approximation, g = 7, n = 9 (relative error ~1e-15 for x ≥ 0.5).
const LANCZOS_G = 7
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
]

/** ln Γ(x) for x > 0; ln |Γ(x)| for negative non-integers; Infinity at the poles (0, −1, −2, …). */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN
  if (x <= 0 && Number.isInteger(x)) return Infinity
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
    return LN_PI - Math.log(Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x)
  }
  if (x >= 10) {
    // Stirling series; at x ≥ 10 the omitted terms are below 1e-17.
    const inv = 1 / x
    const inv2 = inv * inv
    const series =
      inv *
      (1 / 12 -
        inv2 *
          (1 / 360 -
            inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188 - inv2 * (691 / 360360 - inv2 / 156))))))
    return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + series
  }
  const xm = x - 1
  let sum = LANCZOS[0]
  for (let i = 1; i < LANCZOS_G + 2; i++) sum += LANCZOS[i] / (xm + i)
  const t = xm + LANCZOS_G + 0.5
  return LN_SQRT_2PI + (xm + 0.5) * Math.log(t) - t + Math.log(sum)
}

/** Sign of Γ(x): +1 for x > 0, alternating between the negative poles; 0 at a pole. */
export function gammaSign(x: number): number {
  if (x > 0) return 1
  if (Number.isInteger(x)) return 0
  return Math.floor(x) % 2 === 0 ? 1 : -1
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0. */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b)
}

/** Digamma ψ(x) = d/dx ln Γ(x), for x > 0 (reflection for negative non-integers). */
export function digamma(x: number): number {
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.NaN
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x)
  }
  let acc = 0
  while (x < 6) {
    acc -= 1 / x
    x += 1
  }
  const inv = 1 / x
  const inv2 = inv * inv
  return (
    acc +
    Math.log(x) -
    0.5 * inv -
    inv2 *
      (1 / 12 -
        inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - (691 / 32760) * inv2)))))
  )
}

/** Direct power series of 2F1; converges for |z| < 1 (terms shrink like z^n). */
function hyp2f1Series(a: number, b: number, c: number, z: number, maxTerms: number): number {
  let term = 1
  let sum = 1
  let comp = 0
  for (let n = 0; n < maxTerms; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z
    // Kahan summation: long alternating-free series lose little, but z near 1 means many terms.
    const y = term - comp
    const t = sum + y
    comp = t - sum - y
    sum = t
    if (term === 0) break
    if (
      Math.abs(term) <= 1e-17 * Math.abs(sum) &&
      n > 2 &&
      Math.abs(((a + n) * (b + n)) / ((c + n) * (n + 1))) * Math.abs(z) < 1
    ) {
      break
    }
  }
  return sum
}

/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for real parameters and 0 ≤ z < 1 (also moderately negative
 * z). For z ≤ 0.75 the power series; above, the linear transformation to 1 − z (Abramowitz & Stegun 15.3.6),
 * which converges fast. When c − a − b is within 0.01 of an integer that transformation loses accuracy, so
 * the power series is summed directly (slow only for z very near 1, and only then).
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (z === 0 || a === 0 || b === 0) return 1
  if (z < 0) {
    // Pfaff: 2F1(a,b;c;z) = (1 − z)^−a 2F1(a, c − b; c; z / (z − 1)), argument in (0, 1).
    return Math.pow(1 - z, -a) * hyp2f1(a, c - b, c, z / (z - 1))
  }
  if (z >= 1) return Number.NaN
  const s = c - a - b
  const nearInteger = Math.abs(s - Math.round(s)) < 0.01
  if (z <= 0.75 || nearInteger) return hyp2f1Series(a, b, c, z, 50_000_000)
  const w = 1 - z
  // term1 = Γ(c)Γ(s) / (Γ(c−a)Γ(c−b)) · 2F1(a, b; 1 − s; w)
  // term2 = w^s Γ(c)Γ(−s) / (Γ(a)Γ(b)) · 2F1(c − a, c − b; 1 + s; w)
  const lc = lgamma(c)
  let term1 = 0
  const sign1 = gammaSign(c) * gammaSign(s) * gammaSign(c - a) * gammaSign(c - b)
  if (gammaSign(c - a) !== 0 && gammaSign(c - b) !== 0) {
    const l1 = lc + lgamma(s) - lgamma(c - a) - lgamma(c - b)
    term1 = sign1 * Math.exp(l1) * hyp2f1Series(a, b, 1 - s, w, 100_000)
  }
  let term2 = 0
  if (gammaSign(a) !== 0 && gammaSign(b) !== 0) {
    const sign2 = gammaSign(c) * gammaSign(-s) * gammaSign(a) * gammaSign(b)
    const l2 = s * Math.log(w) + lc + lgamma(-s) - lgamma(a) - lgamma(b)
    term2 = sign2 * Math.exp(l2) * hyp2f1Series(c - a, c - b, 1 + s, w, 100_000)
  }
  return term1 + term2
}

/** log(e^x + e^y) without overflow. */
export function logAddExp(x: number, y: number): number {
  if (x === -Infinity) return y
  if (y === -Infinity) return x
  return x > y ? x + Math.log1p(Math.exp(y - x)) : y + Math.log1p(Math.exp(x - y))
}
