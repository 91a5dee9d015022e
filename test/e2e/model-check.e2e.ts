// "How well the predictions held" on the dashboard, and the 12-month range on the hover card and in the side
// panel, in real Chromium with the production build. The CDNOW sample is captured through the real capture
// message as a Taobao shop (2,357 buyers, its 546 days moved to end yesterday in Shanghai), the dashboard on a
// clock fixed at that last day. The section must show what src/core's model check gives for the same orders
// with the default holdout (the last quarter of the history): the verdict sentence, the weekly table and the
// repeat-count table. A second shop of 40 buyers gets the note instead of a check. After the shop's scoring,
// a buyer's card and side panel show src/core's range of the stored figures. Screenshots go to
// test-results/model-check/.
import { mkdirSync } from "node:fs"
import { resolve } from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  checkModel,
  dayNumber,
  customerRange,
  defaultHoldoutFrom,
  parseDayKey,
  type CapturedOrder,
  type ModelCheck
} from "../../src/core"
import { readCdnow } from "../backoffice/cdnow"
import type { CustomerRecord, ShopScoresRecord } from "../../src/db/schema/database"
import { launchWithExtension, readStore, repoRoot, type ExtensionBrowser } from "./browser"

const artefacts = resolve(repoRoot, "test-results/model-check")
const ZONE = "Asia/Shanghai"
const SHOP = "回客唱片"
const SMALL = "小店"
const DAY = 86_400_000
/** Yesterday in Shanghai (day number): the moved sample's last day, so the store's scoring (real clock) sees it all. */
const LAST_DAY = dayNumber(Date.now(), ZONE) - 1
/** 20:00 in Shanghai on that day: the dashboard's clock. */
const NOW = LAST_DAY * DAY + 12 * 3_600_000
const SAMPLE_LAST = Date.UTC(1998, 5, 30) / DAY

function cdnowOrders(): CapturedOrder[] {
  return readCdnow().map((r, i) => ({
    platform: "taobao",
    shopId: SHOP,
    orderId: String(5100000000000000000n + BigInt(i)),
    buyerId: `cd${String(r.customer).padStart(4, "0")}`,
    buyerNick: `cd${String(r.customer).padStart(4, "0")}`,
    // Noon in Shanghai of the moved day.
    createdAt:
      (LAST_DAY - (SAMPLE_LAST - Date.UTC(r.day[0], r.day[1] - 1, r.day[2]) / DAY)) * DAY + 4 * 3_600_000,
    status: "completed",
    amount: r.cents,
    refunded: 0,
    currency: "CNY"
  }))
}

/** 40 buyers over 200 days: too few to judge. */
function smallOrders(): CapturedOrder[] {
  const out: CapturedOrder[] = []
  for (let b = 0; b < 40; b++)
    for (let k = 0; k <= b % 4; k++)
      out.push({
        platform: "taobao",
        shopId: SMALL,
        orderId: String(5200000000000000000n + BigInt(b * 10 + k)),
        buyerId: `small${b}`,
        buyerNick: `small${b}`,
        createdAt: NOW - (200 - b * 3 - k * 10) * DAY,
        status: "completed",
        amount: 5_000 + b * 100,
        refunded: 0,
        currency: "CNY"
      })
  return out
}

let browser: ExtensionBrowser
const orders = cdnowOrders()
let expected: ModelCheck

const en = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })

async function openDashboard(shopId: string): Promise<Page> {
  const page = await browser.context.newPage()
  await page.clock.setFixedTime(NOW)
  await page.goto(`chrome-extension://${browser.extensionId}/tabs/dashboard.html`)
  const select = page.getByTestId("shop-select")
  await select.waitFor()
  const value = await select.locator("option", { hasText: shopId }).getAttribute("value")
  await select.selectOption(value ?? "")
  return page
}

