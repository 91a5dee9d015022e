import "./env"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { handleMessage } from "../../background/handlers"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/store"
import { customerProfile } from "../../src/db/reads/profile"
import { lookupBuyersByNick } from "../../src/db/reads/queries"
import { coverageSpans, knownRange, profileCoverageOf } from "../../src/db/reads/coverage"
import { recordCoverage, recordExportCoverage } from "../../src/db/writes/coverage"

const NOW = Date.UTC(2026, 11, 1)
let db: HuikeDB
let n = 0
beforeEach(async () => {
  db = new HuikeDB(`coverage-${n++}`)
  await db.open()
})
afterEach(async () => {
  await db.delete()
})

describe("recordCoverage / knownRange", () => {
  it("keeps each shop's spans as their union and reads the range that reaches the newest", async () => {
    expect(await knownRange(db, "taobao:1")).toBeNull()
    await recordCoverage(db, "taobao:1", { from: 100, to: 200, source: "export" }, NOW)
    await recordCoverage(db, "taobao:1", { from: 500, to: 900, source: "history" }, NOW)
    await recordCoverage(db, "taobao:2", { from: 0, to: 50, source: "history", reachedShopStart: true }, NOW)
    expect(await knownRange(db, "taobao:1")).toMatchObject({ from: 500, to: 900, reachedShopStart: false })
    const joined = await recordCoverage(db, "taobao:1", { from: 150, to: 600, source: "export" }, NOW)
    expect(joined).toMatchObject({ from: 100, to: 900 })
    expect(await coverageSpans(db, "taobao:1")).toHaveLength(1)
    expect(await knownRange(db, "taobao:2")).toMatchObject({ from: 0, to: 50, reachedShopStart: true })
  })

  it("refuses a malformed span and keeps what was stored", async () => {
    await recordCoverage(db, "taobao:1", { from: 100, to: 200, source: "export" }, NOW)
    await expect(
      recordCoverage(db, "taobao:1", { from: 300, to: 200, source: "export" }, NOW)
    ).rejects.toThrow(/after/)
    expect(await coverageSpans(db, "taobao:1")).toEqual([{ from: 100, to: 200, source: "export" }])
  })
})

describe("what the views get", () => {
  it("an imported export's spans make the card's coverage block, per shop", async () => {
    const from = Date.UTC(2024, 0, 1, 2)
    await recordExportCoverage(
      db,
      [
        { platform: "taobao", shopId: "店A", from, to: NOW },
        { platform: "shopify", shopId: "s", from: NOW - 86_400_000, to: NOW }
      ],
      NOW
    )
    const range = await knownRange(db, "taobao:店A")
    expect(profileCoverageOf(range, { firstOrderAt: Date.UTC(2026, 5, 1) }, "Asia/Shanghai")).toEqual({
      firstSeen: false,
      knownFrom: "2024-01-01",
      wholeHistory: false
    })
    expect(profileCoverageOf(range, { firstOrderAt: Date.UTC(2024, 5, 1) }, "Asia/Shanghai")).toEqual({
      firstSeen: true,
      sinceMonth: "2024-01",
      knownFrom: "2024-01-01",
      wholeHistory: false
    })
    expect(profileCoverageOf(null, { firstOrderAt: Date.UTC(2024, 5, 1) }, "UTC")).toEqual({
      firstSeen: true,
      sinceMonth: "2024-06",
      wholeHistory: false
    })
    expect(await knownRange(db, "shopify:s")).toMatchObject({ from: NOW - 86_400_000, to: NOW })
  })
})

describe("chips and cards through the background", () => {
  const DAY = 86_400_000
  const order = (orderId: string, buyer: string, daysAgo: number): CapturedOrder => ({
    platform: "taobao",
    shopId: "店A",
    orderId,
    buyerId: buyer,
    buyerNick: buyer,
    createdAt: NOW - daysAgo * DAY,
    status: "completed",
    amount: 1000,
    refunded: 0,
    currency: "CNY"
  })
  const flags = async (nicks: string[]) => {
    const found = await lookupBuyersByNick(db, "taobao:店A", nicks, NOW)
    return Object.fromEntries(
      nicks.map((n) => [n, { firstSeen: found[n]?.firstSeen, since: found[n]?.sinceMonth }])
    )
  }

  it("a capture alone: first seen; an import of a whole export: new where the export reaches a year back", async () => {
    // The page the seller opened: two buyers, one with two orders on it.
    const capture = await handleMessage(
      db,
      {
        type: "capture",
        platform: "taobao",
        pageKind: "order-list",
        url: "https://trade.taobao.com/trade/itemlist/list_sold_items.htm",
        shopId: "店A",
        rowsSeen: 3,
        orders: [order("1", "阿明", 1), order("2", "阿明", 3), order("3", "小红", 2)],
        problems: []
      },
      NOW
    )
    expect(capture.ok).toBe(true)
    expect(await flags(["阿明", "小红"])).toEqual({
      阿明: { firstSeen: true, since: "2026-11" },
      小红: { firstSeen: true, since: "2026-11" }
    })
    // An export from 500 days ago to yesterday, in which 阿明 bought 400 days ago too: 小红's first purchase
    // has a year of known orders before it, 阿明's does not.
    const exported = [
      order("1", "阿明", 1),
      order("3", "小红", 2),
      order("9", "阿明", 400),
      order("10", "老王", 500)
    ]
    const jobId = "job-1"
    const page = { fromExtensionPage: true }
    expect(
      await handleMessage(
        db,
        {
          type: "importChunk",
          jobId,
          source: "订单报表.xlsx",
          total: exported.length,
          offset: 0,
          orders: exported
        },
        NOW,
        page
      )
    ).toMatchObject({ ok: true })
    const finished = await handleMessage(
      db,
      {
        type: "importFinish",
        jobId,
        coverage: [{ platform: "taobao", shopId: "店A", from: NOW - 500 * DAY, to: NOW - DAY }]
      },
      NOW,
      page
    )
    expect(finished).toMatchObject({ ok: true, job: { status: "done" } })
    expect(await knownRange(db, "taobao:店A")).toMatchObject({ from: NOW - 500 * DAY, to: NOW - DAY })
    const after = await flags(["阿明", "小红"])
    expect(after["小红"]).toEqual({ firstSeen: false, since: undefined })
    expect(after["阿明"]).toMatchObject({ firstSeen: true })
    // 小红's first purchase (2 days ago) lies inside the range, a year of it before; 阿明's does not.
    // 阿明 first bought 400 days ago, within the export's first year: counted since the export's month.
    const card = await customerProfile(db, "taobao:店A:阿明", NOW)
    expect(card?.coverage).toMatchObject({ firstSeen: true, wholeHistory: false })
    expect(card?.coverage?.knownFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it("a history reading's span arrives by message; a malformed one is refused", async () => {
    const span = { from: NOW - 100 * DAY, to: NOW, source: "history", reachedShopStart: true }
    expect(
      await handleMessage(db, { type: "recordCoverage", platform: "taobao", shopId: "店A", span }, NOW)
    ).toEqual({
      ok: true
    })
    expect(await knownRange(db, "taobao:店A")).toMatchObject({
      reachedShopStart: true,
      from: NOW - 100 * DAY
    })
    const bad = await handleMessage(
      db,
      { type: "recordCoverage", platform: "taobao", shopId: "店A", span: { ...span, from: NOW + 1 } },
      NOW
    )
    expect(bad.ok).toBe(false)
    expect(await coverageSpans(db, "taobao:店A")).toHaveLength(1)
  })
})
