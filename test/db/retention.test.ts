// The marketplace data rules in the store: the ingest path applies them to every order that comes in, the
// scheduled pass (forgetExpired) to what has passed its limit since, and schema v10 re-keys Amazon buyers
// stored under their relay e-mail to its pseudonym with everything attached to them.
import "./env"
import Dexie from "dexie"
import { afterEach, describe, expect, it } from "vitest"
import { amazonBuyerKey } from "../../src/core/retention"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB, type CustomerRecord, type OrderRecord } from "../../src/db/store"
import { ingestOrders } from "../../src/db/writes/ingest"
import { addNote, addTag } from "../../src/db/writes/attachments"
import { lookupBuyersByNick } from "../../src/db/reads/queries"
import { rescoreShop } from "../../src/db/figures/rescore"
import { forgetExpired, lastRetentionRun, loadRetention, saveRetention } from "../../src/db/writes/retention"

const NOW = Date.UTC(2026, 11, 5, 12)
const DAY = 86_400_000
const SHOP = "amazon:amazon.com"
const JANE = "jane.buyer@marketplace.amazon.com"
const JANE_KEY = `${SHOP}:${amazonBuyerKey(JANE)}`

const amazon = (orderId: string, daysAgo: number, over: Partial<CapturedOrder> = {}): CapturedOrder => ({
  platform: "amazon",
  shopId: "amazon.com",
  orderId,
  buyerId: amazonBuyerKey(JANE),
  buyerEmail: JANE,
  buyerNick: "Jane Buyer",
  buyerPhoneTail: "4477",
  createdAt: NOW - daysAgo * DAY,
  status: "shipped",
  amount: 2_599,
  refunded: 0,
  currency: "USD",
  ...over
})
const shopify: CapturedOrder = {
  platform: "shopify",
  shopId: "my-store",
  orderId: "#1001",
  buyerId: "alice@example.com",
  buyerEmail: "alice@example.com",
  buyerNick: "Alice Chen",
  createdAt: NOW - 400 * DAY,
  status: "completed",
  amount: 4_500,
  refunded: 0,
  currency: "USD"
}
const taobao: CapturedOrder = {
  platform: "taobao",
  shopId: "回客唱片旗舰店",
  orderId: "3301234567890123456",
  buyerId: "#2079908227",
  platformBuyerId: "2079908227",
  buyerNick: "t**1",
  createdAt: NOW - 400 * DAY,
  status: "completed",
  amount: 12_800,
  refunded: 0,
  currency: "CNY"
}

const names: string[] = []
let n = 0
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name)
})
async function fresh(upTo?: number, name = `retention-${n++}`) {
  names.push(name)
  const db = upTo === undefined ? new HuikeDB(name) : new HuikeDB(name, undefined, upTo)
  await db.open()
  await saveRetention(db, { amazonDays: 30 })
  return db
}
const order = async (db: HuikeDB, platform: string, shopId: string, orderId: string) =>
  (await db.orders.get(`${platform}:${shopId}:${orderId}`)) as OrderRecord
const personal = (o: { buyerNick?: string; buyerEmail?: string; buyerPhoneTail?: string }) => ({
  buyerNick: o.buyerNick,
  buyerEmail: o.buyerEmail,
  buyerPhoneTail: o.buyerPhoneTail
})

describe("ingest under the marketplace data rules", () => {
  it("stores an Amazon order past the limit without personal fields, a recent one with, under one buyer", async () => {
    const db = await fresh()
    // The relay address as key (an older adapter, a peer's replicated order): keyed on its pseudonym.
    await ingestOrders(db, [amazon("114-0000001-0000001", 40, { buyerId: JANE })], { now: NOW })
    await ingestOrders(db, [amazon("114-0000002-0000002", 3)], { now: NOW })
    const old = await order(db, "amazon", "amazon.com", "114-0000001-0000001")
    expect(personal(old)).toEqual({ buyerNick: undefined, buyerEmail: undefined, buyerPhoneTail: undefined })
    expect(old).toMatchObject({ buyerId: amazonBuyerKey(JANE), amount: 2_599, createdAt: NOW - 40 * DAY })
    const recent = await order(db, "amazon", "amazon.com", "114-0000002-0000002")
    expect(personal(recent)).toEqual({ buyerNick: "Jane Buyer", buyerEmail: JANE, buyerPhoneTail: "4477" })
    const customers = await db.customers.toArray()
    expect(customers.map((c) => c.key)).toEqual([JANE_KEY])
    expect(customers[0]).toMatchObject({
      orders: 2,
      repeatBuyer: true,
      totalSpent: 5_198,
      buyerNick: "Jane Buyer"
    })
  })

  it("an old export imported again brings no forgotten field back", async () => {
    const db = await fresh()
    await ingestOrders(db, [amazon("114-0000001-0000001", 40)], { now: NOW })
    const r = await ingestOrders(db, [amazon("114-0000001-0000001", 40)], { now: NOW })
    expect(r.unchanged).toBe(1)
    expect(personal(await order(db, "amazon", "amazon.com", "114-0000001-0000001"))).toEqual({
      buyerNick: undefined,
      buyerEmail: undefined,
      buyerPhoneTail: undefined
    })
  })

  it("leaves Taobao (masked nick and all) and Shopify orders of any age as they came", async () => {
    const db = await fresh()
    await ingestOrders(db, [shopify, taobao], { now: NOW })
    expect(await order(db, "shopify", "my-store", "#1001")).toMatchObject({
      buyerNick: "Alice Chen",
      buyerEmail: "alice@example.com"
    })
    expect(await order(db, "taobao", "回客唱片旗舰店", "3301234567890123456")).toMatchObject({
      buyerNick: "t**1",
      buyerId: "#2079908227"
    })
  })
})

