import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { parseAmazonReport } from "../../src/adapters/amazon/export"
import { ImportError, readCsvRows } from "../../src/adapters/csv"
import { parseEbayReport } from "../../src/adapters/ebay/export"
import { decodeExportBytes } from "../../src/adapters/encoding"
import { parseEtsyExport } from "../../src/adapters/etsy/export"
import { detectFormat, importFormats } from "../../src/adapters/formats"
import { parseShopifyExport } from "../../src/adapters/shopify/export"
import { parseTaobaoExport } from "../../src/adapters/taobao/export"
import type { CapturedOrder } from "../../src/core/types"
import { encodeGbk } from "../fixtures/gbk"
import { amazonBuyerKey } from "../../src/core/retention"

const fixture = (name: string) => readFileSync(resolve(__dirname, "../fixtures/exports", name))
const text = (name: string) => decodeExportBytes(fixture(name)).text
const byId = (orders: CapturedOrder[], id: string) => {
  const o = orders.find((x) => x.orderId === id)
  if (!o) throw new Error(`order ${id} not parsed`)
  return o
}

describe("Taobao order export (GBK)", () => {
  const decoded = decodeExportBytes(fixture("taobao-orders.csv"))
  const result = parseTaobaoExport(decoded.text)

  it("is detected as GBK and as the Taobao format", () => {
    expect(decoded.encoding).toBe("gbk")
    expect(detectFormat(decoded.text)?.id).toBe("taobao")
    expect(result.problems).toEqual([])
    expect(result.rows).toBe(6)
    expect(result.orders).toHaveLength(6)
  })

  it('unwraps ="..." and tab-guarded order numbers and reads China time', () => {
    const first = byId(result.orders, "3002237382410078542")
    expect(first).toMatchObject({
      platform: "taobao",
      shopId: "回客唱片旗舰店",
      buyerId: "leo桂1978",
      buyerNick: "leo桂1978",
      status: "completed",
      amount: 140399,
      refunded: 0,
      currency: "CNY",
      // 2026-11-02 09:15:02 China time = 01:15:02 UTC.
      createdAt: Date.UTC(2026, 10, 2, 1, 15, 2),
      paidAt: Date.UTC(2026, 10, 2, 1, 16, 10)
    })
    expect(first.items).toEqual([{ title: "古典音乐 贝多芬交响曲全集 5CD", quantity: 10 }])
    // Leading tab, 23:59:59 China time is 15:59:59 UTC the same day.
    expect(byId(result.orders, "3000972774761426262")).toMatchObject({
      status: "paid",
      amount: 8316,
      createdAt: Date.UTC(2026, 10, 21, 15, 59, 59)
    })
  })

  it("maps every export status and reads refunds", () => {
    expect(byId(result.orders, "3001664095626375172").status).toBe("shipped")
    expect(byId(result.orders, "3002349331253898330")).toMatchObject({ status: "closed", refunded: 9093 })
    expect(byId(result.orders, "3006786978970000287")).toMatchObject({
      status: "completed",
      amount: 23793,
      refunded: 3793
    })
    const unpaid = byId(result.orders, "3006786978970000288")
    expect(unpaid.status).toBe("unpaid")
    expect(unpaid.paidAt).toBeUndefined()
  })

  it("never keeps the receiver's phone (only its last four digits), name or address", () => {
    const stored = JSON.stringify(result.orders)
    expect(stored).not.toContain("13812345678")
    expect(stored).not.toContain("1381234")
    expect(result.orders.map((o) => o.buyerPhoneTail)).toEqual(result.orders.map(() => "5678"))
    expect(stored).not.toContain("文三路")
    expect(stored).not.toContain("张*明")
  })

  it("reports a changed layout by naming the missing column", () => {
    const changed = decoded.text.replace("买家实际支付金额", "实付金额")
    expect(detectFormat(changed)?.id).not.toBe("taobao")
    expect(() => parseTaobaoExport(changed)).toThrow(
      new ImportError(1, "Taobao order export: missing required column: 买家实际支付金额")
    )
  })

  it("reports bad rows with their file lines and keeps the good ones", () => {
    const lines = decoded.text.split("\r\n")
    lines[2] = lines[2].replace("2026-11-21 23:59:59", "2026-13-21 23:59:59")
    lines[4] = lines[4].replace("交易关闭", "交易暂停")
    const r = parseTaobaoExport(lines.join("\r\n"))
    expect(r.problems).toEqual([
      { line: 3, message: 'order 3000972774761426262: cannot read 订单创建时间 "2026-13-21 23:59:59"' },
      { line: 5, message: 'order 3002349331253898330: unknown 订单状态 "交易暂停"' }
    ])
    expect(r.orders.map((o) => o.orderId)).not.toContain("3000972774761426262")
    expect(r.orders).toHaveLength(4)
  })
})

