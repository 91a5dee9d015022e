import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { amazonAdapter } from "../../src/adapters/amazon"
import { parseOrdersApiAnswer } from "../../src/adapters/amazon/orders-api"
import { adapterForUrl } from "../../src/adapters/registry"
import { shopifyAdapter } from "../../src/adapters/shopify"
import { parseAdminGraphql } from "../../src/adapters/shopify/graphql"
import type { ParseResult } from "../../src/adapters/types"
import { amazonBuyerKey } from "../../src/core/retention"

// An order-detail answer in the shape public code records from Seller Central's /orders-api/order/<id>
// (trimmed to the fields Huike reads plus a few it must ignore).
const amazonDetail = {
  order: {
    amazonOrderId: "114-7941379-5480234",
    blob: "opaque",
    buyerName: "Jane Doe",
    buyerProxyEmail: "JJY7LV5TZKG3H19@marketplace.amazon.com",
    purchaseDate: 1.636992286776e9,
    orderCost: {
      GrandTotal: { Amount: 16.98, CurrencyCode: "USD", EncryptedAmount: null },
      RefundTotal: null,
      ShippingTotal: { Amount: 4.99, CurrencyCode: "USD", EncryptedAmount: null }
    },
    orderItems: [
      {
        ASIN: "B092DMN2TW",
        QuantityOrdered: 1,
        SellerSKU: "Pods custom",
        Title: "Protective Cover",
        ItemCost: { UnitPrice: { Amount: 11.99, CurrencyCode: "USD" } }
      }
    ],
    orderStatus: { OrderStatus: "Unshipped", Late: false }
  },
  protips: []
}

describe("Amazon orders-api answers", () => {
  it("reads an order detail exactly", () => {
    const r = parseOrdersApiAnswer(amazonDetail, "amazon.com") as ParseResult
    expect(r.problems).toEqual([])
    expect(r.orders).toEqual([
      {
        platform: "amazon",
        shopId: "amazon.com",
        orderId: "114-7941379-5480234",
        buyerId: amazonBuyerKey("jjy7lv5tzkg3h19@marketplace.amazon.com"),
        buyerEmail: "jjy7lv5tzkg3h19@marketplace.amazon.com",
        buyerNick: "Jane Doe",
        createdAt: 1_636_992_286_776,
        status: "paid",
        amount: 1698,
        refunded: 0,
        currency: "USD",
        items: [{ title: "Protective Cover", quantity: 1, sku: "Pods custom" }]
      }
    ])
  })

  it("adds up list items when the search answer has no order total", () => {
    const r = parseOrdersApiAnswer(
      {
        orders: [
          {
            amazonOrderId: "111-0000001-0000001",
            orderDate: 1_700_000_000.5,
            buyerName: "Max",
            buyerProxyEmail: "a@marketplace.amazon.com",
            orderItems: [
              {
                sellerSku: "A",
                productName: "A",
                quantityOrdered: 2,
                unitPrice: { Amount: "9.99", CurrencyCode: "USD" }
              },
              {
                sellerSku: "B",
                productName: "B",
                quantityOrdered: 1,
                unitPrice: { Amount: 5, CurrencyCode: "USD" }
              }
            ]
          }
        ],
        total: 1
      },
      "amazon.com"
    ) as ParseResult
    expect(r.orders[0]).toMatchObject({ amount: 2498, status: "paid", createdAt: 1_700_000_000_500 })
  })

  it("reports a changed layout instead of guessing", () => {
    const renamed = {
      orders: [{ ...amazonDetail.order, buyerProxyEmail: undefined, buyerEmailAddress: "x@y" }]
    }
    const r = parseOrdersApiAnswer(renamed, "amazon.com") as ParseResult
    expect(r.orders).toEqual([])
    expect(r.rowsSeen).toBe(1)
    expect(r.problems).toEqual(["order 1: missing or unreadable buyerProxyEmail"])
    expect(parseOrdersApiAnswer({ something: "else" }, "amazon.com")).toBeNull()
  })

  it("recognises its pages", () => {
    expect(amazonAdapter.detectPage(new URL("https://sellercentral.amazon.com/orders-v3"))).toBe("order-list")
    expect(
      amazonAdapter.detectPage(new URL("https://sellercentral.amazon.de/orders-v3/order/114-7941379-5480234"))
    ).toBe("order-detail")
    expect(amazonAdapter.detectPage(new URL("https://sellercentral.amazon.com/home"))).toBeNull()
    expect(
      adapterForUrl(new URL("https://sellercentral.amazon.co.jp/orders-v3?page=2"))?.adapter.platform
    ).toBe("amazon")
  })
})

