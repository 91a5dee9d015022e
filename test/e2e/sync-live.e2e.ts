// The issue's whole story in two Chromium profiles and a CouchDB-compatible server (express-pouchdb on a
// free local port): the owner (A) captures 1,000 orders on the imitation sold-orders page, and A's service
// worker is stopped (DevTools protocol) while it sends them; the rep (B), who never opened the back office,
// ends with the same 1,000 orders, the same popup figures and then the same chips on the same page. While
// their pages are open, changes travel live, with nobody pressing "Sync now": A's note reaches B, B marks
// A's follow-up done in the popup and A's store shows it done. With the server down both write a note on
// one buyer; once it is back, both browsers hold both notes.
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { BackOffice } from "../backoffice/server"
import { ADMIN, type CouchServer } from "../sync/couch-server"
import { countStore, readStore, type ExtensionBrowser } from "./browser"
import { connect, popupFigures, startShopOfTwo, type ShopOfTwo } from "./sync-helpers"

const LIST = "https://trade.taobao.com/trade/itemlist/list_sold_items.htm"
const ORDERS = 1_000

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

/** Orders on the shop's server: the entries of its order bundles, and any per-order documents. */
async function ordersOnServer(): Promise<number> {
  const docs = async (prefix: string) => {
    const range = `startkey=${encodeURIComponent(`"${prefix}"`)}&endkey=${encodeURIComponent(`"${prefix}\ufff0"`)}`
    const r = await fetch(`${couch.url}/shop/_all_docs?include_docs=true&${range}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString("base64")}`
      }
    })
    return ((await r.json()) as { rows: { doc: { orders?: Record<string, unknown> } }[] }).rows
  }
  const ids = new Set<string>()
  for (const row of await docs("orders:")) for (const id of Object.keys(row.doc.orders ?? {})) ids.add(id)
  for (const row of await docs("order:"))
    ids.add(String((row.doc as { order?: { orderId?: string } }).order?.orderId))
  return ids.size
}

/** The sync state the background last reported, as the options page reads it. */
const syncState = (page: Page) =>
  page.evaluate(async () => {
    const got = await chrome.storage.local.get("huike.sync.status")
    return (got["huike.sync.status"] as { state?: string } | undefined)?.state ?? "none"
  })

/** Stops the extension's service worker as chrome://serviceworker-internals' Stop does (DevTools protocol). */
async function stopServiceWorker(browser: ExtensionBrowser, page: Page): Promise<void> {
  const cdp = await browser.context.newCDPSession(page)
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
      v.scriptURL.startsWith(`chrome-extension://${browser.extensionId}/`) && v.runningStatus === "running"
  )!
  await cdp.send("ServiceWorker.stopWorker", { versionId })
  await expect
    .poll(() => versions.get(versionId)?.runningStatus, { timeout: 5_000 })
    .toMatch(/stopped|stopping/)
  await cdp.detach()
}

async function chipsOnPage(page: Page) {
  await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
  await expect.poll(() => page.locator("[data-huike-chip]").count(), { timeout: 15_000 }).toBe(100)
  return page
    .locator("[data-huike-chip]")
    .evaluateAll((els) => els.map((el) => [el.getAttribute("data-nick"), el.getAttribute("data-orders")]))
}

const notesOf = async (page: Page, customerKey: string) =>
  (await readStore<{ text: string; customerKey: string }>(page, "notes"))
    .filter((n) => n.customerKey === customerKey)
    .map((n) => n.text)
    .sort()

