import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { taobaoAdapter } from "../../../src/adapters/taobao"
import { parseSoldOrdersAnswer, taobaoStatus } from "../../../src/adapters/taobao/sold-orders"
import { capturedOrderSchema } from "../../../src/messages"

// One asyncSold.htm answer in the shape ../shared/MARKETPLACES.md describes (two orders, one closed).
const answer = {
  mainOrders: [
    {
      id: "3002237382410078542",
      orderInfo: { id: "3002237382410078542", createTime: "2026-11-21 22:03:59" },
      buyer: { id: "2079908227", nick: "leo桂1978" },
      payInfo: { actualFee: "1403.99", postType: "(含快递:¥0.00)", icons: [] },
      statusInfo: { text: "买家已付款，等待卖家发货", type: "t_status" },
      subOrders: [
        {
          itemInfo: { title: "古典音乐 贝多芬交响曲全集 5CD", skuText: [{ name: "版本", value: "5CD" }] },
          quantity: "10",
          priceInfo: { realTotal: "1403.99", original: "140.40" }
        }
      ]
    },
    {
      id: "3000001000000000001",
      orderInfo: { id: "3000001000000000001", createTime: "2026-01-02 08:00:00" },
      buyer: { id: "2000104729", nick: "陈小平" },
      payInfo: { actualFee: "59.00" },
      statusInfo: { text: "交易关闭" }
    }
  ],
  page: { currentPage: 1, pageSize: 15, totalPage: 1, totalNumber: 2 }
}

