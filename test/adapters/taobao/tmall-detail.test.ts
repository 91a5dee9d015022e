import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { taobaoAdapter } from "../../../src/adapters/taobao"
import { readOrderDetailScripts } from "../../../src/adapters/taobao/order-detail"
import {
  extractTmallDetailData,
  parseTmallDetailData,
  sliceObjectLiteral
} from "../../../src/adapters/taobao/tmall-detail"
import { capturedOrderSchema } from "../../../src/messages"

const fixtures = resolve(import.meta.dirname, "../../fixtures/taobao")

/** The inline scripts' texts of a saved page (what the adapter reads from document.scripts). */
function inlineScripts(file: string): string[] {
  const html = readFileSync(resolve(fixtures, file), "utf8")
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1])
}

/** The fixture's data object, as the page's JSON.parse-free reader sees it. */
function fixtureData(): Record<string, unknown> {
  const found = extractTmallDetailData(inlineScripts("tmall-order-detail.html"))
  if (found === null || "error" in found) throw new Error("fixture holds no data")
  return found.data as Record<string, unknown>
}

describe("Tmall order detail page", () => {
  it("reads the order from the page's detailData: number from 订单编号, buyer nick, China time, fen, status, items", () => {
    const result = readOrderDetailScripts(inlineScripts("tmall-order-detail.html"), "回客唱片旗舰店")
    expect(result).toEqual({
      orders: [
        {
          platform: "taobao",
          shopId: "回客唱片旗舰店",
          // From the text: orders.id, a JSON number, reads back as 4864583305858005000.
          orderId: "4864583305858004803",
          // The buyer's full nick from data-nick (the page shows it masked, 晒**), entity decoded.
          buyerId: "晒太阳的猫咪&团子",
          buyerNick: "晒太阳的猫咪&团子",
          // 成交时间 2026-11-20 14:42:42 and 付款时间 14:42:51 China time.
          createdAt: Date.UTC(2026, 10, 20, 6, 42, 42),
          paidAt: Date.UTC(2026, 10, 20, 6, 42, 51),
          status: "shipped",
          // 实付款 ￥126.80 (商品总价 149.80 less 官方立减 23.00).
          amount: 12_680,
          refunded: 0,
          currency: "CNY",
          items: [
            { title: `王菲《寓言》CD 正版唱片 "典藏" 'O'Neil' </script> 无关`, quantity: 2, price: 7_490 }
          ]
        }
      ],
      rowsSeen: 1,
      problems: [],
      refused: [],
      pageKind: "order-detail"
    })
    expect(String((fixtureData().orders as { id: number }).id)).not.toBe("4864583305858004803")
  })

  it("never takes the receiver's name, phone or address, though the page holds them", () => {
    const html = readFileSync(resolve(fixtures, "tmall-order-detail.html"), "utf8")
    expect(html).toContain("13812345623")
    const stored = JSON.stringify(
      readOrderDetailScripts(inlineScripts("tmall-order-detail.html"), "s").orders
    )
    expect(stored).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)|文三路|李\*明/)
  })

  it("reports a changed layout (renamed basic and amount blocks) instead of guessing", () => {
    expect(readOrderDetailScripts(inlineScripts("tmall-order-detail-layout-v2.html"), "s")).toEqual({
      orders: [],
      rowsSeen: 1,
      problems: ["order detail (Tmall): missing or unreadable basic, amount.count"],
      refused: [
        {
          row: 1,
          reason: "unreadable",
          detail: "order detail (Tmall): missing or unreadable basic, amount.count"
        }
      ],
      pageKind: "order-detail"
    })
  })

  it("names what it cannot read: no buyer entry, an unknown status, no 实付款, a cut-off literal", () => {
    const noBuyer = fixtureData()
    const basic = noBuyer.basic as { lists: { key: string }[] }
    basic.lists = basic.lists.filter((e) => e.key !== "买家")
    expect(parseTmallDetailData(noBuyer, "s").problems).toEqual([
      "order detail (Tmall): no buyer nick (basic.lists 买家), so no buyer to file it under"
    ])
    expect(parseTmallDetailData({ ...fixtureData(), tradeStatus: "REFUNDING" }, "s").problems).toEqual([
      'order detail (Tmall): unknown tradeStatus "REFUNDING"'
    ])
    expect(
      parseTmallDetailData({ ...fixtureData(), tradeStatus: "TRADE_CLOSED" }, "s").orders[0]
    ).toMatchObject({ status: "closed", amount: 12_680 })
    expect(parseTmallDetailData({ ...fixtureData(), amount: { count: [] } }, "s").problems).toEqual([
      'order detail (Tmall): unreadable 实付款 "(none)"'
    ])
    expect(readOrderDetailScripts(['var detailData = {"a": "}", "b": {'], "s").problems).toEqual([
      "order detail (Tmall): the order data (var detailData = {…}) is cut off"
    ])
    expect(readOrderDetailScripts(["var detailData = {a: 1};"], "s").problems).toEqual([
      "order detail (Tmall): the order data (var detailData = {…}) is not plain JSON"
    ])
    expect(readOrderDetailScripts(["var other = {}"], "s").problems).toEqual([
      "order detail: the page holds no order data (var data = JSON.parse(…) or var detailData = {…})"
    ])
  })

  it("cuts an object literal at its own closing brace, braces and quotes in strings included", () => {
    const text = `x = {"a": "}{", "b": {"c": 'it\\'s }'}, "d": "\\"}"} ; var y = {}`
    expect(sliceObjectLiteral(text, 4)).toBe(`{"a": "}{", "b": {"c": 'it\\'s }'}, "d": "\\"}"}`)
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, after) => {
        const json = JSON.stringify({ value })
        expect(sliceObjectLiteral(`var detailData = ${json};${after}`, 17)).toBe(json)
      })
    )
  })

  it("claims Tmall's detail page address (biz_order_id)", () => {
    const kind = (u: string) => taobaoAdapter.detectPage(new URL(u))
    expect(kind("https://trade.tmall.com/detail/orderDetail.htm?biz_order_id=4864583305858004803")).toBe(
      "order-detail"
    )
    expect(kind("https://trade.tmall.com/detail/orderDetail.htm?biz_order_id=x")).toBeNull()
  })

  it("never throws and never yields an order missing required fields, whatever the page holds", () => {
    const html = readFileSync(resolve(fixtures, "tmall-order-detail.html"), "utf8")
    const literal = JSON.stringify(fixtureData())
    const check = (scripts: string[]) => {
      const result = readOrderDetailScripts(scripts, "shop")
      expect(result.orders.length + result.problems.length).toBe(1)
      for (const o of result.orders) expect(capturedOrderSchema.safeParse(o).success).toBe(true)
    }
    expect(html).toContain("var detailData = {")
    // Truncated pages: the data cut anywhere.
    fc.assert(
      fc.property(fc.nat({ max: literal.length }), (cut) =>
        check([`var detailData = ${literal.slice(0, cut)}`])
      )
    )
    // The real shape with arbitrary values in the fields read, and arbitrary data.
    const entry = (key: fc.Arbitrary<string>, content: fc.Arbitrary<unknown>) =>
      fc.record({ key, content: fc.array(content, { maxLength: 3 }) })
    const label = fc.record(
      { type: fc.constantFrom("label", "html", "more"), text: fc.string() },
      { requiredKeys: [] }
    )
    const lists = fc.array(
      fc.oneof(
        entry(fc.constantFrom("订单编号", "成交时间", "付款时间", "买家", "收货地址"), label),
        entry(
          fc.constant("订单编号"),
          fc.record({
            type: fc.constant("more"),
            moreList: fc.array(entry(fc.constantFrom("成交时间", "付款时间"), label))
          })
        ),
        fc.anything()
      ),
      { maxLength: 6 }
    )
    const data = fc.record(
      {
        basic: fc.record({ lists }),
        amount: fc.record({
          count: fc.array(
            fc.array(
              fc.record({
                content: fc.array(
                  fc.oneof(
                    fc.record({
                      data: fc.record({
                        titleLink: fc.record({ text: fc.constantFrom("实付款", "商品总价") }),
                        money: fc.record({
                          text: fc.oneof(fc.string(), fc.constantFrom("￥1.00", "-￥2.00"))
                        })
                      })
                    }),
                    fc.anything()
                  )
                )
              })
            )
          )
        }),
        orders: fc.record({
          list: fc.array(fc.record({ status: fc.array(fc.record({ subOrders: fc.array(fc.anything()) })) }))
        }),
        tradeStatus: fc.oneof(fc.string(), fc.constantFrom("TRADE_FINISHED", "toString", "__proto__"))
      },
      { requiredKeys: [] }
    )
    fc.assert(
      fc.property(fc.oneof(data, fc.anything()), (d) =>
        check([`var detailData = ${JSON.stringify(d) ?? ""};`])
      )
    )
    fc.assert(fc.property(fc.array(fc.string()), (scripts) => check(scripts)))
  })
})
