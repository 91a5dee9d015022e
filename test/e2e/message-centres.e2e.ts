// The marketplaces' message centres, on their imitations (random class names, messages arriving over time,
// thread switches, reply boxes): Amazon Buyer-Seller Messaging, Shopify Inbox and the Shopify admin's order
// and customer pages, the 千牛 workbench's message page. The store is filled as a seller fills it: each
// marketplace's own order list is captured first. Chips by known names appear next to captured buyers' names,
// order numbers and e-mails, never for a buyer not captured, a substring or inside a reply being typed; the
// buyer the address names (a thread's order, an order or customer page) gets a chip in Huike's own panel,
// which follows thread switches and back/forward, and says "not in Huike yet" for an order not captured.
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AMAZON_MARKETPLACE, CAPTURED, type Centre } from "../backoffice/message-centres"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import { SHOPIFY_STORE } from "../backoffice/western-data"
import { launchWithExtension, readStore, type ExtensionBrowser } from "./browser"

const AMAZON = "https://sellercentral.amazon.com"
const ADMIN = `https://admin.shopify.com/store/${SHOPIFY_STORE}`
const INBOX = `https://inbox.shopify.com/store/${SHOPIFY_STORE}/conversations/open`
const MESSAGE_PAGE = "https://myseller.taobao.com/home.htm/app-customer-service/toolpage/Message"

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

/** Every chip in the page's markup: the text it follows, and what it says. */
async function chips(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("huike-chip")].map((host) => {
      const chip = host.shadowRoot?.querySelector("[data-huike-chip]")
      return {
        after: host.previousElementSibling?.textContent?.trim() ?? null,
        inReply: host.closest("[data-reply]") !== null,
        orders: chip?.getAttribute("data-orders") ?? null
      }
    })
  )
}
const chipPairs = async (page: Page) => (await chips(page)).map((c) => [c.after, c.orders])

/** Huike's panel for the buyer the address names: its state, and its chip's buyer and orders. */
async function panel(page: Page) {
  return page.evaluate(() => {
    const hosts = document.querySelectorAll("huike-page-buyer")
    if (hosts.length === 0) return null
    const box = hosts[0].shadowRoot?.querySelector("[data-huike-page-buyer]")
    const chip = box?.querySelector("[data-huike-chip]")
    return {
      panels: hosts.length,
      state: box?.getAttribute("data-huike-page-buyer") ?? null,
      nick: chip?.getAttribute("data-nick") ?? null,
      orders: chip?.getAttribute("data-orders") ?? null,
      text: box?.textContent ?? ""
    }
  })
}

async function storedOrders(platform: string): Promise<number> {
  const ext = await browser.openExtensionPage("popup.html")
  const rows = await readStore<{ platform: string }>(ext, "orders")
  await ext.close()
  return rows.filter((o) => o.platform === platform).length
}

/** The name index is saved a moment after captures pause: wait until it holds `text` (via the background). */
async function waitForName(text: string) {
  await expect
    .poll(
      async () => {
        const ext = await browser.openExtensionPage("popup.html")
        const reply = await ext.evaluate(
          (t) => chrome.runtime.sendMessage({ type: "resolveNames", texts: [t] }),
          text
        )
        const saved = await ext.evaluate(async () => Object.keys(await chrome.storage.local.get(null)))
        await ext.close()
        return (
          (reply as { names: Record<string, unknown> }).names[text] !== null &&
          saved.includes("huike.nameIndex")
        )
      },
      { timeout: 20_000 }
    )
    .toBe(true)
}

const receive = (page: Page, thread: string, from: string, text: string) =>
  page.evaluate(([t, f, x]) => (window as unknown as { centre: Centre_ }).centre.receive(t, f, x), [
    thread,
    from,
    text
  ] as const)

interface Centre_ {
  receive(id: string, from: string, text: string): void
}

/** Types into both reply boxes, then checks no chip landed there and the text is as typed. */
async function typeReplies(page: Page, plain: string, rich: string) {
  await page.locator("textarea[data-reply]").fill(plain)
  await page.locator("[data-reply=rich]").click()
  await page.keyboard.type(rich)
}
async function expectRepliesUntouched(page: Page, plain: string, rich: string) {
  expect((await chips(page)).some((c) => c.inReply)).toBe(false)
  expect(await page.locator("textarea[data-reply]").inputValue()).toBe(plain)
  expect(await page.locator("[data-reply=rich]").evaluate((e) => [e.textContent, e.children.length])).toEqual(
    [rich, 0]
  )
}

