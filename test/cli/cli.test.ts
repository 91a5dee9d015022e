import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { describe, expect, it } from "vitest"

import { runCli, type CliIo } from "../../src/cli/main"
import { sharedDataDir } from "../backoffice/cdnow"

const CDNOW = resolve(sharedDataDir, "cdnow/cdnow_sample_transactions.csv")

interface Run {
  code: number
  out: string
  err: string
}

/** Runs the CLI in-process; `files` are served by name, anything else from disk. */
function run(argv: string[], files: Record<string, Uint8Array | string> = {}): Run {
  let out = ""
  let err = ""
  const io: CliIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    now: () => Date.UTC(2026, 10, 22, 12),
    readFile: (p) => {
      const f = files[p]
      if (f === undefined) return readFileSync(p)
      return typeof f === "string" ? new TextEncoder().encode(f) : f
    }
  }
  const code = runCli(argv, io)
  return { code, out, err }
}

/** The CDNOW rows (customer, ISO date, amount in cents) read straight from the file, for cross-checks. */
function cdnowRows(): { customer: string; date: string; cents: number }[] {
  return readFileSync(CDNOW, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [customer, date, , amount] = line.split(",")
      return { customer, date, cents: Math.round(Number(amount) * 100) }
    })
}

const within = (value: number, expected: number, relative: number) =>
  expect(Math.abs(value - expected) / Math.abs(expected)).toBeLessThanOrEqual(relative)

describe("huike analyze on the CDNOW sample (--format generic --as-of 1997-09-30)", () => {
  const result = run([
    "analyze",
    CDNOW,
    "--format",
    "generic",
    "--as-of",
    "1997-09-30",
    "--json",
    "--customers",
    "--currency",
    "USD"
  ])
  const json = JSON.parse(result.out)

  it("counts the customers and the calibration-period orders", () => {
    expect(result.code).toBe(0)
    const rows = cdnowRows().filter((r) => r.date <= "1997-09-30")
    expect(json.asOf).toBe("1997-09-30")
    expect(json.timezone).toBe("UTC")
    expect(json.customers).toBe(2357)
    // Without order_id every row is an order; the 8 zero-amount rows still count as purchases.
    expect(json.orders).toBe(rows.length)
    const segmentTotal = Object.values(json.segments as Record<string, number>).reduce((s, n) => s + n, 0)
    expect(segmentTotal).toBe(2357)
    expect(Object.keys(json.segments).sort()).toEqual(
      [
        "general-develop",
        "general-keep",
        "general-value",
        "general-winback",
        "important-develop",
        "important-keep",
        "important-value",
        "important-winback"
      ].sort()
    )
  })

  it("fits BG/NBD within 0.5% and Gamma-Gamma within 1% of the published values", () => {
    const bg = json.model.bgnbd
    expect(json.model.timeUnit).toBe("week")
    within(bg.r, 0.243, 0.005)
    within(bg.alpha, 4.414, 0.005)
    within(bg.a, 0.793, 0.005)
    within(bg.b, 2.426, 0.005)
    expect(Math.abs(bg.logLikelihood - -9582.4)).toBeLessThan(0.5)
    const gg = json.model.gammaGamma
    within(gg.p, 6.25, 0.01)
    within(gg.q, 3.74, 0.01)
    within(gg.v, 15.44, 0.01)
  })

  it("reports customer 0001 as the file says", () => {
    const c = json.customerList.find((x: { id: string }) => x.id === "0001")
    const mine = cdnowRows().filter((r) => r.customer === "0001" && r.date <= "1997-09-30")
    expect(mine.map((r) => r.date)).toEqual(["1997-01-01", "1997-01-18", "1997-08-02"])
    expect(c.orders).toBe(3)
    expect(c.totalSpent).toBe(mine.reduce((s, r) => s + r.cents, 0))
    expect(c.firstOrderDay).toBe("1997-01-01")
    expect(c.lastOrderDay).toBe("1997-08-02")
    // 1997-08-02 .. 1997-09-30 is 59 days.
    expect(c.daysSinceLastOrder).toBe(59)
    expect(c.repeatBuyer).toBe(true)
    expect(c.averageDaysBetweenOrders).toBeCloseTo(213 / 2, 6)
    for (const k of ["r", "f", "m"]) expect(c.rfm[k]).toBeGreaterThanOrEqual(1)
    expect(c.pAlive).toBeGreaterThan(0)
    expect(c.pAlive).toBeLessThanOrEqual(1)
    expect(json.customerList).toHaveLength(2357)
    for (const x of json.customerList) {
      for (const v of [x.pAlive, x.expectedPurchases90d, x.clv12m, x.totalSpent])
        expect(Number.isFinite(v)).toBe(true)
    }
  })
})

