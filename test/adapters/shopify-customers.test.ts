import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ImportError } from "../../src/adapters/csv"
import { decodeExportBytes } from "../../src/adapters/encoding"
import { detectFormat, formatById } from "../../src/adapters/formats"
import { readExportFile } from "../../src/adapters/import-file"
import {
  CUSTOMERS_NOT_ORDERS,
  parseShopifyCustomersExport
} from "../../src/adapters/shopify/customers-export"

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, "../fixtures/exports", name))
const text = (name: string) => decodeExportBytes(fixture(name)).text

describe("Shopify customers export", () => {
  it("reads names, e-mail keys, tags and Shopify's own figures; reports bad rows with their lines", () => {
    const r = parseShopifyCustomersExport(text("shopify-customers.csv"), { shopId: "demo", currency: "CAD" })
    expect(r.rows).toBe(6)
    expect(r.customers).toEqual([
      {
        platform: "shopify",
        shopId: "demo",
        buyerId: "alice@example.com",
        buyerEmail: "alice@example.com",
        buyerNick: "Alice Chen",
        tags: ["VIP", "wholesale"],
        acceptsEmailMarketing: true,
        reported: { orders: 2, spent: 26249, currency: "CAD" }
      },
      {
        platform: "shopify",
        shopId: "demo",
        buyerId: "bob@example.org",
        buyerEmail: "bob@example.org",
        buyerNick: "Bob",
        tags: [],
        acceptsEmailMarketing: false,
        reported: { orders: 0, spent: 0, currency: "CAD" }
      },
      {
        platform: "shopify",
        shopId: "demo",
        buyerId: "carol@example.net",
        buyerEmail: "carol@example.net",
        buyerNick: "Carol Li",
        tags: ["VIP"],
        acceptsEmailMarketing: false,
        reported: { orders: 1, spent: 108000, currency: "CAD" }
      }
    ])
    expect(r.problems).toEqual([
      {
        line: 5,
        message: "no Email, so the customer cannot be matched to their orders (the orders export keys on it)"
      },
      { line: 6, message: 'cannot read Total Spent "abc"' },
      { line: 7, message: "Email alice@example.com already on line 2" }
    ])
    expect(r.notes).toEqual([])
    // Address, phone, company and the free-text note are never read.
    expect(JSON.stringify(r)).not.toMatch(/Harbour|555|13812345678|Trading|Toronto/)
  })

  it("reads the newer header (BOM, Customer ID first, Default Address columns, Tags last)", () => {
    const r = parseShopifyCustomersExport(text("shopify-customers-with-id.csv"))
    expect(r.problems).toEqual([])
    expect(r.notes).toEqual([
      "Total Spent is in the shop's currency, which the file does not name: read with 2 decimals"
    ])
    expect(r.customers).toEqual([
      {
        platform: "shopify",
        shopId: "shopify",
        buyerId: "alice@example.com",
        buyerEmail: "alice@example.com",
        buyerNick: "Alice Chen",
        platformCustomerId: "7040861700129",
        tags: ["VIP"],
        acceptsEmailMarketing: true,
        reported: { orders: 2, spent: 26249 }
      },
      {
        platform: "shopify",
        shopId: "shopify",
        buyerId: "xiaoping@example.cn",
        buyerEmail: "xiaoping@example.cn",
        buyerNick: "陈 小平",
        platformCustomerId: "7040861732897",
        tags: [],
        acceptsEmailMarketing: false,
        reported: { orders: 1, spent: 8800 }
      }
    ])
    expect(JSON.stringify(r)).not.toMatch(/(?<![\d.])1[3-9]\d{9}(?!\d)|文三路/)
  })

  it("is detected as customers, never read as orders: auto-detection says what the file holds", () => {
    for (const name of ["shopify-customers.csv", "shopify-customers-with-id.csv"]) {
      expect(detectFormat(text(name))?.id).toBe("shopify-customers")
      expect(() => readExportFile(fixture(name), { format: "auto" })).toThrow(
        new ImportError(0, CUSTOMERS_NOT_ORDERS)
      )
    }
    expect(formatById("shopify-customers")?.holds).toBe("customers")
    // The orders export is still the orders format.
    expect(detectFormat(text("shopify-orders.csv"))?.id).toBe("shopify")
  })

  it("names every missing required column", () => {
    expect(() => parseShopifyCustomersExport("First Name,Email,Tags\nA,a@b.c,x\n")).toThrow(
      "line 1: Shopify customers export: missing required columns: Last Name, Total Spent, Total Orders"
    )
  })

  it("never throws past the parser on random or truncated input, and every customer has its key", () => {
    const whole = text("shopify-customers.csv")
    const check = (input: string) => {
      try {
        const r = parseShopifyCustomersExport(input)
        expect(r.customers.length + r.problems.length).toBe(r.rows)
        for (const c of r.customers) {
          expect(c.buyerId).toMatch(/^[^\s@]+@[^\s@]+$/)
          expect(Number.isSafeInteger(c.reported.orders) && c.reported.orders >= 0).toBe(true)
          expect(Number.isSafeInteger(c.reported.spent) && c.reported.spent >= 0).toBe(true)
        }
      } catch (e) {
        expect(e).toBeInstanceOf(ImportError)
      }
    }
    fc.assert(fc.property(fc.nat({ max: whole.length }), (cut) => check(whole.slice(0, cut))))
    const header = whole.split("\r\n")[0]
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { maxLength: 22 })), (rows) =>
        check([header, ...rows.map((r) => r.map((c) => JSON.stringify(c)).join(","))].join("\n"))
      )
    )
  })
})
