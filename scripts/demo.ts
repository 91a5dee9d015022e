// `npm run demo [-- --headless] [-- --pages N] [-- --zh]`: starts the imitation Taobao back office on
// 127.0.0.1, opens Chromium (found or installed by test/browser/find-chromium.ts) with the built
// extension, opens the 千牛 workbench's sold-orders page and reads the shop's order history through Huike's own
// "Read the whole order history" bar (--pages N: back to the day of the Nth hundred orders, the bar's "back to"
// date; the pause between requests shortened against this imitation), runs the day's follow-up rules, and
// shows the chips, the hover card, the popup, the dashboard and the copied-text lookup's buyer-card window
// (a buyer's nick copied, the shortcut's lookup run). With --headless it prints what was captured, saves
// screenshots of the five to demo-output/ and exits; otherwise the window stays open until you press
// Ctrl+C. runDemo is the same work for a test (test/e2e/demo.e2e.ts).
import { copyFileSync, mkdirSync } from "node:fs"
import { resolve } from "node:path"
import { pathToFileURL } from "node:url"
import type { Page } from "playwright-core"
import { LAST_RUN_KEY, REMINDER_ALARM } from "../src/ui/dashboard/settings"
import { startBackOffice, type BackOffice } from "../test/backoffice/server"
import { chromiumPath } from "../test/browser/find-chromium"
import { launchWithExtension, readStore, repoRoot, type ExtensionBrowser } from "../test/e2e/browser"

const PAGE_SIZE = 100
/** The pause between the reading's requests against the demo's own imitation (a real shop gets about 3 s). */
export const DEMO_PAUSE_MS = 200
/** 已卖出的宝贝 as sellers open it today: the 千牛 workbench, which loads its rows from trade.taobao.com. */
export const DEMO_LIST = "https://myseller.taobao.com/home.htm/trade-platform/tp/sold"

/** Progress on a terminal rewrites one line; anywhere else (a log, a pipe) each step is a line of its own. */
export interface Progress {
  /** A step of a long walk: replaces the previous step on a terminal. */
  step(line: string): void
  /** A line that stays. */
  say(line: string): void
}

export function progressTo(stream: NodeJS.WriteStream = process.stdout): Progress {
  let open = false
  return {
    step(line) {
      if (!stream.isTTY) return void stream.write(line + "\n")
      stream.write(`\r${line}\x1b[K`)
      open = true
    },
    say(line) {
      if (open) stream.write("\n")
      open = false
      stream.write(line + "\n")
    }
  }
}

export interface DemoOptions {
  /** Only the newest N pages of 100 orders (default: all). */
  pages?: number
  locale?: "en" | "zh-CN"
  headless?: boolean
  /** Where the screenshots go (default demo-output/). */
  out?: string
  progress?: Progress
}

export interface Demo {
  office: BackOffice
  browser: ExtensionBrowser
  /** The popup as the screenshot shows it. */
  popup: Page
  screenshots: {
    historyBar: string
    soldOrders: string
    hoverCard: string
    popup: string
    dashboard: string
    modelCheck: string
    buyerCard: string
  }
  /** The store pass: screenshots at the Chrome Web Store's size (1280×800) and the small promo tile (440×280). */
  storeShots: { soldOrders: string; hoverCard: string; dashboard: string; promoTile: string }
  close(): Promise<void>
}

/**
 * Reads the shop's order history the way a seller would: opens 已卖出的宝贝, waits for Huike's offer, picks the
 * "back to" day when only the newest `pages` hundred orders are wanted, and presses the bar's button. Saves a
 * screenshot of the bar while it reads.
 */