describe("Amazon Buyer-Seller Messaging", () => {
  let centre: Centre
  const thread = (orderId: string) =>
    `${AMAZON}/messaging/contact?orderID=${orderId}&marketplaceID=${AMAZON_MARKETPLACE}`

  it("captures Manage Orders first", async () => {
    centre = office.centres.amazon
    const page = await browser.context.newPage()
    await page.goto(`${AMAZON}/orders-v3?limit=${CAPTURED.amazon}`)
    await expect.poll(() => storedOrders("amazon"), { timeout: 20_000 }).toBe(CAPTURED.amazon)
    await page.close()
    await waitForName(centre.single.orderId)
  }, 60_000)

  it("tags the inbox by known names; the inbox names no thread, so no panel", async () => {
    const { repeat, single } = centre
    const page = await browser.context.newPage()
    await page.goto(`${AMAZON}/messaging/inbox?fi=RESPONSE_NEEDED`)
    await expect
      .poll(() => chipPairs(page), { timeout: 15_000 })
      .toEqual([
        [repeat.name, String(repeat.captured)],
        [repeat.orderId, String(repeat.captured)],
        [single.name, "1"],
        [single.orderId, "1"]
      ])
    expect(await panel(page)).toBeNull()
    await page.close()
  }, 60_000)

  it("a thread shows its order's buyer in Huike's panel, follows thread switches and back/forward", async () => {
    const { repeat, single, unknown } = centre
    expect(repeat.captured).toBeGreaterThanOrEqual(2)
    const page = await browser.context.newPage()
    await page.goto(`${AMAZON}/messaging/inbox`)
    await page.locator("[data-thread=a1]").click()
    expect(page.url()).toBe(thread(repeat.orderId))
    // The header writes the order inside "Order ID: …": no text there is the order number alone, the panel
    // names the buyer from the address.
    await expect
      .poll(() => panel(page), { timeout: 15_000 })
      .toEqual({
        panels: 1,
        state: "buyer",
        nick: repeat.name,
        orders: String(repeat.captured),
        text: expect.stringContaining(`Buyer of order ${repeat.orderId}`) as unknown as string
      })
    await expect
      .poll(() => chipPairs(page), { timeout: 15_000 })
      .toEqual([
        [repeat.name, String(repeat.captured)],
        [repeat.orderId, String(repeat.captured)],
        [single.name, "1"],
        [single.orderId, "1"],
        [repeat.name, String(repeat.captured)],
        [repeat.name, String(repeat.captured)]
      ])

    // Its chip opens the hover card on that buyer.
    await page.locator("huike-page-buyer [data-huike-chip]").click()
    const card = page.locator("[data-huike-card]")
    await card.waitFor()
    expect(await card.locator('[data-field="orders"]').textContent()).toBe(String(repeat.captured))
    await page.keyboard.press("Escape")
    await page.mouse.move(5, 600)

    // Messages arrive: a substring, an unknown name, then the other buyer's order number alone (tagged).
    await receive(page, "a1", "Seller", `Hi ${repeat.name}, we are checking`)
    await receive(page, "a1", unknown.name, "Is this the right thread?")
    await page.waitForTimeout(150)
    await receive(page, "a1", "Seller", single.orderId)
    await expect
      .poll(async () => (await chipPairs(page)).slice(6), { timeout: 15_000 })
      .toEqual([[single.orderId, "1"]])

    // Typing a stored name and order number: no chip in the reply boxes, the text unchanged.
    await typeReplies(page, repeat.name, single.orderId)
    await receive(page, "a1", "Seller", repeat.orderId)
    await expect.poll(async () => (await chips(page)).length, { timeout: 15_000 }).toBe(8)
    await expectRepliesUntouched(page, repeat.name, single.orderId)

    // The thread with a buyer not captured: the old buyer's panel goes, a quiet note says why none shows.
    await page.locator("[data-thread=a3]").click()
    expect(page.url()).toBe(thread(unknown.orderId))
    await expect
      .poll(() => panel(page), { timeout: 15_000 })
      .toEqual({
        panels: 1,
        state: "not-stored",
        nick: null,
        orders: null,
        text: `Order ${unknown.orderId} is not in Huike yet`
      })
    expect((await chips(page)).map((c) => c.after)).not.toContain(unknown.name)

    // Back: the first thread and its buyer again; forward: the note again.
    await page.goBack()
    expect(page.url()).toBe(thread(repeat.orderId))
    await expect.poll(async () => (await panel(page))?.nick, { timeout: 15_000 }).toBe(repeat.name)
    await page.goForward()
    await expect.poll(async () => (await panel(page))?.state, { timeout: 15_000 }).toBe("not-stored")
    await page.close()

    // A thread opened from its address (a link in an e-mail, a bookmark) with the other buyer.
    const direct = await browser.context.newPage()
    await direct.goto(thread(single.orderId))
    await expect
      .poll(async () => {
        const p = await panel(direct)
        return p && [p.state, p.nick, p.orders]
      })
      .toEqual(["buyer", single.name, "1"])
    await direct.close()
  }, 90_000)
})

