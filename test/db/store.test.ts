import "./env"
import Dexie from "dexie"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { analyzeShop, summarizeCustomers } from "../../src/core"
import type { CapturedOrder } from "../../src/core/types"
import { exportBackup, restoreBackup } from "../../src/db/backup"
import {
  HuikeDB,
  NewerDatabaseError,
  RESCORE_ALL_KEY,
  SCHEMA_VERSION,
  type CustomerRecord
} from "../../src/db/store"
import { describeStorageError } from "../../src/db/schema/errors"
import { handleMessage } from "../../background/handlers"
import { finishImport, importChunk, importStatus } from "../../src/db/writes/import"
import { ingestOrders } from "../../src/db/writes/ingest"
import { findCustomers, lookupBuyersByNick } from "../../src/db/reads/queries"
import { rescoreShop, RescoreScheduler } from "../../src/db/figures/rescore"
import { buyerFigures, buyerFiguresOf, scoreBuyers, shopRelativeFields } from "../../src/db/figures/scoring"
import { onTable } from "./middleware"
import { DELETE_ALL_CONFIRMATION } from "../../src/messages"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
const DAY = 86_400_000
const ZONE = "Asia/Shanghai"

/** A deterministic shop: `buyers` buyers, `orders` orders over two years, some refunded or closed. */
function makeShop(orders: number, buyers: number, seed = 1, shopId = "shop"): CapturedOrder[] {
  let s = seed
  const rnd = () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648
  const statuses = ["completed", "completed", "completed", "shipped", "paid", "closed", "unpaid"] as const
  return Array.from({ length: orders }, (_, i) => {
    const b = Math.floor(rnd() ** 2 * buyers)
    const status = statuses[Math.floor(rnd() * statuses.length)]
    const amount = 1_000 + Math.floor(rnd() * 50_000)
    return {
      platform: "taobao" as const,
      shopId,
      orderId: `o${i}`,
      buyerId: `b${b}`,
      buyerNick: `买家${b}`,
      ...(b % 3 === 0 ? { buyerEmail: `Buyer${b}@Example.com` } : {}),
      createdAt: NOW - Math.floor(rnd() * 730 * DAY),
      status,
      amount,
      refunded: rnd() < 0.1 ? Math.floor(amount / 2) : 0,
      currency: "CNY",
      items: [{ title: `item ${i % 7}`, quantity: 1 + (i % 3) }]
    }
  })
}

const chunks = <T>(xs: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n))

let db: HuikeDB
let n = 0
const names: string[] = []
const fresh = (over?: ConstructorParameters<typeof HuikeDB>[1], upTo?: number) => {
  const name = `store-${n++}`
  names.push(name)
  return new HuikeDB(name, over, upTo)
}
beforeEach(async () => {
  db = fresh()
  await db.open()
})
afterEach(async () => {
  db.close()
  for (const name of names.splice(0)) await Dexie.delete(name)
})

async function everything(d: HuikeDB) {
  const out: Record<string, unknown[]> = {}
  for (const t of d.tables) out[t.name] = await t.toArray()
  return out
}

describe("idempotent capture", () => {
  it("seeing the same orders again writes nothing and counts nothing twice", async () => {
    const orders = makeShop(400, 60)
    for (const c of chunks(orders, 100)) await ingestOrders(db, c, { now: NOW })
    const before = await everything(db)
    const again = await ingestOrders(db, orders.slice(50, 250), { now: NOW + 60_000 })
    expect(again).toMatchObject({
      rowsStored: 200,
      inserted: 0,
      updated: 0,
      unchanged: 200,
      changedShops: []
    })
    expect(await everything(db)).toEqual(before)
  })

  it("a changed sighting updates the order and the buyer, once", async () => {
    const orders = makeShop(200, 30)
    await ingestOrders(db, orders, { now: NOW })
    const target = orders.find((o) => o.status === "completed")!
    const refunded = { ...target, refunded: target.amount, status: "closed" as const }
    const r = await ingestOrders(db, [refunded, refunded], { now: NOW + 1 })
    expect(r).toMatchObject({ inserted: 0, updated: 1 })
    expect(await db.orders.count()).toBe(200)
    const all = orders.map((o) => (o.orderId === target.orderId ? refunded : o))
    const want = summarizeCustomers(all, { asOf: NOW + 1, timeZone: ZONE }).find(
      (f) => f.buyerId === target.buyerId
    )!
    expect(await db.customers.get(`taobao:shop:${target.buyerId}`)).toMatchObject({
      orders: want.orders,
      totalSpent: want.totalSpent,
      purchaseDays: want.purchaseDays
    })
  })
})