async function readHistory(
  page: Page,
  browser: ExtensionBrowser,
  office: BackOffice,
  pages: number,
  progress: Progress,
  barShot: string
): Promise<void> {
  await browser.worker.evaluate(
    (ms) => chrome.storage.local.set({ "huike.history.pauseMs": ms }),
    DEMO_PAUSE_MS
  )
  progress.say(
    `The demo shortens the pause between the reading's requests to ${DEMO_PAUSE_MS} ms against its own ` +
      `imitation (a real shop gets about 3 s, or about 10 s when "slower" is ticked)`
  )
  await page.goto(`${DEMO_LIST}?pageSize=${PAGE_SIZE}`)
  await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
  const bar = page.locator("[data-huike-history-bar]")
  const text = page.locator("[data-huike-history-text]")
  await page.waitForFunction(
    () =>
      document.querySelector("huike-history-bar")?.shadowRoot?.querySelector("[data-state=offer]") != null,
    null,
    { timeout: 30_000 }
  )
  progress.say(`Huike offers: ${await text.textContent()}`)
  const orders = office.taobao.orders
  if (pages * PAGE_SIZE < orders.length) {
    const last = orders[pages * PAGE_SIZE - 1]
    const day = new Date(last.createdAt).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" })
    await page.locator("[data-huike-history-until]").fill(day)
    progress.say(`Reading back to ${day} (--pages ${pages})`)
  }
  await page.locator("[data-huike-history-start]").click()
  let shot = false
  const t0 = Date.now()
  for (;;) {
    const state = await bar.getAttribute("data-state")
    const line = (await text.textContent()) ?? ""
    if (state === "running" && !shot && /[1-9][\d,]* orders read|已读 [1-9]/.test(line)) {
      await bar.screenshot({ path: barShot })
      shot = true
    }
    if (state === "done") break
    if (state === "stopped" || state === "cancelled") throw new Error(`the reading ended ${state}: ${line}`)
    if (Date.now() - t0 > 15 * 60_000) throw new Error("the reading did not end within 15 minutes")
    progress.step(line)
    await page.waitForTimeout(250)
  }
  // A reading too short to catch mid-way: the bar as it ended.
  if (!shot) await bar.screenshot({ path: barShot })
  progress.say(`Huike: ${await text.textContent()}`)
}

