// The store package loads: the zip `npm run package` wrote (build/huike-<version>-chrome.zip) is unzipped —
// not the build folder — and loaded into Chromium as a seller would after "Load unpacked"; its service worker
// starts, and a capture on the imitation Taobao sold-orders list stores the page's orders and tags its buyers.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { unzipSync } from "fflate"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { packageVersion, packageZipPath } from "../../scripts/package"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import { launchWithExtension, readStore, type ExtensionBrowser } from "./browser"

const LIST = "https://trade.taobao.com/trade/itemlist/list_sold_items.htm"

let office: BackOffice
let browser: ExtensionBrowser
let unpacked: string

beforeAll(async () => {
  const zip = packageZipPath()
  if (!existsSync(zip)) throw new Error(`no store package at ${zip}: run "npm run package" first`)
  unpacked = mkdtempSync(join(tmpdir(), "huike-package-"))
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zip)))) {
    if (name.endsWith("/")) continue
    mkdirSync(dirname(join(unpacked, name)), { recursive: true })
    writeFileSync(join(unpacked, name), bytes)
  }
  office = await startBackOffice()
  browser = await launchWithExtension({ hostResolverRules: office.hostResolverRules, extensionDir: unpacked })
})

afterAll(async () => {
  await browser?.close()
  await office?.close()
  if (unpacked) rmSync(unpacked, { recursive: true, force: true })
})

describe("the store package", () => {
  it("loads from the unzipped zip and captures the imitation sold-orders list", async () => {
    // The extension Chromium runs is the one from the zip, at package.json's version.
    const loaded = await browser.worker.evaluate(() => ({
      version: chrome.runtime.getManifest().version,
      url: chrome.runtime.getURL("")
    }))
    expect(loaded.version).toBe(packageVersion())
    expect(browser.worker.url()).toContain(loaded.url)

    const page = await browser.context.newPage()
    await page.goto(`${LIST}?pageSize=20`)
    await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
    await expect.poll(() => page.locator("[data-huike-chip]").count(), { timeout: 20_000 }).toBe(20)

    const ext = await browser.openExtensionPage("popup.html")
    const stored = await readStore<{ orderId: string; buyerNick: string }>(ext, "orders")
    expect(stored.map((o) => o.orderId).sort()).toEqual(
      office.taobao.orders
        .slice(0, 20)
        .map((o) => o.orderId)
        .sort()
    )
    const chipNicks = await page
      .locator("[data-huike-chip]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-nick")))
    expect(chipNicks).toEqual(office.taobao.orders.slice(0, 20).map((o) => o.buyerNick))

    // The privacy policy the options page links to is in the package.
    const privacy = await browser.openExtensionPage("tabs/privacy.html")
    await expect.poll(() => privacy.locator("[data-privacy]").textContent()).toContain("Huike privacy policy")
    await privacy.close()
    await ext.close()
    await page.close()
  })
})