describe("scoring", () => {
  it("per-batch figures and a full rescore agree with src/core over the whole shop", async () => {
    const orders = makeShop(900, 150)
    // Captured out of order, in pages, with re-sightings that change status and refunds.
    for (const c of chunks([...orders].reverse(), 97)) await ingestOrders(db, c, { now: NOW })
    const changed = orders.slice(0, 120).map((o, i) => (i % 2 ? { ...o, status: "closed" as const } : o))
    await ingestOrders(db, changed, { now: NOW })
    const final = orders.map((o, i) => (i < 120 ? changed[i] : o))

    const shop = analyzeShop(final, { asOf: NOW, timeZone: ZONE })
    const customers = new Map((await db.customers.toArray()).map((c) => [c.buyerId, c]))
    expect(customers.size).toBe(shop.customers)
    // Own figures and levels are exact after every batch.
    for (const a of shop.customerList) {
      const c = customers.get(a.buyerId)!
      expect(c, a.buyerId).toMatchObject({
        orders: a.orders,
        totalSpent: a.totalSpent,
        purchaseDays: a.purchaseDays,
        repeatBuyer: a.repeatBuyer
      })
      if (a.orders > 0) expect(c.memberLevel, a.buyerId).toBe(a.memberLevel)
    }
    // Daily shop figures, moved by deltas batch after batch, equal src/core's.
    const daily = new Map((await db.dailyFigures.toArray()).map((d) => [d.day, d]))
    const coreDays = shop.daily.filter((d) => d.orders > 0)
    expect(daily.size).toBe(coreDays.length)
    for (const d of coreDays) {
      expect(daily.get(d.day), d.day).toMatchObject({
        orders: d.orders,
        buyers: d.buyers,
        newBuyers: d.newBuyers,
        returningBuyers: d.returningBuyers
      })
    }

    // Shop-relative figures come from the full rescore.
    const result = await rescoreShop(db, "taobao:shop", { now: NOW, chunk: 50 })
    expect(result).toMatchObject({ customers: shop.customers, buyers: shop.buyers })
    const scored = new Map((await db.customers.toArray()).map((c) => [c.buyerId, c]))
    const scores = (await db.shopScores.get("taobao:shop"))!
    expect(scores.means.totalSpent).toBeCloseTo(shop.means.totalSpent, 6)
    expect(scores.means.daysSinceLastOrder).toBeCloseTo(shop.means.daysSinceLastOrder, 6)
    for (const a of shop.customerList) {
      const c = scored.get(a.buyerId)!
      if (a.orders === 0) {
        expect(c.rfm).toBeUndefined()
        continue
      }
      expect(c.rfm, a.buyerId).toEqual(a.rfm)
      expect(c.segment, a.buyerId).toBe(a.segment)
      expect(c.pAlive ?? null, a.buyerId).toEqual(
        a.prediction!.pAlive === null ? null : expect.closeTo(a.prediction!.pAlive, 9)
      )
      expect(c.clv12m ?? null, a.buyerId).toEqual(
        a.prediction!.clv12m === null ? null : expect.closeTo(a.prediction!.clv12m, 6)
      )
    }
    // Refiguring from the orders changes nothing and rebuilds the same daily figures.
    const before = await db.customers.toArray()
    const dailyBefore = await db.dailyFigures.orderBy("key").toArray()
    expect((await rescoreShop(db, "taobao:shop", { now: NOW, refigure: true, chunk: 64 })).dailyRebuilt).toBe(
      true
    )
    const strip = (c: CustomerRecord) => ({ ...c, rev: 0 })
    expect((await db.customers.toArray()).map(strip)).toEqual(before.map(strip))
    expect(await db.dailyFigures.orderBy("key").toArray()).toEqual(dailyBefore)
  })

  it("a refigure from stored orders takes each buyer's latest nick and e-mail, as scoring each batch does", async () => {
    // One buyer renamed twice, an e-mail given once, two nicks on the same second (the greater wins).
    const base = makeShop(60, 6)
    const orders = base.map((o, i) => ({
      ...o,
      buyerNick: `${o.buyerNick}-${i % 3}`,
      buyerEmail: i % 7 === 0 ? `B${o.buyerId}@example.com` : undefined,
      createdAt: i % 5 === 0 ? base[0].createdAt : o.createdAt
    }))
    const inline = new HuikeDB(`store-inline-${Math.random()}`)
    await inline.open()
    try {
      for (const c of chunks(orders, 7)) await ingestOrders(inline, c, { now: NOW })
      await ingestOrders(db, orders, { now: NOW, score: false })
      await rescoreShop(db, "taobao:shop", { now: NOW, refigure: true, chunk: 16 })
      await rescoreShop(inline, "taobao:shop", { now: NOW })
      const view = (c: CustomerRecord) => [
        c.buyerId,
        c.buyerNick,
        c.nickAt,
        c.buyerEmail,
        c.emailAt,
        c.orders
      ]
      const got = (await db.customers.toArray()).map(view)
      expect(got).toEqual((await inline.customers.toArray()).map(view))
      expect(new Set(got.map((v) => v[1])).size).toBeGreaterThan(3)
    } finally {
      await inline.delete()
    }
  })

  it("a refigure after an import empties a buyer whose orders now name someone else", async () => {
    const order = makeShop(1, 1)[0]
    await ingestOrders(db, [{ ...order, status: "completed", buyerId: "a", buyerNick: "A" }], { now: NOW })
    // The import (orders stored, no scoring) says the order is b's; its full rescore follows.
    await ingestOrders(db, [{ ...order, status: "completed", buyerId: "b", buyerNick: "B" }], {
      now: NOW,
      score: false
    })
    await rescoreShop(db, "taobao:shop", { now: NOW, refigure: true })
    expect(await db.customers.get("taobao:shop:b")).toMatchObject({ orders: 1, totalSpent: order.amount })
    expect(await db.customers.get("taobao:shop:a")).toMatchObject({ orders: 0, totalSpent: 0 })
    expect((await db.customers.get("taobao:shop:a"))!.timeline!.id).toEqual([])
    const days = await db.dailyFigures.toArray()
    expect(days.reduce((n, d) => n + d.orders, 0)).toBe(1)
  })

  it("a batch after the full scoring scores its buyers against the stored shop figures", async () => {
    const orders = makeShop(600, 100)
    await ingestOrders(db, orders, { now: NOW })
    await rescoreShop(db, "taobao:shop", { now: NOW })
    const buyer = (await db.customers.toArray()).find((c) => c.orders === 1)!
    await ingestOrders(
      db,
      [
        {
          ...orders[0],
          orderId: "new",
          buyerId: buyer.buyerId,
          buyerNick: buyer.buyerNick,
          createdAt: NOW - DAY
        }
      ],
      { now: NOW }
    )
    const after = (await db.customers.get(buyer.key))!
    expect(after.orders).toBe(2)
    expect(after.rfm?.r).toBe(5)
    expect(after.segment).toBeDefined()
    expect(after.pAlive).toBeGreaterThan(0)
  })

  it("two batches of the same shop at once lose no update and create no duplicate", async () => {
    const orders = makeShop(500, 40)
    const tabA = orders.slice(0, 300)
    const tabB = orders.slice(200, 500).map((o) => ({ ...o, refunded: o.amount - 1 }))
    // Two connections, as two writers would have; both batches touch orders 200..299 and shared buyers.
    const other = new HuikeDB(db.name)
    await Promise.all([ingestOrders(db, tabA, { now: NOW }), ingestOrders(other, tabB, { now: NOW })])
    other.close()
    expect(await db.orders.count()).toBe(500)
    const stored = await db.orders.toArray()
    const want = summarizeCustomers(stored, { asOf: NOW, timeZone: ZONE })
    const got = new Map((await db.customers.toArray()).map((c) => [c.buyerId, c]))
    expect(got.size).toBe(want.length)
    for (const f of want) {
      expect(got.get(f.buyerId), f.buyerId).toMatchObject({ orders: f.orders, totalSpent: f.totalSpent })
    }
    const daily = await db.dailyFigures.toArray()
    const shop = analyzeShop(stored, { asOf: NOW, timeZone: ZONE })
    expect(daily.reduce((s, d) => s + d.orders, 0)).toBe(shop.orders)
    expect(daily.reduce((s, d) => s + d.newBuyers, 0)).toBe(shop.buyers)
  })

  it("the refigure's in-memory figures are exactly those scoring stores", async () => {
    const orders = makeShop(900, 150)
    const shop = {
      key: "taobao:shop",
      platform: "taobao" as const,
      shopId: "shop",
      name: "shop",
      timeZone: ZONE,
      currency: "CNY",
      firstSeenAt: NOW
    }
    const buyers = [...new Set(orders.map((o) => o.buyerId))]
    const stored = scoreBuyers(shop, orders, buyers, new Map(), undefined, NOW).customers.filter(
      (c) => c.orders > 0
    )
    const walked = new Map(buyerFiguresOf(shop, orders, NOW).map((w) => [w.key, w.f]))
    expect(walked.size).toBe(stored.length)
    for (const c of stored) expect(walked.get(c.key), c.key).toEqual(buyerFigures(c))
  })

  it("a first import's refigure writes each customer once, already scored against the shop-wide scores", async () => {
    const orders = makeShop(900, 150)
    await ingestOrders(db, orders, { now: NOW, score: false })
    const written: string[] = []
    const counted = new HuikeDB(db.name)
    counted.use(countPuts("customers", written))
    const result = await rescoreShop(counted, "taobao:shop", { now: NOW, refigure: true, chunk: 64 })
    const shop = analyzeShop(orders, { asOf: NOW, timeZone: ZONE })
    expect(result).toMatchObject({ customers: shop.customers, buyers: shop.buyers, dailyRebuilt: true })
    // Phase A wrote every customer with their RFM, segment and predictions; C had nobody to rewrite.
    expect(written.length).toBe(shop.customers)
    expect(new Set(written).size).toBe(shop.customers)
    const scores = (await counted.shopScores.get("taobao:shop"))!
    expect(scores.means.totalSpent).toBeCloseTo(shop.means.totalSpent, 6)
    for (const a of shop.customerList) {
      const c = (await counted.customers.get(`taobao:shop:${a.buyerId}`))!
      expect(c.scoredAt, a.buyerId).toBe(a.orders > 0 ? scores.scoredAt : undefined)
      if (a.orders > 0) expect(c.segment, a.buyerId).toBe(a.segment)
    }
    counted.close()
  })

  it("a rescore asked for during another of the same shop waits: every customer matches the stored scores", async () => {
    // An import's refigure runs outside the scheduler's queue; the scheduler may start one meanwhile.
    await ingestOrders(db, makeShop(1_500, 250), { now: NOW - DAY })
    await rescoreShop(db, "taobao:shop", { now: NOW - DAY })
    let other: Promise<unknown> | undefined
    await rescoreShop(db, "taobao:shop", {
      now: NOW,
      refigure: true,
      chunk: 64,
      onProgress: (phase) => {
        if (phase === "figures" && !other)
          other = rescoreShop(db, "taobao:shop", { now: NOW + 1_000, chunk: 64 })
      }
    })
    await other
    const scores = (await db.shopScores.get("taobao:shop"))!
    expect(scores.scoredAt).toBe(NOW + 1_000)
    let checked = 0
    for (const c of await db.customers.toArray()) {
      if (c.orders === 0) continue
      const want = shopRelativeFields(c, scores, ZONE, NOW + 1_000)
      expect({ at: c.scoredAt, rfm: c.rfm, pAlive: c.pAlive }, c.buyerId).toEqual({
        at: scores.scoredAt,
        rfm: want.rfm,
        pAlive: want.pAlive
      })
      checked++
    }
    expect(checked).toBeGreaterThan(150)
  })

  it("a first import's refigure, with captures arriving meanwhile, ends with every buyer's figures", async () => {
    // Orders stored without scoring (an import into a shop with no customer yet), then the import's
    // refigure runs while captures that name the same buyers land between its chunks.
    const orders = makeShop(800, 120)
    await ingestOrders(db, orders.slice(0, 400), { now: NOW, score: false })
    expect(await db.customers.count()).toBe(0)
    // Each of the refigure's chunks lets the next capture batch in (it lands before the following chunk).
    const batches = chunks(orders.slice(400), 50)
    const captures: Promise<unknown>[] = []
    await rescoreShop(db, "taobao:shop", {
      now: NOW,
      refigure: true,
      chunk: 40,
      onProgress: (phase) => {
        if (phase === "figures" && batches.length)
          captures.push(Dexie.ignoreTransaction(() => ingestOrders(db, batches.shift()!, { now: NOW })))
      }
    })
    expect(captures.length).toBeGreaterThan(3)
    await Promise.all(captures)
    for (const c of batches) await ingestOrders(db, c, { now: NOW })
    const want = summarizeCustomers(orders, { asOf: NOW, timeZone: ZONE })
    const got = new Map((await db.customers.toArray()).map((c) => [c.buyerId, c]))
    for (const f of want) {
      expect(got.get(f.buyerId)?.orders, f.buyerId).toBe(f.orders)
      expect(got.get(f.buyerId)?.totalSpent, f.buyerId).toBe(f.totalSpent)
    }
    // Captures changed the shop during A, so B and C ran over the stored customers: every customer is
    // scored against the scores stored last (none kept the ones A computed from its walk).
    const scores = (await db.shopScores.get("taobao:shop"))!
    let scoredNow = 0
    for (const c of got.values()) {
      if (c.orders === 0) continue
      const want = shopRelativeFields(c, scores, ZONE, NOW)
      expect({ rfm: c.rfm, segment: c.segment, pAlive: c.pAlive }, c.buyerId).toEqual({
        rfm: want.rfm,
        segment: want.segment,
        pAlive: want.pAlive
      })
      if (c.scoredAt === scores.scoredAt) scoredNow++
    }
    expect(scoredNow).toBeGreaterThan(100)
    // A buyer a capture scored before the refigure reached them is read, not taken for new: their level
    // history starts once.
    const starts = new Map<string, number>()
    for (const h of await db.levelHistory.toArray())
      if (h.from === null) starts.set(h.customerKey, (starts.get(h.customerKey) ?? 0) + 1)
    expect(starts.size).toBeGreaterThan(0)
    expect([...starts.values()].filter((n) => n > 1)).toEqual([])
  })

  it("the scheduler rescoring while captures arrive never overwrites newer figures", async () => {
    const orders = makeShop(800, 120)
    await ingestOrders(db, orders.slice(0, 400), { now: NOW })
    const scheduler = new RescoreScheduler(db, { clock: () => NOW })
    const running = scheduler.rescoreNow("taobao:shop", { refigure: true })
    for (const c of chunks(orders.slice(400), 50)) await ingestOrders(db, c, { now: NOW })
    await running
    const want = summarizeCustomers(orders, { asOf: NOW, timeZone: ZONE })
    const got = new Map((await db.customers.toArray()).map((c) => [c.buyerId, c]))
    for (const f of want) expect(got.get(f.buyerId)?.orders, f.buyerId).toBe(f.orders)
  })
})

