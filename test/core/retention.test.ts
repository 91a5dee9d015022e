// The marketplace data rules (src/core/retention.ts): an Amazon order past the limit keeps its figures and its
// buyer's pseudonymous key and loses the buyer's personal fields; Taobao and Shopify orders are left alone.
import { describe, expect, it } from "vitest"
import {
  amazonBuyerKey,
  checkedRetention,
  holdsExpiredFields,
  isAmazonBuyerKey,
  PERSONAL_FIELDS,
  RetentionSettingError,
  underMarketplaceRules
} from "../../src/core/retention"
import type { CapturedOrder } from "../../src/core/types"

const DAY = 86_400_000
const now = Date.UTC(2026, 11, 5, 12)

const amazon = (daysAgo: number, orderId = "114-0000001-0000001"): CapturedOrder => ({
  platform: "amazon",
  shopId: "A1SELLER",
  orderId,
  buyerId: "Jane.Buyer@marketplace.amazon.com",
  buyerEmail: "jane.buyer@marketplace.amazon.com",
  buyerNick: "Jane Buyer",
  buyerPhoneTail: "4477",
  createdAt: now - daysAgo * DAY,
  paidAt: now - daysAgo * DAY + 60_000,
  status: "shipped",
  amount: 2599,
  refunded: 500,
  currency: "USD",
  items: [{ title: "Teapot", quantity: 1, price: 2599, sku: "TP-1" }]
})

describe("underMarketplaceRules", () => {
  it("an Amazon order older than the limit keeps its figures and key, and loses its personal fields", () => {
    const old = amazon(31)
    const kept = underMarketplaceRules(old, now)
    for (const f of PERSONAL_FIELDS) expect(kept).not.toHaveProperty(f)
    expect(kept).toEqual({
      platform: "amazon",
      shopId: "A1SELLER",
      orderId: "114-0000001-0000001",
      buyerId: amazonBuyerKey("jane.buyer@marketplace.amazon.com"),
      createdAt: old.createdAt,
      paidAt: old.paidAt,
      status: "shipped",
      amount: 2599,
      refunded: 500,
      currency: "USD",
      items: old.items
    })
    expect(JSON.stringify(kept)).not.toMatch(/jane|4477/i)
    expect(old.buyerNick).toBe("Jane Buyer") // the input is not changed
  })

  it("a recent Amazon order of the same buyer keeps its fields under the same key: repeat flags still join", () => {
    const recent = underMarketplaceRules(amazon(3, "114-0000002-0000002"), now)
    const old = underMarketplaceRules(amazon(90), now)
    expect(recent.buyerId).toBe(old.buyerId)
    expect(isAmazonBuyerKey(recent.buyerId)).toBe(true)
    expect(recent).toMatchObject({
      buyerNick: "Jane Buyer",
      buyerEmail: "jane.buyer@marketplace.amazon.com",
      buyerPhoneTail: "4477"
    })
  })

  it("forgets at exactly the limit, and at the owner's shorter limit", () => {
    expect(holdsExpiredFields(amazon(30), now)).toBe(true)
    expect(holdsExpiredFields(amazon(29.9), now)).toBe(false)
    const week = checkedRetention({ amazonDays: 7 })
    expect(underMarketplaceRules(amazon(8), now, week)).not.toHaveProperty("buyerNick")
    expect(underMarketplaceRules(amazon(6), now, week)).toHaveProperty("buyerNick", "Jane Buyer")
  })

  it("applied twice is applied once (an old export imported again brings nothing back)", () => {
    const once = underMarketplaceRules(amazon(45), now)
    expect(underMarketplaceRules(once, now)).toBe(once)
    // The same order read again from an old export: its fields come in and are forgotten on the way.
    expect(underMarketplaceRules(amazon(45), now)).toEqual(once)
  })

  it("leaves a Taobao order (masked nick and all) and a Shopify order of any age as they are", () => {
    const taobao: CapturedOrder = {
      platform: "taobao",
      shopId: "shop1",
      orderId: "3301234567890123456",
      buyerId: "#2079908227",
      platformBuyerId: "2079908227",
      buyerNick: "t**1",
      buyerPhoneTail: "5678",
      createdAt: now - 400 * DAY,
      status: "completed",
      amount: 12800,
      refunded: 0,
      currency: "CNY"
    }
    const shopify: CapturedOrder = {
      platform: "shopify",
      shopId: "my-store",
      orderId: "#1001",
      buyerId: "alice@example.com",
      buyerEmail: "alice@example.com",
      buyerNick: "Alice Chen",
      createdAt: now - 400 * DAY,
      status: "completed",
      amount: 4500,
      refunded: 0,
      currency: "USD"
    }
    expect(underMarketplaceRules(taobao, now)).toBe(taobao)
    expect(underMarketplaceRules(shopify, now)).toBe(shopify)
    expect(holdsExpiredFields(taobao, now) || holdsExpiredFields(shopify, now)).toBe(false)
  })
})

describe("amazonBuyerKey", () => {
  it("is one key per relay address, whatever its case, and does not contain it", () => {
    const k = amazonBuyerKey("Jane.Buyer@marketplace.amazon.com")
    expect(k).toBe(amazonBuyerKey(" jane.buyer@marketplace.amazon.com"))
    expect(k).not.toBe(amazonBuyerKey("john@marketplace.amazon.com"))
    expect(k).toMatch(/^amzn-buyer-[0-9a-f]{32}$/)
    expect(k).not.toContain("jane")
  })
})

describe("checkedRetention", () => {
  it("takes 1 to 30 whole days and refuses anything longer than the policy", () => {
    expect(checkedRetention({ amazonDays: 30 }).amazonDays).toBe(30)
    for (const d of [0, 31, 365, 2.5, Number.NaN])
      expect(() => checkedRetention({ amazonDays: d })).toThrow(RetentionSettingError)
  })
})
