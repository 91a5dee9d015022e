// The customer-service view in real Chromium on the imitation Taobao page: chips carry segment, level and
// repeat figures that match the database; the hover card shows the buyer's figures and adds notes and
// reminders (the chip rings its bell); the side panel follows the buyer and edits notes; hostile nicks and
// notes stay text. Screenshots in English and Chinese go to test-results/e2e.
import { mkdirSync } from "node:fs"
import { resolve } from "node:path"
import type { Locator, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SEGMENT_IDS, SEGMENTS } from "../../src/core/segments"
import { calendarDaysSince } from "../../src/core/time"
import { startBackOffice, XSS_NICK, type BackOffice } from "../backoffice/server"
import { launchWithExtension, readStore, repoRoot, type ExtensionBrowser } from "./browser"

const LIST = "https://trade.taobao.com/trade/itemlist/list_sold_items.htm"
const artefacts = resolve(repoRoot, "test-results/e2e")

interface StoredCustomer {
  key: string
  buyerNick: string
  orders: number
  totalSpent: number
  lastOrderAt: number
}

let office: BackOffice

beforeAll(async () => {
  mkdirSync(artefacts, { recursive: true })
  office = await startBackOffice({ xssNick: true })
})

afterAll(async () => {
  await office?.close()
})

/** The list with its 50 chips, each with figures (a first visit's chips say "not seen" until the capture is stored). */
async function openList(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage()
  await page.goto(`${LIST}?pageSize=50`)
  await expect
    .poll(() => page.locator('[data-huike-chip]:not([data-orders="0"])').count(), { timeout: 15_000 })
    .toBe(50)
  return page
}

/** The chip of a buyer, found by the literal nick attribute (no CSS escaping games). */
async function chipOf(page: Page, nick: string): Promise<Locator> {
  const chips = page.locator("[data-huike-chip]")
  const nicks = await chips.evaluateAll((els) => els.map((e) => e.getAttribute("data-nick")))
  const i = nicks.indexOf(nick)
  if (i < 0) throw new Error(`no chip for ${nick}`)
  return chips.nth(i)
}