describe("lookups", () => {
  it("finds buyers by nick, platform id and e-mail in one indexed read", async () => {
    await ingestOrders(db, makeShop(300, 50), { now: NOW })
    const found = await findCustomers(db, "taobao:shop", {
      nicks: ["买家1", "nobody"],
      ids: ["b2", "b1"],
      emails: ["buyer3@example.com"]
    })
    expect(found.map((c) => c.buyerId).sort()).toEqual(["b1", "b2", "b3"])
    const other = await findCustomers(db, "taobao:other", { nicks: ["买家1"] })
    expect(other).toEqual([])
  })
})

describe("migrations", () => {
  it("opens a filled v1 database at the current version with nothing lost or altered", async () => {
    const v1 = fresh(undefined, 1)
    await v1.open()
    expect(v1.verno).toBe(1)
    const customer = {
      key: "taobao:shop:b1",
      shopKey: "taobao:shop",
      platform: "taobao",
      shopId: "shop",
      buyerId: "b1",
      buyerNick: "陈小平",
      orders: 2,
      purchaseDays: 2,
      totalSpent: 15_050,
      currency: "CNY",
      firstOrderAt: NOW - 10 * DAY,
      lastOrderAt: NOW - 3 * DAY,
      averageOrderValue: 7_525,
      refundRate: 0,
      repeatBuyer: true,
      tagIds: [1],
      updatedAt: NOW
    }
    const order = (orderId: string, createdAt: number, amount: number) => ({
      platform: "taobao",
      shopId: "shop",
      orderId,
      buyerId: "b1",
      buyerNick: "陈小平",
      createdAt,
      status: "completed",
      amount,
      refunded: 0,
      currency: "CNY",
      key: `taobao:shop:${orderId}`,
      shopKey: "taobao:shop",
      firstSeenAt: NOW,
      updatedAt: NOW
    })
    const fill: Record<string, unknown[]> = {
      shops: [
        {
          key: "taobao:shop",
          platform: "taobao",
          shopId: "shop",
          name: "shop",
          timeZone: ZONE,
          currency: "CNY",
          firstSeenAt: NOW
        }
      ],
      orders: [order("1", NOW - 10 * DAY, 10_000), order("2", NOW - 3 * DAY, 5_050)],
      customers: [customer],
      notes: [{ id: 1, customerKey: customer.key, text: "likes red", createdAt: NOW, updatedAt: NOW }],
      tags: [{ id: 1, shopKey: "taobao:shop", name: "VIP", color: "#f00" }],
      reminders: [
        {
          id: 1,
          customerKey: customer.key,
          shopKey: "taobao:shop",
          dueAt: NOW + DAY,
          text: "call",
          status: "open",
          createdAt: NOW
        }
      ],
      levelHistory: [{ id: 1, customerKey: customer.key, at: NOW, from: null, to: "silver" }],
      dailyFigures: [
        {
          key: "taobao:shop|2026-11-12",
          shopKey: "taobao:shop",
          day: "2026-11-12",
          orders: 1,
          buyers: 1,
          newBuyers: 1,
          returningBuyers: 0
        }
      ],
      captureLog: [
        {
          id: 1,
          at: NOW,
          platform: "taobao",
          pageKind: "order-list",
          url: "https://x",
          shopKey: "taobao:shop",
          rowsSeen: 2,
          rowsStored: 2,
          problems: []
        }
      ],
      settings: [{ key: "ladder", value: { custom: true } }]
    }
    for (const [table, rows] of Object.entries(fill)) await v1.table(table).bulkAdd(rows)
    v1.close()

    const v2 = new HuikeDB(v1.name)
    await v2.open()
    expect(v2.verno).toBe(SCHEMA_VERSION)
    expect(await v2.pendingScoring.count()).toBe(0)
    for (const [table, rows] of Object.entries(fill)) {
      const now = (await v2.table(table).toArray()).filter(
        (r: { key?: unknown }) => r.key !== RESCORE_ALL_KEY
      )
      expect(now.length, table).toBe(rows.length)
      // Every v1 field is still there with its value; v2 only adds.
      for (const row of rows) expect(now, table).toContainEqual(expect.objectContaining(row as object))
    }
    // The lookup keys are what current code writes (v5: no "|id|" key; the primary key answers ids).
    expect((await v2.customers.get(customer.key))!.lookupKeys).toEqual(["taobao:shop|nick|陈小平"])
    expect(await findCustomers(v2, "taobao:shop", { ids: ["b1"] })).toEqual([
      expect.objectContaining({ key: customer.key })
    ])
    expect(await v2.settings.get(RESCORE_ALL_KEY)).toEqual({ key: RESCORE_ALL_KEY, value: true })
    expect((await lookupBuyersByNick(v2, "taobao:shop", ["陈小平"], NOW))["陈小平"]).toMatchObject({
      orders: 2
    })
    // A capture before any rescore: the v1 customer has no timeline yet, so their orders are read.
    await ingestOrders(v2, [{ ...order("3", NOW - DAY, 2_000), status: "completed" } as CapturedOrder], {
      now: NOW
    })
    expect(await v2.customers.get(customer.key)).toMatchObject({ orders: 3, totalSpent: 17_050, tagIds: [1] })
    expect((await v2.customers.get(customer.key))!.timeline?.id).toEqual(["1", "2", "3"])
    // The rescore the flag asks for fills in what v1 never stored, and keeps the user's tags.
    await rescoreShop(v2, "taobao:shop", { now: NOW, refigure: true })
    expect(await v2.customers.get(customer.key)).toMatchObject({
      orders: 3,
      totalSpent: 17_050,
      tagIds: [1],
      firstDaySpend: 10_000,
      memberLevel: "silver"
    })
    v2.close()
  })

  it("reports a database from a newer Huike and leaves it untouched", async () => {
    const name = `store-${n++}`
    names.push(name)
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(name, 990)
      req.onupgradeneeded = () => req.result.createObjectStore("orders").put({ id: 1 }, "k")
      req.onsuccess = () => {
        req.result.close()
        resolve()
      }
      req.onerror = () => reject(req.error)
    })
    const newer = new HuikeDB(name)
    const error = await newer.open().catch((e: unknown) => e)
    // Dexie wraps what open() throws; the cause stays reachable.
    expect((error as Error).name).toBe("VersionError")
    expect((error as { inner?: unknown }).inner ?? error).toBeInstanceOf(NewerDatabaseError)
    expect((error as Error).message).toMatch(/version 99.*newer/)
    // Queries fail at once (the connection stays closed), and the background says why.
    await expect(newer.orders.count()).rejects.toThrow()
    expect(await handleMessage(newer, { type: "stats" }, NOW)).toMatchObject({ ok: false, code: "version" })
    const info = (await indexedDB.databases()).find((d) => d.name === name)
    expect(info?.version).toBe(990)
    const value = await new Promise((resolve) => {
      const req = indexedDB.open(name)
      req.onsuccess = () => {
        const get = req.result.transaction("orders").objectStore("orders").get("k")
        get.onsuccess = () => {
          resolve(get.result)
          req.result.close()
        }
      }
    })
    expect(value).toEqual({ id: 1 })
  })

  it("an upgrade by newer code stops the old connection, which then answers 'reload'", async () => {
    let told = 0
    const old = fresh({ onStale: () => told++ }, 1)
    await old.open()
    const upgraded = new HuikeDB(old.name)
    await upgraded.open()
    expect(told).toBe(1)
    expect(old.stale).toBe(true)
    // Dexie 4 would reopen it at the new version; it stays closed instead.
    await expect(old.shops.count()).rejects.toThrow()
    const reply = await handleMessage(old, { type: "stats" }, NOW)
    expect(reply).toMatchObject({ ok: false, code: "stale" })
    upgraded.close()
  })
})