describe("forgetExpired", () => {
  it("forgets what passed the owner's shorter limit, orders and customers, and keeps every figure", async () => {
    const db = await fresh()
    await ingestOrders(
      db,
      [amazon("114-0000001-0000001", 10), amazon("114-0000002-0000002", 12), shopify, taobao],
      {
        now: NOW
      }
    )
    const before = (await db.customers.get(JANE_KEY))!
    expect(before.buyerNick).toBe("Jane Buyer")
    expect(await lookupBuyersByNick(db, SHOP, ["Jane Buyer"], NOW)).not.toEqual([])

    await saveRetention(db, { amazonDays: 7 })
    const run = await forgetExpired(db, NOW)
    expect(run).toEqual({ at: NOW, amazonDays: 7, orders: 2, customers: 1 })
    expect(await lastRetentionRun(db)).toEqual(run)
    for (const id of ["114-0000001-0000001", "114-0000002-0000002"])
      expect(personal(await order(db, "amazon", "amazon.com", id))).toEqual({
        buyerNick: undefined,
        buyerEmail: undefined,
        buyerPhoneTail: undefined
      })
    const after = (await db.customers.get(JANE_KEY))!
    expect(after).not.toHaveProperty("buyerNick")
    expect(after).not.toHaveProperty("buyerEmail")
    expect(after.lookupKeys).toEqual([])
    const figures = (c: CustomerRecord) => [c.orders, c.totalSpent, c.repeatBuyer, c.lastOrderAt, c.timeline]
    expect(figures(after)).toEqual(figures(before))
    expect(await order(db, "shopify", "my-store", "#1001")).toMatchObject({
      buyerNick: "Alice Chen",
      buyerEmail: "alice@example.com"
    })
    expect((await order(db, "taobao", "回客唱片旗舰店", "3301234567890123456")).buyerNick).toBe("t**1")

    // A new order of the same buyer joins the same customer and names them again.
    await ingestOrders(db, [amazon("114-0000003-0000003", 1)], { now: NOW })
    expect(await db.customers.get(JANE_KEY)).toMatchObject({
      orders: 3,
      buyerNick: "Jane Buyer",
      repeatBuyer: true
    })
    // A later run finds nothing left to forget, and writes nothing.
    expect(await forgetExpired(db, NOW + DAY)).toMatchObject({ orders: 0, customers: 0 })
    expect(await lastRetentionRun(db)).toEqual(run)
  })

  it("keeps a setting within the policy, refuses one beyond it", async () => {
    const db = await fresh()
    await expect(saveRetention(db, { amazonDays: 45 })).rejects.toThrow(/1 to 30 days/)
    expect(await loadRetention(db)).toEqual({ amazonDays: 30 })
  })
})

describe("schema v10", () => {
  it("re-keys Amazon buyers stored under their relay e-mail, with their notes and tags, figures unchanged", async () => {
    const name = `retention-v10-${n++}`
    const v7 = await fresh(7, name)
    // As v7 stored them: keyed on the relay address (written directly: today's ingest keys on the pseudonym).
    const legacy = [amazon("114-0000001-0000001", 5), amazon("114-0000002-0000002", 2)].map(
      (o): OrderRecord => ({
        ...o,
        buyerId: JANE,
        key: `${SHOP}:${o.orderId}`,
        shopKey: SHOP,
        firstSeenAt: NOW,
        updatedAt: NOW
      })
    )
    await v7.shops.put({
      key: SHOP,
      platform: "amazon",
      shopId: "amazon.com",
      name: "amazon.com",
      timeZone: "UTC",
      currency: "USD",
      firstSeenAt: NOW
    })
    await v7.orders.bulkPut(legacy)
    await rescoreShop(v7, SHOP, { now: NOW, refigure: true })
    const oldKey = `${SHOP}:${JANE}`
    const before = (await v7.customers.get(oldKey))!
    expect(before).toMatchObject({ orders: 2, repeatBuyer: true })
    await addNote(v7, oldKey, "wants gift wrap", NOW)
    await addTag(v7, oldKey, "VIP")
    v7.close()

    const v10 = new HuikeDB(name)
    await v10.open()
    expect(await v10.customers.get(oldKey)).toBeUndefined()
    const moved = (await v10.customers.get(JANE_KEY))!
    expect(moved).toMatchObject({ orders: 2, repeatBuyer: true, totalSpent: 5_198, buyerEmail: JANE })
    expect((await v10.tags.bulkGet(moved.tagIds)).map((t) => t?.name)).toEqual(["VIP"])
    expect((await v10.notes.toArray()).map((x) => [x.customerKey, x.text])).toEqual([
      [JANE_KEY, "wants gift wrap"]
    ])
    expect((await v10.orders.toArray()).map((o) => o.buyerId)).toEqual([
      amazonBuyerKey(JANE),
      amazonBuyerKey(JANE)
    ])
    v10.close()
  })
})
