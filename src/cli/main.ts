// `npm run --silent cli -- analyze <file> [options]`: the customer value engine on an order file, without
// the browser. Uses the same parsers as the extension's import page and the same src/core as everything else.
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

import { EncodingError } from "../adapters/encoding"
import { formatById, importFormats } from "../adapters/formats"
import { readExportFile } from "../adapters/import-file"
import { ImportError } from "../adapters/csv"
import {
  analyzeShops,
  assertTimeZone,
  formatMoney,
  isModelError,
  parseDayKey,
  SEGMENTS,
  startOfDayKey,
  DEFAULT_LADDER,
  checkModel,
  type CustomerRange,
  type ModelCheck,
  type ShopAnalysis
} from "../core"
import { modelCheckJson, modelCheckReport } from "./model-check-report"
import type { CapturedOrder } from "../core/types"

export interface CliIo {
  out(text: string): void
  err(text: string): void
  /** Today's UTC ms (the default as-of). */
  now(): number
  readFile(path: string): Uint8Array
}

const nodeIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  now: () => Date.now(),
  readFile: (p) => readFileSync(p)
}

class UsageError extends Error {}

export const USAGE = `Usage: huike analyze <file> [options]

Reads an order file and reports customer value: segments, repeat rate, member levels, model fit.

Options:
  --format auto|${importFormats.map((f) => f.id).join("|")}   file format (default auto: detected from the header)
  --as-of YYYY-MM-DD     analyse as of this day (included); later purchases are ignored (default: today)
  --tz ZONE              IANA time zone of the shop's days (default UTC; Taobao: Asia/Shanghai)
  --shop ID              shop id when the file holds several shops
  --currency CODE        currency when the file has no currency column (default CNY; eBay: USD)
  --partial              analyse the readable rows of a file that has unreadable ones (they are listed)
  --json                 print JSON instead of the report
  --customers            include the per-customer list (JSON) or the top customers (report), with each
                         buyer's 12-month range (10th–90th percentile) of orders and value
  --holdout-from YYYY-MM-DD
                         check the model instead: fit on the orders before this day, compare its forecast
                         with what happened from this day to --as-of (see README)
  --lang en|zh           report language (default en)
  -h, --help             this text
`

interface AnalyzeArgs {
  file: string
  format: string
  asOf: string | null
  tz: string | null
  partial: boolean
  currency: string | null
  shop: string | null
  json: boolean
  customers: boolean
  holdoutFrom: string | null
  lang: "en" | "zh"
}

