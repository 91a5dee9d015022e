// The walking skeleton end to end: the Taobao sold-orders page loads its rows as JSON, the extension
// reads them, the background stores them in IndexedDB, chips appear next to the buyers, the popup counts.
import { mkdirSync } from "node:fs"
import { resolve } from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import type { DemoOrder } from "../backoffice/taobao-data"
import { launchWithExtension, readStore, repoRoot, type ExtensionBrowser } from "./browser"

const LIST = "https://trade.taobao.com/trade/itemlist/list_sold_items.htm"
const DETAIL = "https://trade.taobao.com/detail/orderDetail.htm?bizOrderId="
const CHAT = "https://myseller.taobao.com/home.htm/chat"
/** A mainland mobile number (not the fraction digits of a stored float). */
const MOBILE = /(?<![\d.])1[3-9]\d{9}(?!\d)/
const artefacts = resolve(repoRoot, "test-results/e2e")
const PURCHASE = new Set(["买家已付款，等待卖家发货", "卖家已发货，等待买家确认", "交易成功"])

interface StoredOrder {
  key: string
  orderId: string
  buyerId: string
  buyerNick: string
  createdAt: number
  amount: number
  status: string
  currency: string
}
interface StoredCustomer {
  buyerNick: string
  orders: number
  totalSpent: number
  repeatBuyer: boolean
}

let office: BackOffice
let browser: ExtensionBrowser

beforeAll(async () => {
  mkdirSync(artefacts, { recursive: true })
  office = await startBackOffice()
  browser = await launchWithExtension({ hostResolverRules: office.hostResolverRules })
})

afterAll(async () => {
  await browser?.close()
  await office?.close()
})

/** What the chips and customer records must say after `captured` orders were seen. */
function expectedByNick(captured: DemoOrder[]) {
  const byNick = new Map<string, { orders: number; spent: number }>()
  for (const o of captured) {
    const e = byNick.get(o.buyerNick) ?? { orders: 0, spent: 0 }
    if (PURCHASE.has(o.status)) {
      e.orders++
      e.spent += o.amount
    }
    byNick.set(o.buyerNick, e)
  }
  return byNick
}

async function chipsOnPage(page: Page) {
  return page.locator("[data-huike-chip]").evaluateAll((els) =>
    els.map((el) => ({
      nick: el.getAttribute("data-nick"),
      orders: Number(el.getAttribute("data-orders"))
    }))
  )
}

async function waitForChips(page: Page, count: number, pageNum: number) {
  await page.waitForFunction((n) => document.body.dataset.loadedPage === String(n), pageNum)
  await expect.poll(async () => (await chipsOnPage(page)).length, { timeout: 15_000 }).toBe(count)
}

