// The side panel's search over a real store (fake-indexeddb): order number, buyer id, nick and e-mail
// prefixes, across shops, through indexes.
import "../db/env"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/database"
import { ingestOrders } from "../../src/db/ingest"
import { searchCustomers } from "../../src/ui/customer-search"

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