describe("one customer book, live", () => {
  it("1,000 orders, a stopped worker, live notes and follow-ups, notes written offline", async () => {
    const ownerOptions = await connect(owner, couch, "owner")
    const repOptions = await connect(rep, couch, "rep")

    // A pages through ten pages of 100 orders.
    const list = await owner.context.newPage()
    await list.goto(`${LIST}?pageSize=100`)
    for (let n = 1; n <= ORDERS / 100; n++) {
      await list.waitForFunction((p) => document.body.dataset.loadedPage === String(p), n)
      if (n < ORDERS / 100) await list.locator(".pagination-next").click()
    }
    await expect.poll(() => countStore(ownerOptions, "orders"), { timeout: 30_000 }).toBe(ORDERS)

    // A's worker is stopped while it sends them (its pages connect again, which starts a new one).
    await expect.poll(() => syncState(ownerOptions), { timeout: 15_000, interval: 20 }).toBe("syncing")
    const sentWhenStopped = await ordersOnServer()
    await stopServiceWorker(owner, ownerOptions)
    console.log(`[sync-live] A's worker stopped with ${sentWhenStopped} of ${ORDERS} orders on the server`)
    await expect.poll(() => ordersOnServer(), { timeout: 60_000, interval: 500 }).toBe(ORDERS)
    await expect.poll(() => countStore(repOptions, "orders"), { timeout: 60_000, interval: 500 }).toBe(ORDERS)
    expect(await countStore(ownerOptions, "orders")).toBe(ORDERS)

    // B never opened the back office: the same popup figures.
    const a = await popupFigures(owner)
    const b = await popupFigures(rep)
    expect(a.orders).toBe("1,000")
    expect({ ...b, status: "" }).toEqual({ ...a, status: "" })
    // Then the same chips on the same page.
    await list.goto(`${LIST}?pageSize=100`)
    const repList = await rep.context.newPage()
    await repList.goto(`${LIST}?pageSize=100`)
    const chipsA = await chipsOnPage(list)
    expect(await chipsOnPage(repList)).toEqual(chipsA)
    await repList.close()

    // Live: A's note reaches B, nobody presses Sync now.
    const buyer = office.taobao.orders[0].buyerNick
    const customerKey = `taobao:${office.taobao.shop.nick}:${buyer}`
    const note = (page: Page, text: string) =>
      page.evaluate(
        ([key, t]) => chrome.runtime.sendMessage({ type: "addNote", customerKey: key, text: t }),
        [customerKey, text] as const
      )
    // B has that buyer open in the side panel: the note shows there, without a reload.
    const repPanel = await rep.openExtensionPage("sidepanel.html")
    await repPanel.evaluate(
      (key) => chrome.storage.session.set({ "huike.focus": { customerKey: key } }),
      customerKey
    )
    await expect
      .poll(() => repPanel.getByTestId("panel-profile").getAttribute("data-customer"), { timeout: 15_000 })
      .toBe(customerKey)
    expect(await repPanel.getByTestId("panel-notes").textContent()).not.toContain("SF Express")
    const sentAt = Date.now()
    expect(await note(ownerOptions, "要顺丰发货 / SF Express only")).toMatchObject({ ok: true })
    await expect
      .poll(() => notesOf(repOptions, customerKey), { timeout: 15_000, interval: 100 })
      .toEqual(["要顺丰发货 / SF Express only"])
    console.log(`[sync-live] A's note readable in B's store after ${Date.now() - sentAt} ms`)
    await expect
      .poll(async () => (await repPanel.getByTestId("panel-notes").textContent()) ?? "", {
        timeout: 15_000,
        interval: 50
      })
      .toContain("要顺丰发货 / SF Express only")
    console.log(`[sync-live] A's note shown in B's open side panel after ${Date.now() - sentAt} ms`)
    await repPanel.close()

    // A sets a follow-up; B marks it done in the popup (the popup's own write); A's store shows it done.
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
    const repPopup = await rep.openExtensionPage("popup.html")
    await expect
      .poll(
        async () => {
          await repPopup.reload()
          return repPopup.getByTestId("due-reminder-text").allTextContents()
        },
        { timeout: 20_000, interval: 1_000 }
      )
      .toEqual(["问评价 / ask for a review"])
    await repPopup.getByTestId("reminder-done").click()
    await expect
      .poll(
        async () => (await readStore<{ status: string }>(ownerOptions, "reminders")).map((r) => r.status),
        { timeout: 20_000, interval: 200 }
      )
      .toEqual(["done"])
    await repPopup.close()

    // The server goes away; both write a note on the same buyer; it comes back.
    await couch.stop()
    try {
      expect(await note(ownerOptions, "A, offline")).toMatchObject({ ok: true })
      expect(await note(repOptions, "B, offline")).toMatchObject({ ok: true })
      for (const page of [ownerOptions, repOptions])
        await expect.poll(() => syncState(page), { timeout: 15_000 }).toBe("offline")
    } finally {
      await couch.start()
    }
    const all = ["A, offline", "B, offline", "要顺丰发货 / SF Express only"]
    for (const page of [ownerOptions, repOptions])
      await expect.poll(() => notesOf(page, customerKey), { timeout: 60_000, interval: 500 }).toEqual(all)

    // Nothing lost or doubled on either side.
    expect(await countStore(ownerOptions, "orders")).toBe(ORDERS)
    expect(await countStore(repOptions, "orders")).toBe(ORDERS)
    expect(await ordersOnServer()).toBe(ORDERS)
    await list.close()
  })
})
