// Capture from the imitation Shopify admin and Amazon Seller Central pages: the orders the pages load
// land in IndexedDB with exact values, and the buyers get chips (including after SPA navigation and
// rows appended to the list).
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import { SHOPIFY_STORE, type WesternOrder } from "../backoffice/western-data"
import { launchWithExtension, readStore, type ExtensionBrowser } from "./browser"
import { amazonBuyerKey } from "../../src/core/retention"

interface StoredOrder {
  platform: string
  shopId: string
  orderId: string
  buyerId: string
  buyerNick?: string
  createdAt: number
  amount: number
  refunded: number
  status: string
  currency: string
}

let office: BackOffice
let browser: ExtensionBrowser

beforeAll(async () => {
  office = await startBackOffice()
  browser = await launchWithExtension({ hostResolverRules: office.hostResolverRules })
})

afterAll(async () => {
  await browser?.close()
  await office?.close()
})

async function storedOrders(): Promise<StoredOrder[]> {
  const ext = await browser.openExtensionPage("popup.html")
  const rows = await readStore<StoredOrder>(ext, "orders")
  await ext.close()
  return rows
}

async function chips(page: Page) {
  return page.locator("[data-huike-chip]").evaluateAll((els) =>
    els.map((el) => ({
      nick: el.getAttribute("data-nick"),
      orders: Number(el.getAttribute("data-orders"))
    }))
  )
}

/** Valid purchases per buyer name among `seen`. */
function purchasesByName(seen: WesternOrder[]) {
  const m = new Map<string, number>()
  for (const o of seen) m.set(o.name, (m.get(o.name) ?? 0) + (o.status === "PAID" ? 1 : 0))
  return m
}

describe("Shopify admin", () => {
  it("captures the orders list with exact values and tags each customer, also after SPA navigation", async () => {
    const page = await browser.context.newPage()
    await page.goto(`https://admin.shopify.com/store/${SHOPIFY_STORE}/orders?first=40`)
    const seen = office.shopify.orders.slice(0, 40)
    await expect.poll(async () => (await chips(page)).length, { timeout: 15_000 }).toBe(40)

    const stored = await storedOrders()
    const mine = stored.filter((o) => o.platform === "shopify")
    expect(mine).toHaveLength(40)
    const first = seen[0]
    const got = mine.find((o) => o.orderId === first.orderId)
    expect(got).toMatchObject({
      shopId: SHOPIFY_STORE,
      buyerId: first.email,
      buyerNick: first.name,
      createdAt: first.createdAt,
      amount: first.cents,
      currency: "USD",
      status:
        first.status === "PENDING"
          ? "unpaid"
          : first.status === "REFUNDED"
            ? "closed"
            : first.fulfilled
              ? "shipped"
              : "paid"
    })
    // Every chip counts the valid purchases seen so far for its buyer.
    // A chip drawn before the page's capture reached the store is redrawn when it lands.
    const expected = purchasesByName(seen)
    await expect
      .poll(async () => (await chips(page)).map((c) => [c.nick, c.orders]), { timeout: 10_000 })
      .toEqual((await chips(page)).map((c) => [c.nick, expected.get(c.nick ?? "")]))

    // Click a customer: the SPA navigates, loads the customer's orders, and tags the page title too.
    const target = seen.find(
      (o) => office.shopify.orders.filter((x) => x.customer === o.customer).length >= 3
    )
    expect(target, "a customer with three or more orders in the first page").toBeDefined()
    await page
      .locator(`a.customer[href$="/customers/${7_000_000 + target!.customer}"]`)
      .first()
      .click()
    await page.waitForURL(/\/customers\/\d+$/)
    const all = office.shopify.orders.filter((o) => o.customer === target!.customer)
    const paid = all.filter((o) => o.status === "PAID").length
    await expect
      .poll(
        async () => (await chips(page)).filter((c) => c.nick === target!.name && c.orders === paid).length,
        {
          timeout: 15_000
        }
      )
      // One per order row, the page's title, and Huike's panel for the customer the address names.
      .toBe(all.length + 2)
    await page.close()
  })
})

describe("Amazon Seller Central", () => {
  it("captures Manage Orders and tags buyer names, including rows added by the next page", async () => {
    const page = await browser.context.newPage()
    await page.goto("https://sellercentral.amazon.com/orders-v3?limit=20")
    await expect.poll(async () => (await chips(page)).length, { timeout: 15_000 }).toBe(20)
    await page.click("#more")
    await expect.poll(async () => (await chips(page)).length, { timeout: 15_000 }).toBe(40)

    const seen = office.amazon.orders.slice(0, 40)
    const stored = (await storedOrders()).filter((o) => o.platform === "amazon")
    expect(stored.map((o) => o.orderId).sort()).toEqual(seen.map((o) => o.orderId).sort())
    const o = seen[5]
    expect(stored.find((s) => s.orderId === o.orderId)).toMatchObject({
      shopId: "amazon.com",
      // Keyed on the relay address's pseudonym (src/core/retention.ts); this order is 5 days old: named.
      buyerId: amazonBuyerKey(o.email),
      buyerNick: o.name,
      createdAt: o.createdAt,
      amount: o.cents,
      currency: "USD"
    })
    const expected = new Map<string, number>()
    for (const x of seen) {
      const valid = x.status === "PAID"
      expected.set(x.name, (expected.get(x.name) ?? 0) + (valid ? 1 : 0))
    }
    // Amazon buyers' names are forgotten 30 days after the order (src/core/retention.ts): a buyer whose every
    // order here is older is no longer known by the name this page shows (their figures stay, under their key).
    // The chips of buyers named by a newer order show their whole history.
    const named = new Set(seen.filter((x) => Date.now() - x.createdAt < 29 * 86_400_000).map((x) => x.name))
    expect(named.size).toBeGreaterThan(5)
    await expect
      .poll(
        async () =>
          (await chips(page))
            .filter((c) => named.has(c.nick ?? ""))
            .every((c) => c.orders === expected.get(c.nick ?? "")),
        { timeout: 10_000 }
      )
      .toBe(true)
    await page.close()
  })
})
