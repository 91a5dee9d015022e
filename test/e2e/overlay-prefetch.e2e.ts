// The overlay's prefetch in real Chromium on the imitation Taobao list: at page start the overlay learns
// the shop's recently active buyers, so a row the page adds later for one of them gets its chip inside the
// page's own task (before any message could travel), and a chip drawn from that prefetch is checked by a
// lookup and corrected when the buyer's figures changed since.
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import { launchWithExtension, readStore, type ExtensionBrowser } from "./browser"

const LIST = "https://trade.taobao.com/trade/itemlist/list_sold_items.htm"

interface StoredCustomer {
  key: string
  buyerNick?: string
  orders: number
}
interface ChipSeen {
  orders: number
  reminders: string | null
}

// Adds one order row for `nick` as the page would (a copy of its first row) and reports the row's chip as
// it stands once the insertion's microtasks ran, before any other task: the overlay's MutationObserver
// callback runs then; a lookup's answer could not have come yet. Plain JavaScript: it runs in the page.
const ADD_ROW = `(nick) => {
  const container = document.getElementById("sold-container")
  const row = container.querySelector("div.trade-order-main").cloneNode(true)
  row.querySelectorAll("huike-chip").forEach((e) => e.remove())
  row.querySelector('[class^="buyer-mod__name"]').textContent = nick
  row.setAttribute("data-test-row", nick)
  container.appendChild(row)
  return Promise.resolve().then(() => {
    const host = row.querySelector("huike-chip")
    const chip = host && host.shadowRoot && host.shadowRoot.querySelector("[data-huike-chip][data-orders]")
    return chip ? { orders: Number(chip.getAttribute("data-orders")), reminders: chip.getAttribute("data-reminders") } : null
  })
}`

const CHIP_OF_ROW = `(nick) => {
  const row = [...document.querySelectorAll("[data-test-row]")].find((r) => r.getAttribute("data-test-row") === nick)
  const host = row && row.querySelector("huike-chip")
  const chip = host && host.shadowRoot && host.shadowRoot.querySelector("[data-huike-chip]")
  return chip ? { orders: Number(chip.getAttribute("data-orders")), reminders: chip.getAttribute("data-reminders") } : null
}`

let office: BackOffice
let browser: ExtensionBrowser
let customers: StoredCustomer[]
/** Buyers captured earlier who are not on the list's first page (the page never asked about them). */
let elsewhere: string[]

beforeAll(async () => {
  office = await startBackOffice()
  browser = await launchWithExtension({ hostResolverRules: office.hostResolverRules })
  const page = await browser.context.newPage()
  for (const p of [1, 2]) {
    await page.goto(`${LIST}?pageSize=100&pageNum=${p}`)
    await page.waitForFunction((n) => document.body.dataset.loadedPage === String(n), p)
  }
  await page.close()
  const ext = await browser.openExtensionPage("popup.html")
  const captured = new Set(office.taobao.orders.slice(0, 200).map((o) => o.buyerNick))
  // The captures are stored a moment after the pages loaded.
  for (let tries = 0; ; tries++) {
    customers = await readStore<StoredCustomer>(ext, "customers")
    if (customers.filter((c) => c.buyerNick && captured.has(c.buyerNick)).length === captured.size) break
    if (tries === 100) throw new Error("the captured buyers were never all stored")
    await ext.waitForTimeout(100)
  }
  await ext.close()
  const onFirstPage = new Set(office.taobao.orders.slice(0, 15).map((o) => o.buyerNick))
  elsewhere = [...captured].filter((n) => !onFirstPage.has(n))
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await office?.close()
})

async function openFirstPage(): Promise<Page> {
  const page = await browser.context.newPage()
  await page.goto(`${LIST}?pageSize=15&pageNum=1`)
  await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
  await expect
    .poll(() => page.locator('[data-huike-chip]:not([data-orders="0"])').count(), { timeout: 15_000 })
    .toBe(15)
  return page
}

describe("overlay prefetch", () => {
  it("chips a recently active buyer's new row within the page's own task, with the stored figures", async () => {
    const page = await openFirstPage()
    // Each try names a buyer this page never showed: one the lookup answered would be known anyway. The
    // first tries may come before the prefetch's answer; once it is in, every row is chipped at once.
    let seen: { nick: string; chip: ChipSeen } | null = null
    for (const nick of elsewhere.slice(0, 30)) {
      const chip = (await page.evaluate(`(${ADD_ROW})(${JSON.stringify(nick)})`)) as ChipSeen | null
      if (chip) {
        seen = { nick, chip }
        break
      }
      await page.waitForTimeout(200)
    }
    expect(seen).not.toBeNull()
    const stored = customers.find((c) => c.buyerNick === seen!.nick)
    expect(seen!.chip.orders).toBe(stored?.orders)
    // The next one too: the prefetch covers the shop's recent buyers, not one name.
    const next = elsewhere[elsewhere.indexOf(seen!.nick) + 1]
    expect(await page.evaluate(`(${ADD_ROW})(${JSON.stringify(next)})`)).toMatchObject({
      orders: customers.find((c) => c.buyerNick === next)?.orders
    })
    await page.close()
  })

  it("checks a prefetched chip and redraws it when the buyer's figures changed since the prefetch", async () => {
    const page = await openFirstPage()
    // Let the prefetch land (one message here: the shop has fewer than 250 buyers), proven by a chip drawn
    // at once.
    const probes = elsewhere.slice(40, 70)
    await expect
      .poll(async () => {
        const nick = probes.shift()
        return nick ? await page.evaluate(`(${ADD_ROW})(${JSON.stringify(nick)})`) : "out of names"
      })
      .not.toBeNull()
    // A reminder due now for a buyer the page has not shown: the prefetched figures say none is due.
    const nick = elsewhere[80]
    const customerKey = customers.find((c) => c.buyerNick === nick)!.key
    const ext = await browser.openExtensionPage("popup.html")
    const reply = await ext.evaluate((m) => chrome.runtime.sendMessage(m), {
      type: "addReminder",
      customerKey,
      dueAt: Date.now() - 60_000,
      text: "ask for a review"
    })
    expect(reply).toMatchObject({ ok: true })
    await ext.close()
    // Drawn at once from the prefetch (no reminder), then corrected by the check that follows.
    expect(await page.evaluate(`(${ADD_ROW})(${JSON.stringify(nick)})`)).toMatchObject({ reminders: "0" })
    await expect
      .poll(() => page.evaluate(`(${CHIP_OF_ROW})(${JSON.stringify(nick)})`), { timeout: 10_000 })
      .toMatchObject({ reminders: "1" })
    await page.close()
  })
})
