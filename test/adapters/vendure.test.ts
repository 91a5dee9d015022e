// The Vendure adapter against Admin API answers recorded from a real Vendure 3.7.3 admin
// (test/fixtures/vendure/README.md), a changed layout, and random or truncated input.
import { readFileSync } from "node:fs"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { adapterForUrl } from "../../src/adapters/registry"
import { vendureAdapter } from "../../src/adapters/vendure"
import { parseAdminApiAnswer } from "../../src/adapters/vendure/admin-api"
import type { ParseResult } from "../../src/adapters/types"

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/vendure/${name}`, import.meta.url), "utf8"))
const API = "http://127.0.0.1:3000/admin-api?languageCode=en"
const SHOP = "127.0.0.1:3000"

describe("Vendure admin pages", () => {
  it("claims admin paths on any origin, after the built-in marketplaces", () => {
    const kind = (u: string) => vendureAdapter.detectPage(new URL(u))
    expect(kind("https://shop.example.com/admin/orders")).toBe("order-list")
    expect(kind("https://shop.example.com/admin/orders/42")).toBe("order-detail")
    expect(kind("http://127.0.0.1:3000/admin/customer/customers/7")).toBe("customer")
    expect(kind("http://127.0.0.1:3000/admin/customer/customers")).toBe("customer")
    // The single-page admin starts anywhere (login, dashboard) and navigates without reloading.
    expect(kind("http://127.0.0.1:3000/admin/")).toBe("order-list")
    expect(kind("https://shop.example.com/shop/orders")).toBeNull()
    expect(kind("https://shop.example.com/administrator")).toBeNull()
    expect(adapterForUrl(new URL("https://admin.shopify.com/store/x/orders"))?.adapter.platform).toBe(
      "shopify"
    )
  })

  it("reads only its own API", () => {
    expect(vendureAdapter.parseApiResponse(API, fixture("order-list.json"), SHOP)).not.toBeNull()
    expect(
      vendureAdapter.parseApiResponse("http://127.0.0.1:3000/shop-api", fixture("order-list.json"), SHOP)
    ).toBeNull()
    expect(vendureAdapter.apiPatterns.some((p) => p.test("https://shop.example.com/admin-api"))).toBe(true)
    expect(vendureAdapter.apiPatterns.some((p) => p.test("https://shop.example.com/admin-apix"))).toBe(false)
  })
})

describe("Vendure Admin API answers", () => {
  it("reads the order list exactly", () => {
    const r = parseAdminApiAnswer(fixture("order-list.json"), SHOP) as ParseResult
    expect(r.problems).toEqual([])
    expect(r.rowsSeen).toBe(5)
    expect(r.pageKind).toBe("order-list")
    expect(r.orders.map((o) => [o.orderId, o.buyerId, o.buyerNick, o.amount])).toEqual([
      ["D61S6P5SLD5Y9JY2", "1", "Ada Lovelace", 3500],
      ["9VAFFHL6JC596S4J", "3", "Alan Turing", 9500],
      ["LKR7RP8TNMG2KW23", "2", "Grace Hopper", 3500],
      ["WYBMXAMY2DPGTWEP", "1", "Ada Lovelace", 6500],
      ["2CAM58Y3CBWYFFC1", "1", "Ada Lovelace", 3500]
    ])
    expect(r.orders[0]).toEqual({
      platform: "vendure",
      shopId: SHOP,
      orderId: "D61S6P5SLD5Y9JY2",
      buyerId: "1",
      buyerNick: "Ada Lovelace",
      createdAt: Date.UTC(2026, 10, 22, 20, 45, 17, 417),
      status: "paid",
      amount: 3500,
      refunded: 0,
      currency: "USD"
    })
  })

  it("reads an order page's lines, but leaves a placed order alone when the page did not load its placed time", () => {
    const detail = fixture("order-detail.json") as { data: { order: Record<string, unknown> } }
    // Vendure 3.7.3's order page does not ask for orderPlacedAt; its createdAt is when the cart began.
    expect(parseAdminApiAnswer(detail, SHOP)).toBeNull()
    const dated = { data: { order: { ...detail.data.order, orderPlacedAt: "2026-11-22T20:45:15.868Z" } } }
    const r = parseAdminApiAnswer(dated, SHOP) as ParseResult
    expect(r.problems).toEqual([])
    expect(r.pageKind).toBe("order-detail")
    expect(r.orders).toEqual([
      {
        platform: "vendure",
        shopId: SHOP,
        orderId: "2CAM58Y3CBWYFFC1",
        buyerId: "1",
        buyerNick: "Ada Lovelace",
        createdAt: Date.UTC(2026, 10, 22, 20, 45, 15, 868),
        status: "paid",
        amount: 3500,
        refunded: 0,
        currency: "USD",
        items: [{ title: "Teapot", quantity: 1, price: 3000, sku: "TEA-1" }]
      }
    ])
    // A cart never placed is dated by its creation.
    const cart = parseAdminApiAnswer(
      { data: { order: { ...detail.data.order, state: "AddingItems" } } },
      SHOP
    )
    expect(cart?.orders[0]).toMatchObject({ status: "unpaid", createdAt: Date.UTC(2026, 10, 22, 20, 45, 15) })
  })

  it("reads a customer page: the customer's orders, with the e-mail", () => {
    const r = parseAdminApiAnswer(fixture("customer-detail.json"), SHOP) as ParseResult
    expect(r.problems).toEqual([])
    expect(r.pageKind).toBe("customer")
    expect(r.orders.map((o) => o.orderId)).toEqual([
      "D61S6P5SLD5Y9JY2",
      "WYBMXAMY2DPGTWEP",
      "2CAM58Y3CBWYFFC1"
    ])
    for (const o of r.orders)
      expect(o).toMatchObject({ buyerId: "1", buyerNick: "Ada Lovelace", buyerEmail: "ada@example.com" })
  })

  it("leaves answers without orders alone", () => {
    expect(parseAdminApiAnswer(fixture("order-state.json"), SHOP)).toBeNull()
    expect(parseAdminApiAnswer(fixture("order-history.json"), SHOP)).toBeNull()
    expect(parseAdminApiAnswer({ data: { customers: { items: [] } } }, SHOP)).toBeNull()
    expect(parseAdminApiAnswer({ errors: [{ message: "Forbidden" }] }, SHOP)).toBeNull()
  })

  it("maps Vendure's order states, and refunds that settled", () => {
    const base = {
      ...(fixture("order-detail.json") as { data: { order: Record<string, unknown> } }).data.order,
      orderPlacedAt: "2026-11-22T20:45:15.868Z"
    }
    const read = (patch: Record<string, unknown>) =>
      (parseAdminApiAnswer({ data: { order: { ...base, ...patch } } }, SHOP) as ParseResult).orders[0]
    expect(read({ state: "ArrangingPayment" }).status).toBe("unpaid")
    expect(read({ state: "Shipped" }).status).toBe("shipped")
    expect(read({ state: "Delivered" }).status).toBe("completed")
    expect(read({ state: "Cancelled" }).status).toBe("closed")
    expect(read({ state: "Cancelled", orderPlacedAt: null }).createdAt).toBe(
      Date.UTC(2026, 10, 22, 20, 45, 15)
    )
    expect(
      read({
        payments: [
          {
            refunds: [
              { total: 1000, state: "Settled" },
              { total: 500, state: "Pending" }
            ]
          }
        ]
      }).refunded
    ).toBe(1000)
    const custom = parseAdminApiAnswer({ data: { order: { ...base, state: "AwaitingPickup" } } }, SHOP)
    expect(custom?.orders).toEqual([])
    expect(custom?.problems).toEqual(['order 1 2CAM58Y3CBWYFFC1: unknown state "AwaitingPickup"'])
  })

  it("says which fields went missing when the layout changes, and stores nothing wrong", () => {
    const list = fixture("order-list.json") as { data: { orders: { items: Record<string, unknown>[] } } }
    const changed = {
      data: {
        orders: {
          ...list.data.orders,
          items: list.data.orders.items.map(({ totalWithTax, ...rest }) => ({
            ...rest,
            grandTotal: totalWithTax
          }))
        }
      }
    }
    const r = parseAdminApiAnswer(changed, SHOP) as ParseResult
    expect(r.rowsSeen).toBe(5)
    expect(r.orders).toEqual([])
    expect(r.problems[0]).toBe("order 1: missing or unreadable totalWithTax")
  })

  it("never throws and never yields an order missing a required field, whatever the answer", () => {
    const real = JSON.stringify(fixture("order-list.json"))
    const check = (body: unknown) => {
      const r = parseAdminApiAnswer(body, SHOP)
      for (const o of r?.orders ?? []) {
        expect(o.orderId && o.buyerId && o.currency.length === 3).toBeTruthy()
        expect(Number.isSafeInteger(o.amount) && Number.isFinite(o.createdAt)).toBe(true)
      }
    }
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 300 })
    fc.assert(
      fc.property(fc.nat(real.length), (cut) => {
        let body: unknown
        try {
          body = JSON.parse(real.slice(0, cut))
        } catch {
          body = real.slice(0, cut)
        }
        check(body)
      }),
      { numRuns: 200 }
    )
    const items = (JSON.parse(real) as { data: { orders: { items: unknown[] } } }).data.orders.items
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...items), fc.jsonValue()), { maxLength: 8 }), (mixed) =>
        check({ data: { orders: { items: mixed } } })
      ),
      { numRuns: 200 }
    )
  })
})
