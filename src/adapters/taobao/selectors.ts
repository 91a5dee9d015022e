// Where things are on Taobao's seller pages. Class names carry build hashes that change between
// releases, so elements are matched on the stable module prefix, never on the hash.
export const selectors = {
  /** One block per order on the sold-orders list. */
  orderRow: "div.trade-order-main",
  /** The buyer's member nick inside an order row. */
  buyerNick:
    'div.trade-order-main [class^="buyer-mod__name"], div.trade-order-main [class*=" buyer-mod__name"]',
  /** The logged-in seller's nick in the site bar. */
  shopNick: ".site-nav-login-info-nick",
  /** 千牛 workbench: the logged-in account, "主账号:子账号" for a sub-account (assumed markup). */
  workbenchAccount: '[class^="workbench-header-mod__account"], [class*=" workbench-header-mod__account"]',
  /** Order detail page: the buyer's nick in its buyer block (assumed markup, see test/backoffice/taobao). */
  detailBuyerNick: '[class^="buyer-info-mod__nick"], [class*=" buyer-info-mod__nick"]',
  /** Order detail page: the block holding the order (present whether or not its data can be read). */
  detailOrder: '[class^="order-detail-mod__main"], [class*=" order-detail-mod__main"]',
  /** 千牛 web chat: the current conversation's buyer nick in the chat window's header (assumed markup). */
  chatBuyerNick: '[class^="chat-header-mod__nick"], [class*=" chat-header-mod__nick"]'
} as const

/**
 * The logged-in account's nick in Taobao's cookies, readable on every taobao.com page: public captures of
 * a logged-in session show `tracknick=%5Cu96F7%5Cu6653…` (URL-encoded "\\u" escapes) or plain ASCII.
 */
export const accountCookie = "tracknick"

export const paths = {
  soldList: /^\/trade\/itemlist\/list_sold_items\.htm$/,
  orderDetail: /^\/detail\/orderDetail\.htm$/,
  /** The 千牛 workbench's sold-orders list ("已卖出的宝贝"), a route of its single-page app. */
  workbenchSold: /^\/home\.htm\/trade-platform\/tp\/sold\/?$/,
  /** The workbench's customer-service message history (its markup is not known: tagged by known names). */
  workbenchMessages: /^\/home\.htm\/app-customer-service\/toolpage\/Message\/?$/
} as const

/** Seller-centre hosts: the classic sold-orders list and order details live on trade.*; today's 千牛 web
 *  workbench (sold orders, chat window) on myseller.taobao.com, also opened as qn.taobao.com. */
export const hosts = {
  trade: /^trade\.(taobao|tmall)\.com$/,
  workbench: /^(myseller|qn)\.taobao\.com$/
} as const

/**
 * The workbench's sold-orders table (Alibaba Fusion: div.next-table … div.next-table-body, one row per
 * order or sub-order); its markup beyond that is not known, so it only counts rows for the "0 of N orders
 * read" check and never places chips (those follow the orders the answers named).
 */
export const workbenchSelectors = {
  tableRow: "div.next-table div.next-table-body tr"
} as const

/** The page's own API calls whose answers carry orders. */
export const apiPatterns = [/^https:\/\/trade\.(taobao|tmall)\.com\/trade\/itemlist\/asyncSold\.htm/] as const
