// The demo's capture (scripts/demo.ts runDemo) on its newest 3 pages, in Chinese: the popup it screenshots
// shows today's orders and buyers (the demo shop's last day is today in Asia/Shanghai), the 30-day chart
// and the follow-ups the day's rules made; the five screenshots are written, the popup's at full height.
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, expect, it } from "vitest"
import { DEMO_LIST, PROMO_TILE, runDemo, STORE_SHOT, type Demo } from "../../scripts/demo"
import { readStore } from "./browser"

let demo: Demo
const out = mkdtempSync(join(tmpdir(), "huike-demo-"))
const lines: string[] = []

beforeAll(async () => {
  demo = await runDemo({
    pages: 3,
    locale: "zh-CN",
    out,
    progress: { step: (l) => lines.push(l), say: (l) => lines.push(l) }
  })
}, 180_000)

afterAll(async () => {
  await demo?.close()
  rmSync(out, { recursive: true, force: true })
})

const shanghaiDay = (ms: number) => new Date(ms).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" })
/** "5 ▲" → 5 */
const figure = async (id: string) =>
  Number((await demo.popup.getByTestId(id).textContent())!.match(/^[\d,]+/)![0])

it("the popup shows today's orders and buyers, new and returning, the 30-day chart and the follow-ups", async () => {
  const { popup, office } = demo
  const today = shanghaiDay(Date.now())
  const todays = office.taobao.orders.filter((o) => shanghaiDay(o.createdAt) === today)
  expect(todays.length).toBeGreaterThan(0)
  expect(await popup.getByTestId("today").getAttribute("data-day")).toBe(today)
  expect(await popup.getByRole("heading", { level: 2 }).first().textContent()).toContain("今天")
  expect(await figure("today-orders")).toBe(todays.length)
  expect(await figure("today-buyers")).toBe(new Set(todays.map((o) => o.buyerNick)).size)
  // Three pages hold each of today's buyers' earlier orders only for some: all are new or returning.
  expect((await figure("today-new")) + (await figure("today-returning"))).toBe(await figure("today-buyers"))
  expect(await figure("today-new")).toBeGreaterThan(0)

  const chart = popup.getByTestId("rate-chart")
  const size = await chart.evaluate((c: HTMLCanvasElement) => [c.width, c.height])
  expect(size[0]).toBeGreaterThan(0)
  expect(size[1]).toBeGreaterThan(0)
  expect(await popup.getByTestId("rate-table").locator("tbody tr").count()).toBe(30)

  expect(await popup.getByTestId("due-reminder").count()).toBeGreaterThan(0)
})

it("writes the six screenshots (the history reading's bar first), the popup's at its full height", async () => {
  const pngSize = (file: string) => {
    const b = readFileSync(file)
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) }
  }
  for (const file of Object.values(demo.screenshots)) expect(pngSize(file).width).toBeGreaterThan(0)
  const main = await demo.popup.locator("main").boundingBox()
  const shot = pngSize(demo.screenshots.popup)
  expect(shot.height).toBeGreaterThanOrEqual(Math.floor(main!.y + main!.height))
  expect(shot.width).toBeGreaterThanOrEqual(Math.floor(main!.x + main!.width))
  // The demo read through Huike's own bar, back to the day of its 300th order, and said it shortened the pause.
  expect(
    lines.some((l) => l.startsWith("The demo shortens the pause between the reading's requests to 200 ms"))
  ).toBe(true)
  expect(lines.filter((l) => l.startsWith("Huike offers: "))).toHaveLength(1)
  expect(
    lines.filter((l) => /^Huike: 已读取 [\d,]+ 笔订单，一直到 \d{4}-\d{2}-\d{2}（您选择的日期）。$/.test(l))
  ).toHaveLength(1)
})

it("writes the store's screenshots at exactly 1280×800 and the promo tile at 440×280", () => {
  const size = (file: string) => {
    const b = readFileSync(file)
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) }
  }
  const { promoTile, ...shots } = demo.storeShots
  expect(Object.keys(shots)).toEqual(["soldOrders", "hoverCard", "dashboard"])
  for (const file of Object.values(shots)) expect(size(file), file).toEqual(STORE_SHOT)
  expect(size(promoTile)).toEqual(PROMO_TILE)
})

it("captures through the 千牛 workbench, as sellers open the list today", () => {
  const paths = demo.office.requests.map((r) => `${r.host}${r.path}`)
  expect(paths).toContain("myseller.taobao.com/home.htm/trade-platform/tp/sold")
  expect(paths).toContain("trade.taobao.com/trade/itemlist/asyncSold.htm")
  expect(paths.filter((p) => p.includes("list_sold_items"))).toEqual([])
})

it("draws the chip's bell as the bell, not half of it", async () => {
  const page = demo.browser.context.pages().find((p) => p.url().startsWith(DEMO_LIST))!
  // A follow-up due now for the first row's buyer (the demo's own due ones may be further down the list).
  const nick = await page.locator("[data-huike-chip]").first().getAttribute("data-nick")
  const customers = await readStore<{ key: string; buyerId: string; buyerNick?: string }>(
    demo.popup,
    "customers"
  )
  const customer = customers.find((c) => c.buyerNick === nick || c.buyerId === nick)!
  const added = await demo.popup.evaluate(
    (key) =>
      chrome.runtime.sendMessage({ type: "addReminder", customerKey: key, dueAt: Date.now(), text: "回访" }),
    customer.key
  )
  expect(added).toMatchObject({ ok: true })
  await page.reload()
  await page.locator("[data-huike-bell]").first().waitFor({ timeout: 15_000 })
  const bells = await page.locator("[data-huike-bell]").evaluateAll((els) => els.map((e) => e.textContent))
  expect(bells.length).toBeGreaterThan(0)
  expect(new Set(bells)).toEqual(new Set(["\u{1F514}"]))
})