describe("Taobao sold-orders page", () => {
  it("captures the page's orders into IndexedDB, tags every buyer, and counts them in the popup", async () => {
    const page = await browser.context.newPage()
    await page.goto(`${LIST}?pageSize=50`)
    const firstPage = office.taobao.orders.slice(0, 50)
    await waitForChips(page, 50, 1)

    const ext = await browser.openExtensionPage("popup.html")
    const stored = new Map((await readStore<StoredOrder>(ext, "orders")).map((o) => [o.orderId, o]))
    expect(stored.size).toBe(50)
    for (const truth of firstPage) {
      const o = stored.get(truth.orderId)
      expect(o, truth.orderId).toBeDefined()
      expect(o).toMatchObject({
        key: `taobao:回客唱片旗舰店:${truth.orderId}`,
        buyerId: truth.buyerNick,
        buyerNick: truth.buyerNick,
        amount: truth.amount,
        currency: "CNY"
      })
      // createTime is China time to the second.
      expect(o!.createdAt).toBe(Math.floor(truth.createdAt / 1000) * 1000)
    }

    // Chips: right buyer, right count of purchases (closed and unpaid orders do not count).
    // A chip drawn before the page's capture reached the store shows a new buyer and is redrawn when it lands.
    let expected = expectedByNick(firstPage)
    await expect
      .poll(async () => (await chipsOnPage(page)).map((c) => [c.nick, c.orders]), { timeout: 10_000 })
      .toEqual(firstPage.map((o) => [o.buyerNick, expected.get(o.buyerNick)?.orders]))
    const rowNicks = await page.locator('[class^="buyer-mod__name"]').allTextContents()
    expect((await chipsOnPage(page)).map((c) => c.nick)).toEqual(rowNicks)
    await page.screenshot({ path: resolve(artefacts, "taobao-sold-orders-chips.png") })

    // Next page: more orders, some buyers now seen twice.
    await page.locator(".pagination-next").click()
    await waitForChips(page, 50, 2)
    const twoPages = office.taobao.orders.slice(0, 100)
    await expect.poll(async () => (await readStore<StoredOrder>(ext, "orders")).length).toBe(100)
    expected = expectedByNick(twoPages)
    await expect
      .poll(async () => (await chipsOnPage(page)).map((c) => c.orders))
      .toEqual(office.taobao.orders.slice(50, 100).map((o) => expected.get(o.buyerNick)!.orders))
    const customers = await readStore<StoredCustomer>(ext, "customers")
    expect(customers.length).toBe(expected.size)
    for (const c of customers) {
      expect(c.orders, c.buyerNick).toBe(expected.get(c.buyerNick)!.orders)
      expect(c.totalSpent, c.buyerNick).toBe(expected.get(c.buyerNick)!.spent)
      expect(c.repeatBuyer).toBe(c.orders >= 2)
    }

    // Seeing page 1 again adds nothing.
    await page.locator(".pagination-prev").click()
    await waitForChips(page, 50, 1)
    await page.waitForTimeout(300)
    expect((await readStore<StoredOrder>(ext, "orders")).length).toBe(100)

    await ext.reload()
    await expect.poll(() => ext.getByTestId("orders").textContent()).toBe("100")
    expect(await ext.getByTestId("customers").textContent()).toBe(String(expected.size))
    await ext.screenshot({ path: resolve(artefacts, "popup.png") })
    await page.close()
    await ext.close()
  })

  it("warns in the popup and stores nothing when the page's layout changed", async () => {
    const ext = await browser.openExtensionPage("popup.html")
    const before = (await readStore<StoredOrder>(ext, "orders")).length
    const page = await browser.context.newPage()
    await page.goto(`${LIST}?layout=v2&pageNum=5`)
    await page.waitForFunction(() => document.body.dataset.loadedPage === "5")
    await ext.reload()
    await expect
      .poll(() => ext.getByTestId("capture-warning").textContent())
      .toContain("Taobao order-list page not recognised: 0 of 15 orders read")
    expect((await readStore<StoredOrder>(ext, "orders")).length).toBe(before)
    await page.close()
    await ext.close()
  })

  it("warns when the page shows orders but their data came from an address Huike does not know", async () => {
    const page = await browser.context.newPage()
    await page.goto(`${LIST}?api=v2&pageNum=7`)
    await page.waitForFunction(() => document.body.dataset.loadedPage === "7")
    const ext = await browser.openExtensionPage("popup.html")
    await expect
      .poll(
        async () => {
          await ext.reload()
          return ext
            .getByTestId("capture-warning")
            .textContent({ timeout: 1000 })
            .catch(() => "")
        },
        { timeout: 15_000 }
      )
      .toContain(
        "Taobao order-list page not recognised: 0 of 15 orders read (the page shows them, but Huike did not see the data"
      )
    await page.close()
    await ext.close()
  })
})