beforeAll(async () => {
  mkdirSync(artefacts, { recursive: true })
  const asOfDay = dayNumber(NOW, ZONE)
  const firstDay = Math.min(...orders.map((o) => dayNumber(o.createdAt, ZONE)))
  expected = checkModel(orders, {
    timeZone: ZONE,
    holdoutFrom: defaultHoldoutFrom(firstDay, asOfDay),
    asOf: NOW,
    shopId: SHOP
  })
  browser = await launchWithExtension({ hostResolverRules: "MAP huike.invalid 127.0.0.1" })
  const page = await browser.openExtensionPage("popup.html")
  const all = [...orders, ...smallOrders()]
  for (let i = 0; i < all.length; i += 500) {
    const batch = all.slice(i, i + 500)
    for (const shopId of new Set(batch.map((o) => o.shopId))) {
      const mine = batch.filter((o) => o.shopId === shopId)
      const reply = await page.evaluate(
        (b) =>
          chrome.runtime.sendMessage({
            type: "capture",
            platform: "taobao",
            pageKind: "order-list",
            url: "https://trade.taobao.com/trade/itemlist/list_sold_items.htm",
            shopId: b[0].shopId,
            rowsSeen: b.length,
            orders: b,
            problems: []
          }),
        mine
      )
      expect(reply).toMatchObject({ ok: true })
    }
  }
  await page.close()
}, 300_000)

afterAll(async () => {
  await browser?.close()
})

