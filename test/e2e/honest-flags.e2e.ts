// Honest flags in real Chromium on the imitation 千牛 workbench: a fresh profile that opens the first page of
// sold orders knows nothing older, so no buyer there is called new — they are "first seen", and the popup
// says only the opened pages are known. Importing the shop's order report (today's .xlsx) makes the known
// range the report's: chips then count every order, call new exactly the buyers the rule allows, and count
// the others "since" the report's first month; the popup says from which day orders are known.
import { resolve } from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { CellObject } from "@e965/xlsx"
import { taobaoStatus } from "../../src/adapters/taobao/sold-orders"
import { dayKey } from "../../src/core/time"
import { PURCHASE_STATUSES } from "../../src/core/types"
import { hasDecodeNick, startBackOffice, type BackOffice } from "../backoffice/server"
import type { DemoOrder } from "../backoffice/taobao-data"
import { serialOf, workbookBytes } from "../fixtures/exports/taobao-xlsx"
import { launchWithExtension, readStore, repoRoot, type ExtensionBrowser } from "./browser"

const SOLD = "/home.htm/trade-platform/tp/sold"
const ZONE = "Asia/Shanghai"
const YEAR_MS = 365 * 86_400_000
const artefacts = resolve(repoRoot, "test-results/e2e")

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

interface ChipSeen {
  orders: number
  firstSeen: string | null
  className: string
  text: string
}

async function chips(page: Page): Promise<ChipSeen[]> {
  return page.locator("[data-huike-chip]").evaluateAll((els) =>
    els.map((el) => ({
      orders: Number(el.getAttribute("data-orders")),
      firstSeen: el.getAttribute("data-first-seen"),
      className: el.className,
      text: el.textContent ?? ""
    }))
  )
}

const isPurchase = (o: DemoOrder) => PURCHASE_STATUSES.has(taobaoStatus(o.status)!)

/** The shop's order report for every order of the imitation, as the workbench exports it (.xlsx). */
function orderReport(orders: readonly DemoOrder[]): Uint8Array {
  const header = ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "店铺名称"]
  const rows: CellObject[][] = [header.map((h) => ({ t: "s", v: h }))]
  for (const o of orders)
    rows.push([
      { t: "s", v: o.orderId },
      { t: "s", v: o.buyerNick },
      { t: "n", v: o.amount / 100 },
      { t: "s", v: o.status },
      { t: "n", v: serialOf(o.raw.orderInfo.createTime), z: "yyyy-mm-dd hh:mm:ss" },
      { t: "s", v: office.taobao.shop.nick }
    ])
  return workbookBytes([{ name: "订单报表", cells: rows }])
}

async function popupKnownFrom(): Promise<{ from: string | null; text: string | null }> {
  const popup = await browser.openExtensionPage("popup.html")
  const line = popup.getByTestId("known-range")
  await line.waitFor({ timeout: 15_000 })
  const out = { from: await line.getAttribute("data-known-from"), text: await line.textContent() }
  await popup.close()
  return out
}

