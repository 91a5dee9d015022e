// The owner's view end to end, in real Chromium with the production build: orders go in through the real
// capture message, the popup (on a fixed clock) must show exactly what src/core computes for the same
// orders, a segment's CSV export must hold exactly that segment, the daily reminder alarm must make each
// reminder once however often it runs, and screenshots of popup and dashboard in English and Chinese are
// saved to test-results/owner/.
import { mkdirSync, readFileSync } from "node:fs"
import { resolve } from "node:path"
import Papa from "papaparse"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  analyzeShop,
  dayNumber,
  formatDayNumber,
  SEGMENT_IDS,
  type CapturedOrder,
  type OrderStatus,
  type SegmentThresholds,
  type ShopAnalysis
} from "../../src/core"
import { dueReminders, type ReminderCustomer } from "../../src/core/reminders"
import type { CustomerRecord, ReminderRecord } from "../../src/db/store"
import { launchWithExtension, readStore, repoRoot, type ExtensionBrowser } from "./browser"

const artefacts = resolve(repoRoot, "test-results/owner")
const SHOP = "回客唱片旗舰店"
const ZONE = "Asia/Shanghai" // the store's zone for Taobao shops
/** 2026-06-18 10:00 in Shanghai: the popup's and dashboard's "now". */
const FIXED = Date.UTC(2026, 5, 18, 2, 0, 0)
const DAY = 86_400_000

/** 900 orders of 150 buyers over 120 days up to FIXED, several today; deterministic. */
function makeOrders(): CapturedOrder[] {
  let s = 12345
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
  const statuses: OrderStatus[] = [
    "completed",
    "completed",
    "completed",
    "shipped",
    "paid",
    "closed",
    "unpaid"
  ]
  const orders: CapturedOrder[] = []
  for (let i = 0; i < 900; i++) {
    const b = Math.floor(rnd() * rnd() * 150)
    // A quarter of the orders in the last 8 days, so today and the week before have figures.
    const ago = rnd() < 0.25 ? rnd() * 8 * DAY : rnd() * 120 * DAY
    const amount = 1000 + Math.floor(rnd() * 50_000)
    orders.push({
      platform: "taobao",
      shopId: SHOP,
      orderId: String(4100000000000000000n + BigInt(i)),
      buyerId: `buyer${b}`,
      buyerNick: `买家${b}`,
      buyerEmail: `buyer${b}@example.com`,
      createdAt: Math.floor((FIXED - ago) / 1000) * 1000,
      status: statuses[Math.floor(rnd() * statuses.length)],
      amount,
      refunded: rnd() < 0.05 ? Math.floor(amount / 3) : 0,
      currency: "CNY"
    })
  }
  return orders
}

const orders = makeOrders()
let browser: ExtensionBrowser
let expected: ShopAnalysis

/** Opens an extension page with Date fixed at `now` (Playwright's clock is the whole context's). */
async function openAt(path: string, now: number): Promise<Page> {
  const page = await browser.context.newPage()
  await page.clock.setFixedTime(now)
  await page.goto(`chrome-extension://${browser.extensionId}/${path}`)
  return page
}

async function setLanguage(lang: "en" | "zh_CN") {
  await browser.worker.evaluate((v) => chrome.storage.local.set({ "huike.language": v }), lang)
}

beforeAll(async () => {
  mkdirSync(artefacts, { recursive: true })
  expected = analyzeShop(orders, { asOf: FIXED, timeZone: ZONE, shopId: SHOP })
  browser = await launchWithExtension({ hostResolverRules: "MAP huike.invalid 127.0.0.1" })
  const page = await browser.openExtensionPage("popup.html")
  // The real capture path: message → validation → upsert → scoring of the touched buyers and days.
  for (let i = 0; i < orders.length; i += 300) {
    const reply = await page.evaluate(
      (batch) =>
        chrome.runtime.sendMessage({
          type: "capture",
          platform: "taobao",
          pageKind: "order-list",
          url: "https://trade.taobao.com/trade/itemlist/list_sold_items.htm",
          shopId: batch[0].shopId,
          rowsSeen: batch.length,
          orders: batch,
          problems: []
        }),
      orders.slice(i, i + 300)
    )
    expect(reply).toMatchObject({ ok: true })
  }
  // The shop-wide rescore the captures scheduled, now: nothing rescored behind the tests' backs later.
  expect(
    await page.evaluate(
      (shopId) => chrome.runtime.sendMessage({ type: "rescore", platform: "taobao", shopId }),
      SHOP
    )
  ).toMatchObject({ ok: true })
  await page.close()
})