function parseArgs(argv: readonly string[]): AnalyzeArgs | "help" {
  if (argv.length === 0 || argv.includes("-h") || argv.includes("--help")) return "help"
  const [command, ...rest] = argv
  if (command !== "analyze") throw new UsageError(`unknown command "${command}" (expected "analyze")`)
  const args: AnalyzeArgs = {
    file: "",
    format: "auto",
    asOf: null,
    tz: null,
    partial: false,
    shop: null,
    currency: null,
    json: false,
    customers: false,
    holdoutFrom: null,
    lang: "en"
  }
  const valueOf = (i: number, flag: string): string => {
    const v = rest[i + 1]
    if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`)
    return v
  }
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]
    const [flag, inline] =
      a.startsWith("--") && a.includes("=")
        ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
        : [a, null]
    const take = (): string => {
      if (inline !== null) return inline
      const v = valueOf(i, flag)
      i++
      return v
    }
    switch (flag) {
      case "--format":
        args.format = take()
        break
      case "--as-of":
        args.asOf = take()
        break
      case "--tz":
        args.tz = take()
        break
      case "--shop":
        args.shop = take()
        break
      case "--currency":
        args.currency = take().toUpperCase()
        if (!/^[A-Z]{3}$/.test(args.currency ?? ""))
          throw new UsageError(`--currency must be an ISO 4217 code such as CNY or USD`)
        break
      case "--lang": {
        const lang = take()
        if (lang !== "en" && lang !== "zh") throw new UsageError(`--lang must be en or zh, not "${lang}"`)
        args.lang = lang
        break
      }
      case "--json":
        args.json = true
        break
      case "--partial":
        args.partial = true
        break
      case "--customers":
        args.customers = true
        break
      case "--holdout-from":
        args.holdoutFrom = take()
        if (parseDayKey(args.holdoutFrom) === null)
          throw new UsageError(`--holdout-from must be a date YYYY-MM-DD, not "${args.holdoutFrom}"`)
        break
      default:
        if (flag.startsWith("-")) throw new UsageError(`unknown option ${flag}`)
        if (args.file) throw new UsageError(`one file at a time (got "${args.file}" and "${flag}")`)
        args.file = flag
    }
  }
  if (!args.file) throw new UsageError("which file? (huike analyze <file>)")
  if (args.format !== "auto" && !formatById(args.format)) {
    throw new UsageError(
      `unknown format "${args.format}" (known: auto, ${importFormats.map((f) => f.id).join(", ")})`
    )
  }
  try {
    if (args.tz !== null) assertTimeZone(args.tz)
  } catch {
    throw new UsageError(`unknown time zone "${args.tz}" (use an IANA name such as Asia/Shanghai)`)
  }
  if (args.asOf !== null && parseDayKey(args.asOf) === null) {
    throw new UsageError(`--as-of must be a date YYYY-MM-DD, not "${args.asOf}"`)
  }
  return args
}

interface ReadResult {
  orders: CapturedOrder[]
  format: string
  encoding: string
  timeZone: string
}

/** Problems shown before giving up; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 20

function readOrders(args: AnalyzeArgs, io: CliIo): ReadResult {
  let bytes: Uint8Array
  try {
    bytes = io.readFile(args.file)
  } catch (e) {
    throw new UsageError(`cannot read ${args.file}: ${(e as Error).message}`)
  }
  // A format with its own zone (Taobao: China time) sets the shop's days unless --tz says otherwise.
  const result = readExportFile(bytes, {
    format: args.format,
    ...(args.tz ? { timeZone: args.tz } : {}),
    ...(args.currency ? { currency: args.currency } : {})
  })
  for (const note of result.notes) io.err(`huike: note: ${note}\n`)
  if (result.problems.length > 0) {
    const shown = result.problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `  line ${p.line}: ${p.message}\n`)
    const more = result.problems.length - shown.length
    io.err(
      `huike: ${args.file}: ${result.problems.length} of ${result.rows} rows cannot be read:\n${shown.join("")}` +
        (more > 0 ? `  … and ${more} more\n` : "")
    )
    if (!args.partial) {
      throw new ImportError(0, `nothing analysed; fix the rows, or pass --partial to leave them out`)
    }
  }
  return {
    orders: result.orders,
    format: result.format.id,
    encoding: result.encoding,
    timeZone: result.timeZone
  }
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits))

/** The JSON the issue specifies: money in integer minor units of `currency`, model parameters unrounded. */
export function analysisJson(a: ShopAnalysis, withCustomers: boolean): Record<string, unknown> {
  const bg = a.models.bgnbd
  const gg = a.models.gammaGamma
  const json: Record<string, unknown> = {
    asOf: a.asOfDay,
    timezone: a.timeZone,
    shopId: a.shopId,
    currency: a.currency,
    moneyUnit: "minor",
    orders: a.orders,
    customers: a.customers,
    buyers: a.buyers,
    repeatCustomers: a.repeatCustomers,
    repeatRate: round(a.repeatRate, 4),
    segments: a.segments,
    levels: a.levels,
    model: {
      timeUnit: a.models.timeUnit,
      horizonDays: a.models.horizonDays,
      bgnbd: isModelError(bg)
        ? { error: bg.error }
        : {
            r: bg.r,
            alpha: bg.alpha,
            a: bg.a,
            b: bg.b,
            logLikelihood: bg.logLikelihood,
            customers: bg.customers
          },
      gammaGamma: isModelError(gg)
        ? { error: gg.error }
        : { p: gg.p, q: gg.q, v: gg.v, logLikelihood: gg.logLikelihood, customers: gg.customers }
    },
    rolling: a.rolling.map((r) => ({
      windowDays: r.windowDays,
      buyers: r.buyers,
      repeatBuyers: r.repeatBuyers,
      rate: round(r.rate, 4)
    })),
    cohorts: a.cohorts.map((c) => ({ ...c, retention: c.retention.map((x) => round(x, 4)) })),
    reactivations: a.reactivations.length,
    churnRisk: a.churnRisk.length
  }
  if (withCustomers) {
    json.customerList = a.customerList.map((c) => ({
      id: c.buyerId,
      ...(c.buyerNick ? { nick: c.buyerNick } : {}),
      orders: c.orders,
      purchaseDays: c.purchaseDays,
      totalSpent: c.totalSpent,
      averageOrderValue: c.averageOrderValue,
      firstOrderDay: c.firstOrderDay,
      lastOrderDay: c.lastOrderDay,
      daysSinceLastOrder: c.daysSinceLastOrder,
      refundRate: round(c.refundRate, 4),
      repeatBuyer: c.repeatBuyer,
      rfm: c.rfm,
      segment: c.segment,
      memberLevel: c.memberLevel,
      pAlive: c.prediction?.pAlive ?? null,
      expectedPurchases90d: c.prediction?.expectedPurchases90d ?? null,
      predictedOrders365: c.prediction?.predictedOrders365 ?? null,
      expectedOrderValue: c.prediction?.expectedOrderValue ?? null,
      clv12m: c.prediction?.clv12m ?? null,
      averageDaysBetweenOrders: c.prediction?.averageDaysBetweenOrders ?? null,
      expectedNextOrderDate: c.prediction?.expectedNextOrderDate ?? null,
      // 10th–90th percentile of the model's distribution of 12-month orders, and the value over it.
      predictedOrders365Range: c.prediction?.range?.orders365 ?? null,
      clv12mRange: c.prediction?.range?.value365
        ? {
            low: Math.round(c.prediction.range.value365.low),
            high: Math.round(c.prediction.range.value365.high)
          }
        : null
    }))
  }
  return json
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`
const pad = (s: string, n: number): string => s + " ".repeat(Math.max(0, n - displayWidth(s)))
const padLeft = (s: string, n: number): string => " ".repeat(Math.max(0, n - displayWidth(s))) + s
/** Terminal columns: CJK characters take two. */
function displayWidth(s: string): number {
  let w = 0
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch
    )
      ? 2
      : 1
  return w
}

/** The human-readable report. */
export function analysisReport(
  a: ShopAnalysis,
  opts: { lang: "en" | "zh"; customers: boolean; file: string; format: string; encoding: string }
): string {
  const zh = opts.lang === "zh"
  const money = (minor: number) => formatMoney(minor, a.currency)
  const lines: string[] = []
  lines.push(
    zh
      ? `回客 · ${opts.file}（${opts.format}，${opts.encoding}）`
      : `Huike · ${opts.file} (${opts.format}, ${opts.encoding})`
  )
  lines.push(
    zh
      ? `店铺 ${a.shopId || "—"} · 截至 ${a.asOfDay}（${a.timeZone}）· 货币 ${a.currency}`
      : `Shop ${a.shopId || "—"} · as of ${a.asOfDay} (${a.timeZone}) · ${a.currency}`
  )
  lines.push("")
  lines.push(
    zh
      ? `有效订单 ${a.orders} · 客户 ${a.customers} · 购买客户 ${a.buyers} · 回头客 ${a.repeatCustomers}（复购率 ${pct(a.repeatRate)}）`
      : `Orders ${a.orders} · customers ${a.customers} · buyers ${a.buyers} · repeat buyers ${a.repeatCustomers} (${pct(a.repeatRate)})`
  )
  if (a.rolling.length > 0) {
    lines.push(
      (zh ? "滚动复购率：" : "Rolling repurchase rate: ") +
        a.rolling
          .map((r) => `${r.windowDays}${zh ? "天" : "d"} ${pct(r.rate)} (${r.repeatBuyers}/${r.buyers})`)
          .join(" · ")
    )
  }
  lines.push(
    zh
      ? `均值：距上次购买 ${a.means.daysSinceLastOrder.toFixed(1)} 天 · 订单 ${a.means.orders.toFixed(2)} · 消费 ${money(Math.round(a.means.totalSpent))}`
      : `Shop means: ${a.means.daysSinceLastOrder.toFixed(1)} days since last order · ${a.means.orders.toFixed(2)} orders · ${money(Math.round(a.means.totalSpent))} spent`
  )
  lines.push("")
  lines.push(zh ? "RFM 客户分层" : "RFM segments")
  for (const s of SEGMENTS) {
    const n = a.segments[s.id]
    const arrows = `R${s.r ? "↑" : "↓"}F${s.f ? "↑" : "↓"}M${s.m ? "↑" : "↓"}`
    lines.push(
      `  ${pad(zh ? s.zh : s.en, 20)} ${arrows}  ${padLeft(String(n), 7)}  ${padLeft(pct(a.buyers ? n / a.buyers : 0), 6)}`
    )
  }
  lines.push("")
  lines.push(zh ? "会员等级" : "Member levels")
  for (const level of DEFAULT_LADDER.levels) {
    if (a.levels[level.id] === undefined) continue
    lines.push(`  ${pad(zh ? level.zh : level.en, 20)} ${padLeft(String(a.levels[level.id]), 7)}`)
  }
  lines.push("")
  lines.push(zh ? "预测模型（周为单位）" : "Predictive models (time unit: week)")
  const bg = a.models.bgnbd
  lines.push(
    isModelError(bg)
      ? `  BG/NBD: ${zh ? "数据不足" : "not fitted"} — ${bg.error}`
      : `  BG/NBD: r ${bg.r.toFixed(4)} · α ${bg.alpha.toFixed(4)} · a ${bg.a.toFixed(4)} · b ${bg.b.toFixed(4)} · LL ${bg.logLikelihood.toFixed(1)} (${bg.customers} ${zh ? "位客户" : "customers"})`
  )
  const gg = a.models.gammaGamma
  lines.push(
    isModelError(gg)
      ? `  Gamma-Gamma: ${zh ? "数据不足" : "not fitted"} — ${gg.error}`
      : `  Gamma-Gamma: p ${gg.p.toFixed(4)} · q ${gg.q.toFixed(4)} · v ${gg.v.toFixed(4)} (${gg.customers} ${zh ? "位回头客" : "repeat buyers"})`
  )
  lines.push(
    zh
      ? `重新激活（间隔 ≥ 90 天后再次购买）${a.reactivations.length} 次 · 流失风险客户 ${a.churnRisk.length} 位`
      : `Reactivations (a purchase after ≥ 90 days without one): ${a.reactivations.length} · churn-risk customers: ${a.churnRisk.length}`
  )
  if (opts.customers) {
    lines.push("")
    lines.push(zh ? "消费最高的 20 位客户" : "Top 20 customers by spend")
    const top = a.customerList
      .filter((c) => c.orders > 0)
      .sort((x, y) => y.totalSpent - x.totalSpent || (x.buyerId < y.buyerId ? -1 : 1))
      .slice(0, 20)
    for (const c of top) {
      const seg = c.segment ? SEGMENTS.find((s) => s.id === c.segment) : undefined
      const p = c.prediction
      lines.push(
        `  ${pad(c.buyerNick ?? c.buyerId, 16)} ${padLeft(money(c.totalSpent), 12)}  ${pad(c.rfmLabel ?? "", 9)} ${pad(seg ? (zh ? seg.zh : seg.en) : "", 18)} ` +
          `${zh ? "P(活跃)" : "P(alive)"} ${p?.pAlive == null ? "—" : p.pAlive.toFixed(2)} · CLV12m ${p?.clv12m == null ? "—" : money(Math.round(p.clv12m))}` +
          rangeText(p?.range, money, zh)
      )
    }
  }
  return lines.join("\n") + "\n"
}

/** "· 12 months: 2–5 orders, $90–$230" (the 10th–90th percentile range), or "". */
function rangeText(range: CustomerRange | undefined, money: (minor: number) => string, zh: boolean): string {
  if (!range) return ""
  const o = range.orders365
  const orders = o.low === o.high ? String(o.low) : `${o.low}–${o.high}`
  const value = range.value365
    ? `, ${money(Math.round(range.value365.low))}–${money(Math.round(range.value365.high))}`
    : ""
  return zh ? ` · 12 个月：${orders} 单${value}` : ` · 12 months: ${orders} orders${value}`
}

/** Runs the CLI; returns the exit code (0 ok, 1 bad input, 2 usage). */
export function runCli(argv: readonly string[], io: CliIo = nodeIo): number {
  let args: AnalyzeArgs | "help"
  try {
    args = parseArgs(argv)
  } catch (e) {
    io.err(`huike: ${(e as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (args === "help") {
    io.out(USAGE)
    return 0
  }
  try {
    const { orders, format, encoding, timeZone } = readOrders(args, io)
    const asOfDay = args.asOf ?? new Date(io.now()).toISOString().slice(0, 10)
    // As of the end of that day: purchases on it count, ages are measured to its start (src/core).
    const asOf = startOfDayKey(asOfDay, timeZone)
    let analyses = analyzeShops(orders, { asOf, timeZone, ranges: args.customers })
    if (args.shop !== null) {
      analyses = analyses.filter((s) => s.shopId === args.shop)
      if (analyses.length === 0) throw new UsageError(`no orders of shop "${args.shop}" in ${args.file}`)
    }
    if (analyses.length === 0) throw new ImportError(0, `${args.file} has no orders`)
    if (analyses.length > 1) {
      throw new UsageError(
        `${args.file} holds ${analyses.length} shops (${analyses.map((s) => s.shopId).join(", ")}); pick one with --shop`
      )
    }
    const a = analyses[0]
    if (args.holdoutFrom !== null) {
      let check: ModelCheck
      try {
        check = checkModel(orders, { timeZone, holdoutFrom: args.holdoutFrom, asOf, shopId: a.shopId })
      } catch (e) {
        if (e instanceof RangeError) throw new UsageError(`--holdout-from: ${e.message}`)
        throw e
      }
      const firstDay = a.customerList.reduce<string | null>(
        (min, c) =>
          c.firstOrderDay !== null && (min === null || c.firstOrderDay < min) ? c.firstOrderDay : min,
        null
      )
      const context = { shopBuyers: a.buyers, firstDay: firstDay ?? a.asOfDay }
      if (args.json)
        io.out(JSON.stringify(modelCheckJson(check, context.shopBuyers, context.firstDay), null, 2) + "\n")
      else io.out(modelCheckReport(check, { lang: args.lang, file: args.file, ...context }))
      return 0
    }
    if (args.json) io.out(JSON.stringify(analysisJson(a, args.customers), null, 2) + "\n")
    else
      io.out(
        analysisReport(a, { lang: args.lang, customers: args.customers, file: args.file, format, encoding })
      )
    return 0
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`huike: ${e.message}\n`)
      return 2
    }
    if (e instanceof ImportError || e instanceof EncodingError) {
      io.err(`huike: ${args.file}: ${e.message}\n`)
      return 1
    }
    throw e
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = runCli(process.argv.slice(2))
}
