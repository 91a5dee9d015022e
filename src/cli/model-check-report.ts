// `analyze FILE --holdout-from DATE`: the model check (src/core/model-check.ts) as a terminal report or JSON.
import {
  checkReadiness,
  formatMoney,
  isModelError,
  MIN_CHECK_BUYERS,
  MIN_CHECK_HISTORY_DAYS,
  MIN_HOLDOUT_DAYS,
  parseDayKey,
  verdictParts,
  type ModelCheck
} from "../core"

const round = (x: number, digits: number): number => Number(x.toFixed(digits))

/** Every figure of the check; money in integer minor units of `currency`, model parameters unrounded. */
export function modelCheckJson(
  check: ModelCheck,
  shopBuyers: number,
  firstDay: string
): Record<string, unknown> {
  const bg = check.bgnbd
  const gg = check.gammaGamma
  const readiness = readinessOf(check, shopBuyers, firstDay)
  return {
    shopId: check.shopId,
    timezone: check.timeZone,
    currency: check.currency,
    moneyUnit: "minor",
    timeUnit: "week",
    convention: check.convention,
    calibration: { from: check.calibrationFrom, to: check.calibrationTo },
    holdout: { from: check.holdoutFrom, to: check.holdoutTo, weeks: round(check.holdoutWeeks, 4) },
    buyers: check.buyers,
    newInHoldout: check.newInHoldout,
    enoughToJudge: {
      buyers: readiness.buyers,
      historyDays: readiness.historyDays,
      holdoutDays: Math.round(check.holdoutWeeks * 7),
      minBuyers: MIN_CHECK_BUYERS,
      minHistoryDays: MIN_CHECK_HISTORY_DAYS,
      minHoldoutDays: MIN_HOLDOUT_DAYS,
      problem: readiness.problem
    },
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
      : { p: gg.p, q: gg.q, v: gg.v, logLikelihood: gg.logLikelihood, customers: gg.customers },
    purchases: check.purchases && {
      predicted: round(check.purchases.predicted, 2),
      actual: check.purchases.actual,
      relativeError: check.purchases.relativeError === null ? null : round(check.purchases.relativeError, 4),
      meanAbsoluteError: round(check.purchases.meanAbsoluteError, 4)
    },
    byRepeatCount: check.byRepeatCount.map((r) => ({
      repeats: r.repeats,
      buyers: r.buyers,
      meanPredicted: round(r.meanPredicted, 4),
      meanActual: round(r.meanActual, 4)
    })),
    weekly: check.weekly.map((w) => ({
      week: w.week,
      endDay: w.endDay,
      holdout: w.holdout,
      predicted: round(w.predicted, 2),
      actual: w.actual
    })),
    spend: check.spend && {
      buyers: check.spend.buyers,
      meanPredicted: Math.round(check.spend.meanPredicted),
      meanActual: Math.round(check.spend.meanActual),
      relativeError: check.spend.relativeError === null ? null : round(check.spend.relativeError, 4),
      meanAbsoluteError: Math.round(check.spend.meanAbsoluteError)
    }
  }
}

function readinessOf(check: ModelCheck, shopBuyers: number, firstDay: string) {
  const holdoutDays = Math.round(check.holdoutWeeks * 7)
  const r = checkReadiness(shopBuyers, parseDayKey(firstDay), parseDayKey(check.holdoutTo) ?? 0)
  const problem = r.reason ?? (holdoutDays < MIN_HOLDOUT_DAYS ? "short-holdout" : null)
  return { buyers: r.buyers, historyDays: r.historyDays, problem }
}