afterAll(async () => {
  await browser?.close()
})

const en = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits })
const pct = (x: number) => (x * 100).toFixed(1) + "%"

describe("the owner's popup", () => {
  it("shows today's figures and the 7-day averages src/core computes for the same orders", async () => {
    const today = expected.daily.find((d) => d.day === expected.asOfDay)
    expect(today, "the fixture has orders today").toBeDefined()
    const todayNumber = dayNumber(FIXED, ZONE)
    const week = Array.from({ length: 7 }, (_, i) => {
      const key = formatDayNumber(todayNumber - 7 + i)
      return expected.daily.find((d) => d.day === key)
    })
    const avg = (f: (d: NonNullable<(typeof week)[number]>) => number) =>
      week.reduce((s, d) => s + (d ? f(d) : 0), 0) / 7

    const popup = await openAt("popup.html", FIXED)
    await expect.poll(() => popup.getByTestId("today").getAttribute("data-day")).toBe(expected.asOfDay)
    const text = (id: string) => popup.getByTestId(id).evaluate((el) => el.firstChild?.textContent ?? "")
    expect(await text("today-orders")).toBe(en(today!.orders))
    expect(await text("today-buyers")).toBe(en(today!.buyers))
    expect(await text("today-new")).toBe(en(today!.newBuyers))
    expect(await text("today-returning")).toBe(en(today!.returningBuyers))
    expect(await text("today-rate")).toBe(pct(today!.repurchaseRate))
    expect(await popup.getByTestId("avg7-orders").textContent()).toBe(
      en(
        avg((d) => d.orders),
        1
      )
    )
    expect(await popup.getByTestId("avg7-buyers").textContent()).toBe(
      en(
        avg((d) => d.buyers),
        1
      )
    )
    expect(await popup.getByTestId("avg7-new").textContent()).toBe(
      en(
        avg((d) => d.newBuyers),
        1
      )
    )
    expect(await popup.getByTestId("avg7-returning").textContent()).toBe(
      en(
        avg((d) => d.returningBuyers),
        1
      )
    )
    expect(await popup.getByTestId("avg7-rate").textContent()).toBe(pct(avg((d) => d.repurchaseRate)))

    // The chart's table alternative: 30 days ending today, each day's rate as src/core has it.
    await popup.locator("details summary").click()
    const rows = await popup
      .getByTestId("rate-table")
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)))
    expect(rows).toHaveLength(30)
    for (const [day, buyers, , rate] of rows) {
      const d = expected.daily.find((x) => x.day === day)
      expect([buyers, rate], day ?? "").toEqual([String(d?.buyers ?? 0), pct(d?.repurchaseRate ?? 0)])
    }
    expect(await popup.getByTestId("orders").textContent()).toBe(en(orders.length))
    await popup.locator("details summary").click()
    // The chart loads once the figures are painted, and then draws.
    await popup.getByTestId("rate-chart").waitFor()
    await popup.screenshot({ path: resolve(artefacts, "popup-en.png"), fullPage: true })

    await setLanguage("zh_CN")
    await popup.reload()
    await expect.poll(() => popup.getByRole("heading", { level: 2 }).first().textContent()).toContain("今天")
    await popup.screenshot({ path: resolve(artefacts, "popup-zh.png"), fullPage: true })
    await setLanguage("en")
    await popup.close()
  })
})