describe("Taobao sold-orders answer", () => {
  it("reads ids, buyer, China time, amount in fen and status", () => {
    const result = parseSoldOrdersAnswer(answer, "回客唱片旗舰店")!
    expect(result.problems).toEqual([])
    expect(result.rowsSeen).toBe(2)
    expect(result.orders).toEqual([
      {
        platform: "taobao",
        shopId: "回客唱片旗舰店",
        orderId: "3002237382410078542",
        // Keyed on the nick, as the export keys the same buyer (not on buyer.id 2079908227).
        buyerId: "leo桂1978",
        buyerNick: "leo桂1978",
        // …and buyer.id is kept beside it: it links the same buyer when a page masks the nick.
        platformBuyerId: "2079908227",
        createdAt: Date.UTC(2026, 10, 21, 14, 3, 59),
        status: "paid",
        amount: 140399,
        refunded: 0,
        currency: "CNY",
        items: [{ title: "古典音乐 贝多芬交响曲全集 5CD", quantity: 10, price: 14040 }]
      },
      {
        platform: "taobao",
        shopId: "回客唱片旗舰店",
        orderId: "3000001000000000001",
        buyerId: "陈小平",
        buyerNick: "陈小平",
        platformBuyerId: "2000104729",
        createdAt: Date.UTC(2026, 0, 2, 0, 0, 0),
        status: "closed",
        amount: 5900,
        refunded: 0,
        currency: "CNY",
        items: []
      }
    ])
  })

  it("maps every status the seller centre shows", () => {
    expect(taobaoStatus("交易成功")).toBe("completed")
    expect(taobaoStatus("买家已付款，等待卖家发货")).toBe("paid")
    expect(taobaoStatus("卖家已发货，等待买家确认")).toBe("shipped")
    expect(taobaoStatus("卖家已发货")).toBe("shipped")
    expect(taobaoStatus("交易关闭")).toBe("closed")
    expect(taobaoStatus("等待买家付款")).toBe("unpaid")
    expect(taobaoStatus("退款中")).toBeNull()
  })

  it("reports a row with renamed fields instead of guessing, and keeps the readable rows", () => {
    const changed = {
      mainOrders: [
        { ...answer.mainOrders[0], buyer: undefined, buyerInfo: { userId: "1" } },
        answer.mainOrders[1]
      ]
    }
    const result = parseSoldOrdersAnswer(changed, "s")!
    expect(result.rowsSeen).toBe(2)
    expect(result.orders.map((o) => o.orderId)).toEqual(["3000001000000000001"])
    expect(result.problems).toEqual(["order 1: missing or unreadable buyer"])
  })

  it("keys the buyer on the trimmed nick, and reports a row without one instead of keying it on buyer.id", () => {
    const rows = {
      mainOrders: [
        { ...answer.mainOrders[1], buyer: { id: "2000104729", nick: " 陈小平 " } },
        { ...answer.mainOrders[0], buyer: { id: "2079908227" } },
        { ...answer.mainOrders[0], buyer: { id: "2079908227", nick: "  " } },
        { ...answer.mainOrders[1], buyer: { nick: "tb123456789" } }
      ]
    }
    const result = parseSoldOrdersAnswer(rows, "s")!
    expect(result.rowsSeen).toBe(4)
    expect(result.orders.map((o) => [o.orderId, o.buyerId, o.buyerNick])).toEqual([
      ["3000001000000000001", "陈小平", "陈小平"],
      ["3000001000000000001", "tb123456789", "tb123456789"]
    ])
    expect(result.problems).toEqual([
      "order 2: missing or unreadable buyer.nick",
      "order 3: no buyer nick (buyer.nick), so no buyer to file it under"
    ])
  })

  it("reads the workbench's hidden nicks: decodeNick first, a masked nick keyed on buyer.id, never alone", () => {
    const [paid, closed] = answer.mainOrders
    const rows = {
      mainOrders: [
        // Masked nick, full one in decodeNick: the full one keys the buyer.
        { ...paid, buyer: { id: "2079908227", nick: "l**8", decodeNick: "leo桂1978" } },
        // Masked nick and no decodeNick: a stand-in on buyer.id, shown with the masked nick.
        { ...closed, buyer: { id: 2000104729, nick: "陈**平" } },
        // The same masked nick, another buyer: another stand-in, never the same customer.
        {
          ...closed,
          orderInfo: { ...closed.orderInfo, id: "3000001000000000002" },
          buyer: { id: "2000999999", nick: "陈**平" }
        },
        // Masked and no id: nobody can tell this buyer from the others.
        {
          ...closed,
          orderInfo: { ...closed.orderInfo, id: "3000001000000000003" },
          buyer: { nick: "陈**平" }
        },
        // Unmasked nick and a masked decodeNick: the unmasked one.
        {
          ...closed,
          orderInfo: { ...closed.orderInfo, id: "3000001000000000004" },
          buyer: { id: "7", nick: "tb_full", decodeNick: "t**l" }
        }
      ]
    }
    const result = parseSoldOrdersAnswer(rows, "s")!
    expect(result.orders.map((o) => [o.orderId, o.buyerId, o.buyerNick, o.platformBuyerId])).toEqual([
      ["3002237382410078542", "leo桂1978", "leo桂1978", "2079908227"],
      ["3000001000000000001", "#2000104729", "陈**平", "2000104729"],
      ["3000001000000000002", "#2000999999", "陈**平", "2000999999"],
      ["3000001000000000004", "tb_full", "tb_full", "7"]
    ])
    expect(result.problems).toEqual([
      'order 4: buyer nick hidden ("陈**平") and no buyer.id: other buyers may share that hidden nick'
    ])
    expect(result.buyers).toBe(4)
    expect(result.maskedBuyers).toBe(2)
  })

  it("never stores a nick decoded with replacement characters", () => {
    const rows = {
      mainOrders: [{ ...answer.mainOrders[0], buyer: { id: "1", nick: "leo\uFFFD\uFFFD1978" } }]
    }
    const result = parseSoldOrdersAnswer(rows, "s")!
    expect(result.orders).toEqual([])
    expect(result.problems).toEqual(["order 1: buyer nick unreadable (its bytes were not decoded cleanly)"])
  })

  it("reports a throttled answer as throttling, not as a changed layout", () => {
    const throttled = {
      rgv587_flag: "sm",
      url: "https://bixi.alicdn.com/punish/punish:resource:template:tbsold:default.html"
    }
    const result = taobaoAdapter.parseApiResponse(
      "https://trade.taobao.com/trade/itemlist/asyncSold.htm?event_submit_do_query=1&_input_charset=utf8",
      throttled,
      "s"
    )!
    expect(result.notice).toBe("throttled")
    expect(result.orders).toEqual([])
    expect(result.rowsSeen).toBe(0)
    expect(result.problems[0]).toMatch(/Taobao is limiting requests/)
  })

  it("ignores answers that are not sold-order lists", () => {
    expect(parseSoldOrdersAnswer({ hello: 1 }, "s")).toBeNull()
    expect(taobaoAdapter.parseApiResponse("https://trade.taobao.com/other.htm", answer, "s")).toBeNull()
  })

  it("never throws and never yields an order missing required fields, whatever the answer holds", () => {
    const anyOrder = fc.record(
      {
        orderInfo: fc.record(
          { id: fc.oneof(fc.string(), fc.nat()), createTime: fc.string() },
          { requiredKeys: [] }
        ),
        buyer: fc.record({ id: fc.oneof(fc.string(), fc.nat()), nick: fc.string() }, { requiredKeys: [] }),
        payInfo: fc.record({ actualFee: fc.oneof(fc.string(), fc.double()) }, { requiredKeys: [] }),
        statusInfo: fc.record(
          { text: fc.constantFrom("交易成功", "交易关闭", "x", "") },
          { requiredKeys: [] }
        )
      },
      { requiredKeys: [] }
    )
    fc.assert(
      fc.property(fc.array(fc.oneof(anyOrder, fc.anything())), (rows) => {
        const result = parseSoldOrdersAnswer({ mainOrders: rows }, "shop")!
        expect(result.orders.length + result.problems.length).toBe(rows.length)
        for (const o of result.orders) expect(capturedOrderSchema.safeParse(o).success).toBe(true)
      })
    )
  })
})

