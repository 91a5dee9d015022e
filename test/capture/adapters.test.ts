// The same limits in every adapter: a row past one is refused as a row, with its reason, and the rest of
// the answer (or file) is kept. Pages report refused rows with their place in the answer; export files
// report them as row problems with line numbers.
import { describe, expect, it } from "vitest"

import { parseOrdersApiAnswer } from "../../src/adapters/amazon/orders-api"
import { parseGenericCsv } from "../../src/adapters/generic/csv"
import { parseAdminGraphql } from "../../src/adapters/shopify/graphql"
import { parseShopifyExport } from "../../src/adapters/shopify/export"
import { parseOrderDetailData } from "../../src/adapters/taobao/order-detail"
import { parseSoldOrdersAnswer } from "../../src/adapters/taobao/sold-orders"
import { parseTaobaoExport } from "../../src/adapters/taobao/export"
import { parseAdminApiAnswer } from "../../src/adapters/vendure/admin-api"

const soldRow = (id: number, over: { nick?: string; fee?: string } = {}) => ({
  orderInfo: { id: String(3_000_000_000_000_000_000n + BigInt(id)), createTime: "2026-11-21 22:03:59" },
  buyer: { nick: over.nick ?? `买家${id}` },
  payInfo: { actualFee: over.fee ?? "59.00" },
  statusInfo: { text: "交易成功" }
})

describe("Taobao sold-orders answer", () => {
  it("refuses the row with a 300-character nick and keeps the page's five other orders", () => {
    const rows = [
      soldRow(1),
      soldRow(2),
      soldRow(3, { nick: "长".repeat(300) }),
      soldRow(4),
      soldRow(5),
      soldRow(6)
    ]
    const result = parseSoldOrdersAnswer({ mainOrders: rows }, "shop")!
    expect(result.orders.map((o) => o.buyerNick)).toEqual(["买家1", "买家2", "买家4", "买家5", "买家6"])
    expect(result.rowsSeen).toBe(6)
    expect(result.refused).toEqual([
      {
        row: 3,
        reason: "buyerTooLong",
        detail: "order 3 3000000000000000003: buyerId is 300 characters long (at most 200)"
      }
    ])
    expect(result.problems).toEqual([result.refused![0].detail])
  })

  it("refuses negative and impossible amounts, and unreadable ones, each with its reason", () => {
    const result = parseSoldOrdersAnswer(
      {
        mainOrders: [
          soldRow(1, { fee: "-5.00" }),
          soldRow(2, { fee: "10000000.01" }),
          soldRow(3, { fee: "abc" }),
          soldRow(4, { fee: "10000000.00" }),
          { orderInfo: {} }
        ]
      },
      "shop"
    )!
    expect(result.orders.map((o) => o.amount)).toEqual([1_000_000_000])
    expect(result.refused!.map((r) => [r.row, r.reason])).toEqual([
      [1, "amountNegative"],
      [2, "amountTooLarge"],
      [3, "amount"],
      [5, "unreadable"]
    ])
  })
})

