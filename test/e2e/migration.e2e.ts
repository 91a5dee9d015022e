// Schema v4 in real Chromium: a store written by v3 code, where one Taobao buyer is two customers (the
// export's, keyed on the nick, and the pages', keyed on the numeric buyer.id), is upgraded when the extension
// starts (through v4's merge to v5, which drops orders' buyer index): one customer with both orders and the seller's note and tag, its chip counting both, the other
// platform's records as they were, and the shop's scores refreshed by the background.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SCHEMA_VERSION } from "../../src/db/store"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import { launchWithExtension, readStore, type ExtensionBrowser } from "./browser"

const LIST = "https://trade.taobao.com/trade/itemlist/list_sold_items.htm"
const SHOP = "taobao:回客唱片旗舰店"
const LEO = `${SHOP}:leo桂1978`
const LEO_OLD = `${SHOP}:2079908227`
const DAY = 86_400_000

let office: BackOffice
let browser: ExtensionBrowser
// One profile across two launches: what v3 left, then the extension starting at v5.
const profile = mkdtempSync(join(tmpdir(), "huike-migration-"))

beforeAll(async () => {
  office = await startBackOffice()
  browser = await launchWithExtension({ hostResolverRules: office.hostResolverRules, userDataDir: profile })
})

afterAll(async () => {
  await browser?.close()
  await office?.close()
  rmSync(profile, { recursive: true, force: true })
})

/** Schema v3 as Dexie lays it out natively (version 30): primary key, then indexes. */
const V3_STORES: Record<string, string> = {
  shops: "key, platform",
  orders: "key, [shopKey+buyerId]",
  customers: "key, *lookupKeys",
  notes: "++id, customerKey",
  tags: "++id, shopKey",
  reminders: "++id, customerKey, [status+dueAt], [shopKey+status+dueAt], &dedupeKey",
  levelHistory: "++id, customerKey, [customerKey+at]",
  dailyFigures: "key, [shopKey+day]",
  captureLog: "++id, at",
  settings: "key",
  shopScores: "shopKey",
  importJobs: "id, status",
  pendingScoring: "++id, shopKey"
}

/** What v3 code stored for the demo shop's leo桂1978: one order from the export, one from the list page. */
function v3Records(now: number) {
  const first = office.taobao.orders[0]
  expect(first.buyerNick).toBe("leo桂1978")
  const order = (orderId: string, buyerId: string, createdAt: number, amount: number, status: string) => ({
    platform: "taobao",
    shopId: "回客唱片旗舰店",
    orderId,
    buyerId,
    buyerNick: "leo桂1978",
    createdAt,
    status,
    amount,
    refunded: 0,
    currency: "CNY",
    key: `${SHOP}:${orderId}`,
    shopKey: SHOP,
    firstSeenAt: now,
    updatedAt: now
  })
  const older = order("3000000000000000777", "leo桂1978", now - 200 * DAY, 8_806, "completed")
  const listed = order(first.orderId, "2079908227", first.createdAt, first.amount, "paid")
  const customer = (key: string, buyerId: string, o: typeof older, tagIds: number[]) => ({
    key,
    shopKey: SHOP,
    platform: "taobao",
    shopId: "回客唱片旗舰店",
    buyerId,
    buyerNick: "leo桂1978",
    orders: 1,
    purchaseDays: 1,
    totalSpent: o.amount,
    currency: "CNY",
    firstOrderAt: o.createdAt,
    lastOrderAt: o.createdAt,
    averageOrderValue: o.amount,
    refundRate: 0,
    repeatBuyer: false,
    tagIds,
    updatedAt: now,
    lookupKeys: [`${SHOP}|id|${buyerId}`, `${SHOP}|nick|leo桂1978`],
    timeline: {
      id: [o.orderId],
      at: [o.createdAt],
      status: o.status === "paid" ? "p" : "c",
      amount: [o.amount],
      refunded: [0],
      currency: ["CNY"]
    },
    rev: 1
  })
  const etsyOrder = { ...order("e1", "271828", now - 9 * DAY, 2_500, "completed"), platform: "etsy" }
  Object.assign(etsyOrder, {
    shopId: "vintage",
    shopKey: "etsy:vintage",
    key: "etsy:vintage:e1",
    currency: "USD"
  })
  const etsyCustomer = {
    ...customer("etsy:vintage:271828", "271828", etsyOrder, []),
    shopKey: "etsy:vintage",
    platform: "etsy",
    shopId: "vintage",
    currency: "USD",
    lookupKeys: ["etsy:vintage|id|271828", "etsy:vintage|nick|leo桂1978"]
  }
  const shop = (key: string, platform: string, shopId: string, timeZone: string, currency: string) => ({
    key,
    platform,
    shopId,
    name: shopId,
    timeZone,
    currency,
    firstSeenAt: now,
    rev: 2,
    changedAt: now
  })
  return {
    shops: [
      shop(SHOP, "taobao", "回客唱片旗舰店", "Asia/Shanghai", "CNY"),
      shop("etsy:vintage", "etsy", "vintage", "UTC", "USD")
    ],
    orders: [older, listed, etsyOrder],
    customers: [
      customer(LEO, "leo桂1978", older, []),
      customer(LEO_OLD, "2079908227", listed, [1]),
      etsyCustomer
    ],
    tags: [{ id: 1, shopKey: SHOP, name: "VIP", color: "#d4380d" }],
    notes: [{ id: 1, customerKey: LEO_OLD, text: "prefers SF Express", createdAt: now, updatedAt: now }],
    reminders: [
      {
        id: 1,
        customerKey: LEO_OLD,
        shopKey: SHOP,
        dueAt: now + DAY,
        text: "call about the box set",
        status: "open",
        createdAt: now
      }
    ]
  }
}