describe("Taobao pages", () => {
  it.each([
    ["https://myseller.taobao.com/home.htm/trade-platform/tp/sold", "order-list"],
    ["https://qn.taobao.com/home.htm/trade-platform/tp/sold", "order-list"],
    ["https://myseller.taobao.com/home.htm/trade-platform/tp/sold/?tabCode=waitSend", "order-list"],
    ["https://myseller.taobao.com/home.htm/trade-platform/tp/refund", "chat"],
    ["https://myseller.taobao.com/home.htm/app-customer-service/toolpage/Message", "chat"],
    ["https://qn.taobao.com/home.htm", "chat"],
    ["http://myseller.taobao.com/home.htm/trade-platform/tp/sold", null],
    ["https://myseller.taobao.com.evil.example/home.htm/trade-platform/tp/sold", null]
  ])("the 千牛 workbench: %s is %s", (url, kind) => {
    expect(taobaoAdapter.detectPage(new URL(url))).toBe(kind)
  })

  it("tags workbench rows from the answers' orders, classic rows by their markup", () => {
    expect(
      taobaoAdapter.tagsRowsFromAnswers?.(new URL("https://qn.taobao.com/home.htm/trade-platform/tp/sold"))
    ).toBe(true)
    expect(
      taobaoAdapter.tagsRowsFromAnswers?.(
        new URL("https://trade.taobao.com/trade/itemlist/list_sold_items.htm")
      )
    ).toBe(false)
  })

  it("claims the sold-orders list and nothing else", () => {
    expect(
      taobaoAdapter.detectPage(new URL("https://trade.taobao.com/trade/itemlist/list_sold_items.htm"))
    ).toBe("order-list")
    expect(
      taobaoAdapter.detectPage(new URL("https://trade.tmall.com/trade/itemlist/list_sold_items.htm?x=1"))
    ).toBe("order-list")
    expect(
      taobaoAdapter.detectPage(new URL("https://trade.taobao.com/trade/itemlist/list_bought_items.htm"))
    ).toBeNull()
    expect(
      taobaoAdapter.detectPage(new URL("https://evil.example/trade/itemlist/list_sold_items.htm"))
    ).toBeNull()
  })
})