describe("customer-service view (en)", () => {
  let browser: ExtensionBrowser
  beforeAll(async () => {
    browser = await launchWithExtension({ hostResolverRules: office.hostResolverRules })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it("shows segment, level and repeat figures that match the database, and a hover card with the buyer's figures", async () => {
    const page = await openList(browser)
    const ext = await browser.openExtensionPage("popup.html")
    const customers = await readStore<StoredCustomer>(ext, "customers")
    const chips = await page.locator("[data-huike-chip]").evaluateAll((els) =>
      els.map((e) => ({
        nick: e.getAttribute("data-nick"),
        orders: Number(e.getAttribute("data-orders")),
        spent: Number(e.getAttribute("data-spent")),
        segment: e.getAttribute("data-segment")
      }))
    )
    // Segments against the shop means over buyers with a purchase (src/core's definition), recomputed here.
    const buyers = customers.filter((c) => c.orders > 0)
    const now = Date.now()
    // Calendar days in the shop's zone (Taobao: Asia/Shanghai), as the card and the scoring count them.
    const days = (c: StoredCustomer) => calendarDaysSince(c.lastOrderAt, now, "Asia/Shanghai")
    const mean = (f: (c: StoredCustomer) => number) => buyers.reduce((s, c) => s + f(c), 0) / buyers.length
    const means = { d: mean(days), o: mean((c) => c.orders), m: mean((c) => c.totalSpent) }
    for (const chip of chips) {
      const c = customers.find((x) => x.buyerNick === chip.nick)!
      expect(chip.orders, chip.nick!).toBe(c.orders)
      expect(chip.spent, chip.nick!).toBe(c.totalSpent)
      if (c.orders === 0) continue
      const r = days(c) < means.d
      const f = c.orders > means.o
      const m = c.totalSpent > means.m
      const expected = SEGMENT_IDS[(m ? 0 : 4) + (r ? (f ? 0 : 1) : f ? 2 : 3)]
      expect(chip.segment, chip.nick!).toBe(expected)
    }

    // Hover the chip of the buyer with the most orders on the page.
    const top = [...buyers].sort((a, b) => b.orders - a.orders)[0]
    const chip = await chipOf(page, top.buyerNick)
    // Its row near the top of the window: the card below it fits, so clicks on the card's buttons need no
    // scroll (a scroll under a resting mouse can put another chip under it, whose card then replaces this).
    // (60 px: the card of a buyer Huike knows only from opened pages carries the first-seen note.)
    await chip.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 60))
    await chip.hover()
    const card = page.locator("[data-huike-card]")
    await card.waitFor()
    expect(await card.locator('[data-field="orders"]').textContent()).toBe(String(top.orders))
    expect(await card.locator('[data-field="totalSpent"]').textContent()).toContain(
      (top.totalSpent / 100).toLocaleString("en-US", { maximumFractionDigits: 0 }).slice(0, 2)
    )
    expect(await card.locator("[data-huike-why]").textContent()).toMatch(
      /last bought \d+ days ago \(shop average \d+\)/
    )
    await page.screenshot({ path: resolve(artefacts, "hover-card-en.png") })

    // A note and a reminder due today from the card: the card lists them, the chip rings.
    await card.locator("[data-huike-note-input]").fill("Prefers SF Express")
    await card.locator("[data-huike-add-note]").click()
    await expect
      .poll(() => card.locator("[data-huike-notes] li").allTextContents())
      .toEqual(["Prefers SF Express"])
    const today = new Date().toISOString().slice(0, 10)
    await card.locator("[data-huike-reminder-date]").fill(today)
    await card.locator("[data-huike-reminder-text]").fill("Ask for a review")
    await card.locator("[data-huike-add-reminder]").click()
    await expect.poll(() => card.locator("[data-huike-reminders] li").count()).toBe(1)
    // Due at 09:00 local today: a bell once it is past nine, otherwise the reminder is listed but not due.
    const dueAt = new Date(`${today}T09:00:00`).getTime()
    await expect
      .poll(async () => Number(await (await chipOf(page, top.buyerNick)).getAttribute("data-reminders")), {
        timeout: 10_000
      })
      .toBe(Date.now() >= dueAt ? 1 : 0)
    const notes = await readStore<{ customerKey: string; text: string }>(ext, "notes")
    expect(notes).toEqual([expect.objectContaining({ customerKey: top.key, text: "Prefers SF Express" })])

    // A tag from the card: the shop's tag is made, the customer carries it, the card lists it.
    await card.locator("[data-huike-tag-input]").fill("Gift wrap")
    await card.locator("[data-huike-add-tag]").click()
    await expect.poll(() => card.locator("[data-huike-tags] span").allTextContents()).toEqual(["Gift wrap"])
    const tags = await readStore<{ id: number; shopKey: string; name: string }>(ext, "tags")
    expect(tags.map((x) => x.name)).toEqual(["Gift wrap"])
    const tagged = (await readStore<{ key: string; tagIds: number[] }>(ext, "customers")).filter(
      (c) => c.tagIds.length > 0
    )
    expect(tagged).toEqual([expect.objectContaining({ key: top.key, tagIds: [tags[0].id] })])

    // The side panel follows the buyer whose card was opened, and its note edits show up on the card.
    const panel = await browser.openExtensionPage("sidepanel.html")
    await expect
      .poll(() => panel.getByTestId("panel-name").textContent(), { timeout: 10_000 })
      .toBe(top.buyerNick)
    expect(await panel.getByTestId("panel-note-text").allTextContents()).toEqual(["Prefers SF Express"])
    // The tag added on the card is on in the side panel.
    const panelTag = panel.getByTestId("panel-tag").filter({ hasText: "Gift wrap" })
    expect(await panelTag.getAttribute("aria-pressed")).toBe("true")
    await panel.getByTestId("panel-note-input").fill("VIP: gift wrap")
    await panel.getByTestId("panel-add-note").click()
    await expect.poll(() => panel.getByTestId("panel-note-text").count()).toBe(2)
    expect(await panel.getByTestId("panel-timeline").locator("li").count()).toBe(
      (await readStore<{ customerKey?: string; shopKey: string; buyerId: string }>(ext, "orders")).filter(
        (o) => `${o.shopKey}:${o.buyerId}` === top.key
      ).length
    )
    await panel.setViewportSize({ width: 400, height: 900 })
    await panel.screenshot({ path: resolve(artefacts, "side-panel-en.png") })
    await page.mouse.move(0, 0)
    await page.reload()
    await expect.poll(() => page.locator("[data-huike-chip]").count(), { timeout: 15_000 }).toBe(50)
    await (await chipOf(page, top.buyerNick)).click()
    await expect
      .poll(() => page.locator("[data-huike-card] [data-huike-notes] li").allTextContents())
      .toEqual(["VIP: gift wrap", "Prefers SF Express"])
    await page.screenshot({ path: resolve(artefacts, "chips-en.png") })

    // The panel's search: an order number (pasted as a spreadsheet wraps it) opens its buyer, a nick's
    // beginning lists the nicks; a hit opens.
    const other = (
      await readStore<{ orderId: string; shopKey: string; buyerId: string }>(ext, "orders")
    ).find((o) => `${o.shopKey}:${o.buyerId}` !== top.key)!
    const otherNick = customers.find((c) => c.key === `${other.shopKey}:${other.buyerId}`)!.buyerNick
    await panel.getByTestId("panel-search").fill(` ="${other.orderId}" `)
    await panel.getByTestId("panel-search").press("Enter")
    await expect.poll(() => panel.getByTestId("panel-name").textContent()).toBe(otherNick)
    await panel.getByTestId("panel-search").fill(top.buyerNick.slice(0, -1))
    await panel.getByTestId("panel-search").press("Enter")
    await expect
      .poll(() => panel.getByTestId("panel-hits").locator("a").allTextContents())
      .toContain(top.buyerNick)
    await panel.getByTestId("panel-hits").locator("a", { hasText: top.buyerNick }).first().click()
    await expect.poll(() => panel.getByTestId("panel-name").textContent()).toBe(top.buyerNick)
    await panel.close()
    await ext.close()
    await page.close()
  })

  it("keeps hostile nicks and notes as text: nothing runs, the text shows literally", async () => {
    const page = await openList(browser)
    const chip = await chipOf(page, XSS_NICK)
    expect(await chip.getAttribute("data-nick")).toBe(XSS_NICK)
    await chip.click()
    const card = page.locator("[data-huike-card]")
    await card.waitFor()
    expect(await card.locator("h3").textContent()).toBe(XSS_NICK)
    await card
      .locator("[data-huike-note-input]")
      .fill(`<script>window.__huikeXss=2</script><img src=x onerror="window.__huikeXss=3">`)
    await card.locator("[data-huike-add-note]").click()
    await expect.poll(() => card.locator("[data-huike-notes] li").first().textContent()).toContain("<script>")
    const panel = await browser.openExtensionPage("sidepanel.html")
    await expect.poll(() => panel.getByTestId("panel-name").textContent(), { timeout: 10_000 }).toBe(XSS_NICK)
    expect(await panel.getByTestId("panel-note-text").first().textContent()).toContain("onerror")
    await page.waitForTimeout(300)
    expect(
      await page.evaluate(() => (window as unknown as { __huikeXss?: number }).__huikeXss)
    ).toBeUndefined()
    expect(
      await panel.evaluate(() => (window as unknown as { __huikeXss?: number }).__huikeXss)
    ).toBeUndefined()
    // No element from the payload exists anywhere, in the page or in any shadow root.
    const injected = await page.evaluate(() => {
      const roots: (Document | ShadowRoot)[] = [document]
      for (const el of document.querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot)
      return roots.reduce((n, r) => n + r.querySelectorAll('img[src="x"], b, script:not([src])').length, 0)
    })
    expect(injected).toBe(0)
    await panel.close()
    await page.close()
  })

  it("follows the language chosen in the options page: chips, hover card and side panel switch to Chinese", async () => {
    const page = await openList(browser)
    const chips = page.locator("[data-huike-chip]")
    const repeatOrNew = async (re: RegExp) => (await chips.allTextContents()).filter((x) => re.test(x)).length
    expect(await repeatOrNew(/Repeat ×\d+|New|First seen/)).toBeGreaterThan(0)
    const panel = await browser.openExtensionPage("sidepanel.html")
    await panel.getByTestId("panel-search").waitFor()
    expect(await panel.getByTestId("panel-search").getAttribute("placeholder")).toBe(
      "Search by nick, name, e-mail or order number"
    )

    const options = await browser.openExtensionPage("options.html")
    // The options page reloads itself in the chosen language: let it finish before going on (closing a
    // page in the middle of that reload hung the test now and then).
    await Promise.all([options.waitForEvent("load"), options.getByTestId("language").selectOption("zh_CN")])
    // Back on the list's tab (a hidden tab draws nothing: chips are written in animation frames).
    await page.bringToFront()
    // The open page's chips and side panel follow without a reload; every scored chip now reads Chinese.
    await expect.poll(() => repeatOrNew(/Repeat ×\d+|New|First seen/), { timeout: 10_000 }).toBe(0)
    const scored = await chips.evaluateAll(
      (els) => els.filter((e) => Number(e.getAttribute("data-orders")) > 0).length
    )
    expect(await repeatOrNew(/回头客 ×\d+|新客|首次见到/)).toBe(scored)
    await expect
      .poll(() => panel.getByTestId("panel-search").getAttribute("placeholder"), { timeout: 10_000 })
      .toBe("按昵称、姓名、邮箱或订单号搜索")
    await page.locator('[data-huike-chip][data-orders]:not([data-orders="0"])').first().click()
    await expect
      .poll(() => page.locator("[data-huike-card] [data-huike-add-tag]").textContent())
      .toBe("加标签")

    // Back to the browser's language (English here) for whatever runs next.
    await Promise.all([options.waitForEvent("load"), options.getByTestId("language").selectOption("auto")])
    await page.bringToFront()
    await expect.poll(() => repeatOrNew(/Repeat ×\d+|New|First seen/), { timeout: 10_000 }).toBe(scored)
    await options.close()
    await panel.close()
    await page.close()
  })
})

