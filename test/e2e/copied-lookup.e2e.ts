// The copied-text lookup for reps in the 千牛 desktop client, in real Chromium from the shortcut's handler on:
// text is put on the clipboard, the background runs the lookup the shortcut runs, reads the clipboard through
// its offscreen document and opens (then reuses) the buyer-card window: one buyer's card with orders, level,
// notes and reminders; every buyer of a shared name; "no buyer found"; and, before clipboardRead is allowed,
// a window that says how to allow it while its search box still works.
//
// Headless Chromium cannot press a global shortcut (it goes through the OS), so the test sends the card
// window's own "Look up copied text" message, which runs the same function the shortcut's listener calls
// (background/copied-lookup.ts lookupCopied). Chrome's permission prompt cannot be answered from a test
// either: the "allowed" browser loads a copy of the build whose manifest holds clipboardRead upfront
// (test/e2e/browser.ts `granted`).
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { CustomerProfile } from "../../src/messages"
import { launchWithExtension, repoRoot, type ExtensionBrowser } from "./browser"

const DAY = 86_400_000
const NOW = Date.now()
const SHOP = "qianniu-lookup-demo"
const en = JSON.parse(readFileSync(resolve(repoRoot, "locales/en/messages.json"), "utf8")) as Record<
  string,
  { message: string }
>

const taobao = (orderId: string, nick: string, daysAgo: number, amount: number) => ({
  platform: "taobao" as const,
  shopId: SHOP,
  orderId,
  buyerId: nick,
  buyerNick: nick,
  createdAt: NOW - daysAgo * DAY,
  status: "completed" as const,
  amount,
  refunded: 0,
  currency: "CNY"
})
const shopify = (orderId: string, buyerId: string, name: string) => ({
  platform: "shopify" as const,
  shopId: "jane-lookup.myshopify.com",
  orderId,
  buyerId,
  buyerNick: name,
  buyerEmail: `${buyerId}@example.org`,
  createdAt: NOW - 30 * DAY,
  status: "completed" as const,
  amount: 4_500,
  refunded: 0,
  currency: "USD"
})
const ORDERS = [
  taobao("3301234567890000001", "小雨同学", 120, 12_000),
  taobao("3301234567890000002", "小雨同学", 40, 30_000),
  taobao("3301234567890000003", "小雨同学", 5, 8_800),
  // Its nick begins another's: not a match for "小雨同学", and found exactly by its own.
  taobao("3301234567890000004", "小雨", 10, 5_000),
  shopify("#1001", "jane-1", "Jane Smith"),
  shopify("#1002", "jane-2", "Jane Smith")
]
const XIAOYU = `taobao:${SHOP}:小雨同学`
const NOTE = "Prefers SF Express; VIP gift wrap"
const REMINDER = "Send the autumn catalogue"

/** Stores the orders through the import path, and a note and a reminder on 小雨同学. */
async function seed(browser: ExtensionBrowser): Promise<void> {
  const ext = await browser.openExtensionPage("popup.html")
  const replies = await ext.evaluate(
    async ({ orders, key, note, reminder, due }) => [
      await chrome.runtime.sendMessage({
        type: "importChunk",
        jobId: "copied-lookup-e2e",
        source: "orders.csv",
        total: orders.length,
        offset: 0,
        orders
      }),
      await chrome.runtime.sendMessage({ type: "importFinish", jobId: "copied-lookup-e2e" }),
      await chrome.runtime.sendMessage({ type: "addNote", customerKey: key, text: note }),
      await chrome.runtime.sendMessage({ type: "addReminder", customerKey: key, text: reminder, dueAt: due })
    ],
    { orders: ORDERS, key: XIAOYU, note: NOTE, reminder: REMINDER, due: NOW + 3 * DAY }
  )
  for (const r of replies) expect(r).toMatchObject({ ok: true })
  await ext.close()
}

/** The rep copies `text` (here: from an extension page) and the shortcut's lookup runs; the card window. */
async function copyAndLookUp(browser: ExtensionBrowser, from: Page, text: string): Promise<Page> {
  await from.evaluate((t) => navigator.clipboard.writeText(t), text)
  const reply = await from.evaluate(() => chrome.runtime.sendMessage({ type: "lookupCopied" }))
  expect(reply).toEqual({ ok: true })
  let card: Page | undefined
  await expect
    .poll(() => (card = browser.context.pages().find((p) => p.url().endsWith("/tabs/buyer-card.html"))))
    .toBeDefined()
  await card!.getByTestId("buyer-card-window").waitFor()
  return card!
}

const cardWindows = (browser: ExtensionBrowser) =>
  browser.context.pages().filter((p) => p.url().endsWith("/tabs/buyer-card.html")).length

