// Taobao / Tmall seller centre: the sold-orders list ("已卖出的宝贝").
import type { MarketplaceAdapter } from "../types"
import { apiPatterns, selectors } from "./selectors"
import { parseSoldOrdersAnswer } from "./sold-orders"

const SOLD_LIST = /^\/trade\/itemlist\/list_sold_items\.htm$/

export const taobaoAdapter: MarketplaceAdapter = {
  platform: "taobao",
  name: { en: "Taobao", zh: "淘宝" },
  detectPage(url) {
    if (!/^trade\.(taobao|tmall)\.com$/.test(url.hostname)) return null
    if (SOLD_LIST.test(url.pathname)) return "order-list"
    return null
  },
  apiPatterns,
  parseApiResponse(url, body, shopId) {
    if (!apiPatterns.some((p) => p.test(url))) return null
    return parseSoldOrdersAnswer(body, shopId)
  },
  readShopId(doc) {
    const nick = doc.querySelector(selectors.shopNick)?.textContent?.trim()
    return nick ? nick : null
  },
  countDomRows(root) {
    return root.querySelectorAll(selectors.orderRow).length
  },
  findBuyerMentions(root) {
    return [...root.querySelectorAll(selectors.buyerNick)].flatMap((element) => {
      const mention = taobaoAdapter.buyerOfMention(element)
      return mention ? [mention] : []
    })
  },
  buyerOfMention(element) {
    const buyerNick = element.textContent?.trim()
    return buyerNick ? { element, buyerNick } : null
  }
}