describe("Shopify orders export", () => {
  const result = parseShopifyExport(text("shopify-orders.csv"))

  it("groups line items into orders keyed by the order Id, customers by e-mail", () => {
    expect(detectFormat(text("shopify-orders.csv"))?.id).toBe("shopify")
    expect(result.problems).toEqual([])
    expect(result.rows).toBe(6)
    expect(result.orders.map((o) => o.orderId)).toEqual([
      "5612345678901",
      "5612345678902",
      "5612345678903",
      "5612345678904",
      "5612345678905"
    ])
    const first = byId(result.orders, "5612345678901")
    expect(first).toMatchObject({
      platform: "shopify",
      buyerId: "alice@example.com",
      buyerNick: "Alice Chen",
      status: "shipped",
      amount: 5360,
      refunded: 0,
      currency: "USD",
      createdAt: Date.UTC(2024, 0, 15, 2, 32, 11),
      paidAt: Date.UTC(2024, 0, 15, 2, 33, 2)
    })
    expect(first.items).toEqual([
      { title: "Ceramic Mug - Blue", quantity: 2, price: 1500, sku: "MUG-BL" },
      { title: "Tea Towel", quantity: 1, price: 1500, sku: "TT-01" }
    ])
  })

  it("maps financial status, refunds and cancellation", () => {
    expect(byId(result.orders, "5612345678902")).toMatchObject({
      status: "unpaid",
      createdAt: Date.UTC(2024, 0, 20, 13, 0, 0)
    })
    expect(byId(result.orders, "5612345678903")).toMatchObject({
      buyerId: "alice@example.com",
      status: "paid",
      amount: 10000,
      refunded: 2550
    })
    expect(byId(result.orders, "5612345678904")).toMatchObject({ status: "closed", refunded: 3000 })
    expect(byId(result.orders, "5612345678905").status).toBe("closed")
    expect(JSON.stringify(result.orders)).not.toMatch(/555|Main St/)
  })

  it("reports an order without e-mail and skips its other line items", () => {
    const t = text("shopify-orders.csv").replace(/Alice@Example\.com/g, "")
    const r = parseShopifyExport(t)
    expect(r.problems).toEqual([
      { line: 2, message: "order #1001: no Email, so the order cannot be tied to a customer" }
    ])
    expect(r.orders.map((o) => o.orderId)).not.toContain("5612345678901")
  })
})

describe("Amazon order reports", () => {
  it("reads the merchant-fulfilled Order report, summing items into orders", () => {
    const t = text("amazon-order-report.txt")
    expect(detectFormat(t)?.id).toBe("amazon")
    const r = parseAmazonReport(t)
    expect(r.problems).toEqual([])
    expect(r.notes).toEqual(["no order-status column: every order in the report counts as paid"])
    const o = byId(r.orders, "114-1234567-1234567")
    // 30.00 + 2.70 + 5.99 + 12.50 + 1.13
    expect(o).toMatchObject({
      // Keyed on the relay address's pseudonym (src/core/retention.ts); the address is kept as the e-mail.
      buyerId: amazonBuyerKey("x7k2m9p4q1r5s8t@marketplace.amazon.com"),
      buyerNick: "Jane Doe",
      status: "paid",
      amount: 5232,
      currency: "USD",
      createdAt: Date.UTC(2024, 0, 15, 10, 32, 11)
    })
    expect(o.items?.map((i) => i.sku)).toEqual(["MUG-BL", "TT-01"])
    // 23:10 at UTC−8 is 07:10 UTC the next day.
    expect(byId(r.orders, "113-7654321-7654321").createdAt).toBe(Date.UTC(2024, 1, 2, 7, 10, 0))
    expect(JSON.stringify(r.orders)).not.toContain("206-555")
  })

  it("refuses the All Orders report, saying it has no buyer column", () => {
    const t = text("amazon-all-orders.txt")
    expect(detectFormat(t)?.id).toBe("amazon")
    expect(() => parseAmazonReport(t)).toThrow(/no buyer column \(buyer-email\).*All Orders report/)
  })
})

