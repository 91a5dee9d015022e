// Reading a shop's whole order history from the 千牛 workbench's sold-orders page, in real Chromium with the
// production build: the offer once the page made its own list request, the reading of both tabs (the last
// three months and the older orders) through the capture path, a throttled page that stops the reading with a
// notice and a resume that completes it with nothing stored twice, a stopped service worker and a reloaded
// page mid-way, a cancel that leaves a consistent store and a true span, and an older tab Taobao will not
// answer. The imitation's pause is set to 0 through the reading's override (its own imitation, no real shop).
import type { Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { hasDecodeNick, ordersOfTab, startBackOffice, type BackOffice } from "../backoffice/server"
import type { DemoOrder } from "../backoffice/taobao-data"
import { launchWithExtension, readStore, type ExtensionBrowser } from "./browser"

const SOLD = "https://myseller.taobao.com/home.htm/trade-platform/tp/sold"
const SHOP_KEY = "taobao:回客唱片旗舰店"
const CHECKPOINT = `huike.history.reading.${SHOP_KEY}`
const PURCHASE = new Set(["交易成功", "买家已付款，等待卖家发货", "卖家已发货，等待买家确认"])

let office: BackOffice
let browser: ExtensionBrowser | undefined

beforeAll(async () => {
  office = await startBackOffice({ olderOrdersTab: true })
})
afterAll(async () => {
  await office?.close()
})
afterEach(async () => {
  await browser?.close()
  browser = undefined
  office.throttleOnce = []
  office.olderTabCode = "before3Months"
})

async function fresh(pauseMs: number): Promise<ExtensionBrowser> {
  browser = await launchWithExtension({ hostResolverRules: office.hostResolverRules })
  await browser.worker.evaluate((ms) => chrome.storage.local.set({ "huike.history.pauseMs": ms }), pauseMs)
  return browser
}

interface Checkpoint {
  status: string
  pagesRead: number
  ordersRead: number
  coveredFrom?: number
  coveredTo: number
  reachedStart: boolean
  stop?: { reason: string; view: string; page: number }
  views: { id: string; notRead?: string }[]
}

async function checkpoint(b: ExtensionBrowser): Promise<Checkpoint | undefined> {
  const ext = await b.openExtensionPage("popup.html")
  const cp = await ext.evaluate(
    async (key) => (await chrome.storage.local.get(key))[key] as unknown,
    CHECKPOINT
  )
  await ext.close()
  return cp as Checkpoint | undefined
}

const bar = (page: Page) => page.locator("[data-huike-history-bar]")
const barState = (page: Page) =>
  bar(page)
    .getAttribute("data-state", { timeout: 1000 })
    .catch(() => null)
const barText = (page: Page) =>
  page
    .locator("[data-huike-history-text]")
    .textContent({ timeout: 1000 })
    .catch(() => "")

async function openSold(b: ExtensionBrowser, pageSize: number): Promise<Page> {
  const page = await b.context.newPage()
  await page.goto(`${SOLD}?pageSize=${pageSize}`)
  await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
  return page
}

async function storedOrders(b: ExtensionBrowser) {
  const ext = await b.openExtensionPage("popup.html")
  const rows = await readStore<{ orderId: string; createdAt: number; key: string }>(ext, "orders")
  await ext.close()
  return rows
}

/** Purchases per buyer (by Taobao's buyer id) in the whole shop: what every chip must say. */
function purchasesByBuyer(orders: DemoOrder[]) {
  const out = new Map<string, number>()
  for (const o of orders) out.set(o.buyerId, (out.get(o.buyerId) ?? 0) + (PURCHASE.has(o.status) ? 1 : 0))
  return out
}

/** Every order of the shop stored exactly once, and the chips of the newest 15 orders equal the full data. */
async function expectWholeShop(b: ExtensionBrowser) {
  const stored = await storedOrders(b)
  expect(stored.length).toBe(office.taobao.orders.length)
  expect(new Set(stored.map((o) => o.orderId))).toEqual(new Set(office.taobao.orders.map((o) => o.orderId)))
  const ext = await b.openExtensionPage("popup.html")
  const customers = await readStore<{ shopKey: string; orders: number }>(ext, "customers")
  await ext.close()
  const truth = purchasesByBuyer(office.taobao.orders)
  // No order counted twice: the customers' purchases add up to the shop's.
  expect(customers.filter((c) => c.shopKey === SHOP_KEY).reduce((n, c) => n + c.orders, 0)).toBe(
    [...truth.values()].reduce((n, c) => n + c, 0)
  )
  const page = await openSold(b, 15)
  const want = office.taobao.orders.slice(0, 15).map((o) => truth.get(o.buyerId))
  await expect
    .poll(
      () =>
        page
          .locator("[data-huike-chip]")
          .evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-orders")))),
      { timeout: 30_000 }
    )
    .toEqual(want)
  // Masked and full nicks both among them: the reading kept each buyer one customer.
  expect(office.taobao.orders.slice(0, 15).some((o) => !hasDecodeNick(o.buyerId))).toBe(true)
  await page.close()
}

const day = (ms: number) => new Date(ms).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" })
const oldest = () => office.taobao.orders.at(-1)!

describe("reading the whole order history", () => {
  it("offers it, stops at a throttled page with a notice and no retry, and a resume reads the rest once", async () => {
    const b = await fresh(0)
    office.throttleOnce = [{ tabCode: "before3Months", pageNum: 3 }]
    const page = await openSold(b, 100)
    const recent = ordersOfTab(office.taobao, "latest3Months").length
    // The offer, once the page made its own list request.
    await expect.poll(() => barState(page), { timeout: 15_000 }).toBe("offer")
    expect(await barText(page)).toContain(
      `Read the whole order history (about ${recent} orders in the last three months`
    )
    await page.locator("[data-huike-history-start]").click()
    await expect.poll(() => barState(page), { timeout: 240_000, interval: 500 }).toBe("stopped")
    expect(await barText(page)).toMatch(
      /^Reading stopped: Taobao is limiting requests \(it answered with its security check\) at page 3 of orders older than three months\. [\d,]+ orders read and stored; nothing of that answer was\. Wait an hour or so, then press Resume/
    )
    const stopped = (await checkpoint(b))!
    expect(stopped).toMatchObject({
      status: "stopped",
      stop: { reason: "throttled", view: "before3Months", page: 3 }
    })
    expect(stopped.ordersRead).toBe(recent + 200)
    // No retry: the throttled page was asked for once and nothing after it.
    const asked = office.soldRequests.length
    await page.waitForTimeout(3000)
    expect(office.soldRequests.length).toBe(asked)
    expect(office.soldRequests.at(-1)).toBe("before3Months:3")
    // Nothing of the throttled answer was stored: exactly the pages before it.
    expect((await storedOrders(b)).length).toBe(recent + 200)

    await page.locator("[data-huike-history-resume]").click()
    await expect.poll(() => barState(page), { timeout: 240_000, interval: 500 }).toBe("done")
    expect(await barText(page)).toBe(
      `Read ${office.taobao.orders.length.toLocaleString("en-US")} orders back to ${day(oldest().createdAt)}, the shop's first order.`
    )
    const done = (await checkpoint(b))!
    expect(done).toMatchObject({
      status: "done",
      reachedStart: true,
      ordersRead: office.taobao.orders.length
    })
    expect(done.coveredFrom).toBe(Math.floor(oldest().createdAt / 1000) * 1000)
    // Each page of the reading asked for once, the throttled one twice (once more on resume).
    const reading = office.soldRequests.filter((r) => r.startsWith("before3Months:"))
    expect(reading.filter((r) => r === "before3Months:3")).toHaveLength(2)
    expect(new Set(reading).size).toBe(reading.length - 1)

    // The popup says it too.
    const popup = await b.openExtensionPage("popup.html")
    await expect
      .poll(() => popup.getByTestId("history-text").first().textContent(), { timeout: 10_000 })
      .toContain(`Read ${office.taobao.orders.length.toLocaleString("en-US")} orders back to`)
    await popup.close()
    await page.close()
    await expectWholeShop(b)
  }, 600_000)

  it("goes on after the service worker is stopped and after the page is reloaded mid-way", async () => {
    const b = await fresh(150)
    const page = await openSold(b, 100)
    await expect.poll(() => barState(page), { timeout: 15_000 }).toBe("offer")
    await page.locator("[data-huike-history-start]").click()
    await expect
      .poll(async () => (await checkpoint(b))?.pagesRead ?? 0, { timeout: 120_000 })
      .toBeGreaterThan(3)
    // Stop the worker (as chrome://serviceworker-internals does): the next capture wakes it.
    const cdp = await b.context.newCDPSession(page)
    const versions = new Map<string, { scriptURL: string; runningStatus: string }>()
    cdp.on("ServiceWorker.workerVersionUpdated", (e) => {
      for (const v of e.versions) versions.set(v.versionId, v)
    })
    await cdp.send("ServiceWorker.enable")
    await expect
      .poll(() => [...versions.values()].some((v) => v.runningStatus === "running"), { timeout: 5_000 })
      .toBe(true)
    const [versionId] = [...versions].find(
      ([, v]) =>
        v.scriptURL.startsWith(`chrome-extension://${b.extensionId}/`) && v.runningStatus === "running"
    )!
    await cdp.send("ServiceWorker.stopWorker", { versionId })
    await cdp.detach()
    const atStop = (await checkpoint(b))!.pagesRead
    // On failure, say where the reading stood.
    try {
      await expect
        .poll(async () => (await checkpoint(b))!.pagesRead, { timeout: 120_000 })
        .toBeGreaterThan(atStop + 3)
    } catch (e) {
      throw new Error(
        `${String(e)}\nbar: ${await barText(page)}\ncheckpoint: ${JSON.stringify(await checkpoint(b))}`
      )
    }
    // A reload mid-way: the reading was never paused, so the page's next own request resumes it.
    await page.reload()
    await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
    const atReload = (await checkpoint(b))!.pagesRead
    await expect
      .poll(async () => (await checkpoint(b))!.pagesRead, { timeout: 120_000 })
      .toBeGreaterThan(atReload)
    await expect.poll(() => barState(page), { timeout: 300_000, interval: 500 }).toBe("done")
    expect((await checkpoint(b))!).toMatchObject({
      reachedStart: true,
      ordersRead: office.taobao.orders.length
    })
    await page.close()
    await expectWholeShop(b)
  }, 600_000)

  it("cancel leaves a consistent store and a true span: every order in it stored, nothing outside the pages read", async () => {
    const b = await fresh(300)
    const page = await openSold(b, 100)
    await expect.poll(() => barState(page), { timeout: 15_000 }).toBe("offer")
    await page.locator("[data-huike-history-start]").click()
    await expect
      .poll(async () => (await checkpoint(b))?.pagesRead ?? 0, { timeout: 120_000 })
      .toBeGreaterThan(7)
    await page.locator("[data-huike-history-cancel]").click()
    await expect.poll(() => barState(page), { timeout: 30_000 }).toBe("cancelled")
    const cp = (await checkpoint(b))!
    expect(cp.reachedStart).toBe(false)
    expect(await barText(page)).toBe(
      `Reading cancelled: ${cp.ordersRead.toLocaleString("en-US")} orders read back to ${day(cp.coveredFrom!)} stay stored.`
    )
    const stored = await storedOrders(b)
    // Pages are read whole, newest first: the store holds exactly the newest ordersRead orders.
    expect(stored.length).toBe(cp.ordersRead)
    const newest = new Set(office.taobao.orders.slice(0, cp.ordersRead).map((o) => o.orderId))
    expect(stored.every((o) => newest.has(o.orderId))).toBe(true)
    // The span read is true: every order of the shop inside it is stored.
    const inSpan = office.taobao.orders.filter(
      (o) => Math.floor(o.createdAt / 1000) * 1000 >= cp.coveredFrom! && o.createdAt <= cp.coveredTo
    )
    expect(inSpan.length).toBe(cp.ordersRead)
    await page.waitForTimeout(1500)
    expect((await storedOrders(b)).length).toBe(cp.ordersRead)
    await page.close()
  }, 600_000)

  it("says the older orders could not be read when Taobao does not answer their tab, and claims no more", async () => {
    const b = await fresh(0)
    office.olderTabCode = "somethingElse"
    const page = await openSold(b, 100)
    await expect.poll(() => barState(page), { timeout: 15_000 }).toBe("offer")
    await page.locator("[data-huike-history-start]").click()
    await expect.poll(() => barState(page), { timeout: 120_000, interval: 500 }).toBe("done")
    const recent = ordersOfTab(office.taobao, "latest3Months")
    expect(await barText(page)).toBe(
      `Read ${recent.length} orders back to ${day(recent.at(-1)!.createdAt)}. Not read: orders older than three months (unreadable: the answer is not an order list).`
    )
    expect((await checkpoint(b))!).toMatchObject({ reachedStart: false, ordersRead: recent.length })
    await page.close()
  }, 300_000)

  it("never reads one shop twice at once: a second tab says it is being read elsewhere, and the popup's start is ignored", async () => {
    const b = await fresh(300)
    const first = await openSold(b, 100)
    const second = await openSold(b, 100)
    await expect.poll(() => barState(first), { timeout: 15_000 }).toBe("offer")
    await expect.poll(() => barState(second), { timeout: 15_000 }).toBe("offer")
    await first.locator("[data-huike-history-start]").click()
    await expect.poll(() => barState(second), { timeout: 30_000 }).toBe("elsewhere")
    expect(await barText(second)).toBe("This shop's order history is being read in another tab.")
    // The popup's start reaches both tabs: the reading tab goes on, the other does not start a second one.
    const popup = await b.openExtensionPage("popup.html")
    await popup.evaluate(
      (key) => chrome.storage.local.set({ [key]: { action: "start", at: Date.now() } }),
      `huike.history.control.${SHOP_KEY}`
    )
    const before = office.soldRequests.length
    await popup.waitForTimeout(4000)
    const during = office.soldRequests.slice(before)
    // One reading: each page asked for once, in order.
    expect(new Set(during).size).toBe(during.length)
    expect(await barState(second)).toBe("elsewhere")
    await popup.evaluate(
      (key) => chrome.storage.local.set({ [key]: { action: "cancel", at: Date.now() } }),
      `huike.history.control.${SHOP_KEY}`
    )
    await expect.poll(() => barState(first), { timeout: 30_000 }).toBe("cancelled")
    await popup.close()
  }, 300_000)
})