describe("Shopify: Inbox, and the admin's order and customer pages", () => {
  let centre: Centre

  it("captures the admin's orders first", async () => {
    centre = office.centres.shopify
    const page = await browser.context.newPage()
    await page.goto(`${ADMIN}/orders?first=${CAPTURED.shopify}`)
    await expect.poll(() => storedOrders("shopify"), { timeout: 20_000 }).toBe(CAPTURED.shopify)
    await page.close()
    await waitForName(centre.single.email!)
  }, 60_000)

  it("tags Inbox by names and e-mails as messages arrive, never the reply boxes; a switch retags", async () => {
    const { repeat, single, unknown } = centre
    const [t1, t2, t3] = centre.page.threads
    const page = await browser.context.newPage()
    await page.goto(INBOX)
    await expect
      .poll(() => chipPairs(page), { timeout: 15_000 })
      .toEqual([
        [repeat.name, String(repeat.captured)],
        [single.name, "1"]
      ])
    await page.locator(`[data-thread="${t1.id}"]`).click()
    expect(page.url()).toBe(`https://inbox.shopify.com${t1.href}`)
    await expect
      .poll(() => chipPairs(page), { timeout: 15_000 })
      .toEqual([
        [repeat.name, String(repeat.captured)],
        [single.name, "1"],
        [repeat.name, String(repeat.captured)],
        [repeat.email, String(repeat.captured)],
        [repeat.name, String(repeat.captured)]
      ])
    // Inbox's address names a conversation, not a customer: no panel.
    expect(await panel(page)).toBeNull()

    await typeReplies(page, repeat.email!, single.name)
    await receive(page, t1.id, repeat.name, `My e-mail is ${single.email}`)
    await receive(page, t1.id, "Support", single.email!)
    // The message's sender is tagged, its text is not (a longer text); the e-mail alone is.
    await expect
      .poll(async () => (await chipPairs(page)).slice(5), { timeout: 15_000 })
      .toEqual([
        [repeat.name, String(repeat.captured)],
        [single.email, "1"]
      ])
    await expectRepliesUntouched(page, repeat.email!, single.name)

    // Switch to the conversation with a customer never captured, then back with history.
    await page.locator(`[data-thread="${t3.id}"]`).click()
    await expect
      .poll(() => chipPairs(page), { timeout: 15_000 })
      .toEqual([
        [repeat.name, String(repeat.captured)],
        [single.name, "1"]
      ])
    expect((await chips(page)).map((c) => c.after)).not.toContain(unknown.name)
    await page.goBack()
    expect(page.url()).toBe(`https://inbox.shopify.com${t1.href}`)
    await expect.poll(async () => (await chips(page)).length, { timeout: 15_000 }).toBe(7)
    expect(t2.href).not.toBe(t1.href)
    await page.close()
  }, 90_000)

  it("tags Inbox inside the admin, where it is an embedded app in an iframe", async () => {
    const { repeat, single } = centre
    const page = await browser.context.newPage()
    await page.goto(`${ADMIN}/apps/inbox`)
    const frame = page.frames().find((f) => f.url().startsWith("https://inbox.shopify.com/"))
    expect(frame, "the Inbox iframe").toBeDefined()
    await expect
      .poll(() => chipPairs(frame as unknown as Page), { timeout: 15_000 })
      .toEqual([
        [repeat.name, String(repeat.captured)],
        [single.name, "1"]
      ])
    // The admin's own frame holds no buyer name and no chip.
    expect(await chips(page)).toEqual([])
    await page.close()
  }, 60_000)

  it("an order page and a customer page show their buyer in the panel, following the admin's navigation", async () => {
    const { repeat } = centre
    const order = office.shopify.orders.find((o) => o.orderId === repeat.orderId)!
    const page = await browser.context.newPage()
    await page.goto(`${ADMIN}/orders?first=${CAPTURED.shopify}`)
    await page.locator(`a[href$="/orders/${repeat.orderId}"]`).click()
    expect(page.url()).toBe(`${ADMIN}/orders/${repeat.orderId}`)
    await expect
      .poll(async () => {
        const p = await panel(page)
        return p && [p.state, p.nick, p.orders, p.text.startsWith("This page's buyer")]
      })
      .toEqual(["buyer", repeat.name, String(repeat.captured), true])

    // The customer page: the customer is stored under their e-mail, found by the number in the address.
    await page.locator(`a[href$="/customers/${7_000_000 + order.customer}"]`).click()
    expect(page.url()).toBe(`${ADMIN}/customers/${7_000_000 + order.customer}`)
    // The page loads (and Huike captures) all of the customer's orders: the panel follows, with the same
    // figures as the adapter's own chip on the page's title.
    const titleOrders = () =>
      page.evaluate(() => {
        const host = document.querySelector(".Polaris-Header-Title + huike-chip")
        return host?.shadowRoot?.querySelector("[data-huike-chip]")?.getAttribute("data-orders") ?? null
      })
    const all = office.shopify.orders.filter(
      (o) => o.customer === order.customer && o.status === "PAID"
    ).length
    await expect.poll(titleOrders, { timeout: 15_000 }).toBe(String(all))
    expect(all).toBeGreaterThan(repeat.captured)
    await expect
      .poll(async () => {
        const p = await panel(page)
        return p && [p.state, p.nick, p.orders]
      })
      .toEqual(["buyer", repeat.name, String(all)])
    await page.goBack()
    await page.goBack()
    expect(page.url()).toBe(`${ADMIN}/orders?first=${CAPTURED.shopify}`)
    await expect.poll(() => panel(page)).toBeNull()
    await page.close()
  }, 90_000)
})