describe("Taobao order detail page and 千牛 chat window", () => {
  it("captures the detail page's order, tags its buyer, and stores none of the receiver's contact details", async () => {
    // An order no list page above has shown (the lists showed orders 1-100 and a changed-layout page).
    const truth = office.taobao.orders[250]
    const ext = await browser.openExtensionPage("popup.html")
    expect((await readStore<StoredOrder>(ext, "orders")).some((o) => o.orderId === truth.orderId)).toBe(false)
    const page = await browser.context.newPage()
    await page.goto(DETAIL + truth.orderId)
    expect(await page.content()).toContain("13812345623")
    await expect
      .poll(async () =>
        (await readStore<StoredOrder>(ext, "orders")).find((o) => o.orderId === truth.orderId)
      )
      .toMatchObject({
        key: `taobao:回客唱片旗舰店:${truth.orderId}`,
        buyerId: truth.buyerNick,
        buyerNick: truth.buyerNick,
        createdAt: Math.floor(truth.createdAt / 1000) * 1000,
        amount: truth.amount,
        currency: "CNY"
      })
    const customer = (await readStore<StoredCustomer>(ext, "customers")).find(
      (c) => c.buyerNick === truth.buyerNick
    )!
    await expect.poll(() => chipsOnPage(page)).toEqual([{ nick: truth.buyerNick, orders: customer.orders }])
    await page.screenshot({ path: resolve(artefacts, "taobao-order-detail-chip.png") })

    // The page showed a receiver line with a mobile number: the exported database (a full backup) holds
    // no mobile number at all, and no street.
    const backup = (await ext.evaluate((m) => chrome.runtime.sendMessage(m), { type: "backupExport" })) as {
      ok: boolean
      json: string
    }
    expect(backup.ok).toBe(true)
    expect(backup.json).toContain(truth.orderId)
    expect(backup.json).not.toMatch(MOBILE)
    expect(backup.json).not.toContain("文三路")
    await page.close()
    await ext.close()
  })

  it("warns and stores nothing when the detail page's data changed layout", async () => {
    const truth = office.taobao.orders[260]
    const ext = await browser.openExtensionPage("popup.html")
    const before = (await readStore<StoredOrder>(ext, "orders")).length
    const page = await browser.context.newPage()
    await page.goto(`${DETAIL}${truth.orderId}&layout=v2`)
    await expect
      .poll(
        async () => {
          await ext.reload()
          return ext
            .getByTestId("capture-warning")
            .textContent({ timeout: 1000 })
            .catch(() => "")
        },
        { timeout: 15_000 }
      )
      .toContain("Taobao order-detail page not recognised: 0 of 1 orders read")
    expect((await readStore<StoredOrder>(ext, "orders")).length).toBe(before)
    expect((await readStore<StoredOrder>(ext, "orders")).some((o) => o.orderId === truth.orderId)).toBe(false)
    await page.close()
    await ext.close()
  })

  it("tags the chat window's current buyer, and follows when the seller switches conversation", async () => {
    // The buyer of the shop's newest order, captured from its detail page (if no test above did already).
    const newest = office.taobao.orders[0]
    const known = newest.buyerNick
    const ext = await browser.openExtensionPage("popup.html")
    const detail = await browser.context.newPage()
    await detail.goto(DETAIL + newest.orderId)
    await expect
      .poll(async () =>
        (await readStore<StoredOrder>(ext, "orders")).some((o) => o.orderId === newest.orderId)
      )
      .toBe(true)
    await detail.close()
    const customer = (await readStore<StoredCustomer>(ext, "customers")).find((c) => c.buyerNick === known)
    expect(customer?.orders).toBeGreaterThan(0)
    const page = await browser.context.newPage()
    await page.goto(CHAT)
    await page.waitForFunction((n) => document.body.dataset.currentBuyer === n, known)
    // Only the header's buyer is tagged (the conversation list is not a buyer mention).
    await expect.poll(() => chipsOnPage(page)).toEqual([{ nick: known, orders: customer!.orders }])
    await page.screenshot({ path: resolve(artefacts, "taobao-chat-chip.png") })

    await page.locator('[role="option"]', { hasText: "刚来逛逛的新客2026" }).click()
    await expect.poll(() => chipsOnPage(page)).toEqual([{ nick: "刚来逛逛的新客2026", orders: 0 }])
    await page.close()
    await ext.close()
  })
})
