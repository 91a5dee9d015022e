// What the hover card and the side panel say when Huike has not read far enough back (src/core/coverage.ts):
// that this buyer may have bought before, from when the shop's orders are known, and the two ways to fix it
// (read the history on the sold-orders page, import the order export); and that a segment or level computed
// from part of the shop's history is only that.
import browser from "webextension-polyfill"
import { orderListPage } from "../adapters/order-list-pages"
import type { CustomerProfile } from "../messages"
import { t } from "./i18n"

const note: React.CSSProperties = {
  background: "#fafafa",
  border: "1px dashed #d9d9d9",
  borderRadius: 6,
  padding: "2px 6px",
  margin: "4px 0",
  color: "#595959"
}

/** The buyer's line (when first seen) with its actions. */
export function CoverageBuyerNote({ profile }: { profile: CustomerProfile }) {
  const c = profile.coverage
  if (!c?.firstSeen) return null
  const listPage = orderListPage(profile.platform)
  // One compact block (text, then the two actions as links on the same line): the card must still fit
  // below its chip.
  return (
    <div style={note} data-huike-coverage="">
      {c.knownFrom ? t("coverageBuyerFrom", [c.knownFrom]) : t("coverageBuyerPagesOnly")}{" "}
      {listPage && (
        <>
          <a href={listPage} target="_blank" rel="noopener noreferrer" data-huike-read-history="">
            {t("coverageReadHistory")}
          </a>
          {" · "}
        </>
      )}
      <a
        href="#"
        data-huike-import-export=""
        onClick={(e) => {
          e.preventDefault()
          void browser.runtime.sendMessage({ type: "openPage", page: "import" })
        }}>
        {t("coverageImportExport")}
      </a>
    </div>
  )
}

/** Under a segment or level computed from part of the shop's history. */
export function CoverageFiguresNote({ profile }: { profile: CustomerProfile }) {
  const c = profile.coverage
  if (!c || c.wholeHistory || (!profile.segment && !profile.memberLevel)) return null
  return (
    <div className="why" style={{ color: "#8c8c8c" }} data-huike-figures-partial="">
      {c.knownFrom ? t("coverageFiguresPartial", [c.knownFrom]) : t("coverageFiguresPagesOnly")}
    </div>
  )
}
