// The owner's reads against a real store (fake-indexeddb): today's figures and the dashboard's analysis
// must be src/core's for the same orders; a CSV export masks e-mail unless asked not to.
import "../db/env"
import Papa from "papaparse"
import { afterEach, describe, expect, it } from "vitest"
import { analyzeShop, dayNumber, formatDayNumber, type CapturedOrder } from "../../src/core"
import { HuikeDB } from "../../src/db/store"
import { ingestOrders } from "../../src/db/writes/ingest"
import { customersCsv } from "../../src/ui/dashboard/csv"
import { analyzeStoredShop, loadShopCustomers } from "../../src/ui/dashboard/owner-data"
import { listShops, remindersDueToday, todayFigures } from "../../src/ui/dashboard/today"

const NOW = Date.UTC(2026, 10, 11, 4) // 11-11 12:00 in Shanghai
const DAY = 86_400_000
const ZONE = "Asia/Shanghai"

function orders(): CapturedOrder[] {
  let s = 7
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
  return Array.from({ length: 400 }, (_, i) => {
    const b = Math.floor(rnd() * rnd() * 60)
    return {
      platform: "taobao" as const,
      shopId: "shop",
      orderId: String(1000 + i),
      buyerId: `b${b}`,
      buyerNick: `买家${b}`,
      buyerEmail: `b${b}@example.com`,
      createdAt: NOW - Math.floor((rnd() < 0.3 ? rnd() * 9 : rnd() * 90) * DAY),
      status: rnd() < 0.85 ? ("completed" as const) : ("closed" as const),
      amount: 1000 + Math.floor(rnd() * 9000),
      refunded: 0,
      currency: "CNY"
    }
  })
}

let db: HuikeDB | null = null
afterEach(async () => {
  await db?.delete()
  db = null
})

async function seeded() {
  db = new HuikeDB(`owner-${Math.random()}`)
  const all = orders()
  for (let i = 0; i < all.length; i += 100)
    await ingestOrders(db, all.slice(i, i + 100), { now: NOW, shopName: "shop" })
  const [shop] = await listShops(db)
  return { db, shop, all }
}

describe("owner reads", () => {
  it("today's figures, the 7-day average and 30 days are src/core's daily figures", async () => {
    const { db, shop, all } = await seeded()
    expect(shop.timeZone).toBe(ZONE)
    const core = analyzeShop(all, { asOf: NOW, timeZone: ZONE, shopId: "shop" })
    const byDay = new Map(core.daily.map((d) => [d.day, d]))
    const got = await todayFigures(db, shop, NOW)
    const today = dayNumber(NOW, ZONE)
    expect(got.today).toEqual(byDay.get(formatDayNumber(today)))
    expect(got.last30.map((d) => d.day)).toEqual(
      Array.from({ length: 30 }, (_, i) => formatDayNumber(today - 29 + i))
    )
    for (const d of got.last30) {
      const c = byDay.get(d.day)
      expect(d.buyers, d.day).toBe(c?.buyers ?? 0)
      expect(d.repurchaseRate, d.day).toBe(c?.repurchaseRate ?? 0)
    }
    const week = Array.from({ length: 7 }, (_, i) => byDay.get(formatDayNumber(today - 7 + i)))
    expect(got.average7.orders).toBeCloseTo(week.reduce((s, d) => s + (d?.orders ?? 0), 0) / 7, 10)
    expect(got.average7.repurchaseRate).toBeCloseTo(
      week.reduce((s, d) => s + (d?.repurchaseRate ?? 0), 0) / 7,
      10
    )
  })

  it("the dashboard's analysis from stored timelines equals src/core's over the orders", async () => {
    const { db, shop, all } = await seeded()
    const core = analyzeShop(all, { asOf: NOW, timeZone: ZONE, shopId: "shop" })
    const view = analyzeStoredShop(shop, await loadShopCustomers(db, shop.key), NOW)
    expect(view.analysis.segments).toEqual(core.segments)
    expect(view.analysis.levels).toEqual(core.levels)
    expect(view.analysis.rolling.map((r) => r.rate)).toEqual(core.rolling.map((r) => r.rate))
    expect(view.summary.segments.reduce((s, x) => s + x.customers, 0)).toBe(core.buyers)
    expect(view.summary.segments.reduce((s, x) => s + x.revenueShare, 0)).toBeCloseTo(1, 10)
    expect(view.rows.find((r) => r.buyerId === "b1")?.buyerNick).toBe("买家1")
  })

  it("reminders due today are the shop's open ones due before its day ends", async () => {
    const { db, shop } = await seeded()
    const endOfDay = Date.UTC(2026, 10, 11, 16) // 11-12 00:00 in Shanghai
    await db.reminders.bulkAdd([
      {
        customerKey: "taobao:shop:b1",
        shopKey: shop.key,
        dueAt: endOfDay - 1,
        text: "due",
        status: "open",
        createdAt: NOW
      },
      {
        customerKey: "taobao:shop:b1",
        shopKey: shop.key,
        dueAt: endOfDay,
        text: "tomorrow",
        status: "open",
        createdAt: NOW
      },
      {
        customerKey: "taobao:shop:b1",
        shopKey: shop.key,
        dueAt: NOW - DAY,
        text: "done",
        status: "done",
        createdAt: NOW
      },
      { customerKey: "x:y:z", shopKey: "x:y", dueAt: NOW, text: "other shop", status: "open", createdAt: NOW }
    ])
    expect((await remindersDueToday(db, shop, NOW)).map((r) => r.text)).toEqual(["due"])
  })

  it("exports masked or full e-mail, with a BOM for Excel", async () => {
    const { db, shop } = await seeded()
    const { rows } = analyzeStoredShop(shop, await loadShopCustomers(db, shop.key), NOW)
    const masked = customersCsv(rows, { mask: true, lang: "zh" })
    expect(masked.startsWith("\ufeffcustomer_key,buyer_id,nick,email,")).toBe(true)
    const m = Papa.parse<Record<string, string>>(masked.slice(1), { header: true, skipEmptyLines: true }).data
    expect(m).toHaveLength(rows.length)
    expect(m.every((r) => /^b\*+@example\.com$/.test(r.email))).toBe(true)
    expect(m.find((r) => r.segment)?.segment_name).toMatch(/客户$/)
    const full = Papa.parse<Record<string, string>>(
      customersCsv(rows, { mask: false, lang: "en" }).slice(1),
      {
        header: true,
        skipEmptyLines: true
      }
    ).data
    expect(full.every((r) => r.email === `${r.buyer_id}@example.com`)).toBe(true)
  })
})
