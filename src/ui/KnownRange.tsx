// The popup's and the dashboard's line on what Huike has read of the shop (src/core/coverage.ts): "Orders
// known from 2019-03-02", or "Only the pages you opened: read the history" with the way to do it; on the
// dashboard also that its segments and levels come from that part of the history only.
import { useEffect, useState } from "react"
import browser from "webextension-polyfill"
import { dayKey } from "../core/time"
import type { KnownRange } from "../core/coverage"
import type { HuikeDB, ShopRecord } from "../db/store"
import { knownRange } from "../db/reads/coverage"
import { tr } from "./dashboard/lang"

export function KnownRangeLine({
  db,
  shop,
  figures = false
}: {
  db: HuikeDB
  shop: ShopRecord
  /** Also say that the figures shown (segments, levels) come from the known part only. */
  figures?: boolean
}) {
  const [range, setRange] = useState<KnownRange | null | undefined>(undefined)
  useEffect(() => {
    let live = true
    setRange(undefined)
    void knownRange(db, shop.key)
      .then((r) => live && setRange(r))
      .catch(() => live && setRange(null))
    return () => {
      live = false
    }
  }, [db, shop.key])
  if (range === undefined) return null
  const from = range ? dayKey(range.from, shop.timeZone) : null
  return (
    <p data-testid="known-range" data-known-from={from ?? ""} style={{ color: "#595959", margin: "6px 0" }}>
      {from === null ? (
        <a
          href="#"
          data-testid="known-range-read"
          onClick={(e) => {
            e.preventDefault()
            void browser.tabs.create({ url: browser.runtime.getURL("tabs/welcome.html") })
          }}>
          {tr("coveragePagesOnly")}
        </a>
      ) : (
        tr(range?.reachedShopStart ? "coverageKnownFromStart" : "coverageKnownFrom", [from])
      )}
      {figures && !range?.reachedShopStart && (
        <span data-testid="known-range-figures">
          {" · "}
          {from === null ? tr("coverageFiguresPagesOnly") : tr("coverageFiguresPartial", [from])}
        </span>
      )}
    </p>
  )
}

/** The popup's empty state: the way to the welcome page's three ways in. */
export function EmptyWelcome() {
  return (
    <p style={{ color: "#8c8c8c" }}>
      <a
        href="#"
        data-testid="empty-welcome"
        onClick={(e) => {
          e.preventDefault()
          void browser.tabs.create({ url: browser.runtime.getURL("tabs/welcome.html") })
        }}>
        {tr("popupEmptyWelcome")}
      </a>
    </p>
  )
}
