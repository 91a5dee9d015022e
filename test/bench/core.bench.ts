// Core engine benchmarks (Node): model fits on the real CDNOW sample and its tenfold replica, and scoring a
// busy shop's million orders. Data is read from ../shared/data (never copied into the repo).
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import {
  analyzeShop,
  buildOrderTable,
  compressSummary,
  DEFAULT_LADDER,
  fitBgNbd,
  fitGammaGamma,
  isModelError,
  scoreColumns
} from "../../src/core"
import type { CapturedOrder } from "../../src/core/types"
import { sharedDataDir } from "../backoffice/cdnow"
import { seeded } from "../backoffice/random"
import { failIfForced, quantile, round, timeIt, type BenchSuite } from "./suite"

interface Summary {
  x: number[]
  tx: number[]
  T: number[]
  /** Mean value of the repeat purchases (0 without any), dollars. */
  zbar: number[]
}

// A full collection before each timed run, so a run does not pay for the garbage of the previous ones (with
// a million order objects alive, one mark-compact costs more than the scoring itself).
setFlagsFromString("--expose-gc")
const collectGarbage = runInNewContext("gc") as () => void
setFlagsFromString("--no-expose-gc")

function timeRuns(fn: () => void, repeats: number): number[] {
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    collectGarbage()
    times.push(timeIt(fn, 1)[0])
  }
  return times.sort((a, b) => a - b)
}

function readCdnowSummary(): Summary {
  const file = resolve(sharedDataDir, "cdnow/cdnow_customers_summary_with_transactions.csv")
  const s: Summary = { x: [], tx: [], T: [], zbar: [] }
  for (const line of readFileSync(file, "utf8").trim().split("\n").slice(1)) {
    const [, x, tx, T, zbar] = line.split(",").map(Number)
    s.x.push(x)
    s.tx.push(tx)
    s.T.push(T)
    s.zbar.push(zbar)
  }
  return s
}

/** Ten cohorts of the CDNOW customers, each joining one day later than the previous (23,570 customers). */
function tenfold(s: Summary): Summary {
  const out: Summary = { x: [], tx: [], T: [], zbar: [] }
  for (let k = 0; k < 10; k++) {
    for (let i = 0; i < s.x.length; i++) {
      out.x.push(s.x[i])
      out.tx.push(s.tx[i])
      out.T.push(s.T[i] + k / 7)
      // Cohort k spends k cents more per repeat purchase, so the spend data are not ten identical copies.
      out.zbar.push(s.x[i] > 0 ? s.zbar[i] + k / 100 : 0)
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

/** BG/NBD and Gamma-Gamma fits, as analyzeShop does them: the summary compressed to unique rows, then both fits. */
function fitBoth(s: Summary) {
  const bg = fitBgNbd(compressSummary(s.x, s.tx, s.T))
  if (isModelError(bg)) throw new Error(`BG/NBD fit failed: ${bg.error}`)
  const gx: number[] = []
  const gz: number[] = []
  for (let i = 0; i < s.x.length; i++) {
    if (s.x[i] > 0) {
      gx.push(s.x[i])
      gz.push(s.zbar[i])
    }
  }
  const gg = fitGammaGamma(gx, gz)
  if (isModelError(gg)) throw new Error(`Gamma-Gamma fit failed: ${gg.error}`)
  return { bg, gg }
}

const suite: BenchSuite = {
  async run(log) {
    failIfForced("core")
    const metrics: Record<string, number> = {}
    const cdnow = readCdnowSummary()

    const { bg, gg } = fitBoth(cdnow)
    metrics["core.fitCdnowMs"] = round(
      quantile(
        timeIt(() => fitBoth(cdnow), 30),
        0.5
      )
    )
    log(
      `  BG/NBD + Gamma-Gamma on CDNOW (2,357 customers): median ${metrics["core.fitCdnowMs"]} ms; ` +
        `r ${bg.r.toFixed(3)} α ${bg.alpha.toFixed(3)} a ${bg.a.toFixed(3)} b ${bg.b.toFixed(3)} ` +
        `LL ${bg.logLikelihood.toFixed(1)} (paper: .243 4.414 .793 2.426 −9582.4); ` +
        `p ${gg.p.toFixed(2)} q ${gg.q.toFixed(2)} v ${gg.v.toFixed(2)} (paper: 6.25 3.74 15.44)`
    )

    const big = tenfold(cdnow)
    metrics["core.fit10xMs"] = round(
      quantile(
        timeIt(() => fitBoth(big), 9),
        0.5
      )
    )
    log(
      `  BG/NBD + Gamma-Gamma on 10× CDNOW (23,570 customers): median ${metrics["core.fit10xMs"]} ms ` +
        `(${round(metrics["core.fit10xMs"] / metrics["core.fitCdnowMs"], 1)}× the 1× fit)`
    )

    const asOf = Date.UTC(2026, 10, 1)
    const opts = { asOf, timeZone: "Asia/Shanghai" }
    let orders = syntheticShop(1_000_000, 200_000)
    let table = buildOrderTable(orders, opts)
    metrics["core.table1MOrdersMs"] = round(
      quantile(
        timeRuns(() => {
          table = buildOrderTable(orders, opts)
        }, 3),
        0.5
      ),
      0
    )
    const customers = table.shopId.length
    log(
      `  buildOrderTable, 1,000,000 order objects → columns of ${customers.toLocaleString("en")} customers ` +
        `(dedupe, shop-zone days, buyer numbering): median ${metrics["core.table1MOrdersMs"]} ms`
    )

    // Scoring on the prebuilt columns, in the order the orders arrived (not grouped by customer or day).
    const scoreOpts = { customerCount: customers, asOfDay: table.asOfDay, ladder: DEFAULT_LADDER }
    let buyers = 0
    const scoreTimes = timeRuns(() => {
      buyers = scoreColumns(table.columns, scoreOpts).means.buyers
    }, 7)
    metrics["core.score1MOrdersMs"] = round(quantile(scoreTimes, 0.5), 0)
    log(
      `  scoreColumns (figures, RFM, segments, member levels), 1,000,000 orders → ` +
        `${buyers.toLocaleString("en")} buyers: median ${metrics["core.score1MOrdersMs"]} ms ` +
        `(min ${round(scoreTimes[0], 0)}, max ${round(scoreTimes[scoreTimes.length - 1], 0)})`
    )

    const analyzeTimes = timeRuns(() => analyzeShop(orders, opts), 2)
    metrics["core.analyze1MOrdersMs"] = round(quantile(analyzeTimes, 0.5), 0)
    log(
      `  analyzeShop (RFM, segments, levels, models, daily, cohorts), 1,000,000 orders: ` +
        `median ${metrics["core.analyze1MOrdersMs"]} ms`
    )
    orders = []
    return metrics
  }
}

export default suite
