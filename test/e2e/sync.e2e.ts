// Two Chromium profiles of one shop share their customer book through a CouchDB-compatible server
// (express-pouchdb, started here on a free local port): the owner (A) captures orders on the imitation
// Taobao sold-orders page and writes a note; the rep (B), who never opens the back office, sees the
// same popup figures and the note once both synced. Both connect through the options page as a person
// would (the server's origin allowed in chrome://extensions, then "Save and connect"). The rep marks
// the owner's follow-up done in the popup and, after both synced, the owner's browser shows it done.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { BackOffice } from "../backoffice/server"
import type { CouchServer } from "../sync/couch-server"
import { readStore, type ExtensionBrowser } from "./browser"
import { connect, popupFigures, startShopOfTwo, type ShopOfTwo } from "./sync-helpers"

const LIST = "https://trade.taobao.com/trade/itemlist/list_sold_items.htm"

let shop: ShopOfTwo
let couch: CouchServer
let office: BackOffice
let owner: ExtensionBrowser
let rep: ExtensionBrowser

beforeAll(async () => {
  shop = await startShopOfTwo()
  ;({ couch, office, owner, rep } = shop)
})

afterAll(async () => {
  await shop?.close()
})

describe("one customer book for the shop", () => {
  it("the rep sees the owner's captured orders with the same popup figures, and the owner's note", async () => {
    const ownerOptions = await connect(owner, couch, "owner")
    const repOptions = await connect(rep, couch, "rep")

    // The owner pages through the sold-orders list: 100 orders captured.
    const page = await owner.context.newPage()
    await page.goto(`${LIST}?pageSize=50`)
    await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
    await page.locator(".pagination-next").click()
    await page.waitForFunction(() => document.body.dataset.loadedPage === "2")
    await expect
      .poll(async () => (await readStore(ownerOptions, "orders")).length, { timeout: 15_000 })
      .toBe(100)
    await page.close()

    const buyer = office.taobao.orders[0].buyerNick
    const customerKey = `taobao:${office.taobao.shop.nick}:${buyer}`
    const added = await ownerOptions.evaluate(
      (key) =>
        chrome.runtime.sendMessage({
          type: "addNote",
          customerKey: key,
          text: "要顺丰发货 / SF Express only"
        }),
      customerKey
    )
    expect(added).toMatchObject({ ok: true })

    // Sync now on both (the worker would also do it within seconds, and every few minutes).
    await ownerOptions.getByTestId("sync-now").click()
    await expect
      .poll(async () => (await ownerOptions.getByTestId("sync-status").textContent()) ?? "", {
        timeout: 30_000
      })
      .toMatch(/^Synced · just now$/)
    await expect
      .poll(
        async () => {
          await repOptions.getByTestId("sync-now").click()
          return (await readStore(repOptions, "orders")).length
        },
        { timeout: 60_000, interval: 2_000 }
      )
      .toBe(100)
    await expect
      .poll(
        async () =>
          (await readStore<{ text: string; customerKey: string }>(repOptions, "notes")).map((n) => [
            n.customerKey,
            n.text
          ]),
        {
          timeout: 30_000
        }
      )
      .toEqual([[customerKey, "要顺丰发货 / SF Express only"]])

    const a = await popupFigures(owner)
    const b = await popupFigures(rep)
    expect(a.orders).toBe("100")
    expect(b).toEqual(a)
    expect(b.status).toMatch(/^Synced · /)

    // The shop's server is not taken for a self-hosted admin: no page scripts are registered on it.
    const scripts = await rep.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())
    expect(scripts.filter((x) => x.matches?.includes(`${couch.url}/*`))).toEqual([])
    const granted = await rep.worker.evaluate(() => chrome.permissions.getAll())
    expect(granted.origins).toContain(`${couch.url}/*`)

    // The owner sets a follow-up; the rep marks it done in the popup (a page's own write, sent with the
    // rep's next pass: Sync now here); the owner's browser then shows it done.
    const made = await ownerOptions.evaluate(
      (key) =>
        chrome.runtime.sendMessage({
          type: "addReminder",
          customerKey: key,
          dueAt: Date.now() - 60_000,
          text: "问评价 / ask for a review"
        }),
      customerKey
    )
    expect(made).toMatchObject({ ok: true })
    await ownerOptions.getByTestId("sync-now").click()
    const repPopup = await rep.openExtensionPage("popup.html")
    await expect
      .poll(
        async () => {
          await repOptions.getByTestId("sync-now").click()
          await repPopup.reload()
          return repPopup.getByTestId("due-reminder-text").allTextContents()
        },
        { timeout: 60_000, interval: 2_000 }
      )
      .toEqual(["问评价 / ask for a review"])
    await repPopup.getByTestId("reminder-done").click()
    await expect
      .poll(
        async () => {
          await repOptions.getByTestId("sync-now").click()
          await ownerOptions.getByTestId("sync-now").click()
          return (await readStore<{ text: string; status: string }>(ownerOptions, "reminders")).map(
            (r) => r.status
          )
        },
        { timeout: 60_000, interval: 2_000 }
      )
      .toEqual(["done"])
    await repPopup.close()
    await ownerOptions.close()
    await repOptions.close()
  })
})
