// Taobao as sellers open it today: the 千牛 workbench's sold-orders list (myseller.taobao.com or
// qn.taobao.com), a single-page app that fetches its rows cross-site from trade.taobao.com as GBK bytes
// (charset declared on some answers, not on others), with hidden nicks. The production build captures every
// order with its exact nick, amount and time, chips the rows without relying on their markup, follows the
// app's history navigation, reports throttling and unreadable answers, and keeps a masked buyer one customer
// when their full nick is seen later.
import { mkdirSync } from "node:fs"
import { resolve } from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  hasDecodeNick,
  maskNick,
  startBackOffice,
  workbenchNick,
  type BackOffice
} from "../backoffice/server"
import type { DemoOrder } from "../backoffice/taobao-data"
import { launchWithExtension, readStore, repoRoot, type ExtensionBrowser } from "./browser"

const SOLD = "/home.htm/trade-platform/tp/sold"
const SHOP_KEY = "taobao:回客唱片旗舰店"
const artefacts = resolve(repoRoot, "test-results/e2e")

interface StoredOrder {
  key: string
  orderId: string
  buyerId: string
  buyerNick: string
  platformBuyerId?: string
  createdAt: number
  amount: number
  currency: string
}
interface StoredCustomer {
  key: string
  buyerId: string
  buyerNick: string
  orders: number
}
interface CaptureLog {
  url: string
  rowsSeen: number
  rowsStored: number
  problems: string[]
  maskedBuyers?: number
  buyers?: number
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

/** The key and shown nick a workbench answer gives this order's buyer. */
function expectedBuyer(o: DemoOrder) {
  return hasDecodeNick(o.buyerId)
    ? { buyerId: o.buyerNick, buyerNick: o.buyerNick }
    : { buyerId: `#${o.buyerId}`, buyerNick: workbenchNick(o.buyerNick, o.buyerId) }
}

async function chips(page: Page) {
  return page.locator("[data-huike-chip]").evaluateAll((els) =>
    els.map((el) => ({
      nick: el.getAttribute("data-nick"),
      orders: Number(el.getAttribute("data-orders"))
    }))
  )
}

const rowNicks = (page: Page) => page.locator(".sold-buyer-cell__nick--k2w").allTextContents()

async function storedOrders(): Promise<Map<string, StoredOrder>> {
  const ext = await browser.openExtensionPage("popup.html")
  const rows = await readStore<StoredOrder>(ext, "orders")
  await ext.close()
  return new Map(rows.map((o) => [o.orderId, o]))
}

async function waitForPage(page: Page, n: number | string) {
  await page.waitForFunction((p) => document.body.dataset.loadedPage === String(p), n)
}

async function popupWarning(): Promise<string> {
  const ext = await browser.openExtensionPage("popup.html")
  const text = await ext
    .getByTestId("capture-warning")
    .textContent({ timeout: 3000 })
    .catch(() => "")
  await ext.close()
  return text ?? ""
}

describe("the 千牛 workbench's sold-orders list", () => {
  it.each([
    ["myseller.taobao.com", "fetch"],
    ["qn.taobao.com", "xhr"],
    ["myseller.taobao.com", "xhr"],
    ["qn.taobao.com", "fetch"]
  ])(
    "on %s by %s: stores every order of the GBK answers (declared or not) exactly, and chips each row",
    async (host, transport) => {
      const page = await browser.context.newPage()
      await page.goto(`https://${host}${SOLD}?transport=${transport}`)
      for (const n of [1, 2]) {
        if (n === 2) await page.locator(".next-next").click()
        await waitForPage(page, n)
        const shown = office.taobao.orders.slice((n - 1) * 15, n * 15)
        // Chips: one per row, right after the row's own nick (shown masked), found without the row's class
        // names: by the order number the answer named, then the nick (or its mask) beside it.
        await expect.poll(async () => (await chips(page)).length, { timeout: 15_000 }).toBe(15)
        expect(await rowNicks(page)).toEqual(shown.map((o) => maskNick(o.buyerNick)))
        expect((await chips(page)).map((c) => c.nick)).toEqual(shown.map((o) => expectedBuyer(o).buyerNick))
        expect(
          await page
            .locator("huike-chip")
            .evaluateAll((hosts) => hosts.map((h) => h.previousElementSibling?.textContent))
        ).toEqual(await rowNicks(page))
        // Page 1 declared charset=GBK, page 2 declared nothing: both read exactly.
        await expect
          .poll(async () => {
            const stored = await storedOrders()
            return shown.filter((o) => stored.has(o.orderId)).length
          })
          .toBe(15)
        const stored = await storedOrders()
        for (const o of shown) {
          expect(stored.get(o.orderId), o.orderId).toMatchObject({
            key: `${SHOP_KEY}:${o.orderId}`,
            ...expectedBuyer(o),
            platformBuyerId: o.buyerId,
            amount: o.amount,
            createdAt: Math.floor(o.createdAt / 1000) * 1000,
            currency: "CNY"
          })
        }
      }
      // Every chip says a known buyer: its count is the buyer's purchases among the stored orders.
      await expect
        .poll(async () => (await chips(page)).every((c) => c.orders > 0 || c.nick === null))
        .toBe(true)
      if (host === "qn.taobao.com" && transport === "xhr")
        await page.screenshot({ path: resolve(artefacts, "taobao-workbench-chips.png") })
      await page.close()
    }
  )

  it.each([
    ["before", "xhr", 0],
    ["after", "fetch", 600]
  ])(
    "keeps one chip per row when a re-query turns masked nicks full, rows drawn %s the answer is recorded",
    async (_when, transport, drawDelay) => {
      const page = await browser.context.newPage()
      await page.goto(
        `https://myseller.taobao.com${SOLD}?requery=1&transport=${transport}&drawDelay=${drawDelay}`
      )
      await waitForPage(page, 1)
      const shown = office.taobao.orders.slice(0, 15)
      // Buyers the first answer names only masked: their rows are the ones a stale mention could chip twice.
      expect(shown.filter((o) => !hasDecodeNick(o.buyerId)).length).toBeGreaterThan(0)
      await expect.poll(async () => (await chips(page)).length, { timeout: 15_000 }).toBe(15)
      await page.locator(".sold-list__unmask--r2").click()
      await page.waitForFunction(() => document.body.dataset.hideNick === "false")
      expect(await rowNicks(page)).toEqual(shown.map((o) => o.buyerNick))
      // Each row: the chips in it, the text each follows, and the figures it shows.
      const rowChips = () =>
        page.locator("tr.next-table-row").evaluateAll((rows) =>
          rows.map((row) =>
            [...row.querySelectorAll("huike-chip")].map((host) => {
              const chip = host.shadowRoot?.querySelector("[data-huike-chip]")
              return {
                after: host.previousElementSibling?.textContent ?? null,
                nick: chip?.getAttribute("data-nick") ?? null,
                orders: Number(chip?.getAttribute("data-orders"))
              }
            })
          )
        )
      const expected = async () => {
        const ext = await browser.openExtensionPage("popup.html")
        const customers = new Map(
          (await readStore<StoredCustomer>(ext, "customers")).map((c) => [c.key, c.orders])
        )
        await ext.close()
        return shown.map((o) => [
          { after: o.buyerNick, nick: o.buyerNick, orders: customers.get(`${SHOP_KEY}:${o.buyerNick}`) ?? -1 }
        ])
      }
      // Polled until the two agree; a failure shows both.
      const agree = async () => {
        const [got, want] = [await rowChips(), await expected()]
        return JSON.stringify(got) === JSON.stringify(want) ? "agree" : JSON.stringify({ got, want })
      }
      await expect.poll(agree, { timeout: 15_000 }).toBe("agree")
      // And it stays so once every answer, capture and refresh has landed.
      await page.waitForTimeout(1_500)
      expect(await rowChips()).toEqual(await expected())
      await page.close()
    }
  )

  it("says in the popup how many buyers of the page came with hidden nicks", async () => {
    const page = await browser.context.newPage()
    await page.goto(`https://myseller.taobao.com${SOLD}`)
    await waitForPage(page, 1)
    const shown = office.taobao.orders.slice(0, 15)
    const masked = new Set(shown.filter((o) => !hasDecodeNick(o.buyerId)).map((o) => o.buyerId)).size
    expect(masked).toBeGreaterThan(0)
    const ext = await browser.openExtensionPage("popup.html")
    await expect
      .poll(async () => {
        const logs = await readStore<CaptureLog>(ext, "captureLog")
        return logs.at(-1)?.maskedBuyers
      })
      .toBe(masked)
    await ext.reload()
    await expect
      .poll(() =>
        ext
          .getByTestId("masked-buyers")
          .textContent({ timeout: 3000 })
          .catch(() => "")
      )
      .toContain(`${masked} of ${new Set(shown.map((o) => o.buyerId)).size} buyers`)
    await ext.close()
    await page.close()
  })

  it("follows the app's history navigation: captures on the sold page, warns nowhere else", async () => {
    const page = await browser.context.newPage()
    await page.goto("https://myseller.taobao.com/home.htm/trade-platform/tp/refund")
    await waitForPage(page, "refund")
    const logsBefore = await captureLogs()
    // Into the sold-orders page without a reload: the script loaded on the refund page captures it.
    await page.getByText("已卖出的宝贝").click()
    await waitForPage(page, 1)
    expect(page.url()).toContain(SOLD)
    await expect.poll(async () => (await chips(page)).length, { timeout: 15_000 }).toBe(15)
    await expect.poll(async () => (await captureLogs()).length).toBeGreaterThan(logsBefore.length)
    // A while later the page changes again (a card opens, a row updates): what was read still covers it.
    await page.waitForTimeout(7_000)
    await page.evaluate(() => document.body.append(document.createElement("div")))
    await page.waitForTimeout(4_000)
    // Away to a page with a table of its own and no order data: no "0 of N orders read" there.
    await page.getByText("退款管理").click()
    await waitForPage(page, "refund")
    await page.waitForTimeout(7_000)
    await page.goBack()
    await waitForPage(page, 1)
    await expect.poll(async () => (await chips(page)).length, { timeout: 15_000 }).toBe(15)
    const problems = (await captureLogs()).slice(logsBefore.length).flatMap((l) => l.problems)
    expect(problems.filter((p) => /not recognised/.test(p))).toEqual([])
    await page.close()
  })

  it("warns when the workbench shows orders whose data Huike did not see", async () => {
    const page = await browser.context.newPage()
    await page.goto(`https://qn.taobao.com${SOLD}?api=v2`)
    await waitForPage(page, 1)
    await expect
      .poll(popupWarning, { timeout: 15_000 })
      .toContain("Taobao order-list page not recognised: 0 of 15 orders read")
    await page.close()
  })

  it("stores nothing from a throttled answer and says Taobao is limiting requests", async () => {
    const before = (await storedOrders()).size
    office.throttleNext = 1
    const page = await browser.context.newPage()
    await page.goto(`https://myseller.taobao.com${SOLD}?pageSize=50`)
    await waitForPage(page, "blocked")
    await expect
      .poll(
        () =>
          page
            .locator("[data-huike-notice]")
            .textContent({ timeout: 1000 })
            .catch(() => ""),
        {
          timeout: 10_000
        }
      )
      .toContain("Taobao is limiting requests")
    await expect.poll(popupWarning).toContain("Taobao is limiting requests")
    expect(await popupWarning()).not.toContain("not recognised")
    expect((await storedOrders()).size).toBe(before)
    await page.close()
  })

  it("reports an answer the page itself cannot decode (undeclared GBK read as text) and stores none of it", async () => {
    const page = await browser.context.newPage()
    await page.goto(`https://qn.taobao.com${SOLD}?transport=xhr-text&pageSize=20`)
    await waitForPage(page, 1)
    // Page 1 declares GBK: the browser decodes it and the orders are stored.
    const first = office.taobao.orders.slice(0, 20)
    await expect
      .poll(async () => {
        const stored = await storedOrders()
        return first.filter((o) => stored.has(o.orderId)).length
      })
      .toBe(20)
    const pageTwo = office.taobao.orders.slice(20, 40)
    const before = await storedOrders()
    const newOnPageTwo = pageTwo.filter((o) => !before.has(o.orderId))
    await page.locator(".next-next").click()
    // Page 2 declares nothing: responseText is garbled (for the page too), so nothing of it is stored.
    await expect
      .poll(popupWarning, { timeout: 10_000 })
      .toContain("Taobao answer unreadable: its bytes are not valid utf-8 text")
    // The page says so in the browser's language (this profile's is English), pointing at the log.
    expect(await page.locator("[data-huike-notice]").textContent()).toBe(
      "Huike: a Taobao answer could not be read (its text encoding is not readable), so nothing was " +
        "stored from it. Reload the page; the popup's capture log has the details."
    )
    const after = await storedOrders()
    expect(newOnPageTwo.filter((o) => after.has(o.orderId))).toEqual([])
    for (const o of pageTwo.filter((x) => before.has(x.orderId)))
      expect(after.get(o.orderId)!.buyerNick).toBe(before.get(o.orderId)!.buyerNick)
    await page.close()
  })

  it("keeps a masked buyer one customer when the full nick is seen later, with their note", async () => {
    // A buyer the workbench shows only masked (no decodeNick), with an order on a page not walked yet.
    const masked = office.taobao.orders.slice(60).find((o) => !hasDecodeNick(o.buyerId))!
    const index = office.taobao.orders.indexOf(masked)
    const pageNum = Math.floor(index / 15) + 1
    const page = await browser.context.newPage()
    await page.goto(`https://myseller.taobao.com${SOLD}`)
    await waitForPage(page, 1)
    for (let n = 2; n <= pageNum; n++) {
      await page.locator(".next-next").click()
      await waitForPage(page, n)
    }
    const standInKey = `${SHOP_KEY}:#${masked.buyerId}`
    const ext = await browser.openExtensionPage("popup.html")
    await expect
      .poll(async () => (await readStore<StoredCustomer>(ext, "customers")).some((c) => c.key === standInKey))
      .toBe(true)
    const noted = await ext.evaluate((m) => chrome.runtime.sendMessage(m), {
      type: "addNote",
      customerKey: standInKey,
      text: "喜欢周杰伦，下次推荐新专辑"
    })
    expect(noted).toMatchObject({ ok: true })

    // The classic list shows the full nick with the same buyer.id: one customer from now on.
    const classic = await browser.context.newPage()
    const classicPage = Math.floor(index / 15) + 1
    await classic.goto(`https://trade.taobao.com/trade/itemlist/list_sold_items.htm?pageNum=${classicPage}`)
    await waitForPage(classic, classicPage)
    const nickKey = `${SHOP_KEY}:${masked.buyerNick}`
    await expect
      .poll(async () => (await readStore<StoredCustomer>(ext, "customers")).map((c) => c.key))
      .not.toContain(standInKey)
    const customers = await readStore<StoredCustomer>(ext, "customers")
    const one = customers.filter((c) => c.key === nickKey)
    expect(one).toHaveLength(1)
    const orders = [...(await storedOrders()).values()].filter((o) => o.platformBuyerId === masked.buyerId)
    expect(orders.length).toBeGreaterThan(0)
    expect(new Set(orders.map((o) => o.buyerId))).toEqual(new Set([masked.buyerNick]))
    const notes = await readStore<{ customerKey: string; text: string }>(ext, "notes")
    expect(notes.filter((n) => n.text === "喜欢周杰伦，下次推荐新专辑").map((n) => n.customerKey)).toEqual([
      nickKey
    ])

    // Back on the workbench, the masked row's chip is the full nick's customer.
    await page.reload()
    await waitForPage(page, 1)
    for (let n = 2; n <= pageNum; n++) {
      await page.locator(".next-next").click()
      await waitForPage(page, n)
    }
    const rowIndex = index % 15
    await expect
      .poll(async () => (await chips(page))[rowIndex]?.orders, { timeout: 15_000 })
      .toBe(one[0].orders)
    await ext.close()
    await classic.close()
    await page.close()
  })
})

async function captureLogs(): Promise<CaptureLog[]> {
  const ext = await browser.openExtensionPage("popup.html")
  const logs = await readStore<CaptureLog>(ext, "captureLog")
  await ext.close()
  return logs
}