describe("Etsy and eBay exports", () => {
  it("reads Etsy orders with MM/DD/YY dates in the shop's zone", () => {
    const t = text("etsy-orders.csv")
    expect(detectFormat(t)?.id).toBe("etsy")
    const r = parseEtsyExport(t, { timeZone: "Europe/London" })
    expect(r.problems).toEqual([])
    expect(byId(r.orders, "3141592653")).toMatchObject({
      buyerId: "271828",
      buyerNick: "adalovelace",
      status: "completed",
      amount: 4450,
      currency: "GBP",
      createdAt: Date.UTC(2024, 0, 15)
    })
    // Empty Status, not shipped: paid. 2024-02-29 exists.
    expect(byId(r.orders, "3141592654")).toMatchObject({ status: "paid", createdAt: Date.UTC(2024, 1, 29) })
    expect(byId(r.orders, "3141592655")).toMatchObject({ status: "closed", currency: "USD" })
  })

  it("skips eBay's blank first line and footer, and says so", () => {
    const t = text("ebay-orders.csv")
    expect(detectFormat(t)?.id).toBe("ebay")
    const r = parseEbayReport(t)
    expect(r.problems).toEqual([])
    expect(r.rows).toBe(3)
    expect(r.notes[0]).toBe("3 line(s) before the header or in the report footer skipped")
    expect(byId(r.orders, "12-10001-10001")).toMatchObject({
      buyerId: "vintage_finder",
      buyerEmail: "sam@example.com",
      status: "shipped",
      amount: 13000,
      currency: "USD",
      createdAt: Date.UTC(2024, 0, 15)
    })
    expect(byId(r.orders, "12-10002-10002").status).toBe("paid")
  })
})

describe("readCsvRows", () => {
  it("numbers rows by the file line they start on, across quoted line breaks and CRLF", () => {
    const rows = readCsvRows('a,b\r\n"x\r\ny",1\r\n\r\nz,2\r\n')
    expect(rows.filter((r) => r.fields.some((f) => f !== "")).map((r) => [r.fields[0], r.line])).toEqual([
      ["a", 1],
      ["x\r\ny", 2],
      ["z", 5]
    ])
  })
})

describe("decodeExportBytes", () => {
  it("tells UTF-8 with and without BOM from GBK", () => {
    const s = "订单编号,买家会员名\n1,张三\n"
    const utf8 = new TextEncoder().encode(s)
    expect(decodeExportBytes(utf8)).toEqual({ text: s, encoding: "utf-8", bom: false })
    expect(decodeExportBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({
      text: s,
      encoding: "utf-8",
      bom: true
    })
    expect(decodeExportBytes(encodeGbk(s))).toEqual({ text: s, encoding: "gbk", bom: false })
  })
})

const REQUIRED_FIELDS = [
  "platform",
  "shopId",
  "orderId",
  "buyerId",
  "createdAt",
  "status",
  "amount",
  "currency"
]

describe("every export parser on random and truncated input", () => {
  const samples = [
    "taobao-orders.csv",
    "shopify-orders.csv",
    "amazon-order-report.txt",
    "etsy-orders.csv",
    "ebay-orders.csv"
  ]

  it("never throws anything but ImportError, and never yields an order missing required fields", () => {
    const sources = samples.map(text)
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sources.length - 1 }),
        fc.nat(),
        fc.string({ maxLength: 40 }),
        fc.integer({ min: 0, max: importFormats.length - 1 }),
        (which, cut, noise, formatIndex) => {
          const src = sources[which]
          const at = cut % (src.length + 1)
          // Truncate, splice in noise, and hand the result to every parser.
          const input = src.slice(0, at) + noise + src.slice(at, at + (cut % 97))
          const format = importFormats[formatIndex]
          try {
            const r = format.parse(input)
            for (const o of r.orders) {
              for (const f of REQUIRED_FIELDS) expect(o[f as keyof CapturedOrder], f).not.toBeUndefined()
              expect(o.buyerId).not.toBe("")
              expect(Number.isSafeInteger(o.amount)).toBe(true)
              expect(Number.isSafeInteger(o.refunded)).toBe(true)
              expect(Number.isFinite(o.createdAt)).toBe(true)
            }
            for (const p of r.problems) expect(p.line).toBeGreaterThan(0)
          } catch (e) {
            if (!(e instanceof ImportError)) throw e
          }
        }
      ),
      { numRuns: 400 }
    )
  })
})
