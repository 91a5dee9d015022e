// History reading benchmark in real headless Chromium with the production build: the 千牛 workbench imitation
// serving a synthetic shop of 100,000 orders (HUIKE_BENCH_HISTORY_ORDERS), its page's own pageSize 100, the
// reading started from the in-page bar with the pause set to 0 (the reading's override, as the demo and the
// tests do against their own imitation). Measured from the click to the bar's "done":
// - history.ordersPerSecNoPause: orders read and stored per second — the pipeline's own cost (the page's
//   request repeated from the main world, decoded, parsed by the adapter, sent as capture messages, validated
//   and stored by the background, the checkpoint saved after each page), with no pause between requests;
// - history.peakHeapMB: the sold-orders tab's peak used JS heap during the reading (CDP Runtime.getHeapUsage,
//   sampled every second: the page's renderer, where the reader, the main-world repeat and the capture run);
// - history.pages: requests made.
// The service worker's own heap is not sampled (playwright-core opens no CDP session on a worker).
import { ensureBuild } from "../browser/build"
import { launchWithExtension } from "../e2e/browser"
import { startBackOffice } from "../backoffice/server"
import { buildLargeTaobaoShop } from "../backoffice/taobao-data"
import { failIfForced, round, type BenchSuite } from "./suite"

const ORDERS = Number(process.env.HUIKE_BENCH_HISTORY_ORDERS ?? 100_000)
const SOLD = "https://myseller.taobao.com/home.htm/trade-platform/tp/sold?pageSize=100"

const suite: BenchSuite = {
  async run(log) {
    ensureBuild(log)
    failIfForced("history")
    const office = await startBackOffice({ taobao: buildLargeTaobaoShop(ORDERS), olderOrdersTab: true })
    let browser: Awaited<ReturnType<typeof launchWithExtension>> | undefined
    try {
      browser = await launchWithExtension({ hostResolverRules: office.hostResolverRules })
      await browser.worker.evaluate(() => chrome.storage.local.set({ "huike.history.pauseMs": 0 }))
      const page = await browser.context.newPage()
      await page.goto(SOLD)
      await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
      const bar = page.locator("[data-huike-history-bar]")
      await page.waitForFunction(
        () =>
          document.querySelector("huike-history-bar")?.shadowRoot?.querySelector("[data-state=offer]") !==
          null,
        null,
        { timeout: 30_000 }
      )
      const cdp = await browser.context.newCDPSession(page)
      let peak = 0
      const sample = async () => {
        const { usedSize } = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number }
        peak = Math.max(peak, usedSize)
      }
      await sample()
      const requestsBefore = office.soldRequests.length
      const t0 = performance.now()
      await page.locator("[data-huike-history-start]").click()
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000))
        await sample().catch(() => undefined)
        const state = await bar.getAttribute("data-state")
        if (state === "done") break
        if (state === "stopped" || state === "cancelled")
          throw new Error(
            `the reading ended ${state}: ${await page.locator("[data-huike-history-text]").textContent()}`
          )
        if (performance.now() - t0 > 60 * 60_000) throw new Error("the reading took over an hour")
      }
      const seconds = (performance.now() - t0) / 1000
      const pages = office.soldRequests.length - requestsBefore
      const text = await page.locator("[data-huike-history-text]").textContent()
      log(`  ${text}`)
      log(
        `  ${ORDERS} orders in ${round(seconds, 1)} s over ${pages} requests: ${round(ORDERS / seconds, 1)} orders/s, peak tab heap ${round(peak / 2 ** 20, 1)} MB`
      )
      await cdp.detach()
      return {
        "history.ordersPerSecNoPause": round(ORDERS / seconds, 1),
        "history.peakHeapMB": round(peak / 2 ** 20, 1),
        "history.pages": pages
      }
    } finally {
      await browser?.close()
      await office.close()
    }
  }
}

export default suite