describe("the dashboard", () => {
  it("shows src/core's segments and exports exactly a segment's customers", async () => {
    const dash = await openAt("tabs/dashboard.html", FIXED)
    // Live figures (not the cached summary) once the "updating" note is gone.
    await expect
      .poll(() => dash.getByTestId("as-of").textContent(), { timeout: 30_000 })
      .toBe(`As of ${expected.asOfDay} (${ZONE})`)
    // The analysis ran in the dashboard's worker, off the page's main thread.
    expect(dash.workers().map((w) => w.url())).toEqual([
      expect.stringMatching(/\/analysis\.worker\.[\w]+\.js$/)
    ])
    for (const id of SEGMENT_IDS) {
      expect(
        await dash.locator(`[data-segment="${id}"] [data-testid="segment-count"]`).textContent(),
        id
      ).toBe(en(expected.segments[id]))
    }
    const rolling = await dash.getByTestId("rolling-rate").allTextContents()
    expect(rolling).toEqual(expected.rolling.map((r) => pct(r.rate)))

    // The biggest segment with an e-mail on file, masked by default.
    const segment = SEGMENT_IDS.reduce((a, b) => (expected.segments[a] >= expected.segments[b] ? a : b))
    const [download] = await Promise.all([
      dash.waitForEvent("download"),
      dash.getByTestId(`export-segment-${segment}`).click()
    ])
    const csv = readFileSync(await download.path(), "utf8").replace(/^\ufeff/, "")
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true })
    const want = expected.customerList.filter((c) => c.segment === segment)
    expect(parsed.data.map((r) => r.buyer_id).sort()).toEqual(want.map((c) => c.buyerId).sort())
    for (const r of parsed.data) {
      const c = want.find((x) => x.buyerId === r.buyer_id)!
      expect(r.segment).toBe(segment)
      expect(r.orders).toBe(String(c.orders))
      expect(r.total_spent).toBe((c.totalSpent / 100).toFixed(2))
      expect(r.email).toMatch(/^b\*+@example\.com$/)
    }
    // Full contact details when the owner asks for them.
    await dash.getByTestId("full-contacts").check()
    const [full] = await Promise.all([
      dash.waitForEvent("download"),
      dash.getByTestId(`export-segment-${segment}`).click()
    ])
    const fullRows = Papa.parse<Record<string, string>>(readFileSync(await full.path(), "utf8"), {
      header: true,
      skipEmptyLines: true
    }).data
    expect(fullRows.every((r) => r.email === `${r.buyer_id}@example.com`)).toBe(true)

    // The customer list's filter and count agree with the segment.
    await dash.getByTestId("filter-segment").selectOption(segment)
    await expect.poll(() => dash.getByTestId("list-count").textContent()).toBe(`${en(want.length)} customers`)
    await dash.screenshot({ path: resolve(artefacts, "dashboard-en.png") })
    await dash.screenshot({ path: resolve(artefacts, "dashboard-en-full.png"), fullPage: true })

    await setLanguage("zh_CN")
    await dash.reload()
    await expect
      .poll(() => dash.getByTestId("as-of").textContent(), { timeout: 30_000 })
      .toBe(`截至 ${expected.asOfDay}（${ZONE}）`)
    await dash.screenshot({ path: resolve(artefacts, "dashboard-zh.png") })
    await dash.screenshot({ path: resolve(artefacts, "dashboard-zh-full.png"), fullPage: true })
    await setLanguage("en")
    await dash.close()
  })
})