describe("huike analyze options", () => {
  it("ignores purchases after --as-of and includes the as-of day itself", () => {
    const r = run(["analyze", CDNOW, "--format", "generic", "--as-of", "1997-01-01", "--json"])
    const json = JSON.parse(r.out)
    const day1 = cdnowRows().filter((x) => x.date === "1997-01-01")
    expect(json.orders).toBe(day1.length)
    expect(json.customers).toBe(new Set(day1.map((x) => x.customer)).size)
    // One day of history: the models say so instead of inventing parameters.
    expect(json.model.bgnbd.error).toMatch(/not enough/i)
  })

  it("detects the generic format and buckets days in --tz", () => {
    const file = "customer_id,date,amount\na,2024-03-01T23:30:00Z,10\na,2024-03-02T01:00:00Z,5\n"
    const utc = JSON.parse(
      run(["analyze", "f.csv", "--as-of", "2024-03-05", "--json", "--customers"], { "f.csv": file }).out
    )
    const sh = JSON.parse(
      run(["analyze", "f.csv", "--as-of", "2024-03-05", "--tz", "Asia/Shanghai", "--json", "--customers"], {
        "f.csv": file
      }).out
    )
    // UTC: two calendar days, a repeat buyer. Shanghai (+8): both on 2024-03-02, one purchase occasion.
    expect(utc.customerList[0].purchaseDays).toBe(2)
    expect(utc.repeatCustomers).toBe(1)
    expect(sh.customerList[0].purchaseDays).toBe(1)
    expect(sh.repeatCustomers).toBe(0)
    expect(sh.customerList[0].lastOrderDay).toBe("2024-03-02")
  })

  it("reads a GBK file with Chinese statuses, and leaves closed orders out", () => {
    // "customer_id,date,amount,status\n买家,2024-01-02,10,交易成功\n买家,2024-01-03,99,交易关闭\n" in GBK.
    const header = new TextEncoder().encode("customer_id,date,amount,status\n")
    const buyer = [0xc2, 0xf2, 0xbc, 0xd2] // 买家
    const success = [0xbd, 0xbb, 0xd2, 0xd7, 0xb3, 0xc9, 0xb9, 0xa6] // 交易成功
    const closed = [0xbd, 0xbb, 0xd2, 0xd7, 0xb9, 0xd8, 0xb1, 0xd5] // 交易关闭
    const ascii = (s: string) => [...new TextEncoder().encode(s)]
    const bytes = Uint8Array.from([
      ...header,
      ...buyer,
      ...ascii(",2024-01-02,10,"),
      ...success,
      0x0a,
      ...buyer,
      ...ascii(",2024-01-03,99,"),
      ...closed,
      0x0a
    ])
    const r = run(["analyze", "gbk.csv", "--as-of", "2024-02-01", "--json", "--customers"], {
      "gbk.csv": bytes
    })
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expect(json.customerList[0].id).toBe("买家")
    expect(json.orders).toBe(1)
    expect(json.customerList[0].totalSpent).toBe(1000)
  })

  it("prints a readable report with the segment table and the model fit", () => {
    const r = run(["analyze", CDNOW, "--as-of", "1997-09-30", "--currency", "USD"])
    expect(r.code).toBe(0)
    expect(r.out).toContain("as of 1997-09-30")
    expect(r.out).toMatch(/Important value\s+R↑F↑M↑\s+\d+/)
    expect(r.out).toMatch(/BG\/NBD: r 0\.24\d\d · α 4\.41\d\d/)
    const zh = run(["analyze", CDNOW, "--as-of", "1997-09-30", "--lang", "zh"])
    expect(zh.out).toContain("重要价值客户")
    expect(zh.out).toContain("一般挽留客户")
  })
})

