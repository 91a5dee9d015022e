// The side panel's search over a real store (fake-indexeddb): order number, buyer id, nick and e-mail
// prefixes, across shops, through indexes; and findBuyers, which the side panel and the buyer-card window
// share, on pasted text: exact matches apart from names that only begin with it.
import "../db/env"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/store"
import { ingestOrders } from "../../src/db/writes/ingest"
import { rescoreShop } from "../../src/db/figures/rescore"
import { findBuyers, searchCustomers } from "../../src/ui/customer-search"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
const order = (
  shopId: string,
  orderId: string,
  buyerId: string,
  over: Partial<CapturedOrder> = {}
): CapturedOrder => ({
  platform: "taobao",
  shopId,
  orderId,
  buyerId,
  buyerNick: `nick-${buyerId}`,
  createdAt: NOW - 86_400_000,
  status: "completed",
  amount: 10_000,
  refunded: 0,
  currency: "CNY",
  ...over
})

let db: HuikeDB
let n = 0
beforeEach(async () => {
  db = new HuikeDB(`search-${n++}`)
  await db.open()
  await ingestOrders(
    db,
    [
      order("north", "1001", "amy", { buyerNick: "小雨同学", buyerEmail: "Amy@Example.com" }),
      order("north", "1002", "bob", { buyerNick: "小雪" }),
      order("north", "1003", "cat", { buyerNick: "大雨" }),
      order("south", "2001", "amy", { buyerNick: "小雨同学" })
    ],
    { now: NOW }
  )
})
afterEach(async () => {
  await db.delete()
})

const keys = async (q: string) => (await searchCustomers(db, q)).map((c) => c.key).sort()

describe("side panel search", () => {
  it("finds the buyer of an order number, in its shop only", async () => {
    expect(await keys("1002")).toEqual(["taobao:north:bob"])
    expect(await keys(" 2001 ")).toEqual(["taobao:south:amy"])
  })

  it("finds nicks by their beginning in every shop, e-mails by their beginning in any case, ids exactly", async () => {
    expect(await keys("小雨")).toEqual(["taobao:north:amy", "taobao:south:amy"])
    expect(await keys("小")).toEqual(["taobao:north:amy", "taobao:north:bob", "taobao:south:amy"])
    expect(await keys("AMY@example")).toEqual(["taobao:north:amy"])
    expect(await keys("cat")).toEqual(["taobao:north:cat"])
  })

  it("matches no name from its middle, and nothing for an empty query", async () => {
    expect(await keys("雨")).toEqual([])
    expect(await keys("   ")).toEqual([])
    expect(await keys("9999")).toEqual([])
  })
})

describe("findBuyers: the last four digits of a buyer's phone", () => {
  it("finds the buyers whose imported orders carry that tail, and keeps it when a page sees the order again", async () => {
    await ingestOrders(
      db,
      [
        order("north", "1101", "dan", { buyerPhoneTail: "5678" }),
        order("south", "2101", "eve", { buyerPhoneTail: "5678" }),
        order("north", "1102", "fay", { buyerPhoneTail: "4477", status: "shipped" })
      ],
      { now: NOW }
    )
    const found = await findBuyers(db, "手机尾号：5678")
    expect(found.query).toMatchObject({ ok: true, kind: "phoneTail", text: "5678" })
    expect(found.exact.map((c) => c.key).sort()).toEqual(["taobao:north:dan", "taobao:south:eve"])
    // The sold-orders page shows the same order, now completed, without a phone: the tail stays.
    await ingestOrders(db, [order("north", "1102", "fay", { status: "completed", amount: 10_000 })], {
      now: NOW + 1
    })
    expect((await findBuyers(db, "4477")).exact.map((c) => c.key)).toEqual(["taobao:north:fay"])
    expect((await findBuyers(db, "0000")).exact).toEqual([])
  })
})

