// The profile's 12-month range (hover card, side panel): computed on read from the buyer's stored figures
// and the shop's last full scoring, the same inputs as the stored P(alive) and 12-month value. The shop is the
// CDNOW sample's first 600 buyers, moved so that its last day is NOW.
import "./env"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { customerRange, dayNumber, isModelError, type CapturedOrder } from "../../src/core"
import { HuikeDB } from "../../src/db/store"
import { handleMessage } from "../../background/handlers"
import { ingestOrders } from "../../src/db/writes/ingest"
import { forgetShopMeans } from "../../src/db/figures/means"
import { rescoreShop } from "../../src/db/figures/rescore"
import type { CustomerRecord } from "../../src/db/schema/database"
import type { CustomerProfile, ProfileReply } from "../../src/messages"
import { readCdnow } from "../backoffice/cdnow"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
const LAST = Date.UTC(1998, 5, 30)

function orders(): CapturedOrder[] {
  return readCdnow()
    .filter((r) => r.customer <= 600)
    .map((r, i) => ({
      platform: "taobao",
      shopId: "shop",
      orderId: String(i + 1),
      buyerId: `b${r.customer}`,
      buyerNick: `b${r.customer}`,
      // Noon in Shanghai (the shop's zone) of the moved day: NOW is noon there.
      createdAt: NOW - (LAST - Date.UTC(r.day[0], r.day[1] - 1, r.day[2])),
      status: "completed",
      amount: Math.max(1, r.cents),
      refunded: 0,
      currency: "CNY"
    }))
}

let db: HuikeDB
let n = 0
beforeEach(async () => {
  forgetShopMeans()
  db = new HuikeDB(`profile-range-${n++}`)
  await db.open()
  await ingestOrders(db, orders(), { now: NOW })
  await rescoreShop(db, "taobao:shop", { now: NOW })
})
afterEach(async () => {
  await db.delete()
})

const profileOf = async (key: string) =>
  ((await handleMessage(db, { type: "profile", customerKey: key }, NOW)) as ProfileReply)
    .profile as CustomerProfile

describe("the profile's 12-month range", () => {
  it("is src/core's range of the stored figures with the shop's fitted models, for every kind of buyer", async () => {
    const params = await db.shopScores.get("taobao:shop")
    if (!params || isModelError(params.bgnbd)) throw new Error("the shop was not scored")
    const customers: CustomerRecord[] = (await db.customers.toArray()).filter(
      (c) => c.shopKey === "taobao:shop"
    )
    const oneTime = customers.find((c) => c.purchaseDays === 1)!
    const many = customers.reduce((a, b) => (b.purchaseDays > a.purchaseDays ? b : a))
    expect(many.purchaseDays).toBeGreaterThan(8)
    const today = dayNumber(NOW, "Asia/Shanghai")
    for (const c of [oneTime, many]) {
      const profile = await profileOf(c.key)
      const want = customerRange(
        {
          occasions: c.purchaseDays,
          firstDay: c.firstOrderDay!,
          lastDay: c.lastOrderDay!,
          asOfDay: Math.max(params.asOfDay, today),
          totalSpent: c.totalSpent,
          firstDaySpend: c.firstDaySpend!,
          orders: c.orders
        },
        params.bgnbd,
        params.gammaGamma,
        params.moneyScale
      )!
      expect(profile.range12m, c.buyerId).toEqual({ orders: want.orders365, value: want.value365 })
      // The stored 12-month value lies inside (or at the edge of) its range.
      expect(profile.clv12m).toBeGreaterThanOrEqual(want.value365!.low)
    }
    expect((await profileOf(oneTime.key)).range12m?.orders.low).toBe(0)
    expect((await profileOf(many.key)).range12m?.orders.high).toBeGreaterThan(3)
  })

  it("is absent until the shop's models are fitted", async () => {
    const small = new HuikeDB(`profile-range-small-${n++}`)
    await small.open()
    const o = orders()[0]
    await ingestOrders(small, [o], { now: NOW })
    const reply = (await handleMessage(
      small,
      { type: "profile", customerKey: `taobao:shop:${o.buyerId}` },
      NOW
    )) as ProfileReply
    expect(reply.profile).not.toBeNull()
    expect(reply.profile?.range12m).toBeUndefined()
    await small.delete()
  })
})
