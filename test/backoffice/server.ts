// The local imitation of seller back offices, served over HTTPS under the real host names.
// Chromium reaches it through --host-resolver-rules (see `hostResolverRules`), so the production build
// of the extension runs unchanged: its manifest never mentions localhost.
import { readFileSync } from "node:fs"
import { createServer, type Server } from "node:https"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import selfsigned from "selfsigned"
import { buildTaobaoShop, type TaobaoMainOrder, type TaobaoShopData } from "./taobao-data"
import { renderOrderDetailPage } from "./taobao-detail"
import {
  amazonCentre,
  shopifyInboxCentre,
  taobaoMessageCentre,
  type Centre,
  type CentrePage
} from "./message-centres"
import { encodeGbk } from "../fixtures/gbk"
import {
  amazonSearchOrder,
  buildAmazonShop,
  buildShopifyShop,
  shopifyNode,
  SHOPIFY_STORE,
  type WesternShop
} from "./western-data"

const here = dirname(fileURLToPath(import.meta.url))
export const BACK_OFFICE_HOSTS = [
  "trade.taobao.com",
  "trade.tmall.com",
  "myseller.taobao.com",
  "qn.taobao.com",
  "admin.shopify.com",
  // Shopify Inbox's web app (a message centre).
  "inbox.shopify.com",
  "sellercentral.amazon.com",
  // A helpdesk no adapter knows (tagging by known names, on a site the seller adds).
  "help.desk-imitation.test"
]

export interface BackOffice {
  port: number
  /** Value for Chromium's --host-resolver-rules flag. */
  hostResolverRules: string
  taobao: TaobaoShopData
  shopify: WesternShop
  amazon: WesternShop
  /** The message centres' conversations (Buyer-Seller Messaging, Shopify Inbox, the 千牛 message page). */
  centres: { amazon: Centre; shopify: Centre; taobao: Centre }
  /** Requests served, for tests that check the extension made none of its own. */
  requests: { host: string; method: string; path: string }[]
  /** The next this many sold-orders answers are Taobao's anti-crawler answer instead of orders. */
  throttleNext: number
  /** Sold-orders requests for these pages of these tabs are answered, once each, with the anti-crawler
   *  answer (a test makes page k of a history reading throttled). */
  throttleOnce: { tabCode: string; pageNum: number }[]
  /** The tabCode the imitation serves older orders under (OLDER_TAB_CODE; another value imitates Taobao
   *  using a form value Huike does not know: the older tab then answers with an error, not orders). */
  olderTabCode: string
  /** The session ended: sold-orders requests are answered with the login page. */
  sessionEnded: boolean
  /** Sold-orders requests served, as "tabCode:pageNum", in order. */
  soldRequests: string[]
  close(): Promise<void>
}

