// `huike analyze FILE --holdout-from DATE`: the model check on the CDNOW sample (paper's periods), the small
// shop note, bad holdout dates, and the per-customer ranges of --customers.
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { describe, expect, it } from "vitest"

import { runCli, type CliIo } from "../../src/cli/main"
import { checkModel, purchaseRange, type CapturedOrder } from "../../src/core"
import { sharedDataDir } from "../backoffice/cdnow"

const CDNOW = resolve(sharedDataDir, "cdnow/cdnow_sample_transactions.csv")

function run(argv: string[], files: Record<string, string> = {}) {
  let out = ""
  let err = ""
  const io: CliIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    now: () => Date.UTC(2026, 10, 22, 12),
    readFile: (p) => (files[p] !== undefined ? new TextEncoder().encode(files[p]) : readFileSync(p))
  }
  return { code: runCli(argv, io), out, err }
}

const PAPER = [
  "analyze",
  CDNOW,
  "--format",
  "generic",
  "--currency",
  "USD",
  "--holdout-from",
  "1997-10-01",
  "--as-of",
  "1998-06-30"
]

describe("huike analyze --holdout-from on CDNOW (calibration to 1997-09-30, holdout to 1998-06-30)", () => {
  it("prints the verdict, the repeat-count table and the weekly curve", () => {
    const r = run(PAPER)
    expect(r.code).toBe(0)
    expect(r.out).toContain(
      "calibration 1997-01-01 – 1997-09-30 · holdout 1997-10-01 – 1998-06-30 (39.00 weeks)"
    )
    expect(r.out).toContain("Holdout: predicted 1,653 repeat purchases, 1,882 happened: 12% under")
    expect(r.out).toMatch(/^ +7\+ +64 +6\.157 +6\.359$/m)
    expect(r.out).toMatch(/week +78 +1998-06-30 +4160\.6 +4339 +holdout/)
    expect(r.out).toContain("one purchase day per buyer")
    expect(r.out).not.toContain("Note:")
  })

  it("gives every figure in JSON, money in minor units, the same as src/core's check", () => {
    const r = run([...PAPER, "--json"])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    const rows = readFileSync(CDNOW, "utf8").trim().split("\n").slice(1)
    const orders: CapturedOrder[] = rows.map((line, i) => {
      const [customer, date, , amount] = line.split(",")
      return {
        platform: "generic",
        shopId: "default",
        orderId: String(i + 2),
        buyerId: customer,
        createdAt: Date.parse(`${date}T00:00:00Z`),
        status: "completed",
        amount: Math.round(Number(amount) * 100),
        refunded: 0,
        currency: "USD"
      }
    })
    const check = checkModel(orders, {
      timeZone: "UTC",
      holdoutFrom: "1997-10-01",
      asOf: Date.UTC(1998, 5, 30)
    })
    expect(json).toMatchObject({
      currency: "USD",
      moneyUnit: "minor",
      calibration: { from: "1997-01-01", to: "1997-09-30" },
      holdout: { from: "1997-10-01", to: "1998-06-30", weeks: 39 },
      buyers: 2357,
      enoughToJudge: { buyers: 2357, historyDays: 545, minBuyers: 500, minHistoryDays: 180, problem: null },
      purchases: { actual: 1882 }
    })
    expect(json.purchases.predicted).toBeCloseTo(check.purchases!.predicted, 2)
    expect(json.byRepeatCount).toHaveLength(8)
    expect(json.weekly).toHaveLength(78)
    expect(Number.isInteger(json.spend.meanPredicted) && Number.isInteger(json.spend.meanActual)).toBe(true)
    expect(json.spend.meanActual).toBe(Math.round(check.spend!.meanActual))
    expect(json.bgnbd.r).toBeCloseTo(0.243, 3)
  })

  it("says when the shop is too small to judge", () => {
    // 40 buyers, each buying on the 1st of four months.
    const lines = ["customer_id,date,amount"]
    for (let c = 0; c < 40; c++)
      for (let m = 1; m <= 4 + (c % 3); m++)
        lines.push(`c${c},2024-0${m}-${String(1 + ((c * 7) % 27)).padStart(2, "0")},10.00`)
    const r = run(["analyze", "small.csv", "--holdout-from", "2024-05-01", "--as-of", "2024-06-30"], {
      "small.csv": lines.join("\n") + "\n"
    })
    expect(r.code).toBe(0)
    expect(r.out).toContain(
      "Note: only 40 buyers with orders (500 needed); the figures below cannot judge the model."
    )
  })

  it("refuses a holdout date that is not a date or is after --as-of", () => {
    const bad = run(["analyze", CDNOW, "--holdout-from", "1997-10"])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--holdout-from must be a date YYYY-MM-DD, not "1997-10"')
    const late = run(["analyze", CDNOW, "--holdout-from", "1998-07-01", "--as-of", "1998-06-30"])
    expect(late.code).toBe(2)
    expect(late.err).toContain("after its last day (1998-06-30)")
  })
})

describe("huike analyze --customers carries each buyer's 12-month range", () => {
  it("orders as the 10th–90th percentile of the model's distribution, value as that × expected order value", () => {
    const r = run([
      "analyze",
      CDNOW,
      "--format",
      "generic",
      "--currency",
      "USD",
      "--as-of",
      "1997-09-30",
      "--json",
      "--customers"
    ])
    const json = JSON.parse(r.out)
    const c1 = json.customerList.find((c: { id: string }) => c.id === "0001")
    const fit = json.model.bgnbd
    expect(c1.predictedOrders365Range).toEqual(purchaseRange(fit, 365 / 7, 2, 213 / 7, 272 / 7))
    expect(c1.clv12mRange.low).toBe(Math.round(c1.predictedOrders365Range.low * c1.expectedOrderValue))
    expect(c1.clv12mRange.high).toBe(Math.round(c1.predictedOrders365Range.high * c1.expectedOrderValue))
    expect(c1.clv12mRange.high).toBeGreaterThan(c1.clv12m)
    const report = run([
      "analyze",
      CDNOW,
      "--format",
      "generic",
      "--currency",
      "USD",
      "--as-of",
      "1997-09-30",
      "--customers"
    ])
    expect(report.out).toMatch(/12 months: \d+–\d+ orders, \$[\d,.]+–\$[\d,.]+/)
  })
})