describe("schema v4 in Chromium", () => {
  it("merges a v3 store's two customers of one Taobao buyer when the extension starts", async () => {
    const seed = await browser.openExtensionPage("tabs/import.html")
    // The running background has made its (current) database: replace it with a v3 one.
    await expect
      .poll(() =>
        seed.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === "huike")?.version)
      )
      .toBe(SCHEMA_VERSION * 10)
    const records = v3Records(Date.now())
    await seed.evaluate(
      ({ stores, rows }) =>
        new Promise<void>((resolve, reject) => {
          const del = indexedDB.deleteDatabase("huike")
          del.onerror = () => reject(del.error)
          del.onsuccess = () => {
            const open = indexedDB.open("huike", 30)
            open.onerror = () => reject(open.error)
            open.onupgradeneeded = () => {
              const db = open.result
              for (const [name, spec] of Object.entries(stores)) {
                const [primary, ...indexes] = spec.split(",").map((s) => s.trim())
                const store = db.createObjectStore(name, {
                  keyPath: primary.replace(/^\+\+/, ""),
                  autoIncrement: primary.startsWith("++")
                })
                for (const index of indexes) {
                  const bare = index.replace(/^[*&]/, "")
                  const keyPath = bare.startsWith("[") ? bare.slice(1, -1).split("+") : bare
                  store.createIndex(bare, keyPath, {
                    multiEntry: index.startsWith("*"),
                    unique: index.startsWith("&")
                  })
                }
              }
              for (const [name, list] of Object.entries(rows)) {
                const store = open.transaction!.objectStore(name)
                for (const row of list) store.put(row)
              }
            }
            open.onsuccess = () => {
              open.result.close()
              resolve()
            }
          }
        }),
      { stores: V3_STORES, rows: records }
    )
    expect(await readStore(seed, "customers")).toHaveLength(3)
    // The browser starts again with this code: its background opens the database at v4.
    await browser.close()
    browser = await launchWithExtension({ hostResolverRules: office.hostResolverRules, userDataDir: profile })
    const ext = await browser.openExtensionPage("tabs/import.html")
    await expect
      .poll(async () => (await readStore<{ key: string }>(ext, "customers")).map((c) => c.key).sort(), {
        timeout: 20_000
      })
      .toEqual(["etsy:vintage:271828", LEO].sort())
    expect(
      await ext.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === "huike")?.version)
    ).toBe(SCHEMA_VERSION * 10)
    // v5 after v4's merge: orders' buyer index (which the merge read) is gone; v7's phone-tail index is there.
    expect(
      await ext.evaluate(
        () =>
          new Promise<string[]>((resolve, reject) => {
            const open = indexedDB.open("huike")
            open.onerror = () => reject(open.error)
            open.onsuccess = () => {
              const names = [...open.result.transaction("orders").objectStore("orders").indexNames]
              open.result.close()
              resolve(names)
            }
          })
      )
    ).toEqual(["[shopKey+buyerPhoneTail]"])
    const customers = await readStore<Record<string, unknown>>(ext, "customers")
    expect(customers.find((c) => c.key === LEO)).toMatchObject({
      buyerId: "leo桂1978",
      orders: 2,
      totalSpent: 8_806 + office.taobao.orders[0].amount,
      repeatBuyer: true,
      tagIds: [1]
    })
    expect(customers.find((c) => c.key === "etsy:vintage:271828")).toEqual(records.customers[2])
    const orders = await readStore<{ key: string; buyerId: string }>(ext, "orders")
    expect(orders.map((o) => [o.key, o.buyerId]).sort()).toEqual(
      [
        [`${SHOP}:3000000000000000777`, "leo桂1978"],
        [`${SHOP}:${office.taobao.orders[0].orderId}`, "leo桂1978"],
        ["etsy:vintage:e1", "271828"]
      ].sort()
    )
    expect(await readStore(ext, "notes")).toEqual([expect.objectContaining({ customerKey: LEO })])
    const reminders = await readStore<{ customerKey: string; text: string }>(ext, "reminders")
    expect(reminders.filter((r) => r.text === "call about the box set").map((r) => r.customerKey)).toEqual([
      LEO
    ])
    expect(reminders.filter((r) => r.customerKey === LEO_OLD)).toEqual([])
    // The background refreshed the shop's scores and cleared the request.
    await expect
      .poll(async () => (await readStore<{ key: string }>(ext, "settings")).map((s) => s.key), {
        timeout: 20_000
      })
      .not.toContain("rescoreShops")
    expect((await readStore<{ shopKey: string }>(ext, "shopScores")).map((s) => s.shopKey)).toContain(SHOP)

    // The chip on the sold-orders list counts both orders.
    const page = await browser.context.newPage()
    await page.goto(`${LIST}?pageSize=15`)
    await page.waitForFunction(() => document.body.dataset.loadedPage === "1")
    await expect
      .poll(
        () =>
          page
            .locator('[data-huike-chip][data-nick="leo桂1978"]')
            .first()
            .getAttribute("data-orders", { timeout: 1_000 })
            .catch(() => null),
        { timeout: 15_000 }
      )
      .toBe("2")
    await page.close()
    await ext.close()
  })
})
