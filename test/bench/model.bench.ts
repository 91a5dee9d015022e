// The model check (src/core/model-check.ts) on CDNOW ×10: the 6,919 transactions ten times over, each copy
// with its own buyer ids (23,570 buyers) and a cent more per copy, calibration to 1997-09-30 and holdout to
// 1998-06-30 as in the paper: both fits, the holdout comparison, the repeat-count table and the 78-week
// curve. Data is read from ../shared/data (never copied into the repo).
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { checkModel, isModelError, type CapturedOrder } from "../../src/core"
import { sharedDataDir } from "../backoffice/cdnow"
import { quantile, round, timeIt, type BenchSuite } from "./suite"

function cdnowTenfold(): CapturedOrder[] {
  const lines = readFileSync(resolve(sharedDataDir, "cdnow/cdnow_sample_transactions.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
  const out: CapturedOrder[] = []
  for (let k = 0; k < 10; k++) {
    lines.forEach((line, i) => {
      const [customer, date, , amount] = line.split(",")
      out.push({
        platform: "generic",
        shopId: "cdnow",
        orderId: `${k}-${i}`,
        buyerId: `${k}-${customer}`,
        createdAt: Date.parse(`${date}T00:00:00Z`),
        status: "completed",
        amount: Math.round(Number(amount) * 100) + k,
        refunded: 0,
        currency: "USD"
      })
    })
  }
  return out
}

const suite: BenchSuite = {
  async run(log) {
    const orders = cdnowTenfold()
    const opts = { timeZone: "UTC", holdoutFrom: "1997-10-01", asOf: Date.UTC(1998, 5, 30) }
    const first = checkModel(orders, opts)
    if (first.buyers !== 23_570) throw new Error(`expected 23,570 buyers, got ${first.buyers}`)
    if (isModelError(first.bgnbd)) throw new Error(first.bgnbd.error)
    const times = timeIt(() => checkModel(orders, opts), 5)
    const median = quantile(times, 0.5)
    log(
      `  model check, CDNOW ×10 (${first.buyers.toLocaleString("en-US")} buyers, ${orders.length.toLocaleString("en-US")} orders): ` +
        `median ${round(median, 1)} ms of 5 (min ${round(times[0], 1)}, max ${round(times[times.length - 1], 1)}); ` +
        `predicted ${round(first.purchases?.predicted ?? NaN, 1)} vs ${first.purchases?.actual} holdout repeat purchases`
    )
    return { "model.check10xCdnowMs": round(median, 1) }
  }
}

export default suite
