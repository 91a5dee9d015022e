// Amazon Seller Central's Buyer-Seller Messaging, where reps answer buyers (../shared/MARKETPLACES.md): the
// inbox `/messaging/inbox` (filters such as `fi=RESPONSE_NEEDED`), one thread with a buyer about one order
// `/messaging/contact?orderID=<order id>&marketplaceID=<id>`, review requests
// `/messaging/reviews?orderId=<order id>&marketplaceId=<id>`. Their markup is not known: Huike tags them by
// known names only, and reads the thread's order from the address, never from the page.
import type { PageBuyer } from "../types"

/** Every Buyer-Seller Messaging page lives under /messaging/. */
const MESSAGING_PATH = /^\/messaging(\/|$)/
/** The spellings the address uses for the order a thread is about (contact: orderID, reviews: orderId). */
const ORDER_PARAMS = ["orderID", "orderId"] as const
/** An Amazon order id: three digits, seven, seven (114-1234567-1234567). */
const ORDER_ID = /^\d{3}-\d{7}-\d{7}$/

export function isMessagingPage(url: URL): boolean {
  return MESSAGING_PATH.test(url.pathname)
}

/** The order a messaging page's thread is about, as its address names it; null on the inbox or a bad id. */
export function messagingOrderId(url: URL): string | null {
  if (!isMessagingPage(url)) return null
  for (const name of ORDER_PARAMS) {
    const value = url.searchParams.get(name)?.trim()
    if (value && ORDER_ID.test(value)) return value
  }
  return null
}

export function messagingPageBuyer(url: URL): PageBuyer | null {
  const orderId = messagingOrderId(url)
  return orderId ? { orderId } : null
}