describe("huike analyze on bad input", () => {
  it("names a missing required column and prints nothing on stdout", () => {
    const r = run(["analyze", "x.csv", "--format", "generic"], {
      "x.csv": "customer_id,date\na,2024-01-01\n"
    })
    expect(r.code).toBe(1)
    expect(r.out).toBe("")
    expect(r.err).toContain("x.csv: line 1: generic CSV: missing required column: amount")
  })

  it("reports an unreadable date and amount with their file lines, analysing nothing", () => {
    const dates = run(["analyze", "d.csv"], {
      "d.csv": "customer_id,date,amount\na,2024-01-01,1\nb,2024-13-01,2\nc,2024-01-02,3\n"
    })
    expect(dates.code).toBe(1)
    expect(dates.out).toBe("")
    expect(dates.err).toContain('line 3: cannot read date "2024-13-01"')
    const amounts = run(["analyze", "a.csv"], {
      "a.csv":
        'customer_id,date,amount\na,2024-01-01,1\n"b\nwith a line break",2024-01-01,2\nc,2024-01-02,12abc\n'
    })
    expect(amounts.code).toBe(1)
    // The quoted field spans lines 3–4, so the bad row starts on line 5.
    expect(amounts.err).toContain('line 5: cannot read amount "12abc"')
  })

  it("refuses an unknown format, option, zone or date with usage help", () => {
    expect(run(["analyze", CDNOW, "--format", "jd"]).err).toContain('unknown format "jd"')
    expect(run(["analyze", CDNOW, "--bogus"]).code).toBe(2)
    expect(run(["analyze", CDNOW, "--tz", "Mars/Olympus"]).err).toContain("unknown time zone")
    expect(run(["analyze", CDNOW, "--as-of", "30/09/1997"]).err).toContain("--as-of must be a date")
    const unknown = run(["analyze", "u.csv"], { "u.csv": "buyer,when,total\na,2024-01-01,3\n" })
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain("format not recognised")
  })
})

describe("huike analyze --format auto on every export format", () => {
  const fixture = (name: string) => resolve(__dirname, "../fixtures/exports", name)
  it.each([
    ["taobao-orders.csv", "Asia/Shanghai", "CNY", 4, 5, 1],
    ["shopify-orders.csv", "UTC", "USD", 2, 4, 1],
    ["amazon-order-report.txt", "UTC", "USD", 3, 2, 1],
    ["etsy-orders.csv", "UTC", "GBP", 2, 2, 1],
    ["ebay-orders.csv", "UTC", "USD", 3, 2, 1]
  ])("%s", (name, zone, currency, orders, customers, repeat) => {
    const r = run(["analyze", fixture(name), "--format", "auto", "--as-of", "2026-11-22", "--json"])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expect([json.timezone, json.currency, json.orders, json.customers, json.repeatCustomers]).toEqual([
      zone,
      currency,
      orders,
      customers,
      repeat
    ])
  })

  it("refuses Amazon's All Orders report with the reason", () => {
    const r = run(["analyze", fixture("amazon-all-orders.txt")])
    expect(r.code).toBe(1)
    expect(r.err).toContain("no buyer column (buyer-email)")
  })

  it("says a Shopify customers export holds customers, not orders, and analyses nothing", () => {
    for (const format of ["auto", "shopify-customers"]) {
      const file = fixture("shopify-customers.csv")
      const r = run(["analyze", file, "--format", format])
      expect(r).toEqual({
        code: 1,
        out: "",
        err:
          `huike: ${file}: this is a Shopify customers export: it lists customers (names, e-mails, tags, ` +
          "Shopify's order count and total spent) but no orders, and the analysis needs each order with its " +
          "date. Export the orders instead (Shopify admin > Orders > Export) and use that file; the customers " +
          "file adds nothing to the figures\n"
      })
    }
  })

  it("lists every unreadable row, and analyses the rest only with --partial", () => {
    const file = "customer_id,date,amount\na,2024-01-01,1\nb,2024-02-30,2\nc,2024-01-02,x\nd,2024-01-03,4\n"
    const strict = run(["analyze", "p.csv", "--as-of", "2024-02-01", "--json"], { "p.csv": file })
    expect(strict.code).toBe(1)
    expect(strict.out).toBe("")
    expect(strict.err).toContain("2 of 4 rows cannot be read")
    expect(strict.err).toContain('line 3: cannot read date "2024-02-30"')
    expect(strict.err).toContain('line 4: cannot read amount "x"')
    const partial = run(["analyze", "p.csv", "--as-of", "2024-02-01", "--json", "--partial"], {
      "p.csv": file
    })
    expect(partial.code).toBe(0)
    expect(JSON.parse(partial.out).orders).toBe(2)
  })
})

describe("npm run cli", () => {
  it("runs as a command and prints JSON", () => {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "analyze", CDNOW, "--as-of", "1997-09-30", "--json"],
      { encoding: "utf8" }
    )
    const json = JSON.parse(out)
    expect(json.customers).toBe(2357)
    expect(json.model.bgnbd.r).toBeCloseTo(0.2426, 3)
  })
})
