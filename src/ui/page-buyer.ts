// The buyer a page's address names (a message thread's order, an order or customer page), shown where no
// guess about the page's markup is needed: one small panel in Huike's own Shadow DOM, fixed at the top right
// of the window, holding the usual chip (its hover card opens from the overlay). When the address names an
// order the store does not hold, the panel says so quietly ("not in Huike yet"): nothing is wrong, the order
// has simply not been captured or imported. Built with textContent only.
import type { BuyerSummary } from "../messages"
import { renderChip } from "./chip-dom"
import { chipBodyStyle } from "./chip-style"
import { t } from "./i18n"

export const PAGE_BUYER_TAG = "huike-page-buyer"

/**
 * What the panel shows: the buyer, or an order the store does not hold. `orderId` is the order number as
 * sellers see it (a Buyer-Seller Messaging thread's order): the panel names it; without it (Shopify's order
 * pages show an order name, not the number in their address) the panel speaks of "this page".
 */
export type PageBuyerView =
  { state: "buyer"; summary: BuyerSummary; orderId?: string } | { state: "not-stored"; orderId?: string }

export interface PageBuyerPanel {
  /** The panel's host (in the page, outside its markup: a child of <html>). */
  host: HTMLElement
  /** The chip, when the panel shows a buyer. */
  chip: HTMLElement | null
}

const panelStyle = `
  :host { all: initial !important; position: fixed !important; top: 8px !important; right: 16px !important;
    z-index: 2147483646 !important; display: block !important; }
  .huike-page-buyer { display: flex; align-items: center; gap: 8px; padding: 4px 8px; background: #fff;
    border: 1px solid #e8e8e8; border-radius: 8px; box-shadow: 0 2px 8px rgba(0,0,0,.08);
    font: 12px/16px -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; color: #595959; }
  .huike-page-buyer--quiet { color: #8c8c8c; background: #fafafa; box-shadow: none; }
`

let sheet: CSSStyleSheet | null = null

/** Shows `view` in the page's panel (made on first use), or removes the panel for null. */
export function showPageBuyer(view: PageBuyerView | null): PageBuyerPanel | null {
  // A new host each time: the overlay wires its listeners to the host of one buyer.
  for (const old of document.querySelectorAll(PAGE_BUYER_TAG)) old.remove()
  if (!view) return null
  const host = document.createElement(PAGE_BUYER_TAG)
  const root = host.attachShadow({ mode: "open" })
  if (!sheet) {
    sheet = new CSSStyleSheet()
    sheet.replaceSync(chipBodyStyle + panelStyle)
  }
  root.adoptedStyleSheets = [sheet]
  const panel = document.createElement("div")
  panel.setAttribute("data-huike-page-buyer", view.state)
  let chip: HTMLElement | null = null
  if (view.state === "buyer") {
    panel.className = "huike-page-buyer"
    const label = document.createElement("span")
    label.textContent = view.orderId ? t("pageBuyerOfOrder", [view.orderId]) : t("pageBuyerOfPage")
    chip = document.createElement("span")
    renderChip(chip, view.summary.buyerNick, view.summary)
    panel.append(label, chip)
  } else {
    panel.className = "huike-page-buyer huike-page-buyer--quiet"
    panel.setAttribute("role", "status")
    panel.textContent = view.orderId ? t("pageBuyerNotStored", [view.orderId]) : t("pageOrderNotStored")
  }
  root.append(panel)
  document.documentElement.append(host)
  return { host, chip }
}
