// Counted words in the UI language: "1 order" / "3 orders", "last bought yesterday" / "5 days ago".
// Huike ships English and Simplified Chinese only: English has one form for 1 and another for the rest,
// Chinese one form. Chips build these for hundreds of buyers on the page's main thread, where a first
// Intl object costs a long task (see src/core/money-text.ts), so the two rules are written out here.
import { t, uiLang } from "./i18n"

/** The message key's plural form for `n` in the UI language: `${key}_one` or `${key}_other`. */
function counted(key: string, n: number): string {
  const one = n === 1 && !uiLang().startsWith("zh")
  return t(`${key}_${one ? "one" : "other"}`, [String(n)])
}

/** "1 order", "3 orders", "3 笔订单". */
export const ordersText = (n: number): string => counted("countOrders", n)

/** "last bought today", "… yesterday", "… 5 days ago"; "—" without a purchase. */
export function lastBoughtText(days: number | null): string {
  if (days === null) return "—"
  if (days === 0) return t("lastBoughtToday")
  if (days === 1) return t("lastBoughtYesterday")
  return counted("lastBoughtDaysAgo", days)
}
