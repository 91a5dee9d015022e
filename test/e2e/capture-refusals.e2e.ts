// No silent loss on odd answers, in Chromium with the production build: the imitation sold-orders page's
// own answer (asyncSold.htm) is replaced by one with an over-long nick, with 20,000 orders, or with
// negative amounts, and the test reads what the extension stored and what the popup says.
import type { Page, Route } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import type { TaobaoMainOrder } from "../backoffice/taobao-data"
import { launchWithExtension, readStore, type ExtensionBrowser } from "./browser"

const LIST = "https://trade.taobao.com/trade/itemlist/list_sold_items.htm"
const SOLD_API = "**/trade/itemlist/asyncSold.htm*"

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

/** `n` orders in the page's own shape, with order numbers and nicks of their own (`tag` keeps tests apart). */
function answerOrders(n: number, tag: number): TaobaoMainOrder[] {
  const source = office.taobao.orders
  return Array.from({ length: n }, (_, i) => {
    const raw = structuredClone(source[i % source.length].raw)
    const id = String(7_000_000_000_000_000_000n + BigInt(tag) * 1_000_000n + BigInt(i))
    raw.id = id
    raw.orderInfo.id = id
    raw.buyer.nick = `${raw.buyer.nick}-${tag}-${i % 5000}`
    return raw
  })
}

/** Opens the list page with its answer replaced by `mainOrders`. */
async function openListWith(mainOrders: TaobaoMainOrder[]): Promise<Page> {
  const page = await browser.context.newPage()
  await page.route(SOLD_API, (route: Route) =>
    route.fulfill({
      status: 200,
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify({
        mainOrders,
        page: { currentPage: 1, pageSize: mainOrders.length, totalPage: 1, totalNumber: mainOrders.length },
        error: ""
      })
    })
  )
  await page.goto(`${LIST}?pageSize=100`)
  return page
}

/** Stored orders of test `tag`, counted in the extension's database by key (no read of every order). */
const countStored = (ext: Page, tag: number) =>
  ext.evaluate(
    (prefix) =>
      new Promise<number>((resolveCount, reject) => {
        const open = indexedDB.open("huike")
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`)
          const req = open.result.transaction("orders").objectStore("orders").count(range)
          req.onsuccess = () => {
            resolveCount(req.result)
            open.result.close()
          }
          req.onerror = () => reject(req.error)
        }
      }),
    `taobao:${office.taobao.shop.nick}:7${String(tag).padStart(12, "0")}`
  )

interface StoredOrder {
  orderId: string
  amount: number
}
const storedIds = async (ext: Page, tag: number) =>
  (await readStore<StoredOrder>(ext, "orders"))
    .map((o) => o.orderId)
    .filter((id) => id.startsWith(`7${String(tag).padStart(12, "0")}`))

/** The popup's warning, once it says `text`. */
async function popupWarning(text: string): Promise<string> {
  const popup = await browser.openExtensionPage("popup.html")
  let warning = ""
  await expect
    .poll(
      async () => {
        await popup.reload()
        warning =
          (await popup
            .getByTestId("capture-warning")
            .textContent({ timeout: 2000 })
            .catch(() => "")) ?? ""
        return warning
      },
      { timeout: 30_000 }
    )
    .toContain(text)
  await popup.close()
  return warning
}

describe("odd sold-orders answers", () => {
  it("stores the page's other orders when one nick is 300 characters long, and says 1 of 6 refused", async () => {
    const orders = answerOrders(6, 1)
    orders[3].buyer.nick = "长".repeat(300)
    const page = await openListWith(orders)
    const ext = await browser.openExtensionPage("popup.html")
    await expect.poll(() => storedIds(ext, 1), { timeout: 30_000 }).toHaveLength(5)
    expect((await storedIds(ext, 1)).sort()).toEqual(
      orders
        .filter((_, i) => i !== 3)
        .map((o) => o.orderInfo.id)
        .sort()
    )
    const warning = await popupWarning("1 of 6 orders refused: buyer name too long (1). 5 stored.")
    expect(warning).toContain("buyerId is 300 characters long (at most 200)")
    await page.close()
    await ext.close()
  })

  it("stores nothing for negative amounts, and says why", async () => {
    const orders = answerOrders(3, 3)
    for (const o of orders) o.payInfo.actualFee = "-5.00"
    const page = await openListWith(orders)
    await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
    const warning = await popupWarning("3 of 3 orders refused: negative amount (3)")
    // The page was read as it should be: its rows broke a limit, the page did not change layout.
    expect(warning).toContain("amount -500 is negative")
    expect(warning).not.toContain("not recognised")
    const ext = await browser.openExtensionPage("popup.html")
    expect(await storedIds(ext, 3)).toEqual([])
    expect((await readStore<StoredOrder>(ext, "orders")).every((o) => o.amount >= 0)).toBe(true)
    await page.close()
    await ext.close()
  })

  it("stores every order of an answer of 20,000, sent in batches, and logs them on one line", async () => {
    const orders = answerOrders(20_000, 2)
    const started = Date.now()
    const page = await openListWith(orders)
    // The page's own script renders all 20,000 rows (and the overlay chips them) before it says so.
    await page.waitForFunction(() => document.body.dataset.loadedPage === "1", undefined, {
      timeout: 240_000
    })
    const rendered = Date.now() - started
    const ext = await browser.openExtensionPage("popup.html")
    await expect.poll(() => countStored(ext, 2), { timeout: 240_000, interval: 250 }).toBe(20_000)
    const stored = Date.now() - started
    console.log(
      `[figure] 20,000-order answer: page rendered in ${rendered} ms, all stored ${stored} ms after opening`
    )
    expect((await storedIds(ext, 2)).sort()).toEqual(orders.map((o) => o.orderInfo.id).sort())
    interface LogLine {
      rowsSeen: number
      rowsStored: number
      batchId?: string
    }
    // The batches add up on one line. (Under load the page's rows can outlast the 3 s the capture script
    // waits for their data before it logs a "not recognised" line of its own: that line stores nothing.)
    const lines = (await readStore<LogLine>(ext, "captureLog")).filter((l) => l.batchId !== undefined)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ rowsSeen: 20_000, rowsStored: 20_000 })
    await page.close()
    await ext.close()
  }, 600_000)
})
