// The background's answer to "whose page is this?" (src/db/page-buyer.ts): a message thread's order, an order
// page's order or a customer page's customer, found in whichever shop of the platform holds them; an order the
// store does not hold is no one (the page says "not in Huike yet"), never someone else.
import "./env"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/store"
import { handleMessage } from "../../background/handlers"
import { ingestOrders } from "../../src/db/writes/ingest"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
const DAY = 86_400_000

function order(o: Partial<CapturedOrder> & { orderId: string; buyerId: string }): CapturedOrder {
  return {
    platform: "amazon",
    shopId: "amazon.com",
    createdAt: NOW - 10 * DAY,
    status: "completed",
    amount: 2_500,
    refunded: 0,
    currency: "USD",
    ...o
  }
}

const orders = [
  order({ orderId: "114-0000001-0000001", buyerId: "a1@marketplace.amazon.com", buyerNick: "Ann Lee" }),
  order({
    orderId: "114-0000001-0000002",
    buyerId: "a1@marketplace.amazon.com",
    buyerNick: "Ann Lee",
    createdAt: NOW - 2 * DAY
  }),
  order({ orderId: "114-0000002-0000001", buyerId: "b2@marketplace.amazon.com", buyerNick: "Bo Chan" }),
  // Another Amazon marketplace is another shop: its threads are found too.
  order({
    shopId: "amazon.de",
    orderId: "302-0000003-0000001",
    buyerId: "c3@marketplace.amazon.de",
    currency: "EUR"
  }),
  // The same order number in a Shopify shop must not answer for Amazon.
  order({ platform: "shopify", shopId: "acme", orderId: "114-0000009-0000009", buyerId: "shop@example.org" }),
  order({
    platform: "shopify",
    shopId: "acme",
    orderId: "5550001",
    buyerId: "gid://shopify/Customer/7000001",
    buyerNick: "No Mail"
  }),
  // A Shopify customer with an e-mail is keyed on it; their page's address names their number.
  order({
    platform: "shopify",
    shopId: "acme",
    orderId: "5550002",
    buyerId: "mail@example.org",
    buyerEmail: "mail@example.org",
    buyerNick: "With Mail",
    platformBuyerId: "7000002"
  }),
  order({
    platform: "taobao",
    shopId: "s1",
    orderId: "3001",
    buyerId: "小明同学",
    buyerNick: "小明同学",
    platformBuyerId: "2079908227",
    currency: "CNY"
  })
]

let db: HuikeDB
let n = 0
beforeEach(async () => {
  db = new HuikeDB(`page-buyer-${n++}`)
  await db.open()
  await ingestOrders(db, orders, { now: NOW })
})
afterEach(async () => {
  await db.delete()
})

const ask = (m: Record<string, string>) => handleMessage(db, { type: "pageBuyer", ...m }, NOW)

describe("pageBuyer", () => {
  it("a thread's order names its buyer, with the chip's figures", async () => {
    const reply = await ask({ platform: "amazon", orderId: "114-0000001-0000002" })
    expect(reply).toMatchObject({
      ok: true,
      buyer: {
        customerKey: "amazon:amazon.com:a1@marketplace.amazon.com",
        buyerNick: "Ann Lee",
        orders: 2,
        totalSpent: 5_000,
        currency: "USD",
        repeatBuyer: true
      }
    })
    expect(await ask({ platform: "amazon", orderId: "114-0000002-0000001" })).toMatchObject({
      buyer: { buyerNick: "Bo Chan", orders: 1, repeatBuyer: false }
    })
  })

  it("looks in every shop of the platform, and only of that platform", async () => {
    expect(await ask({ platform: "amazon", orderId: "302-0000003-0000001" })).toMatchObject({
      buyer: { customerKey: "amazon:amazon.de:c3@marketplace.amazon.de", currency: "EUR" }
    })
    expect(await ask({ platform: "amazon", orderId: "114-0000009-0000009" })).toEqual({
      ok: true,
      buyer: null
    })
  })

  it("an order the store does not hold is no one", async () => {
    expect(await ask({ platform: "amazon", orderId: "114-9999999-9999999" })).toEqual({
      ok: true,
      buyer: null
    })
  })

  it("a customer by buyer id, or through the buyer their platform id was seen with", async () => {
    expect(await ask({ platform: "shopify", buyerId: "gid://shopify/Customer/7000001" })).toMatchObject({
      buyer: { buyerNick: "No Mail", orders: 1 }
    })
    expect(
      await ask({
        platform: "shopify",
        buyerId: "gid://shopify/Customer/7000002",
        platformBuyerId: "7000002"
      })
    ).toMatchObject({ buyer: { customerKey: "shopify:acme:mail@example.org", buyerNick: "With Mail" } })
    expect(await ask({ platform: "taobao", platformBuyerId: "2079908227" })).toMatchObject({
      buyer: { customerKey: "taobao:s1:小明同学" }
    })
    expect(await ask({ platform: "taobao", platformBuyerId: "1" })).toEqual({ ok: true, buyer: null })
  })

  it("refuses a message that names no one or a malformed platform id", async () => {
    expect(await ask({ platform: "amazon" })).toMatchObject({ ok: false })
    expect(await ask({ platform: "taobao", platformBuyerId: "12a" })).toMatchObject({ ok: false })
  })
})
