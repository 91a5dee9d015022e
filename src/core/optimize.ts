// A small BFGS minimiser for the model fits (2–4 parameters, smooth objectives with analytic gradients).
// There is no well-kept JavaScript L-BFGS-B, and with this few parameters a dense BFGS inverse-Hessian
// update is simpler and at least as fast; bounds are handled by the callers fitting in log-parameter space.

export interface Objective {
  /** Returns f(x) and writes ∇f(x) into `grad`. Must return Infinity or NaN for points it cannot evaluate. */
  (x: Float64Array, grad: Float64Array): number
}

export interface MinimizeResult {
  x: Float64Array
  f: number
  gradNorm: number
  iterations: number
  converged: boolean
}

export interface MinimizeOptions {
  maxIterations?: number
  /** Stop when the largest gradient component is below this. */
  gradTolerance?: number
  /** Stop when an iteration improves f by less than this (relative) twice in a row. */
  fTolerance?: number
}

const maxAbs = (v: Float64Array): number => {
  let m = 0
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]))
  return m
}

/** BFGS with a backtracking (Armijo) line search, falling back to steepest descent when the update fails. */
export function minimizeBfgs(
  fn: Objective,
  x0: ArrayLike<number>,
  opts: MinimizeOptions = {}
): MinimizeResult {
  const n = x0.length
  const maxIter = opts.maxIterations ?? 500
  const gTol = opts.gradTolerance ?? 1e-9
  const fTol = opts.fTolerance ?? 1e-15
  let x = Float64Array.from(x0)
  let g = new Float64Array(n)
  let f = fn(x, g)
  if (!Number.isFinite(f) || !g.every(Number.isFinite)) {
    return { x, f, gradNorm: Number.NaN, iterations: 0, converged: false }
  }
  // Inverse Hessian approximation, row-major.
  const H = new Float64Array(n * n)
  const resetH = (scale: number): void => {
    H.fill(0)
    for (let i = 0; i < n; i++) H[i * n + i] = scale
  }
  resetH(1)
  const p = new Float64Array(n)
  const xNew = new Float64Array(n)
  const gNew = new Float64Array(n)
  const s = new Float64Array(n)
  const y = new Float64Array(n)
  const Hy = new Float64Array(n)
  let smallSteps = 0
  let iter = 0
  for (; iter < maxIter; iter++) {
    if (maxAbs(g) < gTol) return { x, f, gradNorm: maxAbs(g), iterations: iter, converged: true }
    for (let i = 0; i < n; i++) {
      let acc = 0
      for (let j = 0; j < n; j++) acc -= H[i * n + j] * g[j]
      p[i] = acc
    }
    let slope = 0
    for (let i = 0; i < n; i++) slope += p[i] * g[i]
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      resetH(1)
      for (let i = 0; i < n; i++) p[i] = -g[i]
      slope = 0
      for (let i = 0; i < n; i++) slope += p[i] * g[i]
    }
    // Keep steps in log-parameter space sane (a factor of e^5 at most per iteration).
    const pMax = maxAbs(p)
    let step = pMax > 5 ? 5 / pMax : 1
    let fNew = Infinity
    let accepted = false
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * p[i]
      fNew = fn(xNew, gNew)
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope && gNew.every(Number.isFinite)) {
        accepted = true
        break
      }
      step *= 0.5
    }
    if (!accepted) {
      if (H[0] === 1 && isIdentity(H, n)) break
      resetH(1)
      continue
    }
    let sy = 0
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i]
      y[i] = gNew[i] - g[i]
      sy += s[i] * y[i]
    }
    const improvement = f - fNew
    ;[x, g] = [Float64Array.from(xNew), Float64Array.from(gNew)]
    f = fNew
    if (improvement <= fTol * Math.max(1, Math.abs(f))) {
      if (++smallSteps >= 3) break
    } else {
      smallSteps = 0
    }
    if (sy > 1e-12) {
      if (iter === 0) {
        // Scale the initial inverse Hessian by sy / yy (Nocedal & Wright 6.20).
        let yy = 0
        for (let i = 0; i < n; i++) yy += y[i] * y[i]
        resetH(sy / yy)
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy
      let yHy = 0
      for (let i = 0; i < n; i++) {
        let acc = 0
        for (let j = 0; j < n; j++) acc += H[i * n + j] * y[j]
        Hy[i] = acc
        yHy += y[i] * acc
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j]
        }
      }
    }
  }
  const gradNorm = maxAbs(g)
  return { x, f, gradNorm, iterations: iter, converged: gradNorm < Math.max(gTol, 1e-5) }
}

function isIdentity(H: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (H[i * n + j] !== (i === j ? 1 : 0)) return false
  return true
}