describe("backup and restore", () => {
  it("a restore into an empty database reproduces every record and figure", async () => {
    for (const c of chunks(makeShop(700, 90), 150)) await ingestOrders(db, c, { now: NOW })
    await rescoreShop(db, "taobao:shop", { now: NOW })
    const someone = (await db.customers.toCollection().first())!
    await db.notes.add({ customerKey: someone.key, text: "备注 <b>x</b>", createdAt: NOW, updatedAt: NOW })
    await db.tags.add({ shopKey: "taobao:shop", name: "VIP", color: "#f00" })
    const original = await everything(db)
    const lookups = await lookupBuyersByNick(db, "taobao:shop", ["买家1", "买家2", "买家7"], NOW)

    const blob = await exportBackup(db)
    const empty = fresh()
    await empty.open()
    const restored = await restoreBackup(empty, blob)
    expect(restored.version).toBe(SCHEMA_VERSION)
    expect(await everything(empty)).toEqual(original)
    expect(await lookupBuyersByNick(empty, "taobao:shop", ["买家1", "买家2", "买家7"], NOW)).toEqual(lookups)
    empty.close()
  })

  it("restores through the background's messages, only from Huike's own pages, and delete-all needs its words", async () => {
    await ingestOrders(db, makeShop(100, 20), { now: NOW })
    const original = await everything(db)
    expect(await handleMessage(db, { type: "backupExport" }, NOW)).toMatchObject({
      ok: false,
      code: "sender"
    })
    const exported = await handleMessage(db, { type: "backupExport" }, NOW, { fromExtensionPage: true })
    if (!exported.ok || !("json" in exported)) throw new Error("no backup")
    expect(
      await handleMessage(db, { type: "deleteAllData", confirm: "yes" }, NOW, { fromExtensionPage: true })
    ).toMatchObject({ ok: false, code: "malformed" })
    expect(await db.orders.count()).toBe(100)
    expect(
      await handleMessage(db, { type: "deleteAllData", confirm: DELETE_ALL_CONFIRMATION }, NOW, {
        fromExtensionPage: true
      })
    ).toEqual({ ok: true })
    for (const rows of Object.values(await everything(db))) expect(rows).toEqual([])
    expect(
      await handleMessage(db, { type: "backupRestore", json: exported.json }, NOW, {
        fromExtensionPage: true
      })
    ).toEqual({ ok: true })
    expect(await everything(db)).toEqual(original)
  })

  it("refuses a backup from a newer schema before clearing anything", async () => {
    await ingestOrders(db, makeShop(50, 10), { now: NOW })
    const text = await (await exportBackup(db)).text()
    const newer = new Blob([text.replace(`"databaseVersion":${SCHEMA_VERSION}`, '"databaseVersion":9')])
    await expect(restoreBackup(db, newer)).rejects.toBeInstanceOf(NewerDatabaseError)
    await expect(restoreBackup(db, new Blob(["{}"]))).rejects.toThrow(/not a Huike backup/)
    expect(await db.orders.count()).toBe(50)
  })
})

