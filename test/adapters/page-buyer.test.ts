// Where a page's address names its buyer (a message thread's order, an order or customer page), and which
// pages are message centres, checked against the addresses sellers open (../shared/MARKETPLACES.md) and ones
// that must name no one.
import { describe, expect, it } from "vitest"
import { messagingOrderId } from "../../src/adapters/amazon/messaging"
import { isMessageCentre, pageBuyerOf } from "../../src/adapters/registry"

const buyerOf = (url: string) => {
  const found = pageBuyerOf(new URL(url))
  return found ? { platform: found.adapter.platform, ...found.buyer } : null
}

describe("Amazon Buyer-Seller Messaging: the thread's order from its address", () => {
  it.each([
    // A thread with a buyer about one order (orderID), on .com and .ca.
    [
      "https://sellercentral.amazon.com/messaging/contact?orderID=114-7941379-5480234&marketplaceID=ATVPDKIKX0DER",
      "114-7941379-5480234"
    ],
    [
      "https://sellercentral.amazon.ca/messaging/contact?marketplaceID=A2EUQ1WTGCTBG2&orderID=702-0000001-0000002",
      "702-0000001-0000002"
    ],
    // Review requests spell it orderId.
    [
      "https://sellercentral.amazon.com/messaging/reviews?orderId=113-1111111-2222222&marketplaceId=ATVPDKIKX0DER",
      "113-1111111-2222222"
    ],
    // Spaces around it (a pasted address) are not part of the id.
    [
      "https://sellercentral.amazon.de/messaging/contact?orderID=%20302-1234567-7654321%20",
      "302-1234567-7654321"
    ]
  ])("%s names order %s", (url, orderId) => {
    expect(messagingOrderId(new URL(url))).toBe(orderId)
    expect(buyerOf(url)).toEqual({ platform: "amazon", orderId })
  })

  it.each([
    // The inbox names no thread.
    "https://sellercentral.amazon.com/messaging/inbox",
    "https://sellercentral.amazon.com/messaging/inbox?fi=RESPONSE_NEEDED",
    // Not an Amazon order id: never guessed from.
    "https://sellercentral.amazon.com/messaging/contact?orderID=1147941379&marketplaceID=ATVPDKIKX0DER",
    "https://sellercentral.amazon.com/messaging/contact?orderID=114-7941379-5480234x",
    "https://sellercentral.amazon.com/messaging/contact?orderid=114-7941379-5480234",
    // Not a messaging page, not Seller Central.
    "https://sellercentral.amazon.com/orders-v3?orderID=114-7941379-5480234",
    "https://sellercentral.amazon.com/messagingx/contact?orderID=114-7941379-5480234",
    "https://www.amazon.com/messaging/contact?orderID=114-7941379-5480234"
  ])("%s names no order", (url) => {
    expect(buyerOf(url)).toBeNull()
  })

  it("every messaging page is a message centre, other Seller Central pages are not", () => {
    expect(isMessageCentre(new URL("https://sellercentral.amazon.co.uk/messaging/inbox"))).toBe(true)
    expect(isMessageCentre(new URL("https://sellercentral.amazon.com/messaging"))).toBe(true)
    expect(isMessageCentre(new URL("https://sellercentral.amazon.com/orders-v3"))).toBe(false)
    expect(isMessageCentre(new URL("https://www.amazon.com/messaging/inbox"))).toBe(false)
  })
})

describe("Shopify admin: the order or customer an address names", () => {
  it("an order page names its order (the number Huike stores Shopify orders under)", () => {
    expect(buyerOf("https://admin.shopify.com/store/huike-demo/orders/5551234567890")).toEqual({
      platform: "shopify",
      orderId: "5551234567890"
    })
  })

  it("a customer page names the customer by gid and numeric id", () => {
    expect(buyerOf("https://admin.shopify.com/store/huike-demo/customers/7000042")).toEqual({
      platform: "shopify",
      buyerId: "gid://shopify/Customer/7000042",
      platformBuyerId: "7000042"
    })
  })

  it.each([
    "https://admin.shopify.com/store/huike-demo/orders",
    "https://admin.shopify.com/store/huike-demo/customers",
    "https://admin.shopify.com/store/huike-demo/orders/new",
    "https://admin.shopify.com/store/huike-demo/apps/inbox",
    "https://inbox.shopify.com/store/huike-demo/conversations/open/019dcb4a-2bab-7859-b7b5-431636b6c52e",
    "https://example.myshopify.com/admin/orders/5551234567890"
  ])("%s names no buyer", (url) => {
    expect(buyerOf(url)).toBeNull()
  })

  it("Shopify Inbox's web app is a message centre; the admin's own pages are not", () => {
    expect(isMessageCentre(new URL("https://inbox.shopify.com/store/huike-demo/conversations/unread"))).toBe(
      true
    )
    expect(isMessageCentre(new URL("https://inbox.shopify.com/store/huike-demo/settings"))).toBe(false)
    expect(isMessageCentre(new URL("https://admin.shopify.com/store/huike-demo/orders"))).toBe(false)
  })
})

describe("千牛 workbench message page", () => {
  it("is a message centre on both workbench hosts, and names no buyer by its address", () => {
    for (const host of ["myseller.taobao.com", "qn.taobao.com"]) {
      const url = `https://${host}/home.htm/app-customer-service/toolpage/Message`
      expect(isMessageCentre(new URL(url))).toBe(true)
      expect(buyerOf(url)).toBeNull()
    }
    expect(isMessageCentre(new URL("https://myseller.taobao.com/home.htm/trade-platform/tp/sold"))).toBe(
      false
    )
    expect(isMessageCentre(new URL("https://myseller.taobao.com/home.htm/chat"))).toBe(false)
    expect(
      isMessageCentre(new URL("http://myseller.taobao.com/home.htm/app-customer-service/toolpage/Message"))
    ).toBe(false)
  })
})
