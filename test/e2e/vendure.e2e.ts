// A real back office nobody here wrote: Vendure 3.7.3 and its Angular admin, seeded through its Admin API,
// opened in Chromium with the production build of Huike. The user allows the admin's origin the way a
// seller would (chrome://extensions site access, then "Allow" in Huike's options page), logs in, and
// walks the order list, an order and a customer page inside the single-page admin: the orders land in
// IndexedDB with exact values and every buyer name gets a chip.
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  startVendure,
  SUPERADMIN,
  type SeedOrder,
  type VendureBackOffice
} from "../backoffice/vendure/server"
import { launchWithExtension, readStore, type ExtensionBrowser } from "./browser"

interface StoredOrder {
  platform: string
  shopId: string
  orderId: string
  buyerId: string
  buyerNick?: string
  buyerEmail?: string
  createdAt: number
  amount: number
  refunded: number
  status: string
  currency: string
  items?: { title: string; quantity: number; price?: number; sku?: string }[]
}
interface StoredCustomer {
  platform: string
  buyerId: string
  buyerNick?: string
  buyerEmail?: string
  orders: number
  totalSpent: number
  repeatBuyer: boolean
}
interface StoredLog {
  platform: string
  pageKind: string
  rowsSeen: number
  rowsStored: number
  problems: string[]
}

const STATUS: Record<SeedOrder["state"], string> = {
  PaymentSettled: "paid",
  Shipped: "shipped",
  Delivered: "completed"
}

let vendure: VendureBackOffice
let browser: ExtensionBrowser
const timings: Record<string, number> = {}

beforeAll(async () => {
  const t0 = Date.now()
  vendure = await startVendure()
  timings.vendureStartMs = Date.now() - t0
  // No imitation back office here: nothing to map; Vendure listens on 127.0.0.1 itself.
  browser = await launchWithExtension({ hostResolverRules: "MAP huike-unused.invalid ~NOTFOUND" })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await vendure?.close()
  console.log(
    `[vendure e2e] ${JSON.stringify({ bootMs: vendure?.bootMs, seedMs: vendure?.seedMs, ...timings })}`
  )
})

async function store<T>(name: string): Promise<T[]> {
  const ext = await browser.openExtensionPage("popup.html")
  const rows = await readStore<T>(ext, name)
  await ext.close()
  return rows
}

async function chips(page: Page) {
  return page.locator("[data-huike-chip]").evaluateAll((els) =>
    els.map((el) => ({
      nick: el.getAttribute("data-nick"),
      orders: el.getAttribute("data-orders"),
      spent: el.getAttribute("data-spent")
    }))
  )
}

const nameOf = (customerId: string) => {
  const c = vendure.customers.find((x) => x.id === customerId)!
  return `${c.firstName} ${c.lastName}`
}