/** The check as a terminal report. */
export function modelCheckReport(
  check: ModelCheck,
  opts: { lang: "en" | "zh"; file: string; shopBuyers: number; firstDay: string }
): string {
  const zh = opts.lang === "zh"
  const money = (minor: number) => formatMoney(Math.round(minor), check.currency)
  const f2 = (x: number) => x.toFixed(2)
  const lines: string[] = []
  lines.push(zh ? `回客 · 预测检验 · ${opts.file}` : `Huike · model check · ${opts.file}`)
  lines.push(
    zh
      ? `店铺 ${check.shopId || "—"}（${check.timeZone}）· 校准期 ${check.calibrationFrom} – ${check.calibrationTo} · 检验期 ${check.holdoutFrom} – ${check.holdoutTo}（${f2(check.holdoutWeeks)} 周）`
      : `Shop ${check.shopId || "—"} (${check.timeZone}) · calibration ${check.calibrationFrom} – ${check.calibrationTo} · holdout ${check.holdoutFrom} – ${check.holdoutTo} (${f2(check.holdoutWeeks)} weeks)`
  )
  lines.push(
    zh
      ? `回购 = 每位买家每天至多一次购买（论文的口径）。检验 ${check.buyers} 位校准期买家；检验期新客 ${check.newInHoldout} 位不计入。`
      : `A repeat purchase is one purchase day per buyer (the paper's convention). ${check.buyers} calibration buyers judged; ${check.newInHoldout} first bought in the holdout and are not.`
  )
  const readiness = readinessOf(check, opts.shopBuyers, opts.firstDay)
  if (readiness.problem) {
    const why =
      readiness.problem === "too-few-buyers"
        ? zh
          ? `只有 ${readiness.buyers} 位有订单的买家（至少需要 ${MIN_CHECK_BUYERS} 位）`
          : `only ${readiness.buyers} buyers with orders (${MIN_CHECK_BUYERS} needed)`
        : readiness.problem === "too-young"
          ? zh
            ? `只有 ${readiness.historyDays} 天的历史（至少需要 ${MIN_CHECK_HISTORY_DAYS} 天）`
            : `only ${readiness.historyDays} days of history (${MIN_CHECK_HISTORY_DAYS} needed)`
          : zh
            ? `检验期不足 ${MIN_HOLDOUT_DAYS} 天`
            : `a holdout shorter than ${MIN_HOLDOUT_DAYS} days`
    lines.push(
      zh
        ? `注意：${why}，以下结果不足以评判模型。`
        : `Note: ${why}; the figures below cannot judge the model.`
    )
  }
  lines.push("")
  const bg = check.bgnbd
  if (isModelError(bg)) {
    lines.push(`BG/NBD: ${zh ? "数据不足" : "not fitted"} — ${bg.error}`)
    return lines.join("\n") + "\n"
  }
  lines.push(
    `BG/NBD (${zh ? "校准期" : "calibration"}): r ${bg.r.toFixed(4)} · α ${bg.alpha.toFixed(4)} · a ${bg.a.toFixed(4)} · b ${bg.b.toFixed(4)} · LL ${bg.logLikelihood.toFixed(1)}`
  )
  const v = verdictParts(check)
  const p = check.purchases
  if (p) {
    const verdict = v
      ? zh
        ? `预测 ${v.predicted.toLocaleString("en-US")} 次回购，实际 ${v.actual.toLocaleString("en-US")} 次：${v.direction === "exact" ? "吻合" : `${v.direction === "under" ? "低估" : "高估"} ${v.percent}%`}`
        : `predicted ${v.predicted.toLocaleString("en-US")} repeat purchases, ${v.actual.toLocaleString("en-US")} happened: ${v.direction === "exact" ? "on target" : `${v.percent}% ${v.direction}`}`
      : zh
        ? `预测 ${f2(p.predicted)} 次回购，检验期内没有回购`
        : `predicted ${f2(p.predicted)} repeat purchases, none happened`
    lines.push(zh ? `检验期：${verdict}` : `Holdout: ${verdict}`)
    lines.push(
      zh
        ? `每位买家的平均绝对误差 ${p.meanAbsoluteError.toFixed(3)} 次`
        : `Mean absolute error per buyer: ${p.meanAbsoluteError.toFixed(3)} purchases`
    )
  }
  lines.push("")
  lines.push(
    zh
      ? "按校准期回购次数分组（检验期人均回购）"
      : "By calibration repeat purchases (holdout purchases per buyer)"
  )
  lines.push(zh ? "  回购   买家     预测     实际" : "  repeats  buyers  predicted  actual")
  for (const r of check.byRepeatCount) {
    lines.push(
      `  ${r.repeats.padStart(5)}  ${String(r.buyers).padStart(7)}  ${r.meanPredicted.toFixed(3).padStart(9)}  ${r.meanActual.toFixed(3).padStart(6)}`
    )
  }
  lines.push("")
  lines.push(
    zh ? "累计回购（每周，预测 / 实际）" : "Cumulative repeat purchases by week (predicted / actual)"
  )
  for (const w of check.weekly) {
    lines.push(
      `  ${zh ? "第" : "week"} ${String(w.week).padStart(3)}${zh ? " 周" : ""}  ${w.endDay}  ${w.predicted.toFixed(1).padStart(9)}  ${String(w.actual).padStart(7)}${w.holdout ? (zh ? "  检验期" : "  holdout") : ""}`
    )
  }
  lines.push("")
  const gg = check.gammaGamma
  if (isModelError(gg)) lines.push(`Gamma-Gamma: ${zh ? "数据不足" : "not fitted"} — ${gg.error}`)
  else if (check.spend) {
    const s = check.spend
    lines.push(
      zh
        ? `客单价（检验期有购买的 ${s.buyers} 位买家）：预测平均 ${money(s.meanPredicted)}，实际平均 ${money(s.meanActual)}` +
            (s.relativeError === null
              ? ""
              : `（${s.relativeError < 0 ? "低估" : "高估"} ${Math.round(Math.abs(s.relativeError) * 100)}%）`) +
            `，平均绝对误差 ${money(s.meanAbsoluteError)}`
        : `Order value (${s.buyers} buyers with holdout purchases): predicted ${money(s.meanPredicted)} on average, actual ${money(s.meanActual)}` +
            (s.relativeError === null
              ? ""
              : ` (${Math.round(Math.abs(s.relativeError) * 100)}% ${s.relativeError < 0 ? "under" : "over"})`) +
            `, mean absolute error ${money(s.meanAbsoluteError)}`
    )
  } else
    lines.push(
      zh ? "客单价：检验期内没有回购，无从比较" : "Order value: no holdout purchases to compare with"
    )
  return lines.join("\n") + "\n"
}