describe("customer-service view (zh)", () => {
  it("speaks Chinese and saves screenshots", async () => {
    const browser = await launchWithExtension({
      hostResolverRules: office.hostResolverRules,
      locale: "zh-CN"
    })
    try {
      const page = await openList(browser)
      const texts = await page.locator("[data-huike-chip]").allTextContents()
      expect(texts.some((x) => /回头客|新客|首次见到/.test(x))).toBe(true)
      const scored = page.locator(
        '[data-huike-chip][data-segment^="important"], [data-huike-chip][data-segment^="general"]'
      )
      const first = scored.first()
      const segment = (await first.getAttribute("data-segment")) as string
      await first.hover()
      const card = page.locator("[data-huike-card]")
      await card.waitFor()
      expect(await card.textContent()).toContain(SEGMENTS.find((x) => x.id === segment)!.zh)
      expect(await card.locator("[data-huike-why]").textContent()).toMatch(
        /最近一次购买在 \d+ 天前（店铺平均 \d+ 天）/
      )
      await page.screenshot({ path: resolve(artefacts, "hover-card-zh.png") })
      const panel = await browser.openExtensionPage("sidepanel.html")
      await panel.setViewportSize({ width: 400, height: 900 })
      await expect.poll(() => panel.getByTestId("panel-profile").count(), { timeout: 10_000 }).toBe(1)
      expect(await panel.textContent("body")).toContain("备注")
      await panel.screenshot({ path: resolve(artefacts, "side-panel-zh.png") })
    } finally {
      await browser.close()
    }
  })
})
