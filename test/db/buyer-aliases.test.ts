// Masked buyers ("t**1", the 千牛 workbench's hidden nicks) through the one ingest path: keyed on a stand-in
// from buyer.id, never on the masked nick; one customer with their full nick once that is seen (an unmasked
// answer or the export), notes, tags and reminders included; later masked sightings go straight to the
// full nick; two buyers behind the same mask stay apart.
import "./env"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/store"
import { handleMessage } from "../../background/handlers"
import { ingestOrders } from "../../src/db/writes/ingest"
import { scorePending } from "../../src/db/figures/pending"
import { lookupBuyersByNick, recentBuyers } from "../../src/db/reads/queries"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
const DAY = 86_400_000
const SHOP = "taobao:shop"

const order = (over: Partial<CapturedOrder>): CapturedOrder => ({
  platform: "taobao",
  shopId: "shop",
  orderId: "1",
  buyerId: "leo桂1978",
  buyerNick: "leo桂1978",
  createdAt: NOW - 10 * DAY,
  status: "completed",
  amount: 10_000,
  refunded: 0,
  currency: "CNY",
  ...over
})
/** A workbench row whose nick came masked, keyed on its stand-in. */
const masked = (orderId: string, id: string, over: Partial<CapturedOrder> = {}) =>
  order({ orderId, buyerId: `#${id}`, buyerNick: "l**8", platformBuyerId: id, ...over })
/** A row showing the full nick with its buyer.id (decodeNick, or the classic page). */
const full = (orderId: string, id: string, over: Partial<CapturedOrder> = {}) =>
  order({ orderId, platformBuyerId: id, ...over })
/** An export row: full nick, no buyer id. */
const exported = (orderId: string, over: Partial<CapturedOrder> = {}) => order({ orderId, ...over })

let db: HuikeDB
let n = 0
beforeEach(async () => {
  db = new HuikeDB(`aliases-${n++}`)
  await db.open()
})
afterEach(async () => {
  await db.delete()
})

const customers = async () => (await db.customers.toArray()).map((c) => [c.buyerId, c.orders, c.totalSpent])
const buyersOfOrders = async () =>
  Object.fromEntries((await db.orders.toArray()).map((o) => [o.orderId, o.buyerId]))

