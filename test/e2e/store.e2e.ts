// The local store in real Chromium with the production build: two tabs capturing the same shop at once
// lose nothing and double nothing; a backup restored into a fresh browser profile reproduces every record.
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import { launchWithExtension, readStore, type ExtensionBrowser } from "./browser"

const LIST = "https://trade.taobao.com/trade/itemlist/list_sold_items.htm"
const PURCHASE = new Set(["买家已付款，等待卖家发货", "卖家已发货，等待买家确认", "交易成功"])
const TABLES = [
  "shops",
  "orders",
  "customers",
  "notes",
  "tags",
  "reminders",
  "levelHistory",
  "dailyFigures",
  "captureLog",
  "settings",
  "shopScores",
  "importJobs",
  "pendingScoring"
]

interface StoredCustomer {
  key: string
  buyerNick: string
  orders: number
  totalSpent: number
  segment?: string
  rfm?: { r: number; f: number; m: number }
}
interface StoredDay {
  orders: number
  newBuyers: number
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

/** A message from one of Huike's own pages to the background, as the extension's pages send them. */
function send<T>(page: Page, message: unknown): Promise<T> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<T>
}

async function pageThrough(page: Page, pages: number[]) {
  for (const n of pages) {
    await page.goto(`${LIST}?pageSize=100&pageNum=${n}`)
    await page.waitForFunction((p) => document.body.dataset.loadedPage === String(p), n)
  }
}

async function everything(page: Page) {
  const out: Record<string, unknown[]> = {}
  for (const t of TABLES) out[t] = await readStore(page, t)
  return out
}