describe("honest flags", () => {
  it("a fresh profile sees first seen, not new, on the first page; an imported report makes the range right", async () => {
    const all = office.taobao.orders
    const shown = all.slice(0, 15)
    // The test means something only if page 1 holds buyers with older, unread purchases.
    const olderUnread = shown.filter((o) =>
      all.slice(15).some((x) => x.buyerNick === o.buyerNick && isPurchase(x))
    )
    expect(olderUnread.length).toBeGreaterThan(0)

    const page = await browser.context.newPage()
    await page.goto(`https://myseller.taobao.com${SOLD}`)
    await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
    await expect.poll(async () => (await chips(page)).length, { timeout: 20_000 }).toBe(15)
    await expect
      .poll(async () => (await chips(page)).every((c, i) => !isPurchase(shown[i]) || c.orders > 0), {
        timeout: 20_000
      })
      .toBe(true)
    const before = await chips(page)
    shown.forEach((o, i) => {
      if (!isPurchase(o)) return
      expect(before[i].firstSeen, o.buyerNick).toBe("true")
      expect(before[i].className).not.toContain("huike-chip--new")
      expect(before[i].text).not.toMatch(/\bNew\b|新客/)
    })
    // Chips of buyers with unread older orders say "first seen" or count "since" a month, never "New".
    for (const o of olderUnread) {
      const c = before[shown.indexOf(o)]
      expect(c.text).toMatch(/First seen|since \d{4}-\d{2}/)
    }
    await page.screenshot({ path: resolve(artefacts, "honest-flags-first-seen.png") })
    expect(await popupKnownFrom()).toMatchObject({ from: "" })
    expect((await popupKnownFrom()).text).toContain("Only the pages you opened")

    // The hover card of a first-seen buyer says why and offers the two ways to fix it.
    const firstSeenAt = before.findIndex((c) => c.firstSeen === "true")
    await page.locator("[data-huike-chip]").nth(firstSeenAt).hover()
    const note = page.locator("[data-huike-card] [data-huike-coverage]")
    await note.waitFor()
    expect(await note.textContent()).toContain("may have bought before")
    expect(await note.locator("[data-huike-read-history]").count()).toBe(1)
    expect(await note.locator("[data-huike-import-export]").count()).toBe(1)
    await page.mouse.move(0, 0)

    // Import the whole report.
    const importer = await browser.openExtensionPage("tabs/import.html")
    await importer.setInputFiles('[data-testid="import-file"]', {
      name: "ExportOrderList202612.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: Buffer.from(orderReport(all))
    })
    await expect.poll(() => importer.textContent('[data-testid="import-summary"]')).toContain("xlsx")
    await importer.click('[data-testid="import-write"]')
    await importer.waitForSelector('[data-testid="import-done"]', { timeout: 120_000 })

    // The known range is the report's: from its oldest to its newest order.
    const from = Math.min(...all.map((o) => Math.floor(o.createdAt / 1000) * 1000))
    const to = Math.max(...all.map((o) => Math.floor(o.createdAt / 1000) * 1000))
    const known = await popupKnownFrom()
    expect(known.from).toBe(dayKey(from, ZONE))
    expect(known.text).toContain(`Orders known from ${dayKey(from, ZONE)}`)

    // Chips count every order now; new exactly where the report reaches a year before the first purchase.
    const customers = await readStore<{ buyerId: string; buyerNick?: string; firstOrderAt: number | null }>(
      importer,
      "customers"
    )
    const firstOf = new Map(customers.map((c) => [c.buyerNick ?? c.buyerId, c.firstOrderAt]))
    await importer.close()
    await page.reload()
    await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
    const expected = shown.map((o) => {
      const purchases = all.filter((x) => x.buyerNick === o.buyerNick && isPurchase(x))
      const first = firstOf.get(o.buyerNick) ?? null
      const isNew = first !== null && first - YEAR_MS >= from && first <= to
      return { orders: purchases.length, firstSeen: purchases.length === 0 ? null : String(!isNew) }
    })
    await expect
      .poll(async () => (await chips(page)).map((c) => ({ orders: c.orders, firstSeen: c.firstSeen })), {
        timeout: 30_000
      })
      .toEqual(expected)
    const after = await chips(page)
    // Today's first-time buyers are known to be new; a buyer whose first order is in the report's first
    // year counts "since" its first month.
    expect(expected.some((e) => e.firstSeen === "false")).toBe(true)
    shown.forEach((o, i) => {
      if (expected[i].firstSeen === "false" && expected[i].orders === 1) {
        // After the segment's short label, if the shop is scored.
        expect(after[i].text).toContain("New · ")
        expect(after[i].className).toContain("huike-chip--new")
      }
      if (expected[i].firstSeen === "true" && expected[i].orders > 1)
        expect(after[i].text).toContain(`since ${dayKey(from, ZONE).slice(0, 7)}`)
    })
    expect(shown.some((o) => !hasDecodeNick(o.buyerId))).toBe(true)
    await page.screenshot({ path: resolve(artefacts, "honest-flags-after-import.png") })
    await page.close()
    // Importing and scoring the whole shop (6,919 orders) takes a while on a busy machine.
  }, 400_000)

  it("the welcome page opened on install offers the three ways in", async () => {
    await expect
      .poll(() => browser.context.pages().some((p) => p.url().endsWith("/tabs/welcome.html")), {
        timeout: 15_000
      })
      .toBe(true)
    const welcome = browser.context.pages().find((p) => p.url().endsWith("/tabs/welcome.html"))!
    await welcome.getByTestId("welcome").waitFor()
    expect(await welcome.getByTestId("welcome-open-taobao").getAttribute("href")).toBe(
      "https://myseller.taobao.com/home.htm/trade-platform/tp/sold"
    )
    expect(await welcome.getByTestId("welcome-import").textContent()).toContain("ExportOrderList")
    expect(await welcome.getByTestId("welcome-join").count()).toBe(1)
  })
})