describe("How well the predictions held", () => {
  it("shows src/core's check of the last quarter of CDNOW: verdict, weekly and repeat-count tables", async () => {
    // 546 days of history: the last 137 are held out.
    expect(parseDayKey(expected.holdoutFrom)).toBe(LAST_DAY - 136)
    expect(parseDayKey(expected.calibrationFrom)).toBe(LAST_DAY - 545)
    expect(expected.buyers).toBe(2_357)
    const p = expected.purchases!
    const dash = await openDashboard(SHOP)
    const verdict = dash.getByTestId("model-check-verdict")
    await verdict.waitFor({ timeout: 120_000 })
    const percent = Math.round((Math.abs(p.predicted - p.actual) / p.actual) * 100)
    expect(await verdict.textContent()).toBe(
      `Predicted ${en(Math.round(p.predicted))} repeat purchases, ${en(p.actual)} happened: ${percent}% ${p.predicted < p.actual ? "under" : "over"}.`
    )
    // The check ran in the dashboard's worker.
    expect(dash.workers().map((w) => w.url())).toEqual([
      expect.stringMatching(/\/analysis\.worker\.[\w]+\.js$/)
    ])
    expect(await dash.getByTestId("model-check-how").textContent()).toContain(
      `fitted on the orders of ${expected.calibrationFrom} – ${expected.calibrationTo} only, asked to predict ${expected.holdoutFrom} – ${expected.holdoutTo} (19.6 weeks), and compared with what those 2,357 buyers did`
    )
    const weeklyRows = await dash
      .getByTestId("model-check-weekly-table")
      .locator("tbody tr")
      .evaluateAll((rows) =>
        rows.map((r) => Array.from(r.querySelectorAll("td"), (td) => td.textContent ?? ""))
      )
    expect(weeklyRows).toEqual(
      expected.weekly.map((w) => [
        `${w.endDay}${w.holdout ? " · predicted weeks" : ""}`,
        en(w.predicted),
        en(w.actual)
      ])
    )
    const groupRows = await dash
      .getByTestId("model-check-groups-table")
      .locator("tbody tr")
      .evaluateAll((rows) =>
        rows.map((r) => Array.from(r.querySelectorAll("td"), (td) => td.textContent ?? ""))
      )
    expect(groupRows).toEqual(
      expected.byRepeatCount.map((r) => [
        r.repeats,
        en(r.buyers),
        en(r.meanPredicted, 2),
        en(r.meanActual, 2)
      ])
    )
    // Both charts are drawn.
    for (const id of ["model-check-weekly-chart", "model-check-groups-chart"]) {
      const box = await dash.getByTestId(id).boundingBox()
      expect(box?.height, id).toBeGreaterThan(100)
    }
    await dash.getByTestId("model-check").screenshot({ path: resolve(artefacts, "model-check-en.png") })
    await browser.worker.evaluate(() => chrome.storage.local.set({ "huike.language": "zh_CN" }))
    await dash.reload()
    await dash.getByTestId("shop-select").selectOption({ label: `${SHOP} (taobao)` })
    await dash.getByTestId("model-check-verdict").waitFor({ timeout: 120_000 })
    expect(await dash.getByTestId("model-check-verdict").textContent()).toBe(
      `预测 ${en(Math.round(p.predicted))} 次回购，实际发生 ${en(p.actual)} 次：${p.predicted < p.actual ? "低估" : "高估"} ${percent}%。`
    )
    await dash.getByTestId("model-check").screenshot({ path: resolve(artefacts, "model-check-zh.png") })
    await browser.worker.evaluate(() => chrome.storage.local.set({ "huike.language": "en" }))
    await dash.close()
  })

  it("says a shop of 40 buyers is too small to judge, instead of a check", async () => {
    const dash = await openDashboard(SMALL)
    const note = dash.getByTestId("model-check-note")
    await note.waitFor({ timeout: 60_000 })
    expect(await note.textContent()).toContain(
      "Too early to check the predictions: the check needs at least 500 buyers with orders and 180 days of history, and this shop has 40 buyers with orders (200 days of history)."
    )
    expect(await dash.getByTestId("model-check-verdict").count()).toBe(0)
    await dash.close()
  })

  it("shows each buyer's 12-month range on the card and in the side panel, as src/core gives it", async () => {
    const page = await browser.openExtensionPage("popup.html")
    expect(
      await page.evaluate(
        (shopId) => chrome.runtime.sendMessage({ type: "rescore", platform: "taobao", shopId }),
        SHOP
      )
    ).toMatchObject({ ok: true })
    const [customers, scores] = await Promise.all([
      readStore<CustomerRecord>(page, "customers"),
      readStore<ShopScoresRecord>(page, "shopScores")
    ])
    const params = scores.find((s) => s.shopKey === `taobao:${SHOP}`)!
    // The buyer with the most purchase days, and a one-time buyer.
    const mine = customers.filter((c) => c.shopKey === `taobao:${SHOP}`)
    const frequent = mine.reduce((a, b) => (b.purchaseDays > a.purchaseDays ? b : a))
    const once = mine.find((c) => c.purchaseDays === 1)!
    const card = await browser.openExtensionPage("tabs/buyer-card.html")
    const shown = new Map<string, string>()
    for (const c of [frequent, once]) {
      const range = customerRange(
        {
          occasions: c.purchaseDays,
          firstDay: c.firstOrderDay!,
          lastDay: c.lastOrderDay!,
          asOfDay: Math.max(params.asOfDay, dayNumber(Date.now(), ZONE)),
          totalSpent: c.totalSpent,
          firstDaySpend: c.firstDaySpend!,
          orders: c.orders
        },
        params.bgnbd,
        params.gammaGamma,
        params.moneyScale
      )!
      const o = range.orders365
      const orders = o.low === o.high ? `${o.low}` : `${o.low}–${o.high}`
      const yuan = (minor: number) => `¥${Math.round(minor / 100).toLocaleString("en-US")}`
      const v = range.value365!
      const value =
        o.high === 0
          ? ""
          : `, ${yuan(v.low) === yuan(v.high) ? yuan(v.low) : `${yuan(v.low)}–${yuan(v.high)}`}`
      const want = `${orders} ${orders === "1" ? "order" : "orders"}${value}`
      shown.set(c.key, want)
      await card.getByTestId("panel-search").fill(c.buyerNick!)
      await card.getByTestId("panel-search").press("Enter")
      await expect.poll(() => card.locator("[data-huike-card] h3").textContent()).toBe(c.buyerNick)
      expect(await card.locator('[data-field="range12m"]').textContent(), c.buyerNick).toBe(want)
      if (c === frequent) await card.screenshot({ path: resolve(artefacts, "card-range-en.png") })
    }
    expect(frequent.purchaseDays).toBeGreaterThan(20)
    // The side panel, searched for the same buyer.
    const panel = await browser.openExtensionPage("sidepanel.html")
    await panel.getByTestId("panel-search").fill(frequent.buyerNick!)
    await panel.getByTestId("panel-search").press("Enter")
    await expect.poll(() => panel.getByTestId("panel-name").textContent()).toBe(frequent.buyerNick)
    expect(await panel.getByTestId("panel-range").textContent()).toBe(
      `Next 12 months: ${shown.get(frequent.key)}`
    )
    await Promise.all([page.close(), card.close(), panel.close()])
  })
})
