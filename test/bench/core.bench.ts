// Core engine benchmarks (Node): model fits on the real CDNOW sample and its tenfold replica, and scoring a
// busy shop's million orders. Data is read from ../shared/data (never copied into the repo).
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { analyzeShop, compressSummary, fitBgNbd, isModelError, summarizeCustomers } from "../../src/core"
import type { CapturedOrder } from "../../src/core/types"
import { sharedDataDir } from "../backoffice/cdnow"
import { seeded } from "../backoffice/random"
import { quantile, round, timeIt, type BenchSuite } from "./suite"

interface Summary {
  x: number[]
  tx: number[]
  T: number[]
}

function readCdnowSummary(): Summary {
  const file = resolve(sharedDataDir, "cdnow/cdnow_customers_summary_with_transactions.csv")
  const s: Summary = { x: [], tx: [], T: [] }
  for (const line of readFileSync(file, "utf8").trim().split("\n").slice(1)) {
    const [, x, tx, T] = line.split(",").map(Number)
    s.x.push(x)
    s.tx.push(tx)
    s.T.push(T)
  }
  return s
}

/** Ten cohorts of the CDNOW customers, each joining one day later than the previous (23,570 customers). */
function tenfold(s: Summary): Summary {
  const out: Summary = { x: [], tx: [], T: [] }
  for (let k = 0; k < 10; k++) {
    for (let i = 0; i < s.x.length; i++) {
      out.x.push(s.x[i])
      out.tx.push(s.tx[i])
      out.T.push(s.T[i] + k / 7)
    }
  }
  return out
}

/** A busy shop: `customers` buyers, `orders` orders over two years, skewed repeat counts. */
export function syntheticShop(orders: number, customers: number, seed = 7): CapturedOrder[] {
  const rand = seeded(seed)
  const end = Date.UTC(2026, 10, 1)
  const span = 730 * 86_400_000
  const out: CapturedOrder[] = new Array(orders)
  for (let i = 0; i < orders; i++) {
    // Squaring skews toward low ids: some buyers order often, most once or twice.
    const buyer = Math.floor(rand() * rand() * customers)
    const r = rand()
    out[i] = {
      platform: "taobao",
      shopId: "bench",
      orderId: String(1_000_000_000 + i),
      buyerId: `b${buyer}`,
      createdAt: end - Math.floor(rand() * span),
      status: r < 0.04 ? "closed" : r < 0.06 ? "unpaid" : "completed",
      amount: 1_000 + Math.floor(rand() * 50_000),
      refunded: r > 0.97 ? 500 : 0,
      currency: "CNY"
    }
  }
  return out
}

const suite: BenchSuite = {
  async run(log) {
    const metrics: Record<string, number> = {}
    const cdnow = readCdnowSummary()

    const fitOnce = (s: Summary) => {
      const fit = fitBgNbd(compressSummary(s.x, s.tx, s.T))
      if (isModelError(fit)) throw new Error(`BG/NBD fit failed: ${fit.error}`)
      return fit
    }
    const fit = fitOnce(cdnow)
    const fitTimes = timeIt(() => fitOnce(cdnow), 20)
    metrics["core.fitCdnowMs"] = round(quantile(fitTimes, 0.5))
    log(
      `  BG/NBD on CDNOW (2,357 customers): median ${metrics["core.fitCdnowMs"]} ms; r ${fit.r.toFixed(3)} ` +
        `α ${fit.alpha.toFixed(3)} a ${fit.a.toFixed(3)} b ${fit.b.toFixed(3)} LL ${fit.logLikelihood.toFixed(1)} ` +
        `(paper: .243 4.414 .793 2.426 −9582.4)`
    )

    const big = tenfold(cdnow)
    const bigTimes = timeIt(() => fitOnce(big), 5)
    metrics["core.fit10xMs"] = round(quantile(bigTimes, 0.5))
    log(
      `  BG/NBD on 10× CDNOW (23,570 customers): median ${metrics["core.fit10xMs"]} ms ` +
        `(${round(metrics["core.fit10xMs"] / metrics["core.fitCdnowMs"], 1)}× the 1× fit)`
    )

    const orders = syntheticShop(1_000_000, 200_000)
    const asOf = Date.UTC(2026, 10, 1)
    let customers = 0
    const scoreTimes = timeIt(() => {
      customers = summarizeCustomers(orders, { asOf, timeZone: "Asia/Shanghai" }).length
    }, 3)
    metrics["core.score1MOrdersMs"] = round(quantile(scoreTimes, 0.5), 0)
    log(
      `  summarizeCustomers, 1,000,000 orders → ${customers.toLocaleString("en")} customers: ` +
        `median ${metrics["core.score1MOrdersMs"]} ms`
    )

    const analyzeTimes = timeIt(() => analyzeShop(orders, { asOf, timeZone: "Asia/Shanghai" }), 2)
    metrics["core.analyze1MOrdersMs"] = round(quantile(analyzeTimes, 0.5), 0)
    log(
      `  analyzeShop (RFM, segments, levels, models, daily, cohorts), 1,000,000 orders: ` +
        `median ${metrics["core.analyze1MOrdersMs"]} ms`
    )
    return metrics
  }
}

export default suite
