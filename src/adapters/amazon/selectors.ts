// Where things are on Amazon Seller Central's order pages (orders-v3). The table and the buyer-name
// link carry data-test-id attributes that public automation code has relied on for years; class names
// are not used.
export const selectors = {
  /** One row per order in the Manage Orders table. */
  orderRow: "#orders-table > tbody > tr",
  /** The buyer's name (a link to contact the buyer) in an order row or on the order detail page. */
  buyerName: '[data-test-id="buyer-name-with-link"]',
  /** The order id link inside a row. */
  orderIdLink: ".cell-body-title a"
} as const

/** The page's own API calls whose answers carry orders: the list search and one order's detail. */
export const apiPatterns = [
  /^https:\/\/sellercentral\.amazon\.(com|ca|co\.uk|de|fr|it|es|co\.jp|in|com\.au)\/orders-api\/(search|order\/[\d-]+)(\?|$)/
] as const
