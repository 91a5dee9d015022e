// The shop's shared customer book on the path users take: two Chromium profiles with the built extension
// (build/chrome-mv3-prod), each connected through its options page to a CouchDB-compatible server that
// stores on disk (express-pouchdb over PouchDB's LevelDB adapter, on a free local port), the owner's (A)
// orders brought in through the import page as a Taobao export.
// - sync.initial100kOrdersSec: from A's import page saying it is done until B's popup shows the same
//   figures as A's (orders, customers, today, the repurchase table). Milestones beside it: A says
//   "Synced", B's store holds every order.
// - sync.noteRoundTripMs: A types a note in its side panel; until it shows in B's open side panel on the
//   same buyer. Median of 5, on the same shop.
// HUIKE_BENCH_SYNC_ORDERS changes the order count (the metric names stay).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import type { Page } from "playwright-core"
import { encodeGbk } from "../fixtures/gbk"
import { ADMIN, startCouchServer, type CouchServer } from "../sync/couch-server"
import { countStore, launchWithExtension, type ExtensionBrowser } from "../e2e/browser"
import { quantile, round } from "./suite"

const HEADER =
  "订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,买家支付积分,总金额,返点积分,买家实际支付金额,买家实际支付积分,订单状态,买家留言,收货人姓名,收货地址 ,运送方式,联系电话 ,联系手机,订单创建时间,订单付款时间 ,宝贝标题 ,宝贝种类,物流单号,物流公司,订单备注,宝贝总数量,店铺Id,店铺名称,订单关闭原因,卖家服务费,买家服务费,发票抬头,是否手机订单,分阶段订单信息,定金排名,修改后的sku,修改后的收货地址,异常信息,退款金额"
const STATUSES = ["交易成功", "交易成功", "交易成功", "卖家已发货，等待买家确认", "买家已付款，等待卖家发货"]
const SHOP = "bench-sync-shop"
const DAY = 86_400_000

/** A Taobao order export (GBK) of `total` orders by about total/5 buyers over two years. */
export function taobaoExport(total: number): Uint8Array {
  let s = 7
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 2147483648
  const buyers = Math.max(1, Math.round(total / 5))
  const now = Date.now()
  const stamp = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ")
  const lines = [HEADER]
  for (let k = 0; k < total; k++) {
    const b = Math.floor(rnd() * rnd() * buyers)
    const created = now - Math.floor((k / total) * 730 * DAY) - Math.floor(rnd() * 3_600_000) - 3_600_000
    const paid = (10 + Math.floor(rnd() * 60_000) / 100).toFixed(2)
    const cells = [
      `="${5_000_000_000_000_000n + BigInt(k)}"`,
      `买家${b.toString(36)}`,
      "",
      paid,
      "0.00",
      "0",
      paid,
      "0",
      paid,
      "0",
      STATUSES[Math.floor(rnd() * STATUSES.length)],
      "",
      "张*明",
      '"浙江省 杭州市 西湖区 文三路 100号, 3单元"',
      "快递",
      "",
      "13812345678",
      stamp(created),
      stamp(created + 60_000),
      "正版CD",
      "1",
      "YT1234567890",
      "圆通速递",
      "",
      "1",
      "2200123456",
      "回客唱片旗舰店",
      "",
      "0",
      "0",
      "",
      "手机订单",
      "",
      "",
      "",
      "",
      "",
      ""
    ]
    lines.push(cells.join(","))
  }
  return encodeGbk(lines.join("\r\n") + "\r\n")
}

interface DevPrivate {
  updateExtensionConfiguration(u: { extensionId: string; hostAccess: string }, done: () => void): void
  addHostPermission(extensionId: string, host: string, done: () => void): void
}

/** chrome://extensions → site access for the server, then the options page's "Save and connect". */
async function connect(browser: ExtensionBrowser, couch: CouchServer, user: string): Promise<Page> {
  const settings = await browser.context.newPage()
  await settings.goto(`chrome://extensions/?id=${browser.extensionId}`)
  const added = await settings.evaluate(
    ([id, site]) =>
      new Promise<string>((done) => {
        const dev = (chrome as unknown as { developerPrivate: DevPrivate }).developerPrivate
        dev.updateExtensionConfiguration({ extensionId: id, hostAccess: "ON_SPECIFIC_SITES" }, () =>
          dev.addHostPermission(id, site, () => done(chrome.runtime.lastError?.message ?? "ok"))
        )
      }),
    [browser.extensionId, `${couch.url}/*`] as const
  )
  if (added !== "ok") throw new Error(`site access for the server: ${added}`)
  await settings.close()
  const options = await browser.openExtensionPage("options.html")
  await options.fill('input[name="sync-server"]', couch.url)
  await options.fill('input[name="sync-database"]', "shop")
  await options.fill('input[name="sync-username"]', user)
  await options.fill('input[name="sync-password"]', `${user}-pw`)
  await options.getByRole("button", { name: "Save and connect" }).click()
  await until(
    async () => (await options.getByTestId("sync-status").getAttribute("data-state")) === "synced",
    60_000,
    "connected"
  )
  return options
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 250) {
  const end = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > end) throw new Error(`timed out waiting: ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** The popup's figures (what the issue compares): counts, today, the repurchase table. */
async function popupFigures(browser: ExtensionBrowser): Promise<string> {
  const popup = await browser.openExtensionPage("popup.html")
  try {
    await popup.getByTestId("orders").waitFor({ timeout: 15_000 })
    const text = async (id: string) => (await popup.getByTestId(id).textContent())?.trim() ?? ""
    return JSON.stringify([
      await text("orders"),
      await text("customers"),
      await text("today"),
      await text("rate-table")
    ])
  } finally {
    await popup.close()
  }
}

/** Documents on the shop's server (orders travel in bundles: fewer than the orders). */
async function docsOnServer(couch: CouchServer): Promise<number> {
  const r = await fetch(`${couch.url}/shop`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString("base64")}`
    }
  })
  return ((await r.json()) as { doc_count: number }).doc_count
}