async function certificate(): Promise<{ key: string; cert: string }> {
  const pems = await selfsigned.generate([{ name: "commonName", value: "huike-imitation-back-office" }], {
    notAfterDate: new Date(Date.now() + 7 * 86_400_000),
    keyType: "ec",
    extensions: [{ name: "subjectAltName", altNames: BACK_OFFICE_HOSTS.map((value) => ({ type: 2, value })) }]
  })
  return { key: pems.private, cert: pems.cert }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolveBody(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

/** The "changed layout" variant renames fields, as a platform release might. */
function toLayoutV2(o: TaobaoMainOrder): unknown {
  const { buyer, payInfo, ...rest } = o
  return {
    ...rest,
    buyerInfo: { userId: buyer.id, displayNick: buyer.nick },
    payDetail: { payAmount: payInfo.actualFee }
  }
}

/** The workbench's hidden nick ("isHideNick=true"): first and last character around "**". */
export function maskNick(nick: string): string {
  const chars = [...nick]
  return chars.length <= 2 ? `${chars[0]}*` : `${chars[0]}**${chars[chars.length - 1]}`
}

/**
 * Whether the workbench's answer also carries the full nick (buyer.decodeNick) for this buyer. Public code
 * reads both fields without saying when decodeNick is there: the imitation leaves it out for every third
 * buyer (by buyer id), so both cases are exercised.
 */
export const hasDecodeNick = (buyerId: string) => Number(BigInt(buyerId) % 3n) !== 0

/** One sold-order row as the workbench's answer (isHideNick=true) carries it. */
function hiddenNickRow(o: TaobaoMainOrder): TaobaoMainOrder & { buyer: { decodeNick?: string } } {
  const buyer: { id: string; nick: string; decodeNick?: string } = {
    id: o.buyer.id,
    nick: maskNick(o.buyer.nick)
  }
  if (hasDecodeNick(o.buyer.id)) buyer.decodeNick = o.buyer.nick
  return { ...o, buyer }
}

/** What the workbench shows (and Huike should store) for a buyer: decodeNick's full nick, or the masked one. */
export function workbenchNick(nick: string, buyerId: string): string {
  return hasDecodeNick(buyerId) ? nick : maskNick(nick)
}

/** Taobao's answer to a request it throttles (a captcha / punish page), as public code records it. */
export const THROTTLED_ANSWER = {
  rgv587_flag: "sm",
  url: "https://bixi.alicdn.com/punish/punish:resource:template:tbsold:default.html?uuid=imitation"
}

/**
 * The sold-orders list's tabs as the imitation serves them: the page's default tab (latest3Months) holds the
 * orders of the last three months (taken as 90 days: Taobao's exact cut is not known), and the older orders
 * (三个月前订单) sit under OLDER_TAB_CODE — an ASSUMED form value, the same assumption as the adapter's
 * OLDER_ORDERS_TAB_CODE (src/adapters/taobao/history.ts), since the real one is not known.
 */
export const RECENT_TAB_CODE = "latest3Months"
export const OLDER_TAB_CODE = "before3Months"
export const THREE_MONTHS_MS = 90 * 86_400_000

/** The orders one tab of the list shows, newest first. */
export function ordersOfTab(shop: TaobaoShopData, tabCode: string) {
  const cut = shop.now - THREE_MONTHS_MS
  return tabCode === OLDER_TAB_CODE
    ? shop.orders.filter((o) => o.createdAt < cut)
    : shop.orders.filter((o) => o.createdAt >= cut)
}

/** A buyer nick that would run script if any page string reached an HTML parser. */
export const XSS_NICK = `<img src=x onerror="window.__huikeXss=1">"'&amp;<b>`

export async function startBackOffice(
  options: {
    port?: number
    now?: number
    xssNick?: boolean
    taobao?: TaobaoShopData
    /**
     * Serve the sold-orders list as Taobao does: the default tab only the last three months, the older orders
     * under OLDER_TAB_CODE (the history reading's tests, bench and the demo). Without it the default tab lists
     * every order, as the tests that page through the whole shop expect.
     */
    olderOrdersTab?: boolean
  } = {}
): Promise<BackOffice> {
  // A shop of another size (the history benchmark's 100,000 orders) in place of the CDNOW one.
  const taobao = options.taobao ?? buildTaobaoShop(options.now)
  if (options.xssNick) {
    // The newest order's buyer gets a hostile nick (every order of that buyer, so figures stay whole).
    const victim = taobao.orders[0].buyerNick
    for (const o of taobao.orders) {
      if (o.buyerNick !== victim) continue
      o.buyerNick = XSS_NICK
      o.raw.buyer.nick = XSS_NICK
    }
  }
  const requests: BackOffice["requests"] = []
  const office = {
    throttleNext: 0,
    throttleOnce: [] as { tabCode: string; pageNum: number }[],
    olderTabCode: OLDER_TAB_CODE,
    sessionEnded: false,
    soldRequests: [] as string[]
  }
  const listPage = readFileSync(resolve(here, "taobao/list_sold_items.html"), "utf8").replace(
    "__SHOP_NICK__",
    taobao.shop.nick
  )
  const soldApp = readFileSync(resolve(here, "taobao/sold-app.js"), "utf8")
  const detailTemplate = readFileSync(resolve(here, "taobao/order_detail.html"), "utf8")
  // The chat window's conversations: two buyers from the shop's newest orders and one who never bought.
  const chatSessions = [
    { nick: taobao.orders[0].buyerNick, lastMessage: "亲，发货了吗？" },
    { nick: "刚来逛逛的新客2026", lastMessage: "这张CD还有货吗？" },
    { nick: taobao.orders[1].buyerNick, lastMessage: "收到了，谢谢" }
  ]
  const chatPage = readFileSync(resolve(here, "taobao/chat.html"), "utf8")
    .replace("__SESSIONS_JSON__", JSON.stringify(chatSessions).replace(/</g, "\\u003c"))
    .replace("__ACCOUNT__", `${taobao.shop.nick}:小美`)
  const shopify = buildShopifyShop(options.now)
  const amazon = buildAmazonShop(options.now)
  const file = (name: string) => readFileSync(resolve(here, name), "utf8")
  const workbenchPage = file("taobao/workbench.html").replace("__ACCOUNT__", `${taobao.shop.nick}:小美`)
  const centres = {
    amazon: amazonCentre(amazon, shopify),
    shopify: shopifyInboxCentre(shopify, amazon),
    // A shop of another size has no buyers picked for the message page: it keeps the CDNOW shop's.
    taobao: taobaoMessageCentre(options.taobao ? buildTaobaoShop(options.now) : taobao)
  }
  const centrePage = (template: string, page: CentrePage) =>
    file(template).replace("__CENTRE_JSON__", () => JSON.stringify(page).replace(/</g, "\\u003c"))
  const CENTRE_HOSTS = [
    "sellercentral.amazon.com",
    "inbox.shopify.com",
    "myseller.taobao.com",
    "qn.taobao.com"
  ]

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? "").split(":")[0]
    const url = new URL(req.url ?? "/", `https://${host}`)
    requests.push({ host, method: req.method ?? "GET", path: url.pathname })
    const send = (
      status: number,
      type: string,
      body: string | Uint8Array,
      extra: Record<string, string> = {}
    ) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...extra })
      res.end(body)
    }
    if (CENTRE_HOSTS.includes(host) && url.pathname === "/centre-app.js")
      return send(200, "text/javascript; charset=utf-8", file("messages/centre-app.js"))
    if (host === "trade.taobao.com" || host === "trade.tmall.com") {
      // The 千牛 workbench asks cross-site, with credentials: Taobao answers its own workbench hosts.
      const origin = req.headers.origin ?? ""
      const cors: Record<string, string> = /^https:\/\/(myseller|qn)\.taobao\.com$/.test(origin)
        ? {
            "access-control-allow-origin": origin,
            "access-control-allow-credentials": "true",
            vary: "Origin"
          }
        : {}
      if (req.method === "OPTIONS")
        return send(204, "text/plain", "", {
          ...cors,
          "access-control-allow-methods": "POST",
          "access-control-allow-headers": "content-type, accept"
        })
      if (url.pathname === "/trade/itemlist/list_sold_items.htm")
        return send(200, "text/html; charset=utf-8", listPage)
      if (url.pathname === "/trade/itemlist/sold-app.js")
        return send(200, "text/javascript; charset=utf-8", soldApp)
      if (url.pathname === "/detail/orderDetail.htm") {
        const order = taobao.orders.find((o) => o.orderId === url.searchParams.get("bizOrderId"))
        if (!order) return send(404, "text/plain; charset=utf-8", "没有找到该订单")
        const layout = url.searchParams.get("layout") === "v2" ? "v2" : "v1"
        return send(
          200,
          "text/html; charset=utf-8",
          renderOrderDetailPage(detailTemplate, taobao.shop.nick, order, layout)
        )
      }
      const soldApi = ["/trade/itemlist/asyncSold.htm", "/trade/itemlist/asyncSoldList.htm"]
      if (soldApi.includes(url.pathname) && req.method === "POST") {
        const form = new URLSearchParams(await readBody(req))
        const tabCode = form.get("tabCode") || RECENT_TAB_CODE
        const pageNum = Number(form.get("pageNum")) || 1
        office.soldRequests.push(`${tabCode}:${pageNum}`)
        if (office.sessionEnded)
          return send(200, "text/html; charset=utf-8", "<!doctype html><title>淘宝网 - 登录</title>", cors)
        const once = office.throttleOnce.findIndex((x) => x.tabCode === tabCode && x.pageNum === pageNum)
        if (office.throttleNext > 0 || once >= 0) {
          if (once >= 0) office.throttleOnce.splice(once, 1)
          else office.throttleNext--
          return send(200, "application/json;charset=UTF-8", JSON.stringify(THROTTLED_ANSWER), cors)
        }
        // A tab the imitation does not serve: Taobao's error answer (assumed shape), not an order list.
        if (
          tabCode !== RECENT_TAB_CODE &&
          tabCode !== office.olderTabCode &&
          !["waitSend", "success"].includes(tabCode)
        )
          return send(
            200,
            "application/json;charset=UTF-8",
            JSON.stringify({ error: "非法参数 tabCode" }),
            cors
          )
        const tabOrders = !options.olderOrdersTab
          ? tabCode === office.olderTabCode
            ? []
            : taobao.orders
          : ordersOfTab(taobao, tabCode === office.olderTabCode ? OLDER_TAB_CODE : RECENT_TAB_CODE)
        const pageSize = Math.min(100, Math.max(1, Number(form.get("pageSize")) || 15))
        const totalNumber = tabOrders.length
        const totalPage = Math.max(1, Math.ceil(totalNumber / pageSize))
        const currentPage = Math.min(totalPage, Math.max(1, pageNum))
        const rows = tabOrders.slice((currentPage - 1) * pageSize, currentPage * pageSize).map((o) => o.raw)
        const hidden = form.get("isHideNick") === "true"
        const mainOrders =
          form.get("layout") === "v2" ? rows.map(toLayoutV2) : hidden ? rows.map(hiddenNickRow) : rows
        const json = JSON.stringify({
          mainOrders,
          page: { currentPage, pageSize, totalPage, totalNumber },
          error: ""
        })
        // The workbench's answers come as GBK bytes, with the charset declared on odd pages and not on even
        // ones (public code decodes them as GBK, or sniffs): both cases on every walk through the list.
        if (form.get("isQnNew") === "true")
          return send(
            200,
            currentPage % 2 === 1 ? "application/json;charset=GBK" : "application/json",
            // GBK has no U+00A5 "¥": a GBK back office writes the full-width "￥".
            encodeGbk(json.replace(/¥/g, "￥")),
            cors
          )
        return send(200, "application/json; charset=utf-8", json, cors)
      }
    }
    if (host === "myseller.taobao.com" || host === "qn.taobao.com") {
      if (url.pathname === "/home.htm/chat-app.js")
        return send(200, "text/javascript; charset=utf-8", file("taobao/chat-app.js"))
      if (url.pathname === "/home.htm/workbench-app.js")
        return send(200, "text/javascript; charset=utf-8", file("taobao/workbench-app.js"))
      if (url.pathname === "/home.htm/app-customer-service/toolpage/Message")
        return send(200, "text/html; charset=utf-8", centrePage("taobao/message.html", centres.taobao.page))
      if (url.pathname.startsWith("/home.htm/trade-platform/"))
        return send(200, "text/html; charset=utf-8", workbenchPage)
      if (url.pathname.startsWith("/home.htm")) return send(200, "text/html; charset=utf-8", chatPage)
    }
    if (host === "admin.shopify.com") {
      const store = `/store/${SHOPIFY_STORE}`
      if (url.pathname === `${store}/apps/inbox`)
        return send(
          200,
          "text/html; charset=utf-8",
          file("shopify/admin-inbox.html").replace("__STORE__", SHOPIFY_STORE)
        )
      if (url.pathname === `${store}/admin-app.js`)
        return send(200, "text/javascript", file("shopify/admin-app.js"))
      if (
        url.pathname === `${store}/orders` ||
        url.pathname.startsWith(`${store}/orders/`) ||
        url.pathname.startsWith(`${store}/customers/`)
      )
        return send(200, "text/html; charset=utf-8", file("shopify/admin.html"))
      if (url.pathname === `/api/shopify/${SHOPIFY_STORE}` && req.method === "POST") {
        const { variables = {} } = JSON.parse((await readBody(req)) || "{}") as {
          variables?: { first?: number; after?: string | null; id?: string }
        }
        const operation = url.searchParams.get("operation")
        if (operation === "OrderListQuery") {
          const first = Math.min(250, Math.max(1, variables.first ?? 50))
          const start = variables.after ? Number(variables.after) : 0
          const page = shopify.orders.slice(start, start + first)
          return send(
            200,
            "application/json",
            JSON.stringify({
              data: {
                orders: {
                  edges: page.map((o, i) => ({ cursor: String(start + i + 1), node: shopifyNode(o) })),
                  pageInfo: {
                    hasNextPage: start + first < shopify.orders.length,
                    endCursor: String(start + first)
                  }
                }
              }
            })
          )
        }
        if (operation === "OrderDetailsQuery") {
          const order = shopify.orders.find((o) => `gid://shopify/Order/${o.orderId}` === variables.id)
          return send(
            200,
            "application/json",
            JSON.stringify({ data: { order: order ? shopifyNode(order) : null } })
          )
        }
        if (operation === "CustomerDetailsQuery") {
          const customer = Number((variables.id ?? "").split("/").pop()) - 7_000_000
          const mine = shopify.orders.filter((o) => o.customer === customer)
          if (mine.length === 0)
            return send(200, "application/json", JSON.stringify({ data: { customer: null } }))
          const { customer: c } = shopifyNode(mine[0])
          return send(
            200,
            "application/json",
            JSON.stringify({
              data: {
                customer: {
                  ...c,
                  orders: { edges: mine.map((o) => ({ node: { ...shopifyNode(o), customer: undefined } })) }
                }
              }
            })
          )
        }
        return send(
          400,
          "application/json",
          JSON.stringify({ errors: [{ message: `unknown operation ${operation}` }] })
        )
      }
    }
    if (host === "inbox.shopify.com" && url.pathname.startsWith(`/store/${SHOPIFY_STORE}/conversations/`))
      return send(200, "text/html; charset=utf-8", centrePage("shopify/inbox.html", centres.shopify.page))
    if (host === "sellercentral.amazon.com") {
      if (url.pathname === "/messaging/inbox" || url.pathname === "/messaging/contact")
        return send(200, "text/html; charset=utf-8", centrePage("amazon/messaging.html", centres.amazon.page))
      if (url.pathname === "/orders-v3/app.js") return send(200, "text/javascript", file("amazon/app.js"))
      if (url.pathname === "/orders-v3")
        return send(200, "text/html; charset=utf-8", file("amazon/orders.html"))
      if (url.pathname === "/orders-api/search") {
        const limit = Math.min(100, Math.max(1, Number(url.searchParams.get("limit")) || 15))
        const offset = Math.max(0, Number(url.searchParams.get("offset")) || 0)
        return send(
          200,
          "application/json",
          JSON.stringify({
            orders: amazon.orders.slice(offset, offset + limit).map(amazonSearchOrder),
            total: amazon.orders.length
          })
        )
      }
    }
    if (host === "help.desk-imitation.test" && url.pathname === "/chat")
      return send(200, "text/html; charset=utf-8", file("helpdesk/chat.html"))
    if (url.pathname === "/favicon.ico") return send(204, "text/plain", "")
    send(404, "text/plain; charset=utf-8", `imitation back office: nothing at ${host}${url.pathname}`)
  }

  const tls = await certificate()
  const server: Server = createServer(tls, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500)
      res.end(String(error))
    })
  })
  await new Promise<void>((ok) => server.listen(options.port ?? 0, "127.0.0.1", ok))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    hostResolverRules: BACK_OFFICE_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(", "),
    taobao,
    shopify,
    amazon,
    centres,
    requests,
    get throttleNext() {
      return office.throttleNext
    },
    set throttleNext(n: number) {
      office.throttleNext = n
    },
    get throttleOnce() {
      return office.throttleOnce
    },
    set throttleOnce(list) {
      office.throttleOnce = list
    },
    get olderTabCode() {
      return office.olderTabCode
    },
    set olderTabCode(code: string) {
      office.olderTabCode = code
    },
    get sessionEnded() {
      return office.sessionEnded
    },
    set sessionEnded(ended: boolean) {
      office.sessionEnded = ended
    },
    soldRequests: office.soldRequests,
    close: () => new Promise<void>((ok) => server.close(() => ok()))
  }
}
