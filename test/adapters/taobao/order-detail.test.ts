import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { taobaoAdapter } from "../../../src/adapters/taobao"
import {
  decodeJsStringBody,
  parseOrderDetailData,
  readOrderDetailScripts
} from "../../../src/adapters/taobao/order-detail"
import { capturedOrderSchema } from "../../../src/messages"
import { singleQuotedLiteral } from "../../backoffice/taobao-detail"

const fixtures = resolve(import.meta.dirname, "../../fixtures/taobao")

/** The inline scripts' texts of a saved page (what the adapter reads from document.scripts). */
function inlineScripts(file: string): string[] {
  const html = readFileSync(resolve(fixtures, file), "utf8")
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1])
}

describe("Taobao order detail page", () => {
  it("reads the order from the page's inline data: id, buyer, China time, fen, status, items", () => {
    const result = readOrderDetailScripts(inlineScripts("order-detail.html"), "回客唱片旗舰店")
    expect(result.problems).toEqual([])
    expect(result.rowsSeen).toBe(1)
    expect(result.pageKind).toBe("order-detail")
    expect(result.orders).toEqual([
      {
        platform: "taobao",
        shopId: "回客唱片旗舰店",
        orderId: "3002237382410078542",
        // Keyed on the nick, as the export and the sold-orders list key the same buyer.
        buyerId: "leo桂1978",
        buyerNick: "leo桂1978",
        createdAt: Date.UTC(2026, 10, 21, 14, 3, 59),
        paidAt: Date.UTC(2026, 10, 21, 14, 4, 59),
        status: "paid",
        amount: 140399,
        refunded: 0,
        currency: "CNY",
        items: [{ title: `古典音乐 贝多芬交响曲全集 5CD "典藏" 'O'Neil'`, quantity: 10, price: 14040 }]
      }
    ])
  })

  it("never takes the receiver's name, phone or address, though the page holds them", () => {
    const html = readFileSync(resolve(fixtures, "order-detail.html"), "utf8")
    expect(html).toContain("13812345623")
    const stored = JSON.stringify(readOrderDetailScripts(inlineScripts("order-detail.html"), "s").orders)
    expect(stored).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)|文三路|陈小平/)
  })

  it("reports a changed layout (renamed buyer and payment blocks) instead of guessing", () => {
    const result = readOrderDetailScripts(inlineScripts("order-detail-layout-v2.html"), "s")
    expect(result).toEqual({
      orders: [],
      rowsSeen: 1,
      problems: ["order detail: missing or unreadable mainOrder.buyer, mainOrder.payInfo"],
      refused: [
        {
          row: 1,
          reason: "unreadable",
          detail: "order detail: missing or unreadable mainOrder.buyer, mainOrder.payInfo"
        }
      ],
      pageKind: "order-detail"
    })
  })

  it("says so when the page holds no data, or data it cannot decode", () => {
    expect(readOrderDetailScripts(["var pageData = {}"], "s").problems).toEqual([
      "order detail: the page holds no order data (var data = JSON.parse(…) or var detailData = {…})"
    ])
    expect(readOrderDetailScripts(["var data = JSON.parse('{\\\"a\\\":')"], "s").problems).toEqual([
      "order detail: the order data (var data = JSON.parse(…)) is not valid JSON"
    ])
    expect(readOrderDetailScripts(["var data = JSON.parse('\\u12')"], "s").problems).toEqual([
      "order detail: the order data (var data = JSON.parse(…)) has a malformed escape"
    ])
  })

  it("names the field it cannot read", () => {
    const base = {
      mainOrder: {
        id: "3000000000000000001",
        buyer: { id: "1", nick: "陈小平" },
        statusInfo: { text: "交易成功" },
        payInfo: { actualFee: { value: "59.00" } },
        orderInfo: { lines: [{ content: [{ value: { name: "创建时间:", value: "2026-02-30 10:00:00" } }] }] }
      }
    }
    expect(parseOrderDetailData(base, "s").problems).toEqual([
      'order detail: unreadable 创建时间 "2026-02-30 10:00:00"'
    ])
    const noNick = structuredClone(base)
    noNick.mainOrder.buyer.nick = " "
    expect(parseOrderDetailData(noNick, "s")).toEqual({
      orders: [],
      rowsSeen: 1,
      problems: ["order detail: no buyer nick (mainOrder.buyer.nick), so no buyer to file it under"],
      refused: [
        {
          row: 1,
          reason: "noBuyer",
          detail: "order detail: no buyer nick (mainOrder.buyer.nick), so no buyer to file it under"
        }
      ],
      pageKind: "order-detail"
    })
    const closed = structuredClone(base)
    closed.mainOrder.orderInfo.lines[0].content[0].value.value = "2026-02-28 10:00:00"
    closed.mainOrder.statusInfo.text = "交易关闭"
    expect(parseOrderDetailData(closed, "s").orders[0]).toMatchObject({
      status: "closed",
      amount: 5900,
      createdAt: Date.UTC(2026, 1, 28, 2, 0, 0)
    })
  })

  it("decodes JavaScript string escapes exactly", () => {
    expect(decodeJsStringBody(String.raw`a\"b\'c\\d\u003ce\x41\u{1F600}\n\/`)).toBe(`a"b'c\\d<eA😀\n/`)
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        expect(decodeJsStringBody(singleQuotedLiteral(s))).toBe(s)
      })
    )
  })

  it("never throws and never yields an order missing required fields, whatever the page holds", () => {
    const html = readFileSync(resolve(fixtures, "order-detail.html"), "utf8")
    const literal = /JSON\.parse\(\s*'([\s\S]*?)'\s*\)/.exec(html)![1]
    const check = (scripts: string[]) => {
      const result = readOrderDetailScripts(scripts, "shop")
      expect(result.orders.length + result.problems.length).toBe(1)
      for (const o of result.orders) expect(capturedOrderSchema.safeParse(o).success).toBe(true)
    }
    // Truncated pages: the data cut anywhere.
    fc.assert(
      fc.property(fc.nat({ max: literal.length }), (cut) =>
        check([`var data = JSON.parse('${literal.slice(0, cut)}')`])
      )
    )
    // Arbitrary data, and arbitrary script text.
    const mainOrder = fc.record(
      {
        id: fc.oneof(fc.string(), fc.nat(), fc.constant("3000000000000000001")),
        buyer: fc.record({ id: fc.oneof(fc.string(), fc.nat()), nick: fc.string() }, { requiredKeys: [] }),
        statusInfo: fc.record({ text: fc.constantFrom("交易成功", "交易关闭", "x", "") }),
        payInfo: fc.record({ actualFee: fc.record({ value: fc.oneof(fc.string(), fc.double()) }) }),
        orderInfo: fc.record({
          lines: fc.array(
            fc.record({
              content: fc.array(
                fc.record({
                  value: fc.oneof(
                    fc.anything(),
                    fc.record({ name: fc.constantFrom("创建时间:", "付款时间:"), value: fc.string() })
                  )
                })
              )
            })
          )
        }),
        subOrders: fc.array(fc.anything())
      },
      { requiredKeys: [] }
    )
    fc.assert(
      fc.property(fc.oneof(fc.record({ mainOrder }), fc.anything()), (data) =>
        check([`var data = JSON.parse('${singleQuotedLiteral(JSON.stringify(data) ?? "")}')`])
      )
    )
    fc.assert(fc.property(fc.array(fc.string()), (scripts) => check(scripts)))
  })

  it("claims order detail pages and the 千牛 workbench (its chat window), nothing else", () => {
    const kind = (u: string) => taobaoAdapter.detectPage(new URL(u))
    expect(kind("https://trade.taobao.com/detail/orderDetail.htm?bizOrderId=3002237382410078542")).toBe(
      "order-detail"
    )
    expect(kind("https://trade.tmall.com/detail/orderDetail.htm?bizOrderId=1")).toBe("order-detail")
    expect(kind("https://trade.taobao.com/detail/orderDetail.htm")).toBeNull()
    expect(kind("https://trade.taobao.com/detail/orderDetail.htm?bizOrderId=abc")).toBeNull()
    expect(kind("https://myseller.taobao.com/home.htm/chat")).toBe("chat")
    expect(kind("https://evil.example/detail/orderDetail.htm?bizOrderId=1")).toBeNull()
    expect(kind("http://trade.taobao.com/detail/orderDetail.htm?bizOrderId=1")).toBeNull()
  })
})
