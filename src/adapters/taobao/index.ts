// Taobao / Tmall seller centre: the sold-orders list ("已卖出的宝贝") as sellers open it today in the 千牛
// web workbench (myseller.taobao.com or qn.taobao.com, a single-page app that fetches asyncSold.htm from
// trade.taobao.com) and on the classic seller centre, the order detail page (Taobao's and Tmall's), and the
// workbench's chat window (its current buyer); its customer-service message page is tagged by known names.
import type { MarketplaceAdapter } from "../types"
import { taobaoHistory } from "./history"
import { readOrderDetailScripts } from "./order-detail"
import { accountCookie, apiPatterns, hosts, paths, selectors, workbenchSelectors } from "./selectors"
import { parseSoldOrdersAnswer } from "./sold-orders"

/** A customer-service sub-account reads "主账号:子账号": the shop is the main account. */
export function mainAccount(text: string): string | null {
  const main = text.trim().split(/[:：]/)[0].trim()
  return main ? main : null
}

/** The account nick in a `document.cookie` string (its "\\uXXXX" escapes decoded), or null. */
export function accountFromCookie(cookie: string): string | null {
  for (const pair of cookie.split(";")) {
    const eq = pair.indexOf("=")
    if (eq < 0 || pair.slice(0, eq).trim() !== accountCookie) continue
    let value: string
    try {
      value = decodeURIComponent(pair.slice(eq + 1).trim())
    } catch {
      return null
    }
    value = value.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    return value.trim() ? value.trim() : null
  }
  return null
}

const MENTIONS = [selectors.buyerNick, selectors.detailBuyerNick, selectors.chatBuyerNick].join(", ")

export const taobaoAdapter: MarketplaceAdapter = {
  platform: "taobao",
  name: { en: "Taobao", zh: "淘宝" },
  detectPage(url) {
    if (url.protocol !== "https:") return null
    if (hosts.trade.test(url.hostname)) {
      if (paths.soldList.test(url.pathname)) return "order-list"
      // Taobao links its detail page with bizOrderId, Tmall with biz_order_id.
      const orderId = url.searchParams.get("bizOrderId") ?? url.searchParams.get("biz_order_id") ?? ""
      if (paths.orderDetail.test(url.pathname) && /^\d+$/.test(orderId)) return "order-detail"
      return null
    }
    if (hosts.workbench.test(url.hostname)) {
      if (paths.workbenchSold.test(url.pathname)) return "order-list"
      // The workbench is one single-page app whose chat window opens over any of its pages.
      return "chat"
    }
    return null
  },
  tagsRowsFromAnswers(url) {
    return hosts.workbench.test(url.hostname)
  },
  apiPatterns,
  history: taobaoHistory,
  parseApiResponse(url, body, shopId) {
    if (!apiPatterns.some((p) => p.test(url))) return null
    return parseSoldOrdersAnswer(body, shopId)
  },
  readPageOrders(doc, shopId) {
    if (taobaoAdapter.detectPage(new URL(doc.location?.href ?? "about:blank")) !== "order-detail") return null
    const scripts = [...doc.querySelectorAll("script:not([src])")].map((s) => s.textContent ?? "")
    return readOrderDetailScripts(scripts, shopId)
  },
  readShopId(doc) {
    // The logged-in account names the shop: the site bar's nick (classic pages), the workbench header
    // (assumed markup), or, when neither is on the page, the account cookie (data, not markup).
    for (const read of [
      () => doc.querySelector(selectors.shopNick)?.textContent,
      () => doc.querySelector(selectors.workbenchAccount)?.textContent,
      () => accountFromCookie(doc.cookie)
    ]) {
      const account = mainAccount(read() ?? "")
      if (account) return account
    }
    return null
  },
  countDomRows(root) {
    return root.querySelectorAll(
      `${selectors.orderRow}, ${selectors.detailOrder}, ${workbenchSelectors.tableRow}`
    ).length
  },
  findBuyerMentions(root) {
    return [...root.querySelectorAll(MENTIONS)].flatMap((element) => {
      const mention = taobaoAdapter.buyerOfMention(element)
      return mention ? [mention] : []
    })
  },
  buyerOfMention(element) {
    const buyerNick = element.textContent?.trim()
    return buyerNick ? { element, buyerNick } : null
  },
  isMessageCentre(url) {
    return (
      url.protocol === "https:" &&
      hosts.workbench.test(url.hostname) &&
      paths.workbenchMessages.test(url.pathname)
    )
  }
}
