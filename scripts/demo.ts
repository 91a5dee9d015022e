// `npm run demo [-- --headless] [-- --pages N]`: starts the imitation Taobao back office on 127.0.0.1,
// opens Chromium with the built extension, walks the sold-orders pages so Huike captures them, and
// shows the chips and the popup. With --headless it prints what was captured, saves screenshots to
// demo-output/ and exits; otherwise the window stays open until you press Ctrl+C.
import { mkdirSync } from "node:fs"
import { resolve } from "node:path"
import { startBackOffice } from "../test/backoffice/server"
import { launchWithExtension, readStore, repoRoot } from "../test/e2e/browser"

const args = process.argv.slice(2)
const headless = args.includes("--headless")
const pagesArg = args.indexOf("--pages")
const PAGE_SIZE = 100
const locale = args.includes("--zh") ? "zh-CN" : "en"
const out = resolve(repoRoot, "demo-output")

async function main() {
  mkdirSync(out, { recursive: true })
  const office = await startBackOffice()
  const totalPages = Math.ceil(office.taobao.orders.length / PAGE_SIZE)
  const pages = pagesArg >= 0 ? Math.min(totalPages, Number(args[pagesArg + 1])) : totalPages
  console.log(
    `Imitation Taobao back office on https://127.0.0.1:${office.port} (as trade.taobao.com): ` +
      `${office.taobao.orders.length} orders of ${new Set(office.taobao.orders.map((o) => o.buyerId)).size} buyers from CDNOW`
  )
  const browser = await launchWithExtension({ hostResolverRules: office.hostResolverRules, headless, locale })
  const page = await browser.context.newPage()
  await page.goto(`https://trade.taobao.com/trade/itemlist/list_sold_items.htm?pageSize=${PAGE_SIZE}`)
  const ext = await browser.openExtensionPage("popup.html")
  const storedOrders = async () => (await readStore(ext, "orders")).length

  // Walk back through the history page by page, as a seller paging through 已卖出的宝贝 would.
  for (let n = 1; n <= pages; n++) {
    if (n > 1) await page.locator(".pagination-next").click()
    await page.waitForFunction((p) => document.body.dataset.loadedPage === String(p), n)
    const want = Math.min(n * PAGE_SIZE, office.taobao.orders.length)
    const t0 = Date.now()
    while ((await storedOrders()) < want && Date.now() - t0 < 15_000) await page.waitForTimeout(50)
    process.stdout.write(`\rcaptured page ${n}/${pages}`)
  }
  process.stdout.write("\n")

  // Back to the newest orders: every buyer now carries their history.
  await page.goto(`https://trade.taobao.com/trade/itemlist/list_sold_items.htm?pageSize=15`)
  await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
  await page.waitForFunction(() => document.querySelectorAll("huike-chip").length >= 15, null, {
    timeout: 15_000
  })
  await page.waitForTimeout(300)
  await page.screenshot({ path: resolve(out, "sold-orders-with-chips.png"), fullPage: false })
  await ext.setViewportSize({ width: 360, height: 260 })
  await ext.reload()
  await ext.getByTestId("orders").waitFor()
  await ext.screenshot({ path: resolve(out, "popup.png") })

  const customers = await readStore<{ orders: number; repeatBuyer: boolean }>(ext, "customers")
  const orders = await storedOrders()
  const chips = await page
    .locator("[data-huike-chip]")
    .evaluateAll((els) =>
      els.map(
        (el) => `${el.getAttribute("data-nick")}: ${[...el.children].map((c) => c.textContent).join(" · ")}`
      )
    )
  console.log(
    `Stored in IndexedDB: ${orders} orders, ${customers.length} customers, ${customers.filter((c) => c.repeatBuyer).length} repeat buyers`
  )
  console.log(
    `Popup shows: ${await ext.getByTestId("customers").textContent()} customers, ${await ext.getByTestId("orders").textContent()} orders`
  )
  console.log(`Chips on the first page:\n  ${chips.join("\n  ")}`)
  console.log(`Screenshots: ${resolve(out, "sold-orders-with-chips.png")}, ${resolve(out, "popup.png")}`)

  if (headless) {
    await browser.close()
    await office.close()
    return
  }
  console.log("Chromium stays open; press Ctrl+C to stop.")
  await new Promise<void>((done) => process.once("SIGINT", () => done()))
  await browser.close()
  await office.close()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
