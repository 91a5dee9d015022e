// Member rights end to end, in real Chromium with the production build on the imitation Taobao list: the
// owner writes Gold's benefits in the options page; a rep's hover card for a Gold buyer lists them, with
// what Diamond adds, and its copy button puts the chat sentence on the clipboard; the side panel says the same.
import { mkdirSync } from "node:fs"
import { resolve } from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import { launchWithExtension, readStore, repoRoot, type ExtensionBrowser } from "./browser"

const LIST = "https://trade.taobao.com/trade/itemlist/list_sold_items.htm"
const artefacts = resolve(repoRoot, "test-results/e2e")

let office: BackOffice
let browser: ExtensionBrowser

beforeAll(async () => {
  mkdirSync(artefacts, { recursive: true })
  office = await startBackOffice()
  browser = await launchWithExtension({ hostResolverRules: office.hostResolverRules })
  // What a rep's browser asks once for the back office's page; the test grants it up front.
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: "https://trade.taobao.com"
  })
})

afterAll(async () => {
  await browser?.close()
  await office?.close()
})

async function openList(): Promise<Page> {
  const page = await browser.context.newPage()
  await page.goto(`${LIST}?pageSize=50`)
  await expect
    .poll(() => page.locator('[data-huike-chip]:not([data-orders="0"])').count(), { timeout: 15_000 })
    .toBe(50)
  return page
}

