// Where things are in the Shopify admin (admin.shopify.com/store/<store>/...), a Polaris React app whose
// class names are generated: we match links to customer pages, which every order row, order page and
// customer page has, never class names. (Assumed from the admin's URL scheme; see the imitation's header.)
export const selectors = {
  /** A customer's name linking to their customer page. */
  customerLink: 'a[href*="/customers/"]',
  /** The page title; on a customer page it is the customer's name (Polaris' class names are stable). */
  pageTitle: ".Polaris-Header-Title",
  /** Order rows in the orders index table. */
  orderRow: 'tr[id^="gid://shopify/Order/"], [data-order-row]'
} as const

/** The admin's GraphQL calls (one endpoint per store, the operation named in the query string). */
export const apiPatterns = [/^https:\/\/admin\.shopify\.com\/api\/shopify\/[a-z0-9][a-z0-9-]*(\?|$)/] as const

/**
 * Shopify Inbox, where sellers chat with customers: its web app is `https://inbox.shopify.com/store/<store>/
 * conversations/<unread|open|closed>[/<conversation id>]` (public automation code that drives it; inside the
 * admin, Inbox is an embedded app in an iframe, which Huike's scripts do not enter). A conversation id names no
 * order or customer, and the markup is not known: Huike tags it by known names (the customer's name and e-mail
 * it shows).
 */
export const inbox = {
  host: "inbox.shopify.com",
  path: /^\/store\/[a-z0-9][a-z0-9-]*\/conversations(\/|$)/
} as const
