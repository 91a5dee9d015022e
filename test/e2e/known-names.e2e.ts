// Tagging by known names on a page no adapter knows: an imitation helpdesk chat (random class names,
// messages arriving over time, a thread switch, a reply box) on a site the seller adds in the options. The
// store is seeded as a seller would: the imitation Taobao sold-orders page captured (nicks, order numbers),
// and a Shopify-style import (names, e-mails; two customers with the same name).
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { isIdentifyingText, normalizeName } from "../../src/core/known-names"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import { resolve } from "node:path"
import { launchWithExtension, repoRoot, type ExtensionBrowser } from "./browser"

const LIST = "https://trade.taobao.com/trade/itemlist/list_sold_items.htm"
const SITE = "https://help.desk-imitation.test"
const CHAT = `${SITE}/chat`
const PURCHASE = new Set(["买家已付款，等待卖家发货", "卖家已发货，等待买家确认", "交易成功"])
const NOW = Date.now()

let office: BackOffice
let browser: ExtensionBrowser

beforeAll(async () => {
  office = await startBackOffice()
  browser = await launchWithExtension({ hostResolverRules: office.hostResolverRules })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await office?.close()
})

/** Every chip on the page: the text it follows, and what it says. */
async function chips(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("huike-chip")].map((host) => {
      const chip = host.shadowRoot?.querySelector("[data-huike-chip]")
      return {
        after: host.previousElementSibling?.textContent?.trim() ?? null,
        inReply: host.closest("[data-reply]") !== null,
        nick: chip?.getAttribute("data-nick") ?? null,
        orders: chip?.getAttribute("data-orders") ?? null,
        shared: chip?.getAttribute("data-shared") ?? null,
        text: chip?.textContent ?? ""
      }
    })
  )
}

const western = (orderId: string, buyerId: string, name: string, email: string, amount: number) => ({
  platform: "shopify" as const,
  shopId: "helpdesk-demo.myshopify.com",
  orderId,
  buyerId,
  buyerNick: name,
  buyerEmail: email,
  createdAt: NOW - 20 * 86_400_000,
  status: "completed" as const,
  amount,
  refunded: 0,
  currency: "USD"
})

async function allowSite(origin: string): Promise<void> {
  // chrome://extensions → Huike → Site access → "Add a site" (then Chrome does not prompt in the options).
  const settings = await browser.context.newPage()
  await settings.goto(`chrome://extensions/?id=${browser.extensionId}`)
  const added = await settings.evaluate(
    ([id, site]) =>
      new Promise<string>((done) => {
        const dev = (chrome as unknown as { developerPrivate: DeveloperPrivate }).developerPrivate
        dev.updateExtensionConfiguration({ extensionId: id, hostAccess: "ON_SPECIFIC_SITES" }, () =>
          dev.addHostPermission(id, site, () => done(chrome.runtime.lastError?.message ?? "ok"))
        )
      }),
    [browser.extensionId, `${origin}/*`] as const
  )
  expect(added).toBe("ok")
  await settings.close()
}

interface DeveloperPrivate {
  updateExtensionConfiguration(update: { extensionId: string; hostAccess: string }, done: () => void): void
  addHostPermission(id: string, host: string, done: () => void): void
}

