// A buyer's next 12 months as a range, not a false exact figure: "2–5 orders, ¥900–¥2,300" — the 10th to
// 90th percentile of the model's distribution of their number of purchases, and that times their expected
// order value (src/core/prediction-range.ts; computed on read by the store's profile). Shown in the hover
// card (a row of its figures) and in the side panel (a line).
import { minorDigits } from "../core/segments"
import type { CustomerProfile } from "../messages"
import { formatMoney, t } from "./i18n"

const span = (low: string, high: string) => (low === high ? low : `${low}–${high}`)

/** A predicted amount in whole major units (¥900, not ¥900.12: the cents would claim a precision it has not). */
function wholeMoney(minor: number, currency: string): string {
  const scale = 10 ** minorDigits(currency)
  return formatMoney(Math.round(minor / scale) * scale, currency)
}

/** "2–5 orders, ¥900–¥2,300", "0 orders", or null without a range. */
export function rangeText(profile: Pick<CustomerProfile, "range12m" | "currency">): string | null {
  const r = profile.range12m
  if (!r) return null
  const orders = span(String(r.orders.low), String(r.orders.high))
  const one = orders === "1"
  if (!r.value || r.orders.high === 0) return t(one ? "cardRangeOneOrder" : "cardRangeOrders", [orders])
  const value = span(wholeMoney(r.value.low, profile.currency), wholeMoney(r.value.high, profile.currency))
  return t(one ? "cardRangeOneOrderValue" : "cardRangeValue", [orders, value])
}

/** The hover card's row (inside its <dl>). */
export function PredictionRangeRow({ profile }: { profile: CustomerProfile }) {
  const text = rangeText(profile)
  if (text === null) return null
  return (
    <>
      <dt>{t("cardRange")}</dt>
      <dd data-field="range12m" title={t("cardRangeHelp")}>
        {text}
      </dd>
    </>
  )
}

/** The side panel's line. */
export function PredictionRangeLine({ profile }: { profile: CustomerProfile }) {
  const text = rangeText(profile)
  if (text === null) return null
  return (
    <p data-testid="panel-range" title={t("cardRangeHelp")} style={{ margin: "4px 0" }}>
      {t("cardRange")}: {text}
    </p>
  )
}