/** Makes the next writes to `table` fail as a full disk does. */
function failWrites(table: string, after = 0) {
  let seen = 0
  return onTable(table, "quota", (t) => ({
    mutate: (req) =>
      seen++ < after
        ? t.mutate(req)
        : Promise.reject(new DOMException("The quota has been exceeded.", "QuotaExceededError"))
  }))
}

describe("failures", () => {
  it("a full disk rolls the whole batch back and says so", async () => {
    await ingestOrders(db, makeShop(100, 20), { now: NOW })
    const before = await everything(db)
    const full = new HuikeDB(db.name)
    full.use(failWrites("customers"))
    const more = makeShop(300, 20, 7).map((o) => ({ ...o, orderId: `x${o.orderId}` }))
    const reply = await handleMessage(
      full,
      {
        type: "capture",
        platform: "taobao",
        pageKind: "order-list",
        url: "https://trade.taobao.com/x",
        shopId: "shop",
        rowsSeen: more.length,
        orders: more,
        problems: []
      },
      NOW
    )
    expect(reply).toMatchObject({ ok: false, code: "quota" })
    expect((reply as { error: string }).error).toMatch(/full.*Nothing from this batch was stored/)
    full.close()
    // Orders were written before the customers failed: all of it rolled back.
    expect(await everything(db)).toEqual(before)
  })

  it("recognises Chromium's form: an AbortError wrapping QuotaExceededError", () => {
    const abort = new Dexie.AbortError("Transaction aborted", new DOMException("full", "QuotaExceededError"))
    expect(describeStorageError(abort).code).toBe("quota")
    expect(describeStorageError(new Dexie.AbortError("aborted")).code).toBe("other")
  })

  it("an import interrupted mid-chunk resumes from its checkpoint: nothing lost, nothing doubled", async () => {
    const orders = makeShop(5_000, 700)
    const job = { jobId: "job-1", source: "orders.csv", total: orders.length }
    const parts = chunks(orders, 500)
    for (let i = 0; i < 4; i++) await importChunk(db, { ...job, offset: i * 500, orders: parts[i] }, NOW)
    // The worker dies while the fifth chunk is being written: its transaction never commits.
    const dying = new HuikeDB(db.name)
    dying.use(failWrites("importJobs"))
    await expect(importChunk(dying, { ...job, offset: 2_000, orders: parts[4] }, NOW)).rejects.toThrow()
    dying.close()
    expect(await db.orders.count()).toBe(2_000)

    // The page asks where to resume; an already-committed chunk sent again is acknowledged, not rewritten.
    const status = await handleMessage(db, { type: "importStatus", jobId: "job-1" }, NOW, {
      fromExtensionPage: true
    })
    expect(status).toMatchObject({ ok: true, job: { done: 2_000, status: "writing" } })
    expect((await importChunk(db, { ...job, offset: 1_500, orders: parts[3] }, NOW)).done).toBe(2_000)
    await expect(importChunk(db, { ...job, offset: 3_000, orders: parts[6] }, NOW)).rejects.toThrow(
      /checkpoint/
    )
    for (let i = 4; i < parts.length; i++)
      await importChunk(db, { ...job, offset: i * 500, orders: parts[i] }, NOW)
    const done = await finishImport(db, "job-1", NOW)
    expect(done).toMatchObject({ done: 5_000, inserted: 5_000, status: "done" })
    expect((await importStatus(db, "job-1"))?.status).toBe("done")

    expect(await db.orders.count()).toBe(5_000)
    const want = summarizeCustomers(orders, { asOf: NOW, timeZone: ZONE })
    const got = new Map((await db.customers.toArray()).map((c) => [c.buyerId, c]))
    expect(got.size).toBe(want.length)
    for (const f of want)
      expect(got.get(f.buyerId), f.buyerId).toMatchObject({ orders: f.orders, totalSpent: f.totalSpent })
    expect((await db.dailyFigures.toArray()).reduce((s, d) => s + d.orders, 0)).toBe(
      want.reduce((s, f) => s + f.orders, 0)
    )
  })
})

/** The key of every record put into or added to `table` goes to `into`. */
const countPuts = (table: string, into: string[]) =>
  onTable(table, "count-puts", (t) => ({
    mutate: (req) => {
      if (req.type === "put" || req.type === "add")
        for (const v of req.values as { key: string }[]) into.push(v.key)
      return t.mutate(req)
    }
  }))
