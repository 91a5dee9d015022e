// Vendure admin (self-hosted, any origin the user allowed): order list, order page, customer page.
// The admin is a single-page app: once loaded at any /admin path it navigates without reloading, so every
// admin page is claimed and the page kind follows the current path.
import type { MarketplaceAdapter, PageKind } from "../types"
import { parseAdminApiAnswer } from "./admin-api"
import { ADMIN_PATH, apiPatterns, paths, selectors } from "./selectors"

function pageKindOf(url: URL): PageKind | null {
  if (url.protocol !== "https:" && url.protocol !== "http:") return null
  if (!ADMIN_PATH.test(url.pathname)) return null
  if (paths.customerDetail.test(url.pathname) || paths.customerList.test(url.pathname)) return "customer"
  if (paths.orderDetail.test(url.pathname)) return "order-detail"
  return "order-list"
}

const nameIn = (element: Element): string | undefined =>
  (element.matches(selectors.customerLabel)
    ? element.querySelector(selectors.customerLabelName)?.textContent
    : element.matches(selectors.customerListLink)
      ? element.querySelector(selectors.customerListName)?.textContent
      : element.textContent
  )
    ?.replace(/\s+/g, " ")
    .trim()

const CUSTOMER_LINK = 'a[href*="/customer/customers/"]'

export const vendureAdapter: MarketplaceAdapter = {
  platform: "vendure",
  name: { en: "Vendure admin", zh: "Vendure 后台" },
  detectPage: pageKindOf,
  apiPatterns,
  parseApiResponse(url, body, shopId) {
    if (!apiPatterns.some((p) => p.test(url))) return null
    return parseAdminApiAnswer(body, shopId)
  },
  readShopId(doc) {
    // One shop per admin origin (a self-hosted server); its host names it.
    return doc.location?.host || null
  },
  countDomRows(root) {
    return root.querySelectorAll(selectors.orderRow).length
  },
  findBuyerMentions(root) {
    const found = [...root.querySelectorAll(`${selectors.customerLabel}, ${selectors.customerListLink}`)]
    if (typeof location !== "undefined" && paths.customerDetail.test(location.pathname))
      found.unshift(...root.querySelectorAll(selectors.pageTitle))
    return found.flatMap((element) => {
      const mention = vendureAdapter.buyerOfMention(element)
      return mention ? [mention] : []
    })
  },
  buyerOfMention(element) {
    const buyerNick = nameIn(element)
    if (!buyerNick) return null
    const link = element.matches(CUSTOMER_LINK) ? element : element.querySelector(CUSTOMER_LINK)
    const href = link?.getAttribute("href") ?? ""
    const buyerId = /\/customer\/customers\/(\d+)/.exec(href)?.[1]
    return buyerId ? { element, buyerNick, buyerId } : { element, buyerNick }
  }
}
