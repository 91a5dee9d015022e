// Deferred scoring: captures that only record what they changed, scored later in one pass, end with exactly
// the figures per-batch scoring gives, and every read through the background sees them current.
import "./env"
import Dexie from "dexie"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { analyzeShop } from "../../src/core"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/store"
import { DeferredScoring } from "../../src/db/figures/deferred"
import { handleMessage } from "../../background/handlers"
import { ingestOrders } from "../../src/db/writes/ingest"
import {
  pendingShops,
  scorePending,
  scorePendingBatches,
  type PendingBatch
} from "../../src/db/figures/pending"
import { forgetShopMeans } from "../../src/db/figures/means"
import { onTable } from "./middleware"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
const DAY = 86_400_000
const ZONE = "Asia/Shanghai"

function makeShop(orders: number, buyers: number, seed = 3): CapturedOrder[] {
  let s = seed
  const rnd = () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648
  const statuses = ["completed", "completed", "shipped", "paid", "closed", "unpaid"] as const
  return Array.from({ length: orders }, (_, i) => {
    const b = Math.floor(rnd() ** 2 * buyers)
    const amount = 1_000 + Math.floor(rnd() * 40_000)
    return {
      platform: "taobao" as const,
      shopId: "shop",
      orderId: `o${i}`,
      buyerId: `b${b}`,
      buyerNick: `买家${b}`,
      createdAt: NOW - Math.floor(rnd() * 500 * DAY),
      status: statuses[Math.floor(rnd() * statuses.length)],
      amount,
      refunded: rnd() < 0.1 ? Math.floor(amount / 3) : 0,
      currency: "CNY"
    }
  })
}

const chunks = <T>(xs: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n))

/** Captures in pages, then re-sightings: some closed, some refunded, two moved to another buyer. */
function sightings(orders: readonly CapturedOrder[]): { batches: CapturedOrder[][]; final: CapturedOrder[] } {
  const batches = chunks([...orders].reverse(), 83)
  const changed = orders
    .slice(0, 90)
    .map((o, i) =>
      i % 3 === 0
        ? { ...o, status: "closed" as const }
        : i % 3 === 1
          ? { ...o, refunded: o.amount }
          : { ...o, buyerId: "b-moved", buyerNick: "买家moved" }
    )
  batches.push(changed.slice(0, 45), changed.slice(30, 90))
  return { batches, final: orders.map((o, i) => (i < 90 ? changed[i] : o)) }
}

let n = 0
const dbs: HuikeDB[] = []
const fresh = async () => {
  const d = new HuikeDB(`deferred-${n++}`)
  dbs.push(d)
  await d.open()
  return d
}
beforeEach(() => forgetShopMeans())
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.delete()
})

/**
 * Every record a reader sees, without the bookkeeping that differs by the order of writes. nickAt too: per
 * batch, a buyer keeps the date of a nick read from an order that a later batch moved to another buyer;
 * one pass never sees that order as theirs (the nick itself is the same either way).
 */
async function figures(d: HuikeDB) {
  const customers = (await d.customers.toArray()).map(({ rev: _r, updatedAt: _u, nickAt: _n, ...c }) => c)
  const daily = await d.dailyFigures.orderBy("key").toArray()
  return { customers, daily, orders: await d.orders.count() }
}

