// "How well the predictions held" on the dashboard, in real Chromium with the production build: the CDNOW
// sample captured through the real capture message as a Taobao shop (2,357 buyers, 1997-01-01 ..
// 1998-06-30), the dashboard on a clock fixed at the sample's last day. The section must show what
// src/core's model check gives for the same orders with the default holdout (the last quarter of the
// history): the verdict sentence, the weekly table and the repeat-count table. A second shop of 40 buyers
// gets the note instead of a check. Screenshots go to test-results/model-check/.
import { mkdirSync } from "node:fs"
import { resolve } from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  checkModel,
  dayNumber,
  defaultHoldoutFrom,
  type CapturedOrder,
  type ModelCheck
} from "../../src/core"
import { readCdnow } from "../backoffice/cdnow"
import { launchWithExtension, repoRoot, type ExtensionBrowser } from "./browser"

const artefacts = resolve(repoRoot, "test-results/model-check")
const ZONE = "Asia/Shanghai"
const SHOP = "回客唱片"
const SMALL = "小店"
/** 1998-06-30 20:00 in Shanghai: the sample's last day. */
const NOW = Date.UTC(1998, 5, 30, 12)

function cdnowOrders(): CapturedOrder[] {
  return readCdnow().map((r, i) => ({
    platform: "taobao",
    shopId: SHOP,
    orderId: String(5100000000000000000n + BigInt(i)),
    buyerId: `cd${r.customer}`,
    buyerNick: `cd${r.customer}`,
    // Noon in Shanghai of the sample's day.
    createdAt: Date.UTC(r.day[0], r.day[1] - 1, r.day[2], 4),
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
        createdAt: NOW - (200 - b * 4 - k * 15) * 86_400_000,
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
    expect(expected.holdoutFrom).toBe("1998-02-14")
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
      `fitted on the orders of 1997-01-01 – 1998-02-13 only, asked to predict 1998-02-14 – 1998-06-30 (19.6 weeks), and compared with what those 2,357 buyers did`
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
})
