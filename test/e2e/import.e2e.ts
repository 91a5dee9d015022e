// The import page in real Chromium: preview before writing, line-numbered problems, all-or-nothing unless
// a partial import is accepted, and importing the same file twice adds nothing. Also checks that no
// mobile number from the export's receiver columns reaches the database.
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decodeExportBytes } from "../../src/adapters/encoding"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import { launchWithExtension, readStore, repoRoot, type ExtensionBrowser } from "./browser"

const fixture = (name: string) => resolve(repoRoot, "test/fixtures/exports", name)
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

const STORES = [
  "shops",
  "orders",
  "customers",
  "notes",
  "tags",
  "reminders",
  "levelHistory",
  "dailyFigures",
  "captureLog",
  "settings"
]

describe("import page", () => {
  it("previews a GBK Taobao export, imports it once, and adds nothing the second time", async () => {
    const page = await browser.openExtensionPage("tabs/import.html")
    await page.setInputFiles('[data-testid="import-file"]', fixture("taobao-orders.csv"))
    await expect
      .poll(() => page.textContent('[data-testid="import-summary"]'))
      .toContain("taobao format, gbk")
    expect(await page.textContent('[data-testid="import-summary"]')).toContain("6 orders read from 6 rows")
    expect(await page.locator('[data-testid="import-preview"] tbody tr').count()).toBe(6)
    // Nothing is written before the user confirms.
    expect(await readStore(page, "orders")).toHaveLength(0)
    await page.click('[data-testid="import-write"]')
    await page.waitForSelector('[data-testid="import-done"]')
    expect(await page.textContent('[data-testid="import-done"]')).toContain("6 new orders, 0 updated")
    const orders = await readStore<{ orderId: string; amount: number; buyerNick: string }>(page, "orders")
    expect(orders.map((o) => o.orderId).sort()).toEqual([
      "3000972774761426262",
      "3001664095626375172",
      "3002237382410078542",
      "3002349331253898330",
      "3006786978970000287",
      "3006786978970000288"
    ])
    const customers = await readStore<{ buyerNick: string; orders: number; totalSpent: number }>(
      page,
      "customers"
    )
    // leo桂1978: 1,403.99 + 88.06, two valid purchases.
    expect(customers.find((c) => c.buyerNick === "leo桂1978")).toMatchObject({
      orders: 2,
      totalSpent: 149205
    })

    await page.reload()
    await page.setInputFiles('[data-testid="import-file"]', fixture("taobao-orders.csv"))
    await page.click('[data-testid="import-write"]')
    await page.waitForSelector('[data-testid="import-done"]')
    expect(await page.textContent('[data-testid="import-done"]')).toContain("0 new orders, 6 updated")
    expect(await readStore(page, "orders")).toHaveLength(6)

    // The export's receiver phone (联系手机 13812345678) never reaches any store.
    const everything = JSON.stringify(
      await Promise.all(STORES.map((s) => readStore(page, s).catch(() => [])))
    )
    expect(everything).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/)
    expect(everything).not.toContain("文三路")
    await page.close()
  })

  it("lists unreadable rows with their lines and writes nothing unless a partial import is accepted", async () => {
    const page = await browser.openExtensionPage("tabs/import.html")
    const text = decodeExportBytes(readFileSync(fixture("shopify-orders.csv"))).text.replace(
      "2024-01-20 08:00:00 -0500",
      "20/01/2024"
    )
    await page.setInputFiles('[data-testid="import-file"]', {
      name: "orders_export.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(text, "utf8")
    })
    await page.waitForSelector('[data-testid="import-problems"]')
    expect(await page.textContent('[data-testid="import-problems"]')).toContain(
      'line 4: order #1002: cannot read Created at "20/01/2024"'
    )
    expect(await page.isDisabled('[data-testid="import-write"]')).toBe(true)
    const before = (await readStore<{ platform: string }>(page, "orders")).filter(
      (o) => o.platform === "shopify"
    )
    expect(before).toHaveLength(0)
    await page.check('[data-testid="import-accept-partial"]')
    await page.click('[data-testid="import-write"]')
    await page.waitForSelector('[data-testid="import-done"]')
    const after = (await readStore<{ platform: string; orderId: string }>(page, "orders")).filter(
      (o) => o.platform === "shopify"
    )
    expect(after.map((o) => o.orderId).sort()).toEqual([
      "5612345678901",
      "5612345678903",
      "5612345678904",
      "5612345678905"
    ])
    await page.close()
  })

  it("says clearly when a file is not an order export", async () => {
    const page = await browser.openExtensionPage("tabs/import.html")
    await page.setInputFiles('[data-testid="import-file"]', fixture("amazon-all-orders.txt"))
    await page.waitForSelector('[data-testid="import-error"]')
    expect(await page.textContent('[data-testid="import-error"]')).toContain("no buyer column (buyer-email)")
    await page.close()
  })
})