describe("an export's e-mail on an order a page sees again", () => {
  it("stays on the order, so a full rescore still knows the buyer's e-mail", async () => {
    await ingestOrders(
      db,
      [order("north", "1201", "gus", { buyerEmail: "gus@example.com", status: "shipped" })],
      { now: NOW }
    )
    // The page shows the same order, now completed, without an e-mail.
    await ingestOrders(db, [order("north", "1201", "gus")], { now: NOW + 1 })
    expect((await db.orders.get("taobao:north:1201"))?.buyerEmail).toBe("gus@example.com")
    await db.customers.update("taobao:north:gus", { buyerEmail: undefined, emailAt: undefined })
    await rescoreShop(db, "taobao:north", { now: NOW + 2, refigure: true })
    expect((await db.customers.get("taobao:north:gus"))?.buyerEmail).toBe("gus@example.com")
    expect((await findBuyers(db, "gus@example.com")).exact.map((c) => c.key)).toEqual(["taobao:north:gus"])
  })
})

describe("findBuyers: a pasted nick, order number or e-mail", () => {
  const ORDER = "3301234567890123456"
  beforeEach(async () => {
    await ingestOrders(
      db,
      [
        order("north", ORDER, "amy"),
        order("north", "3301234567890999999", "dan", { buyerNick: "小雨" }),
        order("north", "3301234567890888888", "eve", { buyerNick: "tb_shop123" }),
        order("north", "3301234567890777777", "fay", { buyerNick: "ＡＢＣ小店" }),
        order("jane-shop", "#1001", "gid-1", {
          platform: "shopify",
          buyerNick: "Jane Smith",
          currency: "USD"
        }),
        order("jane-shop", "#1002", "gid-2", {
          platform: "shopify",
          buyerNick: "Jane Smith",
          currency: "USD"
        })
      ],
      { now: NOW }
    )
  })
  const found = async (raw: string) => {
    const f = await findBuyers(db, raw)
    return {
      kind: f.query.ok ? f.query.kind : f.query.reason,
      exact: f.exact.map((c) => c.key).sort(),
      partial: f.partial.map((c) => c.key).sort()
    }
  }

  it("finds the buyer of an order number however the spreadsheet or chat wrapped it", async () => {
    for (const raw of [
      ORDER,
      ` ${ORDER}\n`,
      `="${ORDER}"`,
      `'${ORDER}`,
      "３３０１２３４５６７８９０１２３４５６",
      `订单号：${ORDER}`
    ])
      expect(await found(raw), raw).toEqual({ kind: "order", exact: ["taobao:north:amy"], partial: [] })
  })

  it("finds a whole nick exactly, apart from the nicks that only begin with it", async () => {
    expect(await found(" 小雨 ")).toEqual({
      kind: "name",
      exact: ["taobao:north:dan"],
      partial: ["taobao:north:amy", "taobao:south:amy"]
    })
    // The same nick in two shops: two buyers.
    expect((await found("小雨同学")).exact).toEqual(["taobao:north:amy", "taobao:south:amy"])
  })

  it("reads full-width characters as their ASCII forms, and finds a nick stored full-width as pasted", async () => {
    expect((await found("ｔｂ＿ｓｈｏｐ１２３")).exact).toEqual(["taobao:north:eve"])
    expect((await found(" ＡＢＣ小店 ")).exact).toEqual(["taobao:north:fay"])
  })

  it("lists every buyer of a shared name", async () => {
    expect(await found("Jane  Smith")).toEqual({
      kind: "name",
      exact: ["shopify:jane-shop:gid-1", "shopify:jane-shop:gid-2"],
      partial: []
    })
  })

  it("finds an e-mail in any case, with stray whitespace", async () => {
    expect(await found("  AMY@EXAMPLE.COM ")).toEqual({
      kind: "email",
      exact: ["taobao:north:amy"],
      partial: []
    })
  })

  it("finds no one for a phone tail (no phones are kept), unknown text or nothing", async () => {
    expect(await found("１２３４")).toEqual({ kind: "phoneTail", exact: [], partial: [] })
    expect(await found("no_such_buyer")).toEqual({ kind: "name", exact: [], partial: [] })
    expect(await found(" \n ")).toEqual({ kind: "empty", exact: [], partial: [] })
  })
})
