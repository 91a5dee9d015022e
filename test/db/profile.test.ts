import "./env"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/database"
import { handleMessage } from "../../src/db/handlers"
import { ingestOrders } from "../../src/db/ingest"
import { invalidateShopMeans } from "../../src/db/profile"
import type { CustomerProfile, LookupReply, ProfileReply } from "../../src/messages"

const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
let seq = 0
const order = (
  buyerId: string,
  daysAgo: number,
  amount: number,
  over: Partial<CapturedOrder> = {}
): CapturedOrder => ({
  platform: "taobao",
  shopId: "shop",
  orderId: String(++seq),
  buyerId,
  buyerNick: `nick-${buyerId}`,
  createdAt: NOW - daysAgo * DAY,
  status: "completed",
  amount,
  refunded: 0,
  currency: "CNY",
  ...over
})

let db: HuikeDB
let n = 0
beforeEach(async () => {
  invalidateShopMeans()
  db = new HuikeDB(`profile-${n++}`)
  await db.open()
  // a: 3 recent orders, ¥900 → above every mean. b: one old ¥100 order. c: one recent ¥50 order.
  await ingestOrders(
    db,
    [
      order("a", 5, 30_000),
      order("a", 20, 30_000),
      order("a", 40, 30_000, { refunded: 5_000 }),
      order("b", 200, 10_000),
      order("c", 1, 5_000)
    ],
    { now: NOW }
  )
})
afterEach(async () => {
  await db.delete()
})

const profileOf = async (key: string) =>
  ((await handleMessage(db, { type: "profile", customerKey: key }, NOW)) as ProfileReply)
    .profile as CustomerProfile

describe("segments on chips", () => {
  it("compares each buyer with the shop means (hand-checked)", async () => {
    // Means over 3 buyers: days (5 + 200 + 1) / 3 = 68.7; orders 5/3 = 1.67; spent (85,000 + 10,000 + 5,000)/3 = 33,333.
    const reply = (await handleMessage(
      db,
      { type: "lookup", platform: "taobao", shopId: "shop", nicks: ["nick-a", "nick-b", "nick-c"] },
      NOW
    )) as LookupReply
    expect(reply.buyers["nick-a"]?.segment).toBe("important-value")
    expect(reply.buyers["nick-b"]?.segment).toBe("general-winback")
    expect(reply.buyers["nick-c"]?.segment).toBe("general-develop")
  })
})

describe("customer profile", () => {
  it("has the figures, the why-line, the level and the timeline", async () => {
    const p = await profileOf("taobao:shop:a")
    expect(p).toMatchObject({
      buyerNick: "nick-a",
      orders: 3,
      totalSpent: 85_000,
      daysSinceLastOrder: 5,
      segment: "important-value",
      memberLevel: "silver"
    })
    expect(p.segmentWhy?.en).toBe(
      "Important value: last bought 5 days ago (shop average 69), 3 orders (avg 1.7), ¥850 spent (avg ¥333)"
    )
    expect(p.segmentWhy?.zh).toContain("重要价值客户：最近一次购买在 5 天前（店铺平均 69 天）")
    // Silver is ¥500 or 2 orders in 365 days; gold needs ¥2,000 or 5 orders: ¥1,150 or 2 orders to go.
    expect(p.nextLevel).toEqual({ id: "gold", spendNeeded: 115_000, ordersNeeded: 2 })
    expect(p.timeline.map((o) => o.amount)).toEqual([30_000, 30_000, 30_000])
    expect(p.timeline[0].createdAt).toBe(NOW - 5 * DAY)
  })

  it("adds notes and reminders through validated messages, and counts due reminders on the chip", async () => {
    expect(
      await handleMessage(db, { type: "addNote", customerKey: "taobao:shop:b", text: "  call back  " }, NOW)
    ).toMatchObject({ ok: true })
    expect(
      await handleMessage(db, { type: "addNote", customerKey: "taobao:shop:b", text: "   " }, NOW)
    ).toMatchObject({ ok: false })
    expect(
      await handleMessage(db, { type: "addNote", customerKey: "taobao:shop:zzz", text: "x" }, NOW)
    ).toEqual({
      ok: false,
      error: "no customer taobao:shop:zzz"
    })
    await handleMessage(
      db,
      { type: "addReminder", customerKey: "taobao:shop:b", dueAt: NOW - 1, text: "win back" },
      NOW
    )
    await handleMessage(
      db,
      { type: "addReminder", customerKey: "taobao:shop:b", dueAt: NOW + DAY, text: "later" },
      NOW
    )
    const p = await profileOf("taobao:shop:b")
    expect(p.notes.map((x) => x.text)).toEqual(["call back"])
    expect(p.reminders.map((r) => r.text)).toEqual(["win back", "later"])
    const reply = (await handleMessage(
      db,
      { type: "lookup", platform: "taobao", shopId: "shop", nicks: ["nick-b"] },
      NOW
    )) as LookupReply
    expect(reply.buyers["nick-b"]?.remindersDue).toBe(1)
  })

  it("tags a customer by name: the shop's tag is made once and reused, the profile lists it", async () => {
    const first = await handleMessage(
      db,
      { type: "addTag", customerKey: "taobao:shop:b", name: " VIP " },
      NOW
    )
    const again = await handleMessage(db, { type: "addTag", customerKey: "taobao:shop:a", name: "VIP" }, NOW)
    expect(first).toMatchObject({ ok: true })
    expect(again).toEqual(first)
    await handleMessage(db, { type: "addTag", customerKey: "taobao:shop:b", name: "VIP" }, NOW)
    await handleMessage(db, { type: "addTag", customerKey: "taobao:shop:b", name: "Wholesale" }, NOW)
    expect((await profileOf("taobao:shop:b")).tags).toEqual([
      { id: expect.any(Number), name: "VIP", color: "#cf1322" },
      { id: expect.any(Number), name: "Wholesale", color: "#d46b08" }
    ])
    expect((await profileOf("taobao:shop:a")).tags.map((t) => t.name)).toEqual(["VIP"])
    expect(await db.tags.count()).toBe(2)
    expect(
      await handleMessage(db, { type: "addTag", customerKey: "taobao:shop:zzz", name: "VIP" }, NOW)
    ).toEqual({ ok: false, error: "no customer taobao:shop:zzz" })
    expect(
      await handleMessage(db, { type: "addTag", customerKey: "taobao:shop:b", name: "  " }, NOW)
    ).toMatchObject({
      ok: false
    })
  })

  it("answers null for an unknown customer and refuses malformed keys", async () => {
    expect(await handleMessage(db, { type: "profile", customerKey: "taobao:shop:nobody" }, NOW)).toEqual({
      ok: true,
      profile: null
    })
    expect(await handleMessage(db, { type: "profile", customerKey: 42 }, NOW)).toMatchObject({ ok: false })
  })
})