describe("Vendure admin (real, local)", () => {
  it("is read only after the user allows its origin", async () => {
    const pattern = `${vendure.origin}/*`
    // 1. chrome://extensions → Huike → Site access → "Add a site": what the page's own dialog calls.
    const settings = await browser.context.newPage()
    await settings.goto(`chrome://extensions/?id=${browser.extensionId}`)
    const added = await settings.evaluate(
      ([id, site]) =>
        new Promise<string>((done) => {
          const dev = (chrome as unknown as { developerPrivate: DeveloperPrivate }).developerPrivate
          dev.updateExtensionConfiguration({ extensionId: id, hostAccess: "ON_SPECIFIC_SITES" }, () =>
            dev.addHostPermission(id, site, () => done(chrome.runtime.lastError?.message ?? "ok"))
          )
        }),
      [browser.extensionId, pattern] as const
    )
    expect(added).toBe("ok")
    await settings.close()
    // Nothing is injected yet: allowing a site in Chrome is not asking Huike to read it.
    expect(await browser.worker.evaluate(() => chrome.permissions.getAll())).toMatchObject({ origins: [] })

    // 2. Huike's options page: the user names the admin and clicks "Allow" (Chrome does not ask again
    //    for a site the user already allowed; otherwise its prompt appears here).
    const options = await browser.openExtensionPage("options.html")
    await options.fill('input[name="admin-address"]', vendure.adminUrl)
    await options.click('button[type="submit"]')
    await expect
      .poll(() => options.textContent("[data-status]"), { timeout: 15_000 })
      .toContain(vendure.origin)
    expect(await options.locator("[data-granted] code").allTextContents()).toEqual([vendure.origin])
    await options.close()
    const scripts = await browser.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())
    const ours = scripts.filter((s) => s.id.startsWith("huike-selfhosted-"))
    expect(ours.length).toBeGreaterThanOrEqual(3)
    for (const s of ours) expect(s.matches).toEqual([pattern])
  })

  it("captures the order list, an order and a customer page with exact values, and tags the buyers", async () => {
    const t0 = Date.now()
    const page = await browser.context.newPage()
    // Everything runs here: neither the admin nor Huike may reach another host.
    const elsewhere: string[] = []
    page.on("request", (r) => {
      const url = new URL(r.url())
      if (/^https?:$/.test(url.protocol) && url.origin !== vendure.origin) elsewhere.push(r.url())
    })
    await page.goto(vendure.adminUrl)
    await page.fill("#login_username", SUPERADMIN.username, { timeout: 60_000 })
    await page.fill("#login_password", SUPERADMIN.password)
    await page.click('button[type="submit"]')
    await page.waitForURL((url) => !url.pathname.includes("/login"), { timeout: 30_000 })
    timings.loginMs = Date.now() - t0

    // The admin is a single-page app: the content scripts came in with the first page and stay.
    await page.locator('a[href="/admin/orders"]').first().click()
    await page.waitForURL(/\/admin\/orders\/?$/)
    const seeded = vendure.orders
    await expect
      .poll(async () => (await chips(page)).filter((c) => c.orders !== "0" && c.orders !== null).length, {
        timeout: 20_000
      })
      .toBe(seeded.length)
    timings.orderListChipsMs = Date.now() - t0

    const shopId = new URL(vendure.origin).host
    const stored = (await store<StoredOrder>("orders")).filter((o) => o.platform === "vendure")
    expect(stored.map((o) => o.orderId).sort()).toEqual(seeded.map((o) => o.code).sort())
    for (const o of seeded) {
      expect(
        stored.find((s) => s.orderId === o.code),
        o.code
      ).toMatchObject({
        shopId,
        buyerId: o.customerId,
        buyerNick: nameOf(o.customerId),
        createdAt: o.placedAt,
        amount: o.totalWithTax,
        refunded: 0,
        currency: "USD",
        status: STATUS[o.state]
      })
    }

    // Every chip counts its buyer's purchases: Ada three, Katherine two, the others one.
    const expected = new Map<string, { orders: number; spent: number }>()
    for (const o of seeded) {
      const e = expected.get(nameOf(o.customerId)) ?? { orders: 0, spent: 0 }
      expected.set(nameOf(o.customerId), { orders: e.orders + 1, spent: e.spent + o.totalWithTax })
    }
    expect(expected.get("Ada Lovelace")).toEqual({ orders: 3, spent: 13_500 })
    const onList = await chips(page)
    expect(onList).toHaveLength(seeded.length)
    for (const c of onList)
      expect({ orders: Number(c.orders), spent: Number(c.spent) }, c.nick ?? "").toEqual(
        expected.get(c.nick ?? "")
      )

    // An order page (SPA navigation): its customer gets a chip. The page does not load when the order was
    // placed, so what the list stored stays as it was.
    const ada = vendure.customers.find((c) => c.firstName === "Ada")!
    const adaOrders = seeded.filter((o) => o.customerId === ada.id)
    const newest = adaOrders[adaOrders.length - 1]
    await page.locator("a", { hasText: newest.code }).first().click()
    await page.waitForURL(/\/admin\/orders\/\d+$/)
    await expect
      .poll(
        async () => (await chips(page)).filter((c) => c.nick === "Ada Lovelace" && c.orders === "3").length,
        {
          timeout: 15_000
        }
      )
      .toBe(1)

    // The customer page: the title is tagged as well as the customer link, and the e-mail is learnt.
    await page.locator(`vdr-customer-label a[href$="/customer/customers/${ada.id}"]`).first().click()
    await page.waitForURL(new RegExp(`/admin/customer/customers/${ada.id}$`))
    await expect
      .poll(
        async () => (await chips(page)).filter((c) => c.nick === "Ada Lovelace" && c.orders === "3").length,
        {
          timeout: 15_000
        }
      )
      .toBeGreaterThanOrEqual(1)
    await expect
      .poll(
        async () =>
          (await store<StoredCustomer>("customers")).find(
            (c) => c.platform === "vendure" && c.buyerId === ada.id
          ),
        { timeout: 15_000 }
      )
      .toMatchObject({
        buyerNick: "Ada Lovelace",
        buyerEmail: ada.email,
        orders: 3,
        totalSpent: 13_500,
        repeatBuyer: true
      })

    // The customer list: every customer's name link is tagged with their purchases (none for those who
    // never ordered).
    await page.locator('a[href="/admin/customer/customers"]').first().click()
    await page.waitForURL(/\/admin\/customer\/customers\/?$/)
    const listed = page.locator("vdr-customer-list vdr-data-table-2 tbody tr")
    await expect.poll(() => listed.count(), { timeout: 15_000 }).toBe(vendure.customers.length)
    const customerChips = () =>
      page
        .locator("vdr-customer-list [data-huike-chip]")
        .evaluateAll((els) =>
          els.map((el) => ({ nick: el.getAttribute("data-nick"), orders: el.getAttribute("data-orders") }))
        )
    const listedNames = (await page.locator("vdr-customer-list a.button-ghost > span").allTextContents()).map(
      (n) => n.replace(/\s+/g, " ").trim()
    )
    expect(new Set(listedNames)).toEqual(
      new Set(vendure.customers.map((c) => `${c.firstName} ${c.lastName}`))
    )
    await expect
      .poll(customerChips, { timeout: 15_000 })
      .toEqual(listedNames.map((n) => ({ nick: n, orders: String(expected.get(n)?.orders ?? 0) })))
    await page.screenshot({ path: "test-results/vendure-customer-list.png" }).catch(() => undefined)
    timings.walkMs = Date.now() - t0

    expect((await store<StoredOrder>("orders")).find((o) => o.orderId === newest.code)).toMatchObject({
      createdAt: newest.placedAt,
      amount: newest.totalWithTax
    })

    // Each page visit was logged under the page the user was on, with nothing unreadable.
    const log = (await store<StoredLog>("captureLog")).filter((l) => l.platform === "vendure")
    expect(log.flatMap((l) => l.problems)).toEqual([])
    const kinds = new Set(log.map((l) => l.pageKind))
    expect(kinds).toEqual(new Set(["order-list", "customer"]))
    expect(log.find((l) => l.pageKind === "order-list" && l.rowsSeen === seeded.length)?.rowsStored).toBe(
      seeded.length
    )
    expect(elsewhere).toEqual([])
    await page.screenshot({ path: "test-results/vendure-customer.png" }).catch(() => undefined)
    await page.close()
  })
})

interface DeveloperPrivate {
  updateExtensionConfiguration(update: { extensionId: string; hostAccess: string }, done: () => void): void
  addHostPermission(extensionId: string, host: string, done: () => void): void
}