describe("tags by known names on an unknown chat page", () => {
  let nick = ""
  let nickOrders = 0
  let orderId = ""

  it("seeds the store: Taobao sold orders captured, a Western shop imported", async () => {
    const page = await browser.context.newPage()
    await page.goto(`${LIST}?pageSize=50`)
    await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
    const firstPage = office.taobao.orders.slice(0, 50)
    // A buyer with two or more purchases on the page and a nick the rule accepts.
    const counts = new Map<string, number>()
    for (const o of firstPage)
      if (PURCHASE.has(o.status)) counts.set(o.buyerNick, (counts.get(o.buyerNick) ?? 0) + 1)
    const pick = [...counts].find(([n, c]) => c >= 2 && isIdentifyingText(normalizeName(n)))
    if (!pick) throw new Error("the imitation shop's first page has no repeat buyer")
    ;[nick, nickOrders] = pick
    orderId = firstPage.find((o) => o.buyerNick === nick)!.orderId
    await expect
      .poll(() => page.evaluate(() => document.querySelectorAll("huike-chip").length), { timeout: 15_000 })
      .toBe(50)
    await page.close()

    const ext = await browser.openExtensionPage("popup.html")
    const reply = await ext.evaluate(
      async (orders) => {
        const chunk = await chrome.runtime.sendMessage({
          type: "importChunk",
          jobId: "helpdesk-e2e",
          source: "orders_export.csv",
          total: orders.length,
          offset: 0,
          orders
        })
        const done = await chrome.runtime.sendMessage({ type: "importFinish", jobId: "helpdesk-e2e" })
        return { chunk, done }
      },
      [
        western("2001", "olivia@example.org", "Olivia Hartmann", "olivia@example.org", 12_000),
        western("2002", "olivia@example.org", "Olivia Hartmann", "olivia@example.org", 8_000),
        western("2003", "jane.smith@example.com", "Jane Smith", "jane.smith@example.com", 5_000),
        western("2004", "jsmith@example.net", "Jane Smith", "jsmith@example.net", 7_000)
      ]
    )
    expect(reply.done).toMatchObject({ ok: true, job: { status: "done", inserted: 4 } })
    await ext.close()
  }, 60_000)

  it("the options add the site: only the tagging script is registered there", async () => {
    await allowSite(SITE)
    const options = await browser.openExtensionPage("options.html")
    await options.fill('input[name="tag-site-address"]', CHAT)
    await options.click("[data-tag-sites] button[type=submit]")
    await expect.poll(() => options.textContent("[data-tag-status]"), { timeout: 15_000 }).toContain(SITE)
    // The list is read again after the status line says so (a moment later on a loaded machine).
    await expect.poll(() => options.locator("[data-tag-sites-list] code").allTextContents()).toEqual([SITE])
    // Not listed as a back office Huike reads.
    expect(await options.locator("[data-granted] code").allTextContents()).toEqual([])
    await options.close()
    const registered = async () =>
      (await browser.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).filter((s) =>
        s.id.startsWith("huike-selfhosted-")
      )
    // The worker registers the script after the page's list shows the site (a moment later under load).
    await expect
      .poll(async () => (await registered()).map((s) => [s.id, s.matches, s.world ?? "ISOLATED"]))
      .toEqual([["huike-selfhosted-tags", [`${SITE}/*`], "ISOLATED"]])
    const ours = await registered()
    expect(ours[0].js?.every((f) => /overlay\./.test(f))).toBe(true)
  })

  it("chips stored nicks, order numbers and e-mails as messages arrive; never unknown names, substrings, shared names or the reply box", async () => {
    const page = await browser.context.newPage()
    await page.goto(CHAT)
    await page.waitForFunction(() => "chat" in window)
    await page.evaluate(
      ([buyer]) => {
        const chat = (window as unknown as { chat: Chat }).chat
        chat.thread("t1", buyer)
        chat.thread("t2", "Olivia Hartmann")
        chat.open("t1")
      },
      [nick]
    )
    // The thread list and the header name the buyers: chipped with their figures.
    await expect
      .poll(async () => (await chips(page)).map((c) => [c.after, c.orders]), { timeout: 15_000 })
      .toEqual([
        [nick, String(nickOrders)],
        ["Olivia Hartmann", "2"],
        [nick, String(nickOrders)]
      ])

    const receive = (thread: string, from: string, text: string) =>
      page.evaluate(([t, f, x]) => (window as unknown as { chat: Chat }).chat.receive(t, f, x), [
        thread,
        from,
        text
      ] as const)
    // Messages over time: a substring ("你好 nick"), an unknown name, a stoplisted word, a masked nick, a
    // short number, then the order number alone and a shared name; the last ones prove the scan got there.
    await receive("t1", "客服", `你好 ${nick}，请问有什么可以帮您？`)
    await page.waitForTimeout(150)
    await receive("t1", "Zhang Unknownson", "请问这个什么时候发货")
    await page.waitForTimeout(150)
    await receive("t1", "客服", "陈**平")
    await receive("t1", "客服", "1234567")
    await page.waitForTimeout(150)
    await receive("t1", nick, orderId)
    await receive("t1", "客服", "Jane Smith")
    await expect
      .poll(async () => (await chips(page)).map((c) => [c.after, c.nick, c.shared]), { timeout: 15_000 })
      .toEqual([
        [nick, nick, null],
        ["Olivia Hartmann", "Olivia Hartmann", null],
        [nick, nick, null],
        [nick, nick, null],
        [orderId, orderId, null],
        ["Jane Smith", "Jane Smith", "2"]
      ])
    const all = await chips(page)
    // The order number's chip is its buyer's: same figures as the nick's.
    expect(all[4].orders).toBe(String(nickOrders))
    expect(all[5].text).toBe("2 buyers named Jane Smith")

    // The rep types a stored nick and an e-mail into both reply boxes: no chip there, the text unchanged.
    await page.locator("textarea[data-reply]").fill(nick)
    await page.locator("[data-reply=rich]").click()
    await page.keyboard.type("olivia@example.org")
    // A message after the typing: once it is chipped, the scan has seen the reply boxes too.
    await receive("t1", "客服", "olivia@example.org")
    await expect.poll(async () => (await chips(page)).length, { timeout: 15_000 }).toBe(7)
    expect((await chips(page))[6]).toMatchObject({ after: "olivia@example.org", orders: "2" })
    expect((await chips(page)).some((c) => c.inReply)).toBe(false)
    expect(await page.locator("textarea[data-reply]").inputValue()).toBe(nick)
    expect(
      await page.locator("[data-reply=rich]").evaluate((e) => [e.textContent, e.children.length])
    ).toEqual(["olivia@example.org", 0])

    // The shared name's chip opens the side panel's search for it.
    await page.locator("huike-chip [data-shared]").click()
    await expect
      .poll(() =>
        browser.worker.evaluate(
          async () => (await chrome.storage.session.get("huike.search"))["huike.search"]
        )
      )
      .toMatchObject({ query: "Jane Smith" })

    // A thread switch: the pane's text is replaced; the new thread's names are tagged, the old chips go.
    await receive("t2", "Olivia Hartmann", "Hi, where is my parcel?")
    await page.locator("[data-thread=t2]").click()
    await expect
      .poll(async () => (await chips(page)).map((c) => [c.after, c.orders]), { timeout: 15_000 })
      .toEqual([
        [nick, String(nickOrders)],
        ["Olivia Hartmann", "2"],
        ["Olivia Hartmann", "2"],
        ["Olivia Hartmann", "2"]
      ])
    await page.close()
  }, 90_000)

  it("a chip never makes its line taller, whatever the text's size, and sits on the text's middle", async () => {
    const page = await browser.context.newPage()
    await page.goto(CHAT)
    await page.waitForFunction(() => "chat" in window)
    await page.evaluate(() => {
      const chat = (window as unknown as { chat: Chat }).chat
      chat.thread("sizes", "Sizes")
      chat.open("sizes")
    })
    // One row per size and line height, each beside an unknown sender's row of the same size (no chip).
    const sizes = [
      [11, "normal"],
      [12, "1.5"],
      [14, "normal"],
      [16, "1.2"],
      [20, "normal"]
    ] as const
    for (const [size, lineHeight] of sizes) {
      for (const from of [nick, "Zhang Unknownson"])
        await page.evaluate(
          ([f, px, lh]) => {
            ;(window as unknown as { chat: Chat }).chat.receive("sizes", f, `size ${px}`)
            const rows = document.querySelectorAll<HTMLElement>("[data-msg]")
            const row = rows[rows.length - 1]
            row.style.fontSize = `${px}px`
            row.style.lineHeight = lh
          },
          [from, size, lineHeight] as const
        )
    }
    await expect.poll(async () => (await chips(page)).length, { timeout: 15_000 }).toBe(sizes.length)
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll("[data-msg]")].map((row) => {
        const name = row.firstElementChild!
        const chip = row.querySelector("huike-chip")?.shadowRoot?.querySelector("[data-huike-chip]")
        const line = name.getBoundingClientRect()
        const c = chip?.getBoundingClientRect()
        return {
          row: row.getBoundingClientRect().height,
          lineTop: line.top,
          lineBottom: line.bottom,
          chip: c ? { top: c.top, bottom: c.bottom } : null
        }
      })
    )
    await page
      .locator("[data-msg]")
      .first()
      .evaluate((e) => e.parentElement!.scrollIntoView())
    await page.screenshot({ path: resolve(repoRoot, "test-results/e2e/chip-sizes.png") })
    for (let i = 0; i < sizes.length; i++) {
      const [withChip, without] = [boxes[2 * i], boxes[2 * i + 1]]
      expect(withChip.chip, `size ${sizes[i][0]}`).not.toBeNull()
      expect(without.chip).toBeNull()
      // The same height as the row of the same text without a chip.
      expect(withChip.row, `size ${sizes[i][0]}`).toBe(without.row)
      // Drawn on the text's middle (CSS's: the baseline plus half the x-height), so its centre is within a
      // fifth of the text's size of the middle of the name's box (whose ascent is larger than its descent).
      const middle = (a: number, b: number) => (a + b) / 2
      expect(
        Math.abs(
          middle(withChip.chip!.top, withChip.chip!.bottom) - middle(withChip.lineTop, withChip.lineBottom)
        ),
        `size ${sizes[i][0]}`
      ).toBeLessThanOrEqual(Math.max(2, sizes[i][0] / 5))
    }
    await page.close()
  }, 60_000)

  it("a site removed in the options shows no tags", async () => {
    const options = await browser.openExtensionPage("options.html")
    await options.locator("[data-tag-sites-list] button").click()
    await expect.poll(() => options.locator("[data-tag-sites-list] code").count()).toBe(0)
    await options.close()
    await expect
      .poll(async () =>
        (await browser.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).filter((s) =>
          s.id.startsWith("huike-selfhosted-")
        )
      )
      .toEqual([])
    expect((await browser.worker.evaluate(() => chrome.permissions.getAll())).origins).toEqual([])
    const page = await browser.context.newPage()
    await page.goto(CHAT)
    await page.waitForFunction(() => "chat" in window)
    await page.evaluate(
      ([buyer]) => {
        const chat = (window as unknown as { chat: Chat }).chat
        chat.thread("t1", buyer)
        chat.open("t1")
      },
      [nick]
    )
    await page.waitForTimeout(1_500)
    expect(await chips(page)).toEqual([])
    await page.close()
  })
})

interface Chat {
  thread(id: string, title: string): void
  open(id: string): void
  receive(id: string, from: string, text: string): void
}
