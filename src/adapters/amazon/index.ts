// Amazon Seller Central: Manage Orders (orders-v3) and an order's detail page, and Buyer-Seller Messaging
// (tagged by known names, its thread's buyer read from the order id in its address).
import type { MarketplaceAdapter } from "../types"
import { isMessagingPage, messagingPageBuyer } from "./messaging"
import { parseOrdersApiAnswer } from "./orders-api"
import { apiPatterns, selectors } from "./selectors"

const HOST = /^sellercentral\.amazon\.(com|ca|co\.uk|de|fr|it|es|co\.jp|in|com\.au)$/

export const amazonAdapter: MarketplaceAdapter = {
  platform: "amazon",
  name: { en: "Amazon Seller Central", zh: "亚马逊卖家平台" },
  detectPage(url) {
    if (!HOST.test(url.hostname)) return null
    if (/^\/orders-v3\/order\/\d{3}-\d{7}-\d{7}\/?$/.test(url.pathname)) return "order-detail"
    if (/^\/orders-v3(\/|\/ref=[^/]*)?$/.test(url.pathname)) return "order-list"
    return null
  },
  apiPatterns,
  parseApiResponse(url, body, shopId) {
    if (!apiPatterns.some((p) => p.test(url))) return null
    return parseOrdersApiAnswer(body, shopId)
  },
  readShopId(doc) {
    // One seller account per Seller Central login; the marketplace is the shop.
    const host = doc.location?.hostname ?? ""
    return HOST.test(host) ? host.replace(/^sellercentral\./, "") : null
  },
  countDomRows(root) {
    return root.querySelectorAll(selectors.orderRow).length
  },
  findBuyerMentions(root) {
    return [...root.querySelectorAll(selectors.buyerName)].flatMap((element) => {
      const mention = amazonAdapter.buyerOfMention(element)
      return mention ? [mention] : []
    })
  },
  buyerOfMention(element) {
    const buyerNick = element.textContent?.trim()
    return buyerNick ? { element, buyerNick } : null
  },
  isMessageCentre(url) {
    return HOST.test(url.hostname) && isMessagingPage(url)
  },
  pageBuyer(url) {
    if (!HOST.test(url.hostname)) return null
    // An order's detail page names its order too; its chips come from the page's own data already.
    return messagingPageBuyer(url)
  }
}
