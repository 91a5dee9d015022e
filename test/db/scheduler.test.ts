import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import type { HuikeDB } from "../../src/db/store"
import { RescoreScheduler, type RescoreResult } from "../../src/db/figures/rescore"

// When the background's shop-wide rescores start relative to captures: never in the middle of a stream of
// captures (it would be out of date at once and slow them down), unless the stream goes on for maxWaitMs.
describe("RescoreScheduler timing", () => {
  let runs: { shop: string; at: number }[]
  let scheduler: RescoreScheduler
  const t0 = Date.UTC(2026, 10, 22)

  beforeEach(() => {
    vi.useFakeTimers({ now: t0 })
    runs = []
    scheduler = new RescoreScheduler({} as HuikeDB, {
      quietMs: 2_000,
      maxWaitMs: 60_000,
      minIntervalMs: 300_000,
      rescore: (_db, shop) => {
        runs.push({ shop, at: Date.now() - t0 })
        return Promise.resolve({} as RescoreResult)
      }
    })
  })
  afterEach(() => vi.useRealTimers())

  it("waits for captures to pause before the first rescore of a shop", async () => {
    // A capture every 500 ms for 10 s.
    for (let i = 0; i < 20; i++) {
      scheduler.noteChange(["taobao:a"])
      await vi.advanceTimersByTimeAsync(500)
    }
    expect(runs).toEqual([])
    // The last capture was at 9.5 s: the rescore comes 2 s later, once.
    await vi.advanceTimersByTimeAsync(1_999)
    expect(runs).toEqual([{ shop: "taobao:a", at: 11_500 }])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(runs).toHaveLength(1)
  })

  it("a stream of captures that never pauses is rescored after maxWaitMs", async () => {
    for (let i = 0; i < 200; i++) {
      scheduler.noteChange(["taobao:a"])
      await vi.advanceTimersByTimeAsync(500)
    }
    expect(runs).toEqual([{ shop: "taobao:a", at: 60_000 }])
  })

  it("keeps each shop to one rescore per interval, then waits for the pause again", async () => {
    scheduler.noteChange(["taobao:a", "shopify:b"])
    await vi.advanceTimersByTimeAsync(2_000)
    expect(runs.map((r) => r.shop).sort()).toEqual(["shopify:b", "taobao:a"])
    // Captures of a at 10 s: its interval (5 min from 2 s) is not over.
    await vi.advanceTimersByTimeAsync(8_000)
    scheduler.noteChange(["taobao:a"])
    await vi.advanceTimersByTimeAsync(285_000)
    expect(runs).toHaveLength(2)
    // Captures at 295–304 s, still arriving when the interval ends (302 s): the rescore waits for them to pause.
    for (let i = 0; i < 10; i++) {
      scheduler.noteChange(["taobao:a"])
      await vi.advanceTimersByTimeAsync(1_000)
    }
    expect(runs).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(runs).toHaveLength(3)
    // The last capture came at 304 s.
    expect(runs[2]).toEqual({ shop: "taobao:a", at: 306_000 })
  })

  it("on demand runs at once and drops the pending timer", async () => {
    scheduler.noteChange(["taobao:a"])
    await scheduler.rescoreNow("taobao:a")
    expect(runs).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(runs).toHaveLength(1)
  })

  it("after an on-demand rescore, a later stream of captures still waits for its pause", async () => {
    scheduler.noteChange(["taobao:s"])
    await vi.advanceTimersByTimeAsync(2_000) // s runs at 2 s
    await vi.advanceTimersByTimeAsync(8_000)
    scheduler.noteChange(["taobao:x"]) // 10 s
    await scheduler.rescoreNow("taobao:x") // on demand
    await vi.advanceTimersByTimeAsync(390_000) // 400 s: s's interval ended at 302 s
    runs.length = 0
    for (let i = 0; i < 10; i++) {
      scheduler.noteChange(["taobao:s"])
      await vi.advanceTimersByTimeAsync(500)
    }
    // The stream ran 400–404.5 s: s runs 2 s after the last capture (406.5 s), not mid-stream.
    await vi.advanceTimersByTimeAsync(5_000)
    expect(runs).toEqual([{ shop: "taobao:s", at: 406_500 }])
  })
})
