/** One benchmark suite: prints human lines through `log`, returns its named metrics (finite numbers only). */
export interface BenchSuite {
  run(log: (line: string) => void): Promise<Record<string, number>>
}

/** Median and p95 of a sample, and a timer helper, shared by the suites. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]
}

export function timeIt(fn: () => void, repeats: number): number[] {
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now()
    fn()
    times.push(performance.now() - t0)
  }
  return times.sort((a, b) => a - b)
}

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits))

/**
 * HUIKE_BENCH_FAIL=<suite>[,<suite>…] makes those suites fail where a machine without a browser makes them
 * fail (at the browser's launch; core at its start), so a test can check that a failing suite closes what
 * it started and the run still ends by itself.
 */
export function failIfForced(suite: string): void {
  if ((process.env.HUIKE_BENCH_FAIL ?? "").split(",").includes(suite))
    throw new Error(`forced failure of the ${suite} suite (HUIKE_BENCH_FAIL)`)
}