describe("the local store", () => {
  it("two tabs capturing the same shop at once lose no update and store no order twice", async () => {
    const tabA = await browser.context.newPage()
    const tabB = await browser.context.newPage()
    // Pages 3–5 are captured by both tabs, interleaved.
    await Promise.all([pageThrough(tabA, [1, 2, 3, 4, 5]), pageThrough(tabB, [5, 4, 3, 6, 7])])
    const truth = office.taobao.orders.slice(0, 700)

    const ext = await browser.openExtensionPage("popup.html")
    await expect.poll(async () => (await readStore(ext, "orders")).length, { timeout: 20_000 }).toBe(700)
    const byNick = new Map<string, { orders: number; spent: number }>()
    for (const o of truth) {
      const e = byNick.get(o.buyerNick) ?? { orders: 0, spent: 0 }
      if (PURCHASE.has(o.status)) {
        e.orders++
        e.spent += o.amount
      }
      byNick.set(o.buyerNick, e)
    }
    await expect
      .poll(async () => {
        const customers = await readStore<StoredCustomer>(ext, "customers")
        return customers.filter((c) => {
          const want = byNick.get(c.buyerNick)
          return want && want.orders === c.orders && want.spent === c.totalSpent
        }).length
      })
      .toBe(byNick.size)
    const customers = await readStore<StoredCustomer>(ext, "customers")
    expect(customers.length).toBe(byNick.size)
    const days = await readStore<StoredDay>(ext, "dailyFigures")
    const purchases = truth.filter((o) => PURCHASE.has(o.status)).length
    expect(days.reduce((s, d) => s + d.orders, 0)).toBe(purchases)
    expect(days.reduce((s, d) => s + d.newBuyers, 0)).toBe(
      [...byNick.values()].filter((e) => e.orders > 0).length
    )

    // On demand, the shop-wide scores: every buyer gets an RFM score and a segment.
    const rescored = await send<{ ok: boolean; buyers: number }>(ext, {
      type: "rescore",
      platform: "taobao",
      shopId: office.taobao.shop.nick
    })
    expect(rescored).toMatchObject({
      ok: true,
      buyers: [...byNick.values()].filter((e) => e.orders > 0).length
    })
    const scored = await readStore<StoredCustomer>(ext, "customers")
    for (const c of scored.filter((x) => x.orders > 0)) {
      expect(c.rfm, c.buyerNick).toBeDefined()
      expect(c.segment, c.buyerNick).toBeDefined()
    }
    await tabA.close()
    await tabB.close()
    await ext.close()
  })

  it("a backup restored into a fresh profile reproduces every record; delete-all empties the store", async () => {
    const ext = await browser.openExtensionPage("popup.html")
    await send(ext, {
      type: "addNote",
      customerKey: (await readStore<StoredCustomer>(ext, "customers"))[0].key,
      text: "回头客，喜欢爵士"
    })
    const before = await everything(ext)
    expect(before.orders.length).toBe(700)
    const backup = await send<{ ok: boolean; json: string }>(ext, { type: "backupExport" })
    expect(backup.ok).toBe(true)

    const other = await launchWithExtension({ hostResolverRules: office.hostResolverRules })
    try {
      const page = await other.openExtensionPage("popup.html")
      expect((await readStore(page, "orders")).length).toBe(0)
      expect(await send(page, { type: "backupRestore", json: backup.json })).toEqual({ ok: true })
      expect(await everything(page)).toEqual(before)
      await page.reload()
      await expect.poll(() => page.getByTestId("orders").textContent()).toBe("700")
    } finally {
      await other.close()
    }

    // Delete-all from the options page: only once the user has typed the confirmation words.
    expect(await send(ext, { type: "deleteAllData", confirm: "yes" })).toMatchObject({ ok: false })
    const options = await browser.openExtensionPage("options.html")
    const button = options.getByTestId("delete-all")
    await button.waitFor()
    expect(await button.isDisabled()).toBe(true)
    await options.getByTestId("delete-confirm").fill("delete all")
    expect(await button.isDisabled()).toBe(true)
    expect((await readStore(ext, "orders")).length).toBe(700)
    await options.getByTestId("delete-confirm").fill("delete all Huike data")
    expect(await button.isDisabled()).toBe(false)
    await button.click()
    await options.getByText("All data deleted.").waitFor()
    for (const [table, rows] of Object.entries(await everything(ext))) expect(rows, table).toEqual([])
    await options.close()
    await ext.close()
  })

  it("a full disk: the batch rolls back whole, the page says so, nothing stored is lost", async () => {
    const ext = await browser.openExtensionPage("popup.html")
    const tab = await browser.context.newPage()
    await pageThrough(tab, [1])
    await expect.poll(async () => (await readStore(ext, "orders")).length, { timeout: 20_000 }).toBe(100)
    await send(ext, { type: "stats" }) // the background's figures current before the snapshot
    // The shop's recent-buyers list (the overlay's prefetch hint) is saved 2 s after the last capture: saved
    // before the snapshot, or the snapshot after the failed batch would differ by it.
    await expect
      .poll(
        async () =>
          (await readStore<{ key: string; value: unknown }>(ext, "settings")).some(
            (s) => s.key.startsWith("huike.recentBuyers|") && Array.isArray(s.value) && s.value.length > 0
          ),
        { timeout: 10_000 }
      )
      .toBe(true)
    const before = await everything(ext)
    expect(before.customers.length).toBeGreaterThan(0)

    // Chromium's full disk inside the worker: the batch's last write fails with QuotaExceededError, after
    // its orders were added in the same transaction.
    await browser.worker.evaluate(`(() => {
      const proto = IDBObjectStore.prototype
      self.__huikeAdd = proto.add
      proto.add = function (...args) {
        if (this.name === "pendingScoring" || this.name === "customers")
          throw new DOMException("The quota has been exceeded.", "QuotaExceededError")
        return self.__huikeAdd.apply(this, args)
      }
    })()`)
    try {
      await pageThrough(tab, [2])
      const notice = tab.locator("[data-huike-notice]")
      await notice.waitFor()
      expect(await notice.textContent()).toContain("the disk or the browser's storage for Huike is full")
      expect(await notice.textContent()).toContain("Nothing from this batch was stored")
      expect(await send(ext, { type: "stats" })).toMatchObject({ ok: true, orders: 100 })
      expect(await everything(ext)).toEqual(before)
    } finally {
      await browser.worker.evaluate(`IDBObjectStore.prototype.add = self.__huikeAdd`)
    }
    // Space again: the same page captures in full.
    await pageThrough(tab, [2])
    await expect.poll(async () => (await readStore(ext, "orders")).length, { timeout: 20_000 }).toBe(200)
    await tab.close()
    await ext.close()
  })

  // Last: it restarts the extension.
  it("tells a tab left open across an update to reload it", async () => {
    const page = await browser.context.newPage()
    await page.goto(`${LIST}?pageSize=15&pageNum=1`)
    await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
    expect(await page.locator("[data-huike-notice]").count()).toBe(0)
    // What an update does to an open tab: the extension restarts and this tab's content script is orphaned.
    await browser.worker.evaluate(() => chrome.runtime.reload()).catch(() => undefined)
    await page.locator(".pagination-next").click()
    await page.waitForFunction(() => document.body.dataset.loadedPage === "2")
    const notice = page.locator("[data-huike-notice]")
    await notice.waitFor()
    expect(await notice.textContent()).toContain("reload this page")
    await page.close()
  })
})
