import { describe, expect, it } from "vitest"
import {
  addSpan,
  buyerFlag,
  checkSpan,
  exportSpan,
  knownRangeOf,
  LOOKBACK_MS,
  rangeKnowsBuyer,
  unionOf,
  type CoverageSpan
} from "../../src/core/coverage"

const DAY = 86_400_000
const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`)
const TZ = "Asia/Shanghai"

describe("unionOf and knownRangeOf", () => {
  it("merges overlapping and touching spans and keeps gaps apart", () => {
    const spans: CoverageSpan[] = [
      { from: at("2024-06-01"), to: at("2024-09-30"), source: "export" },
      { from: at("2024-09-30") + 1, to: at("2024-12-31"), source: "export" },
      { from: at("2023-01-01"), to: at("2023-03-31"), source: "export" }
    ]
    const u = unionOf(spans)
    expect(u.map((r) => [r.from, r.to])).toEqual([
      [at("2023-01-01"), at("2023-03-31")],
      [at("2024-06-01"), at("2024-12-31")]
    ])
    expect(knownRangeOf(spans)).toEqual({
      from: at("2024-06-01"),
      to: at("2024-12-31"),
      reachedShopStart: false,
      sources: ["export"]
    })
  })

  it("takes the stretch that reaches the newest data, not the longest one", () => {
    const range = knownRangeOf([
      { from: at("2015-01-01"), to: at("2022-01-01"), source: "export" },
      { from: at("2025-01-01"), to: at("2025-02-01"), source: "history" }
    ])
    expect(range?.from).toBe(at("2025-01-01"))
  })

  it("is null without spans, and refuses a malformed span", () => {
    expect(knownRangeOf([])).toBeNull()
    expect(() => checkSpan({ from: 5, to: 4, source: "export" })).toThrow(/after/)
    expect(() => checkSpan({ from: Number.NaN, to: 4, source: "export" })).toThrow(/from/)
    expect(() => addSpan([], { from: 1, to: 2, source: "guess" as "export" })).toThrow(/source/)
  })

  it("addSpan keeps the stored list as the union", () => {
    let spans: CoverageSpan[] = []
    spans = addSpan(spans, { from: 10, to: 20, source: "history" })
    spans = addSpan(spans, { from: 30, to: 40, source: "export" })
    expect(spans).toHaveLength(2)
    spans = addSpan(spans, { from: 15, to: 35, source: "export" })
    expect(spans).toEqual([{ from: 10, to: 40, source: "history" }])
  })
})

describe("the rule: new or first seen", () => {
  const now = at("2026-12-01")

  it("after an export import: buyers a year into the export are new, earlier ones first seen since its start", () => {
    // The Taobao order report for 2025-01-01 .. 2026-11-30 was imported.
    const span = exportSpan([at("2025-03-01"), at("2025-01-01"), at("2026-11-30")])!
    expect(span).toEqual({ from: at("2025-01-01"), to: at("2026-11-30"), source: "export" })
    const range = knownRangeOf([span])
    // First order 2026-06: the year before it is inside the export.
    expect(buyerFlag(range, at("2026-06-01"), TZ)).toEqual({ firstSeen: false })
    // Exactly a year after the export's start: just known.
    expect(rangeKnowsBuyer(range, at("2025-01-01") + LOOKBACK_MS)).toBe(true)
    expect(rangeKnowsBuyer(range, at("2025-01-01") + LOOKBACK_MS - 1)).toBe(false)
    // First order 2025-05: they may have bought in 2024, which the export does not hold.
    expect(buyerFlag(range, at("2025-05-01"), TZ)).toEqual({ firstSeen: true, sinceMonth: "2025-01" })
    // A buyer first seen on a page opened after the export's newest order: not covered.
    expect(buyerFlag(range, now, TZ)).toEqual({ firstSeen: true, sinceMonth: "2026-12" })
  })

  it("after a partial history reading: every buyer is first seen, counted since the reading's oldest order", () => {
    // Read the newest 3 pages: orders of the last 40 days, then cancelled.
    const range = knownRangeOf([{ from: now - 40 * DAY, to: now, source: "history" }])
    const flag = buyerFlag(range, now - 10 * DAY, TZ)
    expect(flag.firstSeen).toBe(true)
    expect(flag.sinceMonth).toBe("2026-10")
    // Without any span (only pages opened), the count is since the buyer's own first stored order.
    expect(buyerFlag(null, at("2024-06-15"), TZ)).toEqual({ firstSeen: true, sinceMonth: "2024-06" })
  })

  it("after a full history reading: to the shop's start, every buyer is known, even a first order in its first year", () => {
    const range = knownRangeOf([
      { from: at("2019-03-02"), to: now, source: "history", reachedShopStart: true }
    ])
    expect(range?.reachedShopStart).toBe(true)
    expect(buyerFlag(range, at("2019-03-02"), TZ)).toEqual({ firstSeen: false })
    expect(buyerFlag(range, at("2019-05-01"), TZ)).toEqual({ firstSeen: false })
    expect(buyerFlag(range, now - DAY, TZ)).toEqual({ firstSeen: false })
    // The same reading stopped at a date the user chose (not the shop's start): the first year is unknown.
    const stopped = knownRangeOf([{ from: at("2019-03-02"), to: now, source: "history" }])
    expect(buyerFlag(stopped, at("2019-05-01"), TZ)).toEqual({ firstSeen: true, sinceMonth: "2019-03" })
    expect(buyerFlag(stopped, at("2021-05-01"), TZ)).toEqual({ firstSeen: false })
  })

  it("a reading joined to an older export makes one range", () => {
    const spans = addSpan([{ from: at("2020-01-01"), to: at("2025-10-31"), source: "export" }], {
      from: at("2025-09-01"),
      to: now,
      source: "history"
    })
    const range = knownRangeOf(spans)
    expect(range?.from).toBe(at("2020-01-01"))
    expect(buyerFlag(range, now - DAY, TZ)).toEqual({ firstSeen: false })
  })

  it("a buyer with no stored purchase is first seen", () => {
    expect(
      buyerFlag(knownRangeOf([{ from: 0, to: now, source: "history", reachedShopStart: true }]), null, TZ)
    ).toEqual({ firstSeen: true })
  })
})
