// "How well the predictions held": the model check the analysis worker runs (model-check.ts), as the BG/NBD
// paper shows it — cumulative weekly repeat purchases and holdout purchases by calibration repeat count,
// predicted against actual, each chart with its table beside it — with a one-sentence verdict, or a note
// saying why the shop cannot be judged yet.
import { useMemo } from "react"
import { MIN_CHECK_BUYERS, MIN_CHECK_HISTORY_DAYS, verdictParts, type ModelCheck } from "~src/core"
import { LineChart } from "~src/ui/charts/LineChart"
import { money, ownerLocale, tr } from "~src/ui/dashboard/lang"
import type { DashboardCheck } from "~src/ui/dashboard/model-check"

const card: React.CSSProperties = {
  border: "1px solid #f0f0f0",
  borderRadius: 8,
  padding: "12px 16px",
  marginTop: 16,
  background: "#fff"
}
const cell: React.CSSProperties = { padding: "2px 8px", borderBottom: "1px solid #f0f0f0", textAlign: "left" }
const num: React.CSSProperties = { ...cell, textAlign: "right", fontVariantNumeric: "tabular-nums" }
const muted: React.CSSProperties = { margin: "0 0 8px", color: "#8c8c8c", fontSize: 12 }
const PREDICTED = "#1677ff"
const ACTUAL = "#d63031"

const count = (x: number, digits = 0) =>
  x.toLocaleString(ownerLocale(), { maximumFractionDigits: digits, minimumFractionDigits: digits })

/** "Predicted 1,654 repeat purchases, 1,882 happened: 12% under." */
export function verdictSentence(check: Omit<ModelCheck, "bgnbd" | "gammaGamma">): string {
  const v = verdictParts(check as ModelCheck)
  if (!v) return tr("checkVerdictNone", [count(check.purchases?.predicted ?? 0)])
  const args = [count(v.predicted), count(v.actual), v.percent]
  if (v.direction === "exact") return tr("checkVerdictExact", args)
  return tr(v.direction === "under" ? "checkVerdictUnder" : "checkVerdictOver", args)
}

export function ModelCheckSection({ state, currency }: { state: DashboardCheck | null; currency: string }) {
  return (
    <section style={card} data-testid="model-check">
      <h2 style={{ fontSize: 16, margin: "0 0 8px" }}>{tr("checkTitle")}</h2>
      {state === null && <p style={muted}>{tr("checkComputing")}</p>}
      {state?.kind === "not-enough" && (
        <p data-testid="model-check-note" style={{ margin: 0 }}>
          {tr(state.reason === "too-few-buyers" ? "checkTooFewBuyers" : "checkTooYoung", [
            count(MIN_CHECK_BUYERS),
            MIN_CHECK_HISTORY_DAYS,
            count(state.buyers),
            count(state.historyDays)
          ])}
        </p>
      )}
      {state?.kind === "not-fitted" && (
        <p data-testid="model-check-note" style={{ margin: 0 }}>
          {tr("checkNotFitted", [state.holdoutFrom, state.error])}
        </p>
      )}
      {state?.kind === "check" && <CheckBody check={state.check} currency={currency} />}
    </section>
  )
}

function CheckBody({
  check,
  currency
}: {
  check: Omit<ModelCheck, "bgnbd" | "gammaGamma">
  currency: string
}) {
  const weekly = useMemo(
    () => ({
      labels: check.weekly.map((w) => w.endDay.slice(2)),
      series: [
        { label: tr("checkPredicted"), values: check.weekly.map((w) => w.predicted), color: PREDICTED },
        { label: tr("checkActual"), values: check.weekly.map((w) => w.actual), color: ACTUAL }
      ]
    }),
    [check]
  )
  const groups = useMemo(
    () => ({
      labels: check.byRepeatCount.map((r) => r.repeats),
      series: [
        {
          label: tr("checkPredicted"),
          values: check.byRepeatCount.map((r) => r.meanPredicted),
          color: PREDICTED
        },
        { label: tr("checkActual"), values: check.byRepeatCount.map((r) => r.meanActual), color: ACTUAL }
      ]
    }),
    [check]
  )
  const p = check.purchases
  const tableBox: React.CSSProperties = { maxHeight: 220, overflowY: "auto", fontSize: 12 }
  return (
    <>
      <p data-testid="model-check-verdict" style={{ margin: "0 0 4px", fontSize: 15, fontWeight: 600 }}>
        {verdictSentence(check)}
      </p>
      <p style={muted} data-testid="model-check-how">
        {tr("checkHow", [
          check.calibrationFrom,
          check.calibrationTo,
          check.holdoutFrom,
          check.holdoutTo,
          count(check.holdoutWeeks, 1),
          count(check.buyers)
        ])}
        {p && ` ${tr("checkMae", [count(p.meanAbsoluteError, 2)])}`}
        {check.spend &&
          ` ${tr("checkSpend", [
            money(check.spend.meanPredicted, currency),
            money(check.spend.meanActual, currency),
            count(check.spend.buyers)
          ])}`}
      </p>
      <h3 style={{ fontSize: 14, margin: "8px 0 4px" }}>{tr("checkWeeklyTitle")}</h3>
      <div style={{ display: "grid", gridTemplateColumns: "3fr 2fr", gap: 16 }}>
        <LineChart
          labels={weekly.labels}
          series={weekly.series}
          height={220}
          title={tr("checkWeeklyTitle")}
          testId="model-check-weekly-chart"
        />
        <div style={tableBox}>
          <table data-testid="model-check-weekly-table" style={{ width: "100%", borderCollapse: "collapse" }}>
            <thead>
              <tr>
                <th style={cell}>{tr("checkWeekEnding")}</th>
                <th style={num}>{tr("checkPredicted")}</th>
                <th style={num}>{tr("checkActual")}</th>
              </tr>
            </thead>
            <tbody>
              {check.weekly.map((w) => (
                <tr
                  key={w.week}
                  data-holdout={w.holdout ? "" : undefined}
                  style={w.holdout ? { background: "#fafafa" } : {}}>
                  <td style={cell}>
                    {w.endDay}
                    {w.holdout ? ` · ${tr("checkHoldout")}` : ""}
                  </td>
                  <td style={num}>{count(w.predicted)}</td>
                  <td style={num}>{count(w.actual)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <h3 style={{ fontSize: 14, margin: "12px 0 4px" }}>{tr("checkGroupsTitle")}</h3>
      <div style={{ display: "grid", gridTemplateColumns: "3fr 2fr", gap: 16 }}>
        <LineChart
          labels={groups.labels}
          series={groups.series}
          height={200}
          title={tr("checkGroupsTitle")}
          testId="model-check-groups-chart"
        />
        <div style={tableBox}>
          <table data-testid="model-check-groups-table" style={{ width: "100%", borderCollapse: "collapse" }}>
            <thead>
              <tr>
                <th style={cell}>{tr("checkRepeats")}</th>
                <th style={num}>{tr("ownerBuyers")}</th>
                <th style={num}>{tr("checkPredicted")}</th>
                <th style={num}>{tr("checkActual")}</th>
              </tr>
            </thead>
            <tbody>
              {check.byRepeatCount.map((r) => (
                <tr key={r.repeats} data-repeats={r.repeats}>
                  <td style={cell}>{r.repeats}</td>
                  <td style={num}>{count(r.buyers)}</td>
                  <td style={num}>{count(r.meanPredicted, 2)}</td>
                  <td style={num}>{count(r.meanActual, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  )
}
