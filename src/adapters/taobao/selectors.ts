// Where things are on Taobao's seller pages. Class names carry build hashes that change between
// releases, so rows are matched on the stable module prefix, never on the hash.
export const selectors = {
  /** One block per order on the sold-orders list. */
  orderRow: "div.trade-order-main",
  /** The buyer's member nick inside an order row. */
  buyerNick:
    'div.trade-order-main [class^="buyer-mod__name"], div.trade-order-main [class*=" buyer-mod__name"]',
  /** The logged-in seller's nick in the site bar. */
  shopNick: ".site-nav-login-info-nick"
} as const

/** The page's own API calls whose answers carry orders. */
export const apiPatterns = [/^https:\/\/trade\.(taobao|tmall)\.com\/trade\/itemlist\/asyncSold\.htm/] as const