/** Runs the daily follow-up rules now (the alarm would shortly after midnight) and waits for the run. */
async function runFollowUps(browser: ExtensionBrowser): Promise<void> {
  const runs = () =>
    browser.worker.evaluate(
      async (key) => ((await chrome.storage.local.get(key))[key] as { runs?: number } | undefined)?.runs ?? 0,
      LAST_RUN_KEY
    )
  const before = await runs()
  await browser.worker.evaluate((name) => chrome.alarms.create(name, { when: Date.now() }), REMINDER_ALARM)
  const t0 = Date.now()
  while ((await runs()) === before) {
    if (Date.now() - t0 > 60_000) throw new Error("the follow-up rules did not run within 60 s")
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** The extension page at this path once it is open (a window the extension opened itself). */
async function waitForPage(browser: ExtensionBrowser, path: string): Promise<Page> {
  const t0 = Date.now()
  for (;;) {
    const page = browser.context.pages().find((p) => p.url().endsWith(path))
    if (page) return page
    if (Date.now() - t0 > 15_000) throw new Error(`${path} did not open within 15 s`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export async function runDemo(opts: DemoOptions = {}): Promise<Demo> {
  const progress = opts.progress ?? progressTo()
  const out = opts.out ?? resolve(repoRoot, "demo-output")
  const locale = opts.locale ?? "en"
  const lang = locale === "zh-CN" ? "zh" : "en"
  mkdirSync(out, { recursive: true })
  progress.say(`Chromium: ${await chromiumPath()}`)
  const office = await startBackOffice({ olderOrdersTab: true })
  let browser: ExtensionBrowser | undefined
  try {
    const orders = office.taobao.orders
    const totalPages = Math.ceil(orders.length / PAGE_SIZE)
    const pages = Math.min(totalPages, opts.pages ?? totalPages)
    progress.say(
      `Imitation Taobao back office on https://127.0.0.1:${office.port} (as the 千牛 workbench, ` +
        `myseller.taobao.com, and trade.taobao.com): ` +
        `${orders.length} orders of ${new Set(orders.map((o) => o.buyerId)).size} buyers from CDNOW`
    )
    browser = await launchWithExtension({
      hostResolverRules: office.hostResolverRules,
      headless: opts.headless ?? true,
      locale,
      // As after the rep's one "Allow" in the buyer-card window (a prompt the demo cannot answer).
      granted: ["clipboardRead"]
    })
    const page = await browser.context.newPage()
    const ext = await browser.openExtensionPage("popup.html")
    const shot = (name: string) => resolve(out, `${name}-${lang}.png`)
    await readHistory(page, browser, office, pages, progress, shot("history-reading"))
    // The background refreshes shop-wide scores (segments' breakpoints, the purchase models) once captures
    // pause; the demo asks for it now, so every figure below comes from the whole history it just read.
    progress.say("Scoring the shop")
    const rescored = (await ext.evaluate(
      (shopId) => chrome.runtime.sendMessage({ type: "rescore", platform: "taobao", shopId }),
      office.taobao.shop.nick
    )) as { ok: boolean; error?: string }
    if (!rescored.ok) throw new Error(`the shop's rescore failed: ${rescored.error}`)

    progress.say("Running today's follow-up rules")
    await runFollowUps(browser)

    // Back to the newest orders: every buyer now carries their history.
    const screenshots = {
      historyBar: shot("history-reading"),
      soldOrders: shot("sold-orders-with-chips"),
      hoverCard: shot("hover-card"),
      popup: shot("popup"),
      dashboard: shot("dashboard"),
      modelCheck: shot("model-check"),
      buyerCard: shot("buyer-card-window")
    }
    await page.goto(`${DEMO_LIST}?pageSize=15`)
    await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
    await page.waitForFunction(() => document.querySelectorAll("huike-chip").length >= 15, null, {
      timeout: 15_000
    })
    await page.waitForTimeout(300)
    await page.screenshot({ path: screenshots.soldOrders })

    // The hover card of the buyer on this page with the most orders.
    const chips = page.locator("[data-huike-chip]")
    const counts = await chips.evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-orders"))))
    const top = chips.nth(counts.indexOf(Math.max(...counts)))
    // Its row near the top of the window, so the card below it is seen whole.
    await top.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 160))
    await top.hover()
    await page.locator("[data-huike-card]").waitFor()
    await page.waitForTimeout(200)
    await page.screenshot({ path: screenshots.hoverCard })
    progress.say(`Screenshots of the sold orders and the hover card`)

    // The popup at its own width and full height, once today's figures and the 30-day chart are drawn.
    await ext.setViewportSize({ width: 408, height: 600 })
    await ext.reload()
    await ext.waitForFunction(() => document.body.dataset.figuresMs !== undefined)
    await ext.getByTestId("rate-chart").waitFor()
    await ext.getByTestId("due-reminders").waitFor()
    await ext.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    await ext.screenshot({ path: screenshots.popup, fullPage: true })

    const dashboard = await browser.openExtensionPage("tabs/dashboard.html")
    await dashboard.waitForFunction(() => document.body.dataset.liveMs !== undefined, null, {
      timeout: 60_000
    })
    await dashboard.waitForTimeout(300)
    await dashboard.screenshot({ path: screenshots.dashboard })
    // "How well the predictions held" comes after the other figures (its models are fitted again).
    await dashboard
      .getByTestId("model-check-verdict")
      .or(dashboard.getByTestId("model-check-note"))
      .waitFor({ timeout: 60_000 })
    await dashboard.getByTestId("model-check").screenshot({ path: screenshots.modelCheck })
    await dashboard.close()
    progress.say(`Screenshots of the popup and the dashboard`)

    // The 千牛 desktop client's lookup: a buyer's full nick copied (the desktop client's chat shows full
    // nicks), then the lookup the shortcut runs (headless Chromium cannot press a global shortcut; the card
    // window's message runs the same one). The buyer with the most orders among the page's full nicks: a
    // masked one ("龚**0", the top buyer when only the newest 100 orders were read) names nobody for sure,
    // so its card has no member rights to wait for.
    const shown = await chips.evaluateAll((els) =>
      els.map((el) => ({
        nick: el.getAttribute("data-nick") ?? "",
        orders: Number(el.getAttribute("data-orders"))
      }))
    )
    const full = shown.filter((c) => c.nick !== "" && !c.nick.includes("*"))
    if (full.length === 0) throw new Error("no chip on the first page carries a full nick")
    const nick = full.reduce((a, b) => (b.orders > a.orders ? b : a)).nick
    await ext.evaluate((text) => navigator.clipboard.writeText(text), nick)
    await ext.evaluate(() => chrome.runtime.sendMessage({ type: "lookupCopied" }))
    const cardWindow = await waitForPage(browser, "/tabs/buyer-card.html")
    // The window's own size (a new page otherwise takes the context's viewport).
    await cardWindow.setViewportSize({ width: 400, height: 720 })
    await cardWindow.locator("[data-huike-card] [data-huike-rights]").waitFor({ timeout: 15_000 })
    // A note as a rep would add it there, to show where notes go.
    await cardWindow
      .locator("[data-huike-note-input]")
      .fill(
        lang === "zh"
          ? "老客户，只发顺丰；生日在 12 月"
          : "Regular: ships by SF Express only; birthday in December"
      )
    await cardWindow.locator("[data-huike-add-note]").click()
    await cardWindow.locator("[data-huike-notes] li").waitFor()
    await cardWindow.waitForTimeout(200)
    await cardWindow.screenshot({ path: screenshots.buyerCard, fullPage: true })
    progress.say(`Screenshot of the buyer-card window (copied-text lookup)`)

    const storeShots = await storePass(browser, page, resolve(out, "store"), lang)
    progress.say(`Store screenshots (1280×800) and promo tile (440×280) in ${resolve(out, "store")}`)

    const opened = browser
    return {
      office,
      browser: opened,
      popup: ext,
      screenshots,
      storeShots,
      async close() {
        await opened.close()
        await office.close()
      }
    }
  } catch (error) {
    await browser?.close()
    await office.close()
    throw error
  }
}

/** The Chrome Web Store's screenshot size and its small promo tile's. */
export const STORE_SHOT = { width: 1280, height: 800 }
export const PROMO_TILE = { width: 440, height: 280 }

/**
 * The listing's images, after the demo's own screenshots (which keep their sizes): the sold orders with
 * chips, a hover card and the dashboard at exactly 1280×800, and the promo tile (store/promo-tile.html)
 * rendered at 440×280.
 */
async function storePass(browser: ExtensionBrowser, page: Page, dir: string, lang: string) {
  mkdirSync(dir, { recursive: true })
  const shot = (name: string) => resolve(dir, `${name}-${STORE_SHOT.width}x${STORE_SHOT.height}-${lang}.png`)
  const shots = {
    soldOrders: shot("sold-orders"),
    hoverCard: shot("hover-card"),
    dashboard: shot("dashboard"),
    promoTile: resolve(dir, `promo-tile-${PROMO_TILE.width}x${PROMO_TILE.height}.png`)
  }
  await page.setViewportSize(STORE_SHOT)
  await page.goto(`${DEMO_LIST}?pageSize=15`)
  await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
  await page.waitForFunction(() => document.querySelectorAll("huike-chip").length >= 15, null, {
    timeout: 15_000
  })
  await page.waitForTimeout(300)
  await page.screenshot({ path: shots.soldOrders })
  const chips = page.locator("[data-huike-chip]")
  const counts = await chips.evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-orders"))))
  const top = chips.nth(counts.indexOf(Math.max(...counts)))
  await top.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 160))
  await top.hover()
  await page.locator("[data-huike-card]").waitFor()
  await page.waitForTimeout(200)
  await page.screenshot({ path: shots.hoverCard })

  const dashboard = await browser.context.newPage()
  await dashboard.setViewportSize(STORE_SHOT)
  await dashboard.goto(`chrome-extension://${browser.extensionId}/tabs/dashboard.html`)
  await dashboard.waitForFunction(() => document.body.dataset.liveMs !== undefined, null, { timeout: 60_000 })
  await dashboard.waitForTimeout(300)
  await dashboard.screenshot({ path: shots.dashboard })
  await dashboard.close()

  const tile = await browser.context.newPage()
  await tile.setViewportSize(PROMO_TILE)
  await tile.goto(pathToFileURL(resolve(repoRoot, "store/promo-tile.html")).href)
  await tile.evaluate(() => document.fonts.ready)
  await tile.screenshot({ path: shots.promoTile })
  await tile.close()
  return shots
}

async function main() {
  const args = process.argv.slice(2)
  const pagesAt = args.indexOf("--pages")
  const headless = args.includes("--headless")
  const progress = progressTo()
  const demo = await runDemo({
    headless,
    locale: args.includes("--zh") ? "zh-CN" : "en",
    pages: pagesAt >= 0 ? Number(args[pagesAt + 1]) : undefined,
    progress
  })
  const { popup, browser } = demo
  const customers = await readStore<{ repeatBuyer: boolean }>(popup, "customers")
  const orders = await readStore(popup, "orders")
  const text = async (id: string) => (await popup.getByTestId(id).textContent())?.trim()
  const page = browser.context.pages().find((p) => p.url().startsWith(DEMO_LIST))
  const chips = page
    ? await page
        .locator("[data-huike-chip]")
        .evaluateAll((els) =>
          els.map(
            (el) =>
              `${el.getAttribute("data-nick")}: ${[...el.childNodes].map((c) => c.textContent).join(" ")}`
          )
        )
    : []
  progress.say(
    `Stored in IndexedDB: ${orders.length} orders, ${customers.length} customers, ` +
      `${customers.filter((c) => c.repeatBuyer).length} repeat buyers`
  )
  progress.say(
    `Popup, today: ${await text("today-orders")} orders, ${await text("today-buyers")} buyers ` +
      `(${await text("today-new")} new, ${await text("today-returning")} returning); ` +
      `${await popup.getByTestId("due-reminder").count()} follow-ups due`
  )
  progress.say(`Chips on the first page:\n  ${chips.join("\n  ")}`)
  progress.say(
    `Screenshots:\n  ${[...Object.values(demo.screenshots), ...Object.values(demo.storeShots)].join("\n  ")}`
  )
  // The README shows the reading's bar from docs/.
  const docsShot = resolve(repoRoot, "docs", `history-reading-${args.includes("--zh") ? "zh" : "en"}.png`)
  copyFileSync(demo.screenshots.historyBar, docsShot)
  progress.say(`  ${docsShot} (for the README)`)
  if (headless) return demo.close()
  progress.say("Chromium stays open; press Ctrl+C to stop.")
  await new Promise<void>((done) => process.once("SIGINT", () => done()))
  await demo.close()
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