const syncState = (page: Page) =>
  page.evaluate(async () => {
    const got = await chrome.storage.local.get("huike.sync.status")
    return (got["huike.sync.status"] as { state?: string } | undefined)?.state ?? "none"
  })

/** A side panel page following `customerKey`. */
async function sidePanel(browser: ExtensionBrowser, customerKey: string): Promise<Page> {
  const panel = await browser.openExtensionPage("sidepanel.html")
  await panel.evaluate(
    (key) => chrome.storage.session.set({ "huike.focus": { customerKey: key } }),
    customerKey
  )
  await until(
    async () => (await panel.getByTestId("panel-profile").getAttribute("data-customer")) === customerKey,
    30_000,
    "side panel profile"
  )
  return panel
}

export async function measureRealPath(orders: number, log: (line: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "huike-couch-"))
  const file = join(dir, "taobao-export.csv")
  writeFileSync(file, taobaoExport(orders))
  const couch = await startCouchServer({ dir })
  const open: ExtensionBrowser[] = []
  const load = () => loadavg()[0].toFixed(1)
  try {
    await couch.addUser("owner", "owner-pw")
    await couch.addUser("rep", "rep-pw")
    await couch.createDatabase("shop", ["owner", "rep"])
    const a = await launchWithExtension({ hostResolverRules: "MAP huike-bench.invalid 127.0.0.1" })
    open.push(a)
    const b = await launchWithExtension({ hostResolverRules: "MAP huike-bench.invalid 127.0.0.1" })
    open.push(b)
    const optionsA = await connect(a, couch, "owner")
    const optionsB = await connect(b, couch, "rep")

    // A imports the export through the import page.
    const importPage = await a.openExtensionPage("tabs/import.html")
    await importPage.getByTestId("import-shop").fill(SHOP)
    await importPage.setInputFiles('[data-testid="import-file"]', file)
    await importPage.getByTestId("import-write").waitFor({ timeout: 300_000 })
    const tImport = performance.now()
    await importPage.getByTestId("import-write").click()
    await importPage.getByTestId("import-done").waitFor({ timeout: 1_800_000 })
    const t0 = performance.now()
    log(
      `  real path: ${orders} orders imported in A in ${round((t0 - tImport) / 1000, 1)} s (not counted), load ${load()}`
    )
    await importPage.close()

    const milestones: Record<string, number> = {}
    const mark = (name: string) => {
      if (milestones[name] === undefined) {
        milestones[name] = (performance.now() - t0) / 1000
        log(`    ${name} ${round(milestones[name], 1)} s (load ${load()})`)
      }
    }
    // The milestones and B's popup, polled until B shows A's figures.
    let figuresA = ""
    await until(
      async () => {
        if (milestones["sync.real.aSyncedSec"] === undefined && (await syncState(optionsA)) === "synced")
          mark("sync.real.aSyncedSec")
        if (milestones["sync.real.bStoreFullSec"] === undefined) {
          if ((await countStore(optionsB, "orders")) < orders) return false
          mark("sync.real.bStoreFullSec")
        }
        figuresA = await popupFigures(a)
        return (await popupFigures(b)) === figuresA
      },
      3_600_000,
      "B's popup figures equal to A's",
      1_000
    )
    const initialSec = (performance.now() - t0) / 1000
    mark("sync.real.aSyncedSec")
    log(`    ${await docsOnServer(couch)} documents on the server for ${orders} orders`)
    const [ordersShown, customersShown] = JSON.parse(figuresA) as string[]
    log(
      `  sync.initial100kOrdersSec ${round(initialSec, 1)} s (target ≤ 120 s), load ${load()}: both popups show ${ordersShown} orders, ${customersShown} customers, the same day and rate table`
    )

    // A note from A's side panel to B's open side panel on the same buyer.
    const customerKey = `taobao:${SHOP}:买家0`
    const panelA = await sidePanel(a, customerKey)
    const panelB = await sidePanel(b, customerKey)
    const trips: number[] = []
    for (let i = 0; i < 5; i++) {
      const text = `bench note ${i} ${Date.now()}`
      await panelA.getByTestId("panel-note-input").fill(text)
      const start = performance.now()
      await panelA.getByTestId("panel-add-note").click()
      await until(
        async () => ((await panelB.getByTestId("panel-notes").textContent()) ?? "").includes(text),
        60_000,
        "the note in B's side panel",
        20
      )
      trips.push(performance.now() - start)
    }
    trips.sort((x, y) => x - y)
    const noteMs = quantile(trips, 0.5)
    log(
      `  sync.noteRoundTripMs ${round(noteMs, 0)} ms median of 5 (target ≤ 3,000 ms): ${trips.map((t) => round(t, 0)).join(", ")}, load ${load()}`
    )
    return {
      "sync.initial100kOrdersSec": round(initialSec, 1),
      ...Object.fromEntries(Object.entries(milestones).map(([k, v]) => [k, round(v, 1)])),
      "sync.noteRoundTripMs": round(noteMs, 0)
    }
  } finally {
    for (const browser of open) await browser.close().catch(() => undefined)
    await couch.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
