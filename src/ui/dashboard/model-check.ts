// The dashboard's "How well the predictions held": src/core's model check on the shop's stored orders, with
// the last quarter of the shop's history (at least 8 weeks) held out, or why the shop cannot be judged yet
// (fewer than 500 buyers with orders or under 180 days of history: src/core/model-check.ts). Runs in the
// analysis worker (and in the page where no worker starts); no DOM.
import {
  checkModel,
  checkReadiness,
  defaultHoldoutFrom,
  isModelError,
  parseDayKey,
  type CapturedOrder,
  type ModelCheck
} from "../../core"
import type { PageView } from "./owner-data"

export type DashboardCheck =
  | { kind: "not-enough"; reason: "too-few-buyers" | "too-young"; buyers: number; historyDays: number }
  /** The calibration period could not support a fit (the reason from src/core). */
  | { kind: "not-fitted"; error: string; holdoutFrom: string }
  | { kind: "check"; check: Omit<ModelCheck, "bgnbd" | "gammaGamma"> }

export function dashboardCheck(
  orders: readonly CapturedOrder[],
  analysis: PageView["analysis"],
  now: number
): DashboardCheck {
  const asOfDay = parseDayKey(analysis.asOfDay) ?? 0
  // The daily figures start on the shop's first purchase day.
  const firstDay = analysis.daily.length > 0 ? parseDayKey(analysis.daily[0].day) : null
  const ready = checkReadiness(analysis.buyers, firstDay, asOfDay)
  if (ready.reason !== null || firstDay === null)
    return {
      kind: "not-enough",
      reason: ready.reason ?? "too-few-buyers",
      buyers: ready.buyers,
      historyDays: ready.historyDays
    }
  const holdoutFrom = defaultHoldoutFrom(firstDay, asOfDay)
  let result: ModelCheck
  try {
    result = checkModel(orders, {
      timeZone: analysis.timeZone,
      holdoutFrom,
      asOf: now,
      shopId: analysis.shopId
    })
  } catch (e) {
    return { kind: "not-fitted", error: e instanceof Error ? e.message : String(e), holdoutFrom }
  }
  const { bgnbd, gammaGamma: _spendFit, ...check } = result
  if (isModelError(bgnbd)) return { kind: "not-fitted", error: bgnbd.error, holdoutFrom }
  return { kind: "check", check }
}