describe("follow-up reminders", () => {
  async function runAlarm(expectRuns: number) {
    await browser.worker.evaluate(() => chrome.alarms.create("huike-reminders", { when: Date.now() }))
    await expect
      .poll(
        () =>
          browser.worker.evaluate(async () => {
            const got = await chrome.storage.local.get("huike.reminders.lastRun")
            return (got["huike.reminders.lastRun"] as { runs?: number } | undefined)?.runs ?? 0
          }),
        { timeout: 30_000 }
      )
      .toBe(expectRuns)
  }

  it("the daily alarm makes each due reminder once across repeated runs, badge and popup follow", async () => {
    const page = await browser.openExtensionPage("popup.html")
    const customers = await readStore<CustomerRecord>(page, "customers")
    // What the rules say for these customers today (the worker runs on the real clock).
    const today = dayNumber(Date.now(), ZONE)
    const input: ReminderCustomer[] = customers.map((c) => ({
      key: c.key,
      shopKey: c.shopKey,
      orders: c.orders,
      purchaseDays: c.purchaseDays,
      totalSpent: c.totalSpent,
      ...(c.firstOrderDay !== undefined ? { firstOrderDay: c.firstOrderDay } : {}),
      ...(c.lastOrderDay !== undefined ? { lastOrderDay: c.lastOrderDay } : {}),
      ...(c.segment ? { segment: c.segment } : {}),
      ...(c.pAlive !== undefined ? { pAlive: c.pAlive } : {})
    }))
    const wanted = dueReminders(input, today).filter((d) => d.rule === "winback")
    expect(wanted.length, "the fixture has lapsed repeat buyers").toBeGreaterThan(0)

    await runAlarm(1)
    const first = await readStore<ReminderRecord>(page, "reminders")
    const winback = first.filter((r) => r.dedupeKey?.startsWith("winback:"))
    expect(winback.map((r) => r.dedupeKey).sort()).toEqual(wanted.map((d) => d.dedupeKey).sort())
    expect(new Set(first.map((r) => r.dedupeKey)).size).toBe(first.length)

    await runAlarm(2)
    await runAlarm(3)
    const again = await readStore<ReminderRecord>(page, "reminders")
    expect(again.map((r) => [r.id, r.dedupeKey])).toEqual(first.map((r) => [r.id, r.dedupeKey]))

    const due = first.filter((r) => r.status === "open" && r.dueAt <= Date.now()).length
    expect(await browser.worker.evaluate(() => chrome.action.getBadgeText({}))).toBe(String(due))

    // The popup on today's clock lists them; "done" takes one off.
    const popup = await openAt("popup.html", Date.now())
    await expect.poll(() => popup.getByTestId("due-reminder").count()).toBe(Math.min(due, 200))
    const firstText = await popup.getByTestId("due-reminder-text").first().textContent()
    expect(firstText).toMatch(/^Win back 买家\d+: no purchase for \d+ days, longer than usual$/)
    await popup.getByTestId("reminder-done").first().click()
    await expect.poll(() => popup.getByTestId("due-reminder").count()).toBe(Math.min(due - 1, 200))
    const after = await readStore<ReminderRecord>(page, "reminders")
    expect(after.filter((r) => r.status === "done")).toHaveLength(1)
    await popup.screenshot({ path: resolve(artefacts, "popup-reminders-en.png"), fullPage: true })
    await popup.close()
    await page.close()
  })
})

describe("segment thresholds", () => {
  it("fixed thresholds set in the options page re-segment the dashboard as src/core does", async () => {
    // At least ¥300 spent and at least 3 orders are "high"; recency stays at the shop average.
    const thresholds: SegmentThresholds = {
      recencyDays: { kind: "mean" },
      orders: { kind: "fixed", value: 3 },
      totalSpent: { kind: "fixed", value: 30_000 }
    }
    const want = analyzeShop(orders, {
      asOf: FIXED,
      timeZone: ZONE,
      shopId: SHOP,
      segmentThresholds: thresholds
    })
    // The thresholds must change the answer on this shop, or the test proves nothing.
    expect(want.segments).not.toEqual(expected.segments)

    const options = await openAt("options.html", FIXED)
    const section = options.getByTestId("segment-thresholds")
    await section.locator('[data-threshold="orders"] select').selectOption("fixed")
    await section.locator('[data-threshold="orders"] input').fill("3")
    await section.locator('[data-threshold="totalSpent"] select').selectOption("fixed")
    await section.locator('[data-threshold="totalSpent"] input').fill("300")
    await section.getByRole("button", { name: "Save" }).click()
    await expect
      .poll(() => options.getByTestId("owner-status").textContent(), { timeout: 60_000 })
      .toBe("Saved.")
    const saved = await readStore<{ key: string; value: unknown }>(options, "settings")
    expect(saved.find((s) => s.key === "owner.segmentThresholds")?.value).toEqual(thresholds)
    await options.close()

    const dash = await openAt("tabs/dashboard.html", FIXED)
    await expect
      .poll(() => dash.getByTestId("as-of").textContent(), { timeout: 30_000 })
      .toBe(`As of ${expected.asOfDay} (${ZONE})`)
    for (const id of SEGMENT_IDS) {
      await expect
        .poll(() => dash.locator(`[data-segment="${id}"] [data-testid="segment-count"]`).textContent(), {
          message: id
        })
        .toBe(en(want.segments[id]))
    }
    await dash.close()
  })
})