describe("member rights", () => {
  it("the owner sets Gold's benefits; a Gold buyer's card shows them and copies the chat sentence", async () => {
    const page = await openList()

    // The options page: the shipped benefits are examples, marked; the owner writes Gold's own.
    const options = await browser.openExtensionPage("options.html")
    const gold = options.locator('[data-benefits="gold"]')
    await gold.waitFor()
    expect(await gold.getByTestId("benefits-example").count()).toBe(1)
    expect(await gold.locator('[data-benefit="discount"]').inputValue()).toBe("5")
    // The examples follow the shop's language until edited.
    const diamondText = options.locator('[data-benefits="diamond"] [data-benefit="text"]')
    expect(await diamondText.inputValue()).toBe("a personal service contact")
    await options.getByTestId("benefits-lang").selectOption("zh")
    expect(await diamondText.inputValue()).toBe("专属客服")
    await options.getByTestId("benefits-lang").selectOption("en")
    expect(await diamondText.inputValue()).toBe("a personal service contact")
    await gold.locator('[data-benefit="discount"]').fill("8")
    await gold.locator('[data-benefit="birthdayGift"]').uncheck()
    await gold.locator('[data-benefit="text"]').fill("Gift wrapping on every order\n\nA handwritten card")
    // Edited: no longer an example. Diamond, untouched, still is.
    expect(await gold.getByTestId("benefits-example").count()).toBe(0)
    expect(await options.locator('[data-benefits="diamond"]').getByTestId("benefits-example").count()).toBe(1)
    await options.getByTestId("save-ladder").click()
    await expect.poll(() => options.getByTestId("owner-status").textContent()).toBe("Saved.")
    const settings = await readStore<{ key: string; value: unknown }>(options, "settings")
    const ladder = settings.find((s) => s.key === "owner.memberLadder")?.value as {
      lang: string
      levels: { id: string; minSpend: number; benefits?: unknown }[]
    }
    expect(ladder.lang).toBe("en")
    expect(ladder.levels.find((l) => l.id === "gold")).toMatchObject({
      minSpend: 200_000,
      benefits: {
        text: ["Gift wrapping on every order", "A handwritten card"],
        discountPercent: 8,
        freeShipping: true
      }
    })
    expect(ladder.levels.find((l) => l.id === "gold")?.benefits).not.toHaveProperty("birthdayGift")
    expect(ladder.levels.find((l) => l.id === "gold")?.benefits).not.toHaveProperty("example")

    // A buyer on the list becomes Gold: a ¥2,000 order three days ago comes in through the capture path.
    type Stored = {
      key: string
      shopId: string
      buyerId: string
      buyerNick: string
      orders: number
      totalSpent: number
      memberLevel?: string
    }
    const nicks = await page
      .locator("[data-huike-chip]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-nick")))
    const buyer = (await readStore<Stored>(options, "customers")).find(
      (c) => nicks.includes(c.buyerNick) && c.orders <= 3 && c.totalSpent < 200_000
    )!
    const reply = await options.evaluate(
      (b) =>
        chrome.runtime.sendMessage({
          type: "capture",
          platform: "taobao",
          pageKind: "order-list",
          url: "https://trade.taobao.com/trade/itemlist/list_sold_items.htm",
          shopId: b.shopId,
          rowsSeen: 1,
          orders: [
            {
              platform: "taobao",
              shopId: b.shopId,
              orderId: "4999000000000000001",
              buyerId: b.buyerId,
              buyerNick: b.buyerNick,
              createdAt: Date.now() - 3 * 86_400_000,
              status: "completed",
              amount: 200_000,
              refunded: 0,
              currency: "CNY"
            }
          ],
          problems: []
        }),
      buyer
    )
    expect(reply).toMatchObject({ ok: true, rowsStored: 1 })
    await expect
      .poll(
        async () =>
          (await readStore<Stored>(options, "customers")).find((c) => c.key === buyer.key)?.memberLevel
      )
      .toBe("gold")

    // The rep's card for them lists Gold's benefits, the upgrade, and what Diamond adds.
    await page.bringToFront()
    const chip = page.locator("[data-huike-chip]").nth(nicks.indexOf(buyer.buyerNick))
    await chip.hover()
    const rights = page.locator("[data-huike-card] [data-huike-rights]")
    await rights.waitFor()
    expect(await rights.getAttribute("data-level")).toBe("gold")
    expect(await rights.locator("[data-huike-benefits] li").allTextContents()).toEqual([
      "free shipping",
      "8% off",
      "Gift wrapping on every order",
      "A handwritten card"
    ])
    expect(await rights.locator("[data-huike-example]").count()).toBe(0)
    expect(await rights.locator("[data-huike-upgrade]").textContent()).toBe("Upgraded to Gold 3 days ago")
    // Diamond's example benefits, less what Gold already gives (free shipping).
    expect(await rights.locator("[data-huike-next-adds]").textContent()).toBe(
      "Diamond adds: 10% off, priority handling of your orders, a birthday gift, a personal service contact"
    )
    const sentence = (await rights.locator("[data-huike-sentence]").textContent()) ?? ""
    expect(sentence).toMatch(
      new RegExp(
        "^As a Gold member you get free shipping and 8% off on this order, plus Gift wrapping on every " +
          "order and A handwritten card\\. Spend ¥[\\d,]+ more or place \\d more orders? to become a " +
          "Diamond member and also get 10% off, priority handling of your orders, a birthday gift and a " +
          "personal service contact\\.$"
      )
    )

    // One click: the sentence is on the clipboard, as the page reads it back.
    await page.evaluate(() => navigator.clipboard.writeText("not yet"))
    await rights.locator("[data-huike-copy-sentence]").click()
    await expect.poll(() => rights.getByRole("status").textContent()).toBe("Copied")
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sentence)
    await page.screenshot({ path: resolve(artefacts, "member-rights-en.png") })

    // The side panel follows the buyer and says the same.
    const panel = await browser.openExtensionPage("sidepanel.html")
    await expect
      .poll(() => panel.getByTestId("panel-rights").locator("[data-huike-sentence]").textContent(), {
        timeout: 10_000
      })
      .toBe(sentence)
    await panel.setViewportSize({ width: 400, height: 900 })
    await panel.screenshot({ path: resolve(artefacts, "member-rights-panel-en.png") })
    await panel.close()
    await options.close()
    await page.close()
  })
})
