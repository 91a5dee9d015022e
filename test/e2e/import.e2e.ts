// The import page in real Chromium: preview before writing, line-numbered problems, all-or-nothing unless
// a partial import is accepted, and importing the same file twice adds nothing. Also checks that no
// mobile number from the export's receiver columns reaches the database.
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decodeExportBytes } from "../../src/adapters/encoding"
import { readExportFile } from "../../src/adapters/import-file"
import { taobaoStatus } from "../../src/adapters/taobao/sold-orders"
import { parseTaobaoExport } from "../../src/adapters/taobao/export"
import { summarizeCustomers } from "../../src/core"
import { PURCHASE_STATUSES, type OrderStatus } from "../../src/core/types"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import { encodeGbk } from "../fixtures/gbk"
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

    // The export's receiver phone (联系手机 13812345678) never reaches any store: only its last four digits.
    const tails = (await readStore<{ buyerPhoneTail?: string }>(page, "orders")).map((o) => o.buyerPhoneTail)
    expect(tails).toEqual(tails.map(() => "5678"))
    const everything = JSON.stringify(
      await Promise.all(STORES.map((s) => readStore(page, s).catch(() => [])))
    )
    expect(everything).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/)
    expect(everything).not.toContain("文三路")
    await page.close()
  })

  it("a buyer imported from the export and then seen on the sold-orders page is one customer, chip counting both", async () => {
    // The seller imports their history first (buyers keyed on the export's 买家会员名): the fixture export
    // plus an older order of leo桂1978 that the list's first page does not show, GBK-encoded as Taobao does.
    const text = decodeExportBytes(readFileSync(fixture("taobao-orders.csv"))).text
    const leoRow = text.split("\r\n").find((line) => line.includes("3002237382410078542"))!
    const olderRow = leoRow
      .replace("3002237382410078542", "3000000000000000777")
      .replaceAll("2026-11-02", "2026-06-18")
    const csv = `${text.trimEnd()}\r\n${olderRow}\r\n`
    const ext = await browser.openExtensionPage("tabs/import.html")
    await ext.setInputFiles('[data-testid="import-file"]', {
      name: "ExportOrderList.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(encodeGbk(csv))
    })
    await expect.poll(() => ext.textContent('[data-testid="import-summary"]')).toContain("taobao format, gbk")
    await ext.click('[data-testid="import-write"]')
    await ext.waitForSelector('[data-testid="import-done"]')
    // ... then browses the sold-orders list, whose JSON carries buyer.id and buyer.nick.
    const page = await browser.context.newPage()
    await page.goto("https://trade.taobao.com/trade/itemlist/list_sold_items.htm?pageSize=50")
    await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
    const listed = office.taobao.orders.slice(0, 50)

    // Every order either source showed, once (the page's sighting is the later one), per nick.
    const seen = new Map<string, { nick: string; status: OrderStatus }>()
    const exported = parseTaobaoExport(csv).orders
    expect(exported).toHaveLength(7)
    for (const o of exported) seen.set(o.orderId, { nick: o.buyerNick!, status: o.status })
    for (const o of listed) seen.set(o.orderId, { nick: o.buyerNick, status: taobaoStatus(o.status)! })
    const purchases = new Map<string, number>()
    for (const { nick, status } of seen.values())
      purchases.set(nick, (purchases.get(nick) ?? 0) + (PURCHASE_STATUSES.has(status) ? 1 : 0))
    const both = [...new Set(exported.map((o) => o.buyerNick!))].filter((n) =>
      listed.some((o) => o.buyerNick === n)
    )
    expect(both.sort()).toEqual(["吴英", "安静的橙子5", "谢浩勇", "leo桂1978", "龚平梅80"].sort())
    // leo桂1978: order …542 in both, …777 only in the export: two purchases (the page alone shows one).
    expect(purchases.get("leo桂1978")).toBe(2)
    expect(listed.filter((o) => o.buyerNick === "leo桂1978")).toHaveLength(1)

    const chips = () =>
      page
        .locator("[data-huike-chip]")
        .evaluateAll((els) =>
          els.map((el) => [el.getAttribute("data-nick"), Number(el.getAttribute("data-orders"))])
        )
    await expect
      .poll(chips, { timeout: 15_000 })
      .toEqual(listed.map((o) => [o.buyerNick, purchases.get(o.buyerNick)]))

    // One customer per buyer, keyed on the nick, with the combined figures.
    const customers = (
      await readStore<{ shopKey: string; buyerId: string; buyerNick: string; orders: number }>(
        ext,
        "customers"
      )
    ).filter((c) => c.shopKey === "taobao:回客唱片旗舰店")
    for (const nick of both) {
      const mine = customers.filter((c) => c.buyerNick === nick)
      expect(mine, nick).toEqual([expect.objectContaining({ buyerId: nick, orders: purchases.get(nick) })])
    }
    expect(customers.filter((c) => /^\d+$/.test(c.buyerId))).toEqual([])
    await page.close()
    await ext.close()
  })

  it("files an export naming its shop differently under the shop the pages filled, unless told otherwise", async () => {
    // The profile holds one Taobao shop, filled by the sold-orders page above. Taobao's export names the
    // shop by its title (店铺名称), which need not be the account the pages show.
    const text = decodeExportBytes(readFileSync(fixture("taobao-orders.csv"))).text
    const row = text.split("\r\n").find((line) => line.includes("3002237382410078542"))!
    const fresh = row.replace("3002237382410078542", "3000000000000000888")
    const csv = `${text.trimEnd()}\r\n${fresh}\r\n`.replaceAll("回客唱片旗舰店", "回客唱片 Records")
    const ext = await browser.openExtensionPage("tabs/import.html")
    await ext.setInputFiles('[data-testid="import-file"]', {
      name: "ExportOrderList.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(encodeGbk(csv))
    })
    await ext.waitForSelector('[data-testid="import-shop-choice"]')
    expect(await ext.textContent('[data-testid="import-shop-choice"]')).toContain("“回客唱片 Records”")
    expect(await ext.inputValue('[data-testid="import-shop-target"]')).toBe("回客唱片旗舰店")
    await ext.click('[data-testid="import-write"]')
    await ext.waitForSelector('[data-testid="import-done"]')
    const shops = await readStore<{ key: string }>(ext, "shops")
    expect(shops.map((s) => s.key).filter((k) => k.startsWith("taobao:"))).toEqual(["taobao:回客唱片旗舰店"])
    const orders = await readStore<{ orderId: string; shopKey: string }>(ext, "orders")
    expect(orders.find((o) => o.orderId === "3000000000000000888")?.shopKey).toBe("taobao:回客唱片旗舰店")

    // Chosen otherwise, the file's own name makes a new shop.
    await ext.reload()
    await ext.setInputFiles('[data-testid="import-file"]', {
      name: "other.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(encodeGbk(csv.replaceAll("3000000000000000888", "3000000000000000999")))
    })
    await ext.selectOption('[data-testid="import-shop-target"]', "")
    await ext.click('[data-testid="import-write"]')
    await ext.waitForSelector('[data-testid="import-done"]')
    const after = await readStore<{ orderId: string; shopKey: string }>(ext, "orders")
    expect(after.find((o) => o.orderId === "3000000000000000999")?.shopKey).toBe("taobao:回客唱片 Records")
    await ext.close()
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

  it("imports a large export in checkpointed chunks with a progress bar that reaches 100%", async () => {
    const csv = shopifyExport(12_000, 3_000)
    const page = await browser.openExtensionPage("tabs/import.html")
    await page.fill('[data-testid="import-shop"]', "bulk-shop")
    await page.setInputFiles('[data-testid="import-file"]', {
      name: "bulk.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv, "utf8")
    })
    await page.waitForSelector('[data-testid="import-write"]')
    // Every value the progress bar shows, as the page renders it.
    await page.evaluate(`(() => {
      window.__progress = []
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="import-progress"]')
        if (bar && window.__progress[window.__progress.length - 1] !== bar.getAttribute("data-percent"))
          window.__progress.push(bar.getAttribute("data-percent"))
      }).observe(document.body, { subtree: true, childList: true, attributes: true })
    })()`)
    await page.click('[data-testid="import-write"]')
    await page.waitForSelector('[data-testid="import-done"]', { timeout: 60_000 })
    expect(await page.textContent('[data-testid="import-done"]')).toContain("12000 new orders, 0 updated")
    const seen = ((await page.evaluate("window.__progress")) as string[]).map(Number)
    // Chunks of 5,000: 0 %, 41 %, 83 %, then 100 % while scoring and when done; never backwards.
    expect(seen).toEqual([0, 41, 83, 100])
    expect(await page.getAttribute('[data-testid="import-progress"]', "value")).toBe("12000")
    expect(await page.textContent('[data-testid="import-progress-text"]')).toContain(
      "12000 of 12000 orders written (100%)"
    )

    const want = summarizeCustomers(
      readExportFile(Buffer.from(csv, "utf8"), { format: "auto", shopId: "bulk-shop" }).orders,
      { asOf: Date.now(), timeZone: "UTC" }
    )
    const stored = (
      await readStore<{ shopKey: string; buyerId: string; orders: number; totalSpent: number }>(
        page,
        "customers"
      )
    ).filter((c) => c.shopKey === "shopify:bulk-shop")
    expect(stored).toHaveLength(want.length)
    const byBuyer = new Map(stored.map((c) => [c.buyerId, c]))
    for (const f of want) {
      expect(byBuyer.get(f.buyerId), f.buyerId).toMatchObject({ orders: f.orders, totalSpent: f.totalSpent })
    }
    const orders = await readStore<{ shopKey: string }>(page, "orders")
    expect(orders.filter((o) => o.shopKey === "shopify:bulk-shop")).toHaveLength(12_000)
    const jobs = await readStore<{ total: number; done: number; status: string }>(page, "importJobs")
    expect(jobs.find((j) => j.total === 12_000)).toMatchObject({ done: 12_000, status: "done" })
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

/** A Shopify order export of `n` one-line orders from `buyers` buyers, every 13th refunded in full. */
function shopifyExport(n: number, buyers: number): string {
  const header = readFileSync(fixture("shopify-orders.csv"), "utf8").split("\n")[0]
  const cols = header.split(",")
  const lines = [header]
  for (let i = 0; i < n; i++) {
    const price = ((1_000 + ((i * 37) % 9_000)) / 100).toFixed(2)
    const day = `2024-02-${String(1 + (i % 28)).padStart(2, "0")}`
    const row: Record<string, string> = {
      Name: `#${10_000 + i}`,
      Email: `buyer${(i * 7_919) % buyers}@example.com`,
      "Financial Status": i % 13 === 0 ? "refunded" : "paid",
      "Paid at": `${day} 10:33:02 +0800`,
      "Fulfillment Status": "fulfilled",
      Currency: "USD",
      Subtotal: price,
      Total: price,
      "Created at": `${day} 10:32:11 +0800`,
      "Lineitem quantity": "1",
      "Lineitem name": "Mug",
      "Lineitem price": price,
      Id: String(7_000_000_000_000 + i),
      "Refunded Amount": i % 13 === 0 ? price : ""
    }
    lines.push(cols.map((c) => row[c] ?? "").join(","))
  }
  return lines.join("\n") + "\n"
}