describe("deferred scoring", () => {
  it("one pass over many recorded batches gives exactly the per-batch figures, which equal src/core's", async () => {
    const { batches, final } = sightings(makeShop(700, 120))
    const inline = await fresh()
    const deferred = await fresh()
    for (const b of batches) {
      await ingestOrders(inline, b, { now: NOW })
      await ingestOrders(deferred, b, { now: NOW, score: "defer" })
    }
    // Nothing is scored yet: the batches wait, with every buyer they named.
    expect(await deferred.customers.count()).toBe(0)
    expect(await deferred.pendingScoring.count()).toBe(batches.length)
    expect(await pendingShops(deferred)).toEqual(["taobao:shop"])

    const written = await scorePending(deferred, "taobao:shop", NOW)
    expect(await deferred.pendingScoring.count()).toBe(0)
    // Each buyer written once, not once per batch that named them.
    expect(written).toBe(await deferred.customers.count())
    expect(await figures(deferred)).toEqual(await figures(inline))
    // Level history keeps the net change of the pass (per batch, the steps in between were recorded too).
    const last = new Map((await deferred.levelHistory.toArray()).map((l) => [l.customerKey, l.to]))
    for (const c of await deferred.customers.toArray()) {
      if (last.has(c.key)) expect(last.get(c.key), c.key).toBe(c.memberLevel)
    }
    expect(last.size).toBeGreaterThan(0)

    const shop = analyzeShop(final, { asOf: NOW, timeZone: ZONE })
    const byBuyer = new Map((await deferred.customers.toArray()).map((c) => [c.buyerId, c]))
    expect(byBuyer.get("b-moved")?.orders).toBe(
      shop.customerList.find((c) => c.buyerId === "b-moved")!.orders
    )
    for (const a of shop.customerList) {
      expect(byBuyer.get(a.buyerId), a.buyerId).toMatchObject({
        orders: a.orders,
        totalSpent: a.totalSpent,
        purchaseDays: a.purchaseDays
      })
    }
    const days = await deferred.dailyFigures.toArray()
    expect(days.reduce((s, d) => s + d.orders, 0)).toBe(shop.orders)
    expect(days.reduce((s, d) => s + d.newBuyers, 0)).toBe(shop.buyers)
    // A second pass finds nothing to do.
    expect(await scorePending(deferred, "taobao:shop", NOW)).toBe(0)
  })

  it("records keep only order ids; orders held in memory, read back, or mixed give the same figures", async () => {
    const { batches } = sightings(makeShop(700, 120))
    const inline = await fresh()
    for (const b of batches) await ingestOrders(inline, b, { now: NOW })
    const want = await figures(inline)
    // held: every batch's orders from memory; none: all read back (another worker); odd: half and half,
    // so a re-sighting read back and one held meet in the same pass.
    for (const keep of ["held", "none", "odd"] as const) {
      const d = await fresh()
      const held = new Map<number, PendingBatch>()
      let i = 0
      let changed = 0
      for (const b of batches) {
        const r = await ingestOrders(d, b, { now: NOW, score: "defer" })
        changed += r.inserted + r.updated
        for (const p of r.pending) if (keep === "held" || (keep === "odd" && i++ % 2 === 1)) held.set(p.id, p)
      }
      const records = await d.pendingScoring.toArray()
      expect(records.map((r) => r.orders)).toEqual(records.map(() => undefined))
      expect(records.reduce((n, r) => n + r.orderIds!.length, 0)).toBe(changed)
      expect(changed).toBeGreaterThan(700)
      // Reading back would see what is stored now; held copies are the batch's own: both end the same.
      const { written } = await scorePendingBatches(d, "taobao:shop", NOW, held)
      expect(written, keep).toBe(await d.customers.count())
      expect(await figures(d), keep).toEqual(want)
    }
  })

  it("scores a v3–v4 record that carries copies of its orders", async () => {
    const orders = makeShop(200, 30)
    const inline = await fresh()
    await ingestOrders(inline, orders, { now: NOW })
    const d = await fresh()
    await ingestOrders(d, orders, { now: NOW, score: false })
    await d.pendingScoring.add({
      shopKey: "taobao:shop",
      orders: orders.map(({ platform: _p, shopId: _s, ...o }) => o),
      buyerIds: [...new Set(orders.map((o) => o.buyerId))],
      at: NOW
    })
    await scorePending(d, "taobao:shop", NOW)
    expect(await figures(d)).toEqual(await figures(inline))
  })

  it("a failed pass keeps nothing and leaves the batches for the next one", async () => {
    const d = await fresh()
    const orders = makeShop(300, 50)
    for (const b of chunks(orders, 100)) await ingestOrders(d, b, { now: NOW, score: "defer" })
    const failing = new HuikeDB(d.name)
    failing.use(failWrites("customers"))
    await expect(scorePending(failing, "taobao:shop", NOW)).rejects.toThrow(/QuotaExceededError|full/)
    failing.close()
    expect(await d.customers.count()).toBe(0)
    expect(await d.dailyFigures.count()).toBe(0)
    expect(await d.pendingScoring.count()).toBe(3)
    expect(await d.orders.count()).toBe(300)
    await scorePending(d, "taobao:shop", NOW)
    const shop = analyzeShop(orders, { asOf: NOW, timeZone: ZONE })
    expect(await d.customers.count()).toBe(shop.customers)
  })

  it("through the background: captures answer before scoring, and every read waits for current figures", async () => {
    const d = await fresh()
    const scored: string[] = []
    // Long waits: only the reads below may trigger the pass.
    const scoring = new DeferredScoring(d, {
      quietMs: 60_000,
      maxWaitMs: 60_000,
      onScored: (s) => scored.push(s)
    })
    const orders = makeShop(400, 60)
    const capture = (batch: CapturedOrder[]) =>
      handleMessage(
        d,
        {
          type: "capture",
          platform: "taobao",
          pageKind: "order-list",
          url: "https://trade.taobao.com/x",
          shopId: "shop",
          rowsSeen: batch.length,
          orders: batch,
          problems: []
        },
        NOW,
        { scoring }
      )
    for (const b of chunks(orders, 100)) expect(await capture(b)).toMatchObject({ ok: true, inserted: 100 })
    // The same orders again: nothing new, nothing pending.
    expect(await capture(orders.slice(0, 100))).toMatchObject({ ok: true, inserted: 0, updated: 0 })
    expect(await d.pendingScoring.count()).toBe(4)
    expect(await d.customers.count()).toBe(0)

    const shop = analyzeShop(orders, { asOf: NOW, timeZone: ZONE })
    const top = shop.customerList.reduce((a, b) => (b.orders > a.orders ? b : a))
    const reply = await handleMessage(
      d,
      { type: "lookup", platform: "taobao", shopId: "shop", nicks: [top.buyerNick!] },
      NOW,
      { scoring }
    )
    expect(reply).toMatchObject({
      ok: true,
      buyers: { [top.buyerNick!]: { orders: top.orders, totalSpent: top.totalSpent } }
    })
    expect(scored).toEqual(["taobao:shop"])
    expect(await d.pendingScoring.count()).toBe(0)

    // Asked again (as a page re-renders): the same answer; after a capture changed the buyer, the new one.
    const lookup = () =>
      handleMessage(d, { type: "lookup", platform: "taobao", shopId: "shop", nicks: [top.buyerNick!] }, NOW, {
        scoring
      })
    expect(await lookup()).toEqual(reply)
    const more = {
      ...orders[0],
      orderId: "one-more",
      buyerId: top.buyerId,
      buyerNick: top.buyerNick,
      amount: 777
    }
    await capture([{ ...more, status: "completed", refunded: 0, createdAt: NOW - DAY }])
    expect(await lookup()).toMatchObject({
      buyers: { [top.buyerNick!]: { orders: top.orders + 1, totalSpent: top.totalSpent + 777 } }
    })
    scoring.reset()
  })

  it("a shop's first pass of many buyers reads no customer; a later pass reads and adds to them", async () => {
    const orders = makeShop(3_000, 900, 5)
    const batches = chunks(orders, 500)
    const inline = await fresh()
    for (const b of batches) await ingestOrders(inline, b, { now: NOW })
    const reads: number[] = []
    const d = new HuikeDB(`deferred-${n++}`)
    dbs.push(d)
    d.use(countCustomerReads(reads))
    for (const b of batches.slice(0, 3)) await ingestOrders(d, b, { now: NOW, score: "defer" })
    const first = await scorePending(d, "taobao:shop", NOW)
    expect(first).toBeGreaterThan(200)
    // The shop had no customer: the pass looked at one key range, not at its buyers one by one.
    expect(reads).toEqual([])
    for (const b of batches.slice(3)) await ingestOrders(d, b, { now: NOW, score: "defer" })
    await scorePending(d, "taobao:shop", NOW)
    // Now it has: every buyer of the pass is looked up, and the figures add up with the first pass's.
    expect(Math.max(...reads)).toBeGreaterThan(200)
    expect(await figures(d)).toEqual(await figures(inline))
  })

  it("a new worker scores what the previous one left pending", async () => {
    const d = await fresh()
    const orders = makeShop(200, 30)
    await ingestOrders(d, orders, { now: NOW, score: "defer" })
    // The worker that captured is gone; a new one knows nothing in memory.
    const scoring = new DeferredScoring(d, { quietMs: 60_000, maxWaitMs: 60_000 })
    await scoring.flush()
    const shop = analyzeShop(orders, { asOf: NOW, timeZone: ZONE })
    expect(await d.customers.count()).toBe(shop.customers)
    expect(await d.pendingScoring.count()).toBe(0)
  })
})

/** Every write to `table` fails as a full disk does. */
const failWrites = (table: string) =>
  onTable(table, "full-disk", () => ({
    mutate: () => Promise.reject(new Dexie.AbortError("full", new DOMException("full", "QuotaExceededError")))
  }))

/** The number of keys of each getMany on customers goes to `reads`. */
const countCustomerReads = (reads: number[]) =>
  onTable("customers", "count-customer-reads", (t) => ({
    getMany: (req) => (reads.push(req.keys.length), t.getMany(req))
  }))
