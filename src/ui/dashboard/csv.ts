// A customer list as CSV for an SMS / WeChat / e-mail campaign. Contact fields (e-mail, an e-mail used as
// buyer id, a personal name) are masked unless the user chose full contacts; a Taobao member nick is the
// platform's public name and stays as it is (a rep needs it to message the buyer). A UTF-8 BOM makes Excel read Chinese correctly.
import Papa from "papaparse"
import { minorDigits, SEGMENT_BY_ID, type Lang } from "../../core/segments"
import { displayBuyer, maskBuyerId, maskEmail } from "../../core/privacy"
import type { CustomerRow } from "./owner-data"

export const CSV_COLUMNS = [
  "customer_key",
  "buyer_id",
  "nick",
  "email",
  "segment",
  "segment_name",
  "member_level",
  "orders",
  "total_spent",
  "currency",
  "last_order_day",
  "days_since_last_order",
  "p_alive"
] as const

export function customersCsv(rows: readonly CustomerRow[], opts: { mask: boolean; lang: Lang }): string {
  const data = rows.map((r) => [
    // The key ends with the buyer id, which is an e-mail on Shopify and Amazon: masked with it.
    opts.mask && r.key.endsWith(r.buyerId)
      ? r.key.slice(0, r.key.length - r.buyerId.length) + maskBuyerId(r.buyerId)
      : r.key,
    opts.mask ? maskBuyerId(r.buyerId) : r.buyerId,
    r.buyerNick ? displayBuyer({ platform: r.key.split(":")[0], ...r }, opts.mask) : "",
    r.buyerEmail ? (opts.mask ? maskEmail(r.buyerEmail) : r.buyerEmail) : "",
    r.segment ?? "",
    r.segment ? SEGMENT_BY_ID[r.segment][opts.lang] : "",
    r.memberLevel,
    r.orders,
    (r.totalSpent / 10 ** minorDigits(r.currency)).toFixed(minorDigits(r.currency)),
    r.currency,
    r.lastOrderDay ?? "",
    r.daysSinceLastOrder ?? "",
    r.pAlive === null ? "" : r.pAlive.toFixed(3)
  ])
  return "\ufeff" + Papa.unparse({ fields: [...CSV_COLUMNS], data }, { newline: "\r\n" })
}

/** Saves text as a file through a temporary link (extension pages may download their own blobs). */
export function downloadText(name: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement("a")
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
