// Shopify admin: orders index, order page, customer page (admin.shopify.com/store/<store>/...), and
// Shopify Inbox (inbox.shopify.com/store/<store>/conversations/…), tagged by known names.
import type { MarketplaceAdapter } from "../types"
import { parseAdminGraphql } from "./graphql"
import { apiPatterns, inbox, selectors } from "./selectors"

const STORE_PATH = /^\/store\/([a-z0-9][a-z0-9-]*)\/(orders|customers)(?:\/(\d+))?\/?$/

export const shopifyAdapter: MarketplaceAdapter = {
  platform: "shopify",
  name: { en: "Shopify admin", zh: "Shopify 后台" },
  detectPage(url) {
    if (url.hostname !== "admin.shopify.com") return null
    const m = STORE_PATH.exec(url.pathname)
    if (!m) return null
    if (m[2] === "customers") return m[3] ? "customer" : null
    return m[3] ? "order-detail" : "order-list"
  },
  apiPatterns,
  parseApiResponse(url, body, shopId) {
    if (!apiPatterns.some((p) => p.test(url))) return null
    return parseAdminGraphql(body, shopId)
  },
  readShopId(doc) {
    const m = STORE_PATH.exec(doc.location?.pathname ?? "")
    return m ? m[1] : null
  },
  countDomRows(root) {
    return root.querySelectorAll(selectors.orderRow).length
  },
  findBuyerMentions(root) {
    const onCustomerPage =
      typeof location !== "undefined" && shopifyAdapter.detectPage(new URL(location.href)) === "customer"
    const found = [...root.querySelectorAll(selectors.customerLink)]
    if (onCustomerPage) found.unshift(...root.querySelectorAll(selectors.pageTitle))
    return found.flatMap((element) => {
      const mention = shopifyAdapter.buyerOfMention(element)
      return mention ? [mention] : []
    })
  },
  buyerOfMention(element) {
    const buyerNick = element.textContent?.trim()
    return buyerNick ? { element, buyerNick } : null
  },
  isMessageCentre(url) {
    return url.hostname === inbox.host && inbox.path.test(url.pathname)
  },
  pageBuyer(url) {
    if (url.hostname !== "admin.shopify.com") return null
    const m = STORE_PATH.exec(url.pathname)
    if (!m?.[3]) return null
    // Orders are stored under the number in the order page's address (Order.id's last part, graphql.ts);
    // a customer under their e-mail, or their gid when they have none, and seen with their numeric id.
    if (m[2] === "orders") return { orderId: m[3] }
    return { buyerId: `gid://shopify/Customer/${m[3]}`, platformBuyerId: m[3] }
  }
}
