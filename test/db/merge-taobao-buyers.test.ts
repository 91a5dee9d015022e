// Schema v4: a Taobao buyer captured under the numeric buyer.id (pages, before v4) and under the member
// nick (the order export) becomes one customer, with every order, note, tag, reminder and level change.
import "./env"
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import Dexie from "dexie"
import { afterEach, describe, expect, it } from "vitest"
import { decodeExportBytes } from "../../src/adapters/encoding"
import { parseTaobaoExport } from "../../src/adapters/taobao/export"
import type { CapturedOrder } from "../../src/core/types"
import { exportBackup, restoreBackup } from "../../src/db/backup"
import { HuikeDB, SCHEMA_VERSION, type CustomerRecord } from "../../src/db/store"
import { ingestOrders } from "../../src/db/writes/ingest"
import { mergeTaobaoBuyerKeys } from "../../src/db/migrations/v4-merge-taobao-buyers"
import { RESCORE_SHOPS_KEY } from "../../src/db/store"
import { addNote, addReminder, addTag } from "../../src/db/writes/attachments"
import { lookupBuyersByNick } from "../../src/db/reads/queries"
import { rescoreShop } from "../../src/db/figures/rescore"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
const DAY = 86_400_000
const SHOP = "taobao:回客唱片旗舰店"
const LEO = `${SHOP}:leo桂1978`
const LEO_OLD = `${SHOP}:2079908227`

/** The official export: leo桂1978 paid 1,403.99 (order …542) and 88.06 (order …172), keyed on the nick. */
const exported = parseTaobaoExport(
  decodeExportBytes(readFileSync(resolve(import.meta.dirname, "../fixtures/exports/taobao-orders.csv"))).text
).orders

/** An order as the sold-orders list stored it before v4: keyed on the numeric buyer.id. */
const pageOrder = (over: Partial<CapturedOrder>): CapturedOrder => ({
  platform: "taobao",
  shopId: "回客唱片旗舰店",
  orderId: "3002237382410078542",
  buyerId: "2079908227",
  buyerNick: "leo桂1978",
  createdAt: Date.UTC(2026, 10, 2, 1, 15, 2),
  status: "paid",
  amount: 140_399,
  refunded: 0,
  currency: "CNY",
  ...over
})

const names: string[] = []
let n = 0
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name)
})
const freshName = () => {
  const name = `merge-${n++}`
  names.push(name)
  return name
}

const ownFigures = (c: CustomerRecord | undefined) =>
  c && {
    buyerId: c.buyerId,
    buyerNick: c.buyerNick,
    orders: c.orders,
    purchaseDays: c.purchaseDays,
    totalSpent: c.totalSpent,
    firstOrderAt: c.firstOrderAt,
    lastOrderAt: c.lastOrderAt,
    firstOrderDay: c.firstOrderDay,
    lastOrderDay: c.lastOrderDay,
    firstDaySpend: c.firstDaySpend,
    refundRate: c.refundRate,
    repeatBuyer: c.repeatBuyer,
    memberLevel: c.memberLevel,
    timeline: c.timeline,
    lookupKeys: c.lookupKeys
  }

async function tableRows(db: HuikeDB, table: string, keep: (r: Record<string, unknown>) => boolean) {
  return (await db.table(table).toArray()).filter(keep)
}