describe("千牛 workbench message page", () => {
  let centre: Centre

  it("captures the sold-orders list first", async () => {
    centre = office.centres.taobao
    const page = await browser.context.newPage()
    await page.goto(`https://trade.taobao.com/trade/itemlist/list_sold_items.htm?pageSize=${CAPTURED.taobao}`)
    await expect.poll(() => storedOrders("taobao"), { timeout: 20_000 }).toBe(CAPTURED.taobao)
    await page.close()
    await waitForName(centre.single.name)
  }, 60_000)

  it("chips the nicks of the message list and the open conversation as messages arrive", async () => {
    const { repeat, single, unknown } = centre
    const [q1, q2] = centre.page.threads
    const page = await browser.context.newPage()
    await page.goto(MESSAGE_PAGE)
    const n = String(repeat.captured)
    await expect
      .poll(() => chipPairs(page), { timeout: 15_000 })
      .toEqual([
        [repeat.name, n],
        [single.name, "1"],
        [repeat.name, n],
        [repeat.name, n]
      ])
    expect(await panel(page)).toBeNull()

    await receive(page, q1.id, "客服", `你好 ${repeat.name}，请问有什么可以帮您？`)
    await receive(page, q1.id, unknown.name, "在吗")
    await page.waitForTimeout(150)
    await receive(page, q1.id, repeat.name, repeat.orderId)
    // The buyer sending their order number: both tagged.
    await expect
      .poll(async () => (await chipPairs(page)).slice(4), { timeout: 15_000 })
      .toEqual([
        [repeat.name, n],
        [repeat.orderId, n]
      ])
    await typeReplies(page, single.name, repeat.orderId)
    await receive(page, q1.id, "客服", single.name)
    await expect
      .poll(async () => (await chipPairs(page)).slice(6), { timeout: 15_000 })
      .toEqual([[single.name, "1"]])
    await expectRepliesUntouched(page, single.name, repeat.orderId)

    // Another conversation: its pane replaces the last one's, and its nicks are tagged.
    await page.locator(`[data-thread="${q2.id}"]`).click()
    await expect
      .poll(() => chipPairs(page), { timeout: 15_000 })
      .toEqual([
        [repeat.name, n],
        [single.name, "1"],
        [single.name, "1"],
        [single.name, "1"]
      ])
    await page.close()
  }, 90_000)
})