describe("masked buyers", () => {
  it("keys a masked buyer on the stand-in, and two buyers behind one mask stay two customers", async () => {
    await ingestOrders(db, [masked("1", "111"), masked("2", "222"), masked("3", "111")], { now: NOW })
    expect(await customers()).toEqual([
      ["#111", 2, 20_000],
      ["#222", 1, 10_000]
    ])
    // Never found by the masked nick (it names no one), always by the stand-in.
    const byNick = await lookupBuyersByNick(db, SHOP, ["l**8", "#111", "#222"], NOW)
    expect(byNick["l**8"]).toBeNull()
    expect(byNick["#111"]).toMatchObject({ customerKey: `${SHOP}:#111`, orders: 2, buyerNick: "#111" })
    // The overlay's prefetch lists them by the name it asks by.
    const recent = await recentBuyers(db, SHOP, 0, 10, NOW)
    expect(recent.buyers.map((b) => b.buyerNick).sort()).toEqual(["#111", "#222"])
    expect(byNick["#222"]).toMatchObject({ customerKey: `${SHOP}:#222`, orders: 1 })
  })

  it("joins the stand-in to the full nick when an answer shows both, with notes, tags and reminders", async () => {
    await ingestOrders(db, [masked("1", "111"), masked("2", "111")], { now: NOW })
    const standInKey = `${SHOP}:#111`
    for (const m of [
      { type: "addNote", customerKey: standInKey, text: "爱听周杰伦" },
      { type: "addTag", customerKey: standInKey, name: "老客户" },
      { type: "addReminder", customerKey: standInKey, dueAt: NOW + DAY, text: "回访" }
    ])
      expect(await handleMessage(db, m, NOW)).toMatchObject({ ok: true })
    // An unmasked sighting of another order of the same buyer.id.
    await ingestOrders(db, [full("3", "111", { createdAt: NOW - DAY })], { now: NOW })
    expect(await customers()).toEqual([["leo桂1978", 3, 30_000]])
    expect(await buyersOfOrders()).toEqual({ "1": "leo桂1978", "2": "leo桂1978", "3": "leo桂1978" })
    const nickKey = `${SHOP}:leo桂1978`
    expect((await db.notes.toArray()).map((x) => [x.customerKey, x.text])).toEqual([[nickKey, "爱听周杰伦"]])
    expect((await db.reminders.toArray()).map((x) => [x.customerKey, x.text])).toEqual([[nickKey, "回访"]])
    const tag = (await db.tags.toArray())[0]
    expect((await db.customers.get(nickKey))!.tagIds).toEqual([tag.id])
    // The daily figures count three orders once each (the merge moved orders, it did not add them).
    const days = await db.dailyFigures.toArray()
    expect(days.reduce((sum, d) => sum + d.orders, 0)).toBe(3)

    // Later masked sightings go straight to the full nick; the stand-in finds them too.
    await ingestOrders(db, [masked("4", "111", { createdAt: NOW - 2 * DAY })], { now: NOW })
    expect(await customers()).toEqual([["leo桂1978", 4, 40_000]])
    expect((await db.orders.get(`${SHOP}:4`))!.buyerNick).toBe("leo桂1978")
    const found = await lookupBuyersByNick(db, SHOP, ["#111", "leo桂1978"], NOW)
    expect(found["#111"]).toMatchObject({ customerKey: nickKey, orders: 4 })
    expect(found["leo桂1978"]).toMatchObject({ customerKey: nickKey, orders: 4 })
  })

  it("joins them when the export names the full nick on an order stored under the stand-in", async () => {
    await ingestOrders(db, [masked("1", "111"), masked("2", "111", { createdAt: NOW - 5 * DAY })], {
      now: NOW
    })
    // An import stores without scoring, then refigures the shop: the same as the import page does.
    await ingestOrders(db, [exported("1"), exported("9", { buyerId: "other", buyerNick: "other" })], {
      now: NOW,
      score: false
    })
    expect(await buyersOfOrders()).toEqual({ "1": "leo桂1978", "2": "leo桂1978", "9": "other" })
    expect((await db.customers.toArray()).map((c) => c.buyerId).sort()).toEqual(["leo桂1978"])
    expect((await db.buyerAliases.toArray()).map((a) => [a.platformBuyerId, a.buyerId])).toEqual([
      ["111", "leo桂1978"]
    ])
  })

  it("never takes an exported order away from its full nick when it is seen masked later", async () => {
    await ingestOrders(db, [exported("1"), exported("2")], { now: NOW })
    await ingestOrders(db, [masked("1", "111"), masked("5", "111", { createdAt: NOW - DAY })], { now: NOW })
    expect(await buyersOfOrders()).toEqual({ "1": "leo桂1978", "2": "leo桂1978", "5": "leo桂1978" })
    expect(await customers()).toEqual([["leo桂1978", 3, 30_000]])
    // The order keeps the buyer.id it was seen with.
    expect((await db.orders.get(`${SHOP}:1`))!.platformBuyerId).toBe("111")
  })

  it("merges deferred captures too: the stand-in's pending batch is scored with the full nick", async () => {
    await ingestOrders(db, [masked("1", "111")], { now: NOW, score: "defer" })
    await ingestOrders(db, [full("2", "111")], { now: NOW, score: "defer" })
    await scorePending(db, SHOP, NOW)
    expect(await customers()).toEqual([["leo桂1978", 2, 20_000]])
    expect(await db.pendingScoring.count()).toBe(0)
  })

  it("reads nothing more for batches without platform ids (exports, other marketplaces)", async () => {
    let aliasReads = 0
    const get = db.buyerAliases.bulkGet.bind(db.buyerAliases)
    db.buyerAliases.bulkGet = ((keys: string[]) => {
      aliasReads++
      return get(keys)
    }) as typeof db.buyerAliases.bulkGet
    await ingestOrders(db, [exported("1"), exported("2")], { now: NOW })
    expect(aliasReads).toBe(0)
    await ingestOrders(db, [full("3", "111")], { now: NOW })
    expect(aliasReads).toBe(1)
  })
})
