import "./env"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/store"
import { handleMessage } from "../../background/handlers"
import { ingestOrders } from "../../src/db/writes/ingest"
import { forgetScoringSettings, LADDER_KEY, THRESHOLDS_KEY } from "../../src/db/schema/owner-settings"
import { forgetShopMeans, invalidateShopMeans, refreshShopMeans, shopMeans } from "../../src/db/figures/means"
import { rescoreShop } from "../../src/db/figures/rescore"
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
  forgetShopMeans()
  forgetScoringSettings()
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

describe("shop means cache", () => {
  it("answers from the last full scoring at first, then from the customers, rescanned when the shop changed", async () => {
    // Means over a (3 orders, 90,000 less 5,000 refunded), b (1, 10,000), c (1, 5,000): days since 5, 200, 1.
    const scan = { buyers: 3, daysSinceLastOrder: 206 / 3, orders: 5 / 3, totalSpent: 100_000 / 3 }
    await rescoreShop(db, "taobao:shop", { now: NOW })
    forgetShopMeans()
    const later = NOW + 3 * DAY
    // Nothing cached: the full scoring's means, three days older, without waiting for a scan.
    const first = (await shopMeans(db, "taobao:shop", later))!
    expect(first.buyers).toBe(3)
    expect(first.daysSinceLastOrder).toBeCloseTo(scan.daysSinceLastOrder + 3, 9)
    expect(first.totalSpent).toBeCloseTo(scan.totalSpent, 9)
    expect(await refreshShopMeans(db, "taobao:shop", later)).toEqual({
      ...scan,
      daysSinceLastOrder: scan.daysSinceLastOrder + 3
    })
    // A new buyer: a shop this small is rescanned at once (a large one answers from the stale means and
    // rescans once lookups pause).
    await ingestOrders(db, [order("d", 0, 2_000)], { now: later })
    expect((await shopMeans(db, "taobao:shop", later))!.buyers).toBe(3)
    invalidateShopMeans()
    expect((await shopMeans(db, "taobao:shop", later))!.buyers).toBe(4)
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
    // Silver since 20 days ago (¥250 net + ¥300); no saved ladder: the levels carry no benefits of their own.
    expect(p.memberRights).toEqual({
      level: { id: "silver", zh: "银卡", en: "Silver", minSpend: 50_000, minOrders: 2 },
      next: { id: "gold", zh: "金卡", en: "Gold", minSpend: 200_000, minOrders: 5 },
      upgrade: { to: { id: "silver", zh: "银卡", en: "Silver" }, daysAgo: 20 }
    })
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

describe("the owner's segment thresholds and member ladder", () => {
  it("chips, profiles and stored segments follow them once the options page asks for a rescore", async () => {
    // "Important" = at least ¥500 spent; "frequent" = at least 2 orders; "recent" = within 3 days.
    await db.settings.put({
      key: THRESHOLDS_KEY,
      value: {
        recencyDays: { kind: "fixed", value: 3 },
        orders: { kind: "fixed", value: 2 },
        totalSpent: { kind: "fixed", value: 50_000 }
      }
    })
    // A two-level ladder: "vip" from ¥800 or 3 orders in 90 days.
    await db.settings.put({
      key: LADDER_KEY,
      value: {
        windowDays: 90,
        levels: [
          { id: "member", zh: "会员", en: "Member", minSpend: 0, minOrders: 0 },
          { id: "vip", zh: "贵宾", en: "VIP", minSpend: 80_000, minOrders: 3 }
        ]
      }
    })
    const rescore = await handleMessage(
      db,
      { type: "rescore", platform: "taobao", shopId: "shop", refigure: true },
      NOW,
      { fromExtensionPage: true }
    )
    expect(rescore).toMatchObject({ ok: true, buyers: 3 })
    // a: 5 days ago (not within 3), 3 orders, ¥850 → important-keep (was important-value on the means).
    // b: 200 days, 1 order, ¥100 → general-winback. c: 1 day, 1 order, ¥50 → general-develop.
    const reply = (await handleMessage(
      db,
      { type: "lookup", platform: "taobao", shopId: "shop", nicks: ["nick-a", "nick-b", "nick-c"] },
      NOW
    )) as LookupReply
    expect(reply.buyers["nick-a"]).toMatchObject({ segment: "important-keep", memberLevel: "vip" })
    expect(reply.buyers["nick-b"]).toMatchObject({ segment: "general-winback", memberLevel: "member" })
    expect(reply.buyers["nick-c"]).toMatchObject({ segment: "general-develop", memberLevel: "member" })
    const stored = await db.customers.get("taobao:shop:a")
    expect([stored?.segment, stored?.memberLevel]).toEqual(["important-keep", "vip"])

    const p = await profileOf("taobao:shop:a")
    expect(p.segmentWhy?.en).toBe(
      "Important keep: last bought 5 days ago (threshold: within 3 days), 3 orders (threshold 2), ¥850 spent (threshold ¥500)"
    )
    expect(p.memberLevel).toBe("vip")
    expect(p.nextLevel).toBeUndefined()
    const c = await profileOf("taobao:shop:c")
    // c: ¥50 and 1 order in the last 90 days; vip needs ¥800 or 3 orders.
    expect(c.nextLevel).toEqual({ id: "vip", spendNeeded: 75_000, ordersNeeded: 2 })
  })

  it("profiles carry the saved benefits, the shop's language, the upgrade and the coming fall", async () => {
    const vipBenefits = { text: ["专属客服"], discountPercent: 5, freeShipping: true }
    const ladder = (benefits: unknown) => ({
      windowDays: 60,
      lang: "zh",
      levels: [
        { id: "member", zh: "会员", en: "Member", minSpend: 0, minOrders: 0 },
        { id: "vip", zh: "贵宾", en: "VIP", minSpend: 80_000, minOrders: 3, benefits }
      ]
    })
    const rescore = () =>
      handleMessage(db, { type: "rescore", platform: "taobao", shopId: "shop", refigure: true }, NOW, {
        fromExtensionPage: true
      })
    await db.settings.put({ key: LADDER_KEY, value: ladder(vipBenefits) })
    await rescore()
    // a's third order in 60 days (5 days ago) made vip; the one 40 days ago leaves the window in 20 days,
    // and two orders worth ¥600 do not hold vip.
    const a = await profileOf("taobao:shop:a")
    expect(a.memberRights).toEqual({
      lang: "zh",
      level: expect.objectContaining({ id: "vip", benefits: vipBenefits }),
      upgrade: { to: { id: "vip", zh: "贵宾", en: "VIP" }, daysAgo: 5 },
      drop: { to: { id: "member", zh: "会员", en: "Member" }, inDays: 20 }
    })
    // Benefits edited without a rescore show at once (scoring does not depend on them).
    const more = { ...vipBenefits, birthdayGift: true }
    await db.settings.put({ key: LADDER_KEY, value: { ...ladder(more), lang: "en" } })
    const edited = await profileOf("taobao:shop:a")
    expect([edited.memberRights?.lang, edited.memberRights?.level.benefits]).toEqual(["en", more])
    // A bad benefit costs only the benefits: the thresholds stand, and the stored record is kept as it was.
    await db.settings.put({ key: LADDER_KEY, value: ladder({ text: [], discountPercent: 120 }) })
    await rescore()
    const again = await profileOf("taobao:shop:a")
    expect(again.memberLevel).toBe("vip")
    expect(again.memberRights?.level).toEqual({
      id: "vip",
      zh: "贵宾",
      en: "VIP",
      minSpend: 80_000,
      minOrders: 3
    })
    expect((await db.settings.get(LADDER_KEY))?.value).toEqual(ladder({ text: [], discountPercent: 120 }))
  })
})

describe("a shop's first buyers", () => {
  it("get segments on the next lookup after a lookup found no buyer with a purchase", async () => {
    const empty = new HuikeDB(`profile-empty-${n++}`)
    await empty.open()
    const capture = (orders: CapturedOrder[]) =>
      handleMessage(
        empty,
        {
          type: "capture",
          platform: "taobao",
          pageKind: "order-list",
          url: "https://trade.taobao.com/trade/itemlist/list_sold_items.htm",
          shopId: "shop",
          rowsSeen: orders.length,
          orders,
          problems: []
        },
        NOW
      )
    const ask = async () =>
      (
        (await handleMessage(
          empty,
          { type: "lookup", platform: "taobao", shopId: "shop", nicks: ["nick-a", "nick-b"] },
          NOW
        )) as LookupReply
      ).buyers
    try {
      // An unpaid order only: a customer, but no buyer for the means yet.
      await capture([order("a", 1, 30_000, { status: "unpaid" })])
      expect((await ask())["nick-a"]?.segment).toBeUndefined()
      await capture([order("a", 5, 30_000), order("a", 20, 30_000), order("b", 200, 10_000)])
      const buyers = await ask()
      expect(buyers["nick-a"]?.segment).toBe("important-value")
      expect(buyers["nick-b"]?.segment).toBe("general-winback")
    } finally {
      await empty.delete()
    }
  })
})