/** A v3 database as a real seller's: the export imported, then pages browsed (old numeric keys). */
async function buildV3() {
  const v3 = new HuikeDB(freshName(), undefined, 3)
  await v3.open()
  expect(v3.verno).toBe(3)
  // Another Taobao shop (export only) and an Etsy shop whose buyer ids are numeric: neither may change.
  const otherShop = exported.map((o) => ({ ...o, shopId: "另一家店" }))
  const etsy: CapturedOrder[] = [1, 2, 3].map((i) => ({
    platform: "etsy",
    shopId: "vintage",
    orderId: `e${i}`,
    buyerId: i === 3 ? "271829" : "271828",
    buyerNick: "adalovelace",
    createdAt: NOW - i * 20 * DAY,
    status: "completed",
    amount: 1_000 * i,
    refunded: 0,
    currency: "USD"
  }))
  await ingestOrders(v3, [...exported, ...otherShop, ...etsy], { now: NOW })
  await rescoreShop(v3, SHOP, { now: NOW })
  // The sold-orders list showed …542 again (now paid, numeric key: it moved to a second customer) and a
  // new order; a later page batch is still waiting for its deferred scoring.
  await ingestOrders(
    v3,
    [pageOrder({}), pageOrder({ orderId: "3009000000000000001", createdAt: NOW - 2 * DAY, amount: 5_000 })],
    { now: NOW }
  )
  await ingestOrders(
    v3,
    [pageOrder({ orderId: "3009000000000000002", createdAt: NOW - DAY, amount: 12_345, status: "shipped" })],
    { now: NOW, score: "defer" }
  )
  // A buyer only ever seen on the pages.
  await ingestOrders(
    v3,
    [
      pageOrder({ orderId: "3009000000000000003", buyerId: "2000104729", buyerNick: "陈小平", amount: 5_900 })
    ],
    { now: NOW }
  )
  // What the seller attached: to the numeric-keyed leo, the nick-keyed leo, and the page-only buyer.
  await addNote(v3, LEO_OLD, "prefers SF Express", NOW - DAY)
  await addNote(v3, LEO_OLD, "same words on both", NOW - DAY)
  await addNote(v3, LEO, "same words on both", NOW - DAY)
  await addNote(v3, LEO, "asked for an invoice", NOW - DAY)
  const vip = await addTag(v3, LEO_OLD, "VIP")
  const classical = await addTag(v3, LEO, "古典")
  // One tag on both: kept once.
  const regular = await addTag(v3, LEO, "常客")
  await addTag(v3, LEO_OLD, "常客")
  await addReminder(v3, LEO_OLD, NOW + DAY, "call about the box set", NOW - DAY)
  await v3.reminders.add({
    customerKey: LEO_OLD,
    shopKey: SHOP,
    dueAt: NOW + 2 * DAY,
    text: "review",
    status: "open",
    dedupeKey: `review:${LEO_OLD}:3009000000000000001`,
    createdAt: NOW - DAY
  })
  await v3.levelHistory.add({ customerKey: LEO_OLD, at: NOW - 2 * DAY, from: null, to: "silver" })
  await addNote(v3, `${SHOP}:2000104729`, "first order", NOW - DAY)
  return { v3, vip, classical, regular }
}