describe("other page adapters", () => {
  it("Taobao order detail: a negative 实付款 is refused as negative", () => {
    const detail = {
      mainOrder: {
        id: "3000000000000000001",
        buyer: { nick: "陈小平" },
        statusInfo: { text: "交易成功" },
        payInfo: { actualFee: { value: "-5.00" } },
        orderInfo: { lines: [{ content: [{ value: { name: "创建时间:", value: "2026-02-28 10:00:00" } }] }] }
      }
    }
    const result = parseOrderDetailData(detail, "s")
    expect(result.orders).toEqual([])
    expect(result.refused).toEqual([
      {
        row: 1,
        reason: "amountNegative",
        detail:
          "order detail 3000000000000000001: amount -500 is negative: no purchase costs less than nothing"
      }
    ])
  })

  it("Shopify: a negative total and an over-long customer name are refused, the other order kept", () => {
    const node = (n: number, amount: string, displayName = "Ada Lovelace") => ({
      id: `gid://shopify/Order/${n}`,
      name: `#${n}`,
      createdAt: "2026-11-21T10:00:00Z",
      displayFinancialStatus: "PAID",
      displayFulfillmentStatus: "FULFILLED",
      totalPriceSet: { shopMoney: { amount, currencyCode: "CAD" } },
      customer: { id: `gid://shopify/Customer/${n}`, displayName, email: `c${n}@example.com` }
    })
    const result = parseAdminGraphql(
      {
        data: {
          orders: {
            edges: [node(1, "-5.00"), node(2, "12.00"), node(3, "1.00", "x".repeat(201))].map((n) => ({
              node: n
            }))
          }
        }
      },
      "shop"
    )!
    expect(result.orders.map((o) => o.orderId)).toEqual(["2"])
    expect(result.refused!.map((r) => [r.row, r.reason])).toEqual([
      [1, "amountNegative"],
      [3, "buyerTooLong"]
    ])
    expect(result.problems[0]).toBe(
      "order 1 #1: amount -500 is negative: no purchase costs less than nothing"
    )
  })

  it("Amazon: a negative GrandTotal is refused as negative", () => {
    const order = (id: string, amount: number) => ({
      amazonOrderId: id,
      buyerProxyEmail: "abc@marketplace.amazon.com",
      purchaseDate: 1_790_000_000,
      orderStatus: "Shipped",
      orderCost: { GrandTotal: { Amount: amount, CurrencyCode: "USD" } }
    })
    const result = parseOrdersApiAnswer(
      { orders: [order("111-1234567-1234567", -5), order("111-1234567-7654321", 5)] },
      "shop"
    )!
    expect(result.orders.map((o) => o.amount)).toEqual([500])
    expect(result.refused!.map((r) => [r.row, r.reason])).toEqual([[1, "amountNegative"]])
  })

  it("Vendure: a negative totalWithTax is refused as negative, not as unreadable", () => {
    const order = (code: string, totalWithTax: number) => ({
      code,
      state: "PaymentSettled",
      createdAt: "2026-11-21T10:00:00Z",
      orderPlacedAt: "2026-11-21T10:05:00Z",
      totalWithTax,
      currencyCode: "USD",
      customer: { id: "7", firstName: "Ada", lastName: "Lovelace" }
    })
    const result = parseAdminApiAnswer(
      { data: { orders: { items: [order("A1", -500), order("A2", 500)] } } },
      "s"
    )!
    expect(result.orders.map((o) => o.orderId)).toEqual(["A2"])
    expect(result.refused!.map((r) => [r.row, r.reason])).toEqual([[1, "amountNegative"]])
  })
})

describe("export files", () => {
  it("Taobao: an over-long nick and an amount past the ceiling are row problems on their lines", () => {
    const csv = [
      "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间",
      "3000000000000000001,陈小平,59.00,交易成功,2026-11-02 09:15:02",
      `3000000000000000002,${"长".repeat(300)},59.00,交易成功,2026-11-02 09:15:02`,
      "3000000000000000003,李雷,99999999.00,交易成功,2026-11-02 09:15:02",
      "3000000000000000004,韩梅梅,10.00,交易成功,2026-11-02 09:15:02"
    ].join("\n")
    const result = parseTaobaoExport(csv)
    expect(result.orders.map((o) => o.buyerNick)).toEqual(["陈小平", "韩梅梅"])
    expect(result.problems).toEqual([
      { line: 3, message: "order 3000000000000000002: buyerId is 300 characters long (at most 200)" },
      {
        line: 4,
        message: expect.stringMatching(
          /^order 3000000000000000003: amount 9999999900 \(CNY minor units\) is beyond/
        )
      }
    ])
  })

  it("generic CSV: a negative order is a row problem; a refund line within an order stays as it is", () => {
    const csv = [
      "customer_id,date,amount,order_id",
      "c1,2026-01-02,-5.00,A",
      "c2,2026-01-03,20.00,B",
      "c2,2026-01-03,-5.00,B",
      "c3,2026-01-04,7.00,C"
    ].join("\n")
    const result = parseGenericCsv(csv, { currency: "USD" })
    expect(result.orders.map((o) => [o.orderId, o.amount])).toEqual([
      ["B", 1500],
      ["C", 700]
    ])
    expect(result.problems).toEqual([
      { line: 2, message: "order A: amount -500 is negative: no purchase costs less than nothing" }
    ])
  })

  it("Shopify: an order with more than 500 line items is a row problem on its first line", () => {
    const header =
      "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price"
    const first = "#1001,a@example.com,paid,,fulfilled,USD,10.00,2026-01-02 10:00:00 +0000,1,Item 0,1.00"
    const items = Array.from({ length: 500 }, (_, i) => `#1001,a@example.com,,,,,,,1,Item ${i + 1},1.00`)
    const other = "#1002,b@example.com,paid,,fulfilled,USD,5.00,2026-01-03 10:00:00 +0000,1,Other,5.00"
    const result = parseShopifyExport([header, first, ...items, other].join("\n"))
    expect(result.orders.map((o) => o.orderId)).toEqual(["#1002"])
    expect(result.problems).toEqual([
      { line: 2, message: "order #1001: items has 501 entries (at most 500)" }
    ])
  })
})