const shopifyOrder = {
  id: "gid://shopify/Order/5612345678901",
  name: "#1001",
  createdAt: "2024-01-15T02:32:11Z",
  displayFinancialStatus: "PARTIALLY_REFUNDED",
  displayFulfillmentStatus: "FULFILLED",
  cancelledAt: null,
  totalPriceSet: { shopMoney: { amount: "53.60", currencyCode: "USD" } },
  totalRefundedSet: { shopMoney: { amount: "10.00", currencyCode: "USD" } },
  customer: { id: "gid://shopify/Customer/7001", displayName: "Alice Chen", email: "Alice@Example.com" }
}

describe("Shopify admin GraphQL answers", () => {
  it("reads an orders connection exactly, keying the customer on e-mail", () => {
    const r = parseAdminGraphql(
      { data: { orders: { edges: [{ node: shopifyOrder }] } } },
      "huike-demo"
    ) as ParseResult
    expect(r.problems).toEqual([])
    expect(r.orders).toEqual([
      {
        platform: "shopify",
        shopId: "huike-demo",
        orderId: "5612345678901",
        buyerId: "alice@example.com",
        // The customer's number, as their page's address (/customers/7001) names them.
        platformBuyerId: "7001",
        buyerEmail: "alice@example.com",
        buyerNick: "Alice Chen",
        createdAt: Date.UTC(2024, 0, 15, 2, 32, 11),
        status: "shipped",
        amount: 5360,
        refunded: 1000,
        currency: "USD"
      }
    ])
  })

  it("takes the customer from a customer page's answer, and maps cancellations", () => {
    const { customer, ...node } = shopifyOrder
    const r = parseAdminGraphql(
      {
        data: {
          customer: {
            ...customer,
            email: null,
            orders: { edges: [{ node: { ...node, cancelledAt: "2024-01-16T00:00:00Z" } }] }
          }
        }
      },
      "huike-demo"
    ) as ParseResult
    expect(r.orders[0]).toMatchObject({
      buyerId: "gid://shopify/Customer/7001",
      platformBuyerId: "7001",
      status: "closed"
    })
  })

  it("reports unknown statuses and missing fields, and ignores answers without orders", () => {
    const r = parseAdminGraphql(
      {
        data: {
          orders: {
            edges: [{ node: { ...shopifyOrder, displayFinancialStatus: "ON_HOLD" } }, { node: { id: "x" } }]
          }
        }
      },
      "s"
    ) as ParseResult
    expect(r.orders).toEqual([])
    expect(r.problems[0]).toBe('order 1 #1001: unknown financial status "ON_HOLD"')
    expect(r.problems[1]).toMatch(/^order 2: missing or unreadable id, name, createdAt, totalPriceSet/)
    expect(parseAdminGraphql({ data: { shop: { name: "x" } } }, "s")).toBeNull()
  })

  it("recognises its pages", () => {
    const page = (p: string) =>
      shopifyAdapter.detectPage(new URL(`https://admin.shopify.com/store/huike-demo${p}`))
    expect([
      page("/orders"),
      page("/orders/5612345678901"),
      page("/customers/7001"),
      page("/customers"),
      page("/products")
    ]).toEqual(["order-list", "order-detail", "customer", null, null])
  })
})

describe("page parsers on arbitrary JSON", () => {
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.string(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(
        fc.constantFrom(
          "orders",
          "order",
          "data",
          "edges",
          "node",
          "amazonOrderId",
          "customer",
          "id",
          "totalPriceSet"
        ),
        tie("value"),
        { maxKeys: 4 }
      )
    )
  })).value

  it("never throw and never yield an order without its required fields", () => {
    fc.assert(
      fc.property(json, (body) => {
        for (const r of [parseOrdersApiAnswer(body, "s"), parseAdminGraphql(body, "s")]) {
          if (!r) continue
          for (const o of r.orders) {
            expect(o.orderId && o.buyerId && o.currency).toBeTruthy()
            expect(Number.isSafeInteger(o.amount) && Number.isFinite(o.createdAt)).toBe(true)
          }
          // Every row is either stored or reported, never silently dropped.
          expect(r.orders.length + r.problems.length).toBe(r.rowsSeen)
        }
      }),
      { numRuns: 500 }
    )
  })
})