describe("schema v4: Taobao buyers merged on the nick", () => {
  it("merges the export's and the pages' customer of one buyer, with everything attached, exactly", async () => {
    const { v3, vip, classical, regular } = await buildV3()
    // The bug: two customers for leo桂1978, the orders split between them.
    const leoBefore = (await v3.customers.toArray()).filter((c) => c.buyerNick === "leo桂1978")
    expect(
      leoBefore
        .filter((c) => c.shopKey === SHOP)
        .map((c) => [c.key, c.orders])
        .sort()
    ).toEqual([
      [LEO_OLD, 2],
      [LEO, 1]
    ])
    expect(await v3.pendingScoring.count()).toBe(1)
    const ordersBefore = await v3.orders.toArray()
    const untouched = (r: Record<string, unknown>) =>
      !String(r.key ?? r.shopKey ?? "").startsWith(`${SHOP}`) && r.shopKey !== SHOP
    const others: Record<string, unknown[]> = {}
    for (const t of ["orders", "customers", "dailyFigures", "shopScores", "shops"])
      others[t] = await tableRows(v3, t, untouched)
    expect(others.customers.length).toBe(7)
    v3.close()

    const v4 = new HuikeDB(v3.name)
    await v4.open()
    expect(v4.verno).toBe(SCHEMA_VERSION)
    // v3 → v7 in one upgrade: v4's merge reads orders' buyer index, which v5 then drops.
    expect(SCHEMA_VERSION).toBe(7)
    expect(v4.orders.schema.idxByName["[shopKey+buyerId]"]).toBeUndefined()

    // Orders: none lost or doubled, same primary keys, the numeric ones now on the nick.
    const ordersAfter = await v4.orders.toArray()
    expect(ordersAfter.map((o) => o.key).sort()).toEqual(ordersBefore.map((o) => o.key).sort())
    for (const o of ordersAfter.filter((x) => x.shopKey === SHOP)) expect(o.buyerId).toBe(o.buyerNick)
    expect(
      ordersAfter
        .filter((o) => o.buyerId === "leo桂1978" && o.shopKey === SHOP)
        .map((o) => [o.orderId, o.status, o.amount])
        .sort()
    ).toEqual([
      ["3001664095626375172", "shipped", 8_806],
      ["3002237382410078542", "paid", 140_399],
      ["3009000000000000001", "paid", 5_000],
      ["3009000000000000002", "shipped", 12_345]
    ])

    // One customer: four purchases, 1,403.99 + 88.06 + 50.00 + 123.45 = 1,665.50 yuan.
    const shopCustomers = (await v4.customers.toArray()).filter((c) => c.shopKey === SHOP)
    expect(shopCustomers.map((c) => c.key).sort()).toEqual(
      [
        LEO,
        `${SHOP}:吴英`,
        `${SHOP}:安静的橙子5`,
        `${SHOP}:谢浩勇`,
        `${SHOP}:陈小平`,
        `${SHOP}:龚平梅80`
      ].sort()
    )
    const leo = (await v4.customers.get(LEO))!
    expect(leo).toMatchObject({ orders: 4, totalSpent: 166_550, repeatBuyer: true, buyerId: "leo桂1978" })
    expect(leo.timeline!.id).toEqual([
      "3001664095626375172",
      "3002237382410078542",
      "3009000000000000001",
      "3009000000000000002"
    ])
    expect(leo.lookupKeys).toEqual([`${SHOP}|nick|leo桂1978`])
    expect([...leo.tagIds].sort()).toEqual([vip, classical, regular].sort())
    expect(await v4.customers.get(`${SHOP}:陈小平`)).toMatchObject({ orders: 1, totalSpent: 5_900 })
    expect(await v4.pendingScoring.count()).toBe(0)

    // Notes, reminders and level history on the merged customer; nothing left on the old keys, no twins.
    const notes = await v4.notes.toArray()
    expect(
      notes
        .filter((x) => x.customerKey === LEO)
        .map((x) => x.text)
        .sort()
    ).toEqual(["asked for an invoice", "prefers SF Express", "same words on both"])
    expect(notes.find((x) => x.text === "first order")?.customerKey).toBe(`${SHOP}:陈小平`)
    const reminders = await v4.reminders.toArray()
    expect(reminders.map((r) => [r.customerKey, r.text, r.dedupeKey]).sort()).toEqual([
      [LEO, "call about the box set", undefined],
      [LEO, "review", `review:${LEO}:3009000000000000001`]
    ])
    expect((await v4.levelHistory.toArray()).filter((h) => h.customerKey === LEO_OLD)).toEqual([])
    expect(await v4.levelHistory.where("customerKey").equals(LEO).toArray()).toContainEqual(
      expect.objectContaining({ at: NOW - 2 * DAY, from: null, to: "silver" })
    )
    for (const t of ["notes", "reminders", "levelHistory"])
      expect(JSON.stringify(await v4.table(t).toArray()), t).not.toMatch(/:(2079908227|2000104729)\b/)

    // Exactly the figures a store that always keyed on the nick holds, daily shop figures included.
    const truth = new HuikeDB(freshName())
    await truth.open()
    const final = ordersAfter.map(({ key: _k, shopKey: _s, firstSeenAt: _f, updatedAt: _u, ...o }) => o)
    await ingestOrders(truth, final, { now: NOW })
    for (const c of await truth.customers.toArray())
      expect(ownFigures(await v4.customers.get(c.key)), c.key).toEqual(ownFigures(c))
    const daily = (d: HuikeDB) =>
      d.dailyFigures
        .toArray()
        .then((rows) => rows.filter((r) => r.shopKey === SHOP).sort((a, b) => (a.key < b.key ? -1 : 1)))
    expect(await daily(v4)).toEqual(await daily(truth))
    truth.close()

    // Other shops and platforms: every record as it was.
    for (const [t, rows] of Object.entries(others)) expect(await tableRows(v4, t, untouched), t).toEqual(rows)

    // The chips, and the shop-wide rescore the background runs after open.
    expect(await v4.settings.get(RESCORE_SHOPS_KEY)).toEqual({ key: RESCORE_SHOPS_KEY, value: [SHOP] })
    expect((await lookupBuyersByNick(v4, SHOP, ["leo桂1978"], NOW))["leo桂1978"]).toMatchObject({
      customerKey: LEO,
      orders: 4,
      totalSpent: 166_550
    })
    await rescoreShop(v4, SHOP, { now: NOW })
    expect(await v4.customers.get(LEO)).toMatchObject({ orders: 4, totalSpent: 166_550 })

    // Nothing left to merge: a second run changes nothing.
    const snapshot = await v4.customers.toArray()
    expect(await v4.transaction("rw", v4.tables, () => mergeTaobaoBuyerKeys(v4, NOW))).toEqual([])
    expect(await v4.customers.toArray()).toEqual(snapshot)
    v4.close()
  })

  it("merges a restored backup from before v4 the same way", async () => {
    const { v3 } = await buildV3()
    const backup = await exportBackup(v3)
    v3.close()
    const v4 = new HuikeDB(freshName())
    await v4.open()
    expect(await restoreBackup(v4, backup)).toMatchObject({ version: 3 })
    expect(
      (await v4.customers.toArray()).filter((c) => c.buyerNick === "leo桂1978").map((c) => c.key)
    ).toEqual(["taobao:另一家店:leo桂1978", LEO])
    expect(await v4.customers.get(LEO)).toMatchObject({ orders: 4, totalSpent: 166_550 })
    expect((await v4.notes.where("customerKey").equals(LEO).toArray()).length).toBe(3)
    expect(await v4.customers.get(LEO_OLD)).toBeUndefined()
    v4.close()
  })

  it("moves what was attached to a numeric-id customer whose orders all went to the nick before", async () => {
    // Pages first (numeric id), then the export imported and a full rescore: the rescore only visits buyers
    // with orders, so the numeric customer stayed behind, empty of orders but holding the rep's note and tag.
    const name = freshName()
    const v3 = new HuikeDB(name, undefined, 3)
    await v3.open()
    await ingestOrders(v3, [pageOrder({})], { now: NOW })
    await addNote(v3, LEO_OLD, "VIP, call before shipping", NOW)
    const tag = await addTag(v3, LEO_OLD, "VIP")
    await ingestOrders(v3, [pageOrder({ buyerId: "leo桂1978", status: "completed" })], {
      now: NOW,
      score: false
    })
    await rescoreShop(v3, SHOP, { now: NOW, refigure: true })
    expect(await v3.orders.where("[shopKey+buyerId]").equals([SHOP, "2079908227"]).count()).toBe(0)
    expect(await v3.customers.get(LEO_OLD)).toBeDefined()
    v3.close()

    const v4 = new HuikeDB(name)
    await v4.open()
    expect(await v4.customers.get(LEO_OLD)).toBeUndefined()
    expect(await v4.customers.get(LEO)).toMatchObject({ orders: 1, totalSpent: 140_399, tagIds: [tag] })
    expect((await v4.notes.toArray()).map((x) => [x.customerKey, x.text])).toEqual([
      [LEO, "VIP, call before shipping"]
    ])
    v4.close()
  })

  it("leaves two buyers apart when their numeric ids and digits-only nicks cross", async () => {
    // Id 111 shows nick "222" and id 222 shows nick "111": moving either would put two buyers' notes on one
    // customer, so both stay as they are. Id 333, whose nick is a plain name, still moves.
    const name = freshName()
    const v3 = new HuikeDB(name, undefined, 3)
    await v3.open()
    await ingestOrders(
      v3,
      [
        pageOrder({ orderId: "1", buyerId: "111", buyerNick: "222" }),
        pageOrder({ orderId: "2", buyerId: "222", buyerNick: "111", amount: 700 }),
        pageOrder({ orderId: "3", buyerId: "333", buyerNick: " 阿朱 " })
      ],
      { now: NOW }
    )
    await addNote(v3, `${SHOP}:111`, "X's note", NOW)
    await addNote(v3, `${SHOP}:222`, "Y's note", NOW)
    v3.close()

    const v4 = new HuikeDB(name)
    await v4.open()
    expect((await v4.customers.toArray()).map((c) => [c.key, c.orders]).sort()).toEqual([
      [`${SHOP}:111`, 1],
      [`${SHOP}:222`, 1],
      [`${SHOP}:阿朱`, 1]
    ])
    expect((await v4.notes.toArray()).map((x) => [x.customerKey, x.text]).sort()).toEqual([
      [`${SHOP}:111`, "X's note"],
      [`${SHOP}:222`, "Y's note"]
    ])
    // The moved order carries the trimmed nick it is now keyed on.
    expect(await v4.orders.get(`${SHOP}:3`)).toMatchObject({ buyerId: "阿朱", buyerNick: "阿朱" })
    v4.close()
  })
})