describe("copied-text lookup, clipboard allowed", () => {
  let browser: ExtensionBrowser
  let from: Page
  const errors: string[] = []
  beforeAll(async () => {
    browser = await launchWithExtension({
      hostResolverRules: "MAP huike-none.invalid 127.0.0.1",
      granted: ["clipboardRead"]
    })
    await seed(browser)
    from = await browser.openExtensionPage("popup.html")
  })
  afterAll(async () => {
    await browser?.close()
  })

  it("opens the card of the one buyer a copied order number names: orders, level, notes, reminders", async () => {
    // As a spreadsheet copies an order number: wrapped, with a stray tab and line end.
    const card = await copyAndLookUp(browser, from, '\t="3301234567890000002"\r\n')
    card.on("pageerror", (e) => errors.push(e.message))
    const shown = card.locator("[data-huike-card]")
    await expect.poll(() => shown.locator("h3").textContent(), { timeout: 10_000 }).toBe("小雨同学")
    expect(await card.getByTestId("panel-search").inputValue()).toBe("3301234567890000002")
    expect(await shown.locator('[data-field="orders"]').textContent()).toBe("3")
    const profile = (await from.evaluate(
      (customerKey) => chrome.runtime.sendMessage({ type: "profile", customerKey }),
      XIAOYU
    )) as { ok: true; profile: CustomerProfile }
    expect(profile.profile.orders).toBe(3)
    expect(profile.profile.memberLevel).toBeTruthy()
    expect(
      (await shown.locator('[data-field="level"]').textContent())?.startsWith(
        en[`level_${profile.profile.memberLevel}`].message
      )
    ).toBe(true)
    expect(await shown.locator("[data-huike-rights]").count()).toBe(1)
    expect(await shown.locator("[data-huike-notes] li").allTextContents()).toEqual([NOTE])
    expect(await shown.locator("[data-huike-reminders] li").allTextContents()).toEqual([
      expect.stringContaining(REMINDER)
    ])
    // The card window has no side panel to open.
    expect(await shown.locator("[data-huike-open-panel]").count()).toBe(0)
  })

  it("reuses the open window: a nick copied with stray ideographic spaces opens the same buyer there", async () => {
    const before = await browser.worker.evaluate(
      async () => (await chrome.storage.session.get("huike.cardWindow"))["huike.cardWindow"] as number
    )
    const card = await copyAndLookUp(browser, from, "  小雨同学\u3000\n")
    expect(cardWindows(browser)).toBe(1)
    const windows = await browser.worker.evaluate(async () => {
      const cards = await chrome.runtime.getContexts({
        contextTypes: [chrome.runtime.ContextType.TAB],
        documentUrls: [chrome.runtime.getURL("tabs/buyer-card.html")]
      })
      return Promise.all(cards.map(async (c) => [c.windowId, (await chrome.windows.get(c.windowId)).type]))
    })
    expect(windows).toEqual([[before, "popup"]])
    await expect.poll(() => card.locator("[data-huike-card] h3").textContent()).toBe("小雨同学")
    // The nick "小雨" is a different buyer, found exactly by its own text.
    await copyAndLookUp(browser, from, "小雨")
    await expect.poll(() => card.locator("[data-huike-card] h3").textContent()).toBe("小雨")
  })

  it("lists both buyers of a shared name, and opens the one the rep picks", async () => {
    const card = await copyAndLookUp(browser, from, "Jane Smith")
    await expect
      .poll(() => card.getByTestId("search-shared").textContent())
      .toBe("2 buyers named “Jane Smith”:")
    expect(await card.getByTestId("panel-hits").locator("a").allTextContents()).toEqual([
      "Jane Smith",
      "Jane Smith"
    ])
    expect(await card.locator("[data-huike-card]").count()).toBe(0)
    await card.getByTestId("panel-hits").locator("a").nth(1).click()
    await expect.poll(() => card.locator("[data-huike-card] h3").textContent()).toBe("Jane Smith")
  })

  it("says no buyer was found for unknown text, and that nothing was copied for blank text", async () => {
    const card = await copyAndLookUp(browser, from, " no_such_buyer_42 ")
    await expect
      .poll(() => card.getByTestId("search-none").textContent())
      .toBe("No buyer found for “no_such_buyer_42”.")
    expect(await card.locator("[data-huike-card]").count()).toBe(0)
    await copyAndLookUp(browser, from, " \n ")
    await expect.poll(() => card.getByTestId("copied-problem").textContent()).toBe(en.copiedEmpty.message)
    expect(cardWindows(browser)).toBe(1)
    expect(errors).toEqual([])
  })
})

describe("copied-text lookup, clipboard not allowed yet", () => {
  let browser: ExtensionBrowser
  beforeAll(async () => {
    browser = await launchWithExtension({ hostResolverRules: "MAP huike-none.invalid 127.0.0.1" })
    await seed(browser)
  })
  afterAll(async () => {
    await browser?.close()
  })

  it("opens the window saying how to allow reading the clipboard; pasting into its search still works", async () => {
    const from = await browser.openExtensionPage("popup.html")
    expect(
      await browser.worker.evaluate(() => chrome.permissions.contains({ permissions: ["clipboardRead"] }))
    ).toBe(false)
    const card = await copyAndLookUp(browser, from, "小雨同学")
    const errors: string[] = []
    card.on("pageerror", (e) => errors.push(e.message))
    const ask = card.getByTestId("copied-permission")
    await ask.waitFor()
    expect(await ask.textContent()).toContain(en.copiedPermission.message)
    expect(await card.getByTestId("copied-allow").textContent()).toBe(en.copiedAllow.message)
    // Nothing was read: no buyer is shown, and no search ran.
    expect(await card.locator("[data-huike-card]").count()).toBe(0)
    expect(await card.getByTestId("panel-search").inputValue()).toBe("")
    // The shortcut's own line: Chrome assigned the documented default.
    expect(await card.getByTestId("copied-shortcut").textContent()).toBe("Shortcut: Ctrl+Shift+9")
    // The rep pastes the nick into the search box instead (a paste needs no permission).
    await card.getByTestId("panel-search").fill(" 小雨同学 ")
    await card.getByTestId("panel-search").press("Enter")
    await expect.poll(() => card.locator("[data-huike-card] h3").textContent()).toBe("小雨同学")
    // Pressing the shortcut again keeps the one window, still asking.
    await copyAndLookUp(browser, from, "Jane Smith")
    expect(cardWindows(browser)).toBe(1)
    await card.getByTestId("copied-permission").waitFor()
    expect(errors).toEqual([])
  })
})
