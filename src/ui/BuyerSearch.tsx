// The customer search the side panel and the buyer-card window share: a typed or pasted nick, order number,
// buyer id or e-mail (read by src/core/lookup-text, searched by src/ui/customer-search). The one buyer a text
// names exactly opens at once; a name several buyers share lists them all, then the buyers whose nick or
// e-mail begins with the text; nothing found says so, with the text as it was read.
import { useEffect, useState } from "react"
import { readLookupText } from "../core/lookup-text"
import { maskBuyerId } from "../core/privacy"
import type { HuikeDB } from "../db/store"
import { findBuyers, type FoundBuyers } from "./customer-search"
import { formatMoney, t } from "./i18n"

/** A search asked for from outside the box (a shared name's chip, a copied text): runs once per `at`. */
export interface AskedSearch {
  query: string
  at: number
}

export function BuyerSearch({
  db,
  asked,
  onPick
}: {
  db: HuikeDB
  asked?: AskedSearch | null
  /** A buyer to show: the one the text names exactly, or the one the rep chose from the list. */
  onPick: (customerKey: string) => void
}) {
  const [q, setQ] = useState("")
  const [found, setFound] = useState<FoundBuyers | null>(null)

  async function run(query: string) {
    const result = await findBuyers(db, query)
    if (result.exact.length === 1) {
      setFound(null)
      onPick(result.exact[0].key)
    } else setFound(result)
  }

  useEffect(() => {
    if (!asked) return
    // The box shows the text as it was read (a copied `="3301…"` as 3301…).
    const read = readLookupText(asked.query)
    setQ(read.ok ? read.text : asked.query.trim())
    void run(asked.query)
    // Runs once per asked search (its time), not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [asked?.at, asked?.query])

  const hits = found ? [...found.exact, ...found.partial] : []
  const shops = new Set(hits.map((c) => c.shopKey))
  const read = found?.query
  return (
    <div>
      <input
        data-testid="panel-search"
        style={{ width: "100%", boxSizing: "border-box" }}
        placeholder={t("panelSearch")}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && void run(q)}
      />
      {read && !read.ok && (
        <p data-testid="search-none" role="status">
          {read.reason === "tooLong" ? t("searchTooLong") : t("searchEmpty")}
        </p>
      )}
      {read?.ok && hits.length === 0 && (
        <p data-testid="search-none" role="status">
          {t("searchNone", [read.text])}
          {read.kind === "phoneTail" && ` ${t("searchNoPhones")}`}
        </p>
      )}
      {found && found.exact.length > 1 && read?.ok && (
        <p data-testid="search-shared">{t("searchShared", [String(found.exact.length), read.text])}</p>
      )}
      {hits.length > 0 && (
        <ul data-testid="panel-hits" style={{ paddingLeft: 16 }}>
          {hits.map((c) => (
            <li key={c.key} data-exact={found?.exact.includes(c) ? "" : undefined}>
              <a
                href="#"
                onClick={(e) => {
                  e.preventDefault()
                  onPick(c.key)
                  setFound(null)
                }}>
                {c.buyerNick ?? maskBuyerId(c.buyerId)}
              </a>{" "}
              · {c.orders} · {formatMoney(c.totalSpent, c.currency)}
              {shops.size > 1 && <small style={{ color: "#8c8c8c" }}> · {c.shopKey}</small>}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
