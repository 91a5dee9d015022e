// The chip shown next to a buyer's name on the seller's page. Text only: page strings are never HTML.
import type { BuyerSummary } from "../messages"
import { formatMoney, t } from "./i18n"

export const chipStyle = `
  :host { display: inline-block !important; vertical-align: middle; }
  #plasmo-shadow-container, #plasmo-inline { display: inline-block !important; position: static !important; }
  .huike-chip { display: inline-flex; gap: 4px; align-items: center; margin-left: 6px; padding: 1px 6px;
    border-radius: 9px; font: 12px/16px -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif;
    white-space: nowrap; vertical-align: middle; border: 1px solid transparent; }
  .huike-chip--repeat { background: #fff1f0; color: #c41d1d; border-color: #ffccc7; }
  .huike-chip--new { background: #f0f5ff; color: #1d39c4; border-color: #adc6ff; }
  .huike-chip--unknown { background: #fafafa; color: #8c8c8c; border-color: #e8e8e8; }
  .huike-chip__spent { opacity: 0.8; }
`

export function BuyerChip({ nick, summary }: { nick: string; summary: BuyerSummary | null | undefined }) {
  if (summary === undefined) return null
  if (summary === null || summary.orders === 0) {
    return (
      <span className="huike-chip huike-chip--unknown" data-huike-chip="" data-nick={nick} data-orders="0">
        {t("chipNotSeen")}
      </span>
    )
  }
  const repeat = summary.repeatBuyer
  return (
    <span
      className={`huike-chip ${repeat ? "huike-chip--repeat" : "huike-chip--new"}`}
      data-huike-chip=""
      data-nick={nick}
      data-orders={summary.orders}
      data-spent={summary.totalSpent}
      title={t("chipTitle", [String(summary.orders), formatMoney(summary.totalSpent, summary.currency)])}>
      <span>{repeat ? t("chipRepeat", [String(summary.orders)]) : t("chipNew")}</span>
      <span className="huike-chip__spent">{formatMoney(summary.totalSpent, summary.currency)}</span>
    </span>
  )
}
