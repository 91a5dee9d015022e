import "./env"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { HuikeDB } from "../../src/db/database"
import {
  COVERAGE_SCHEMA_VERSION,
  COVERAGE_STORES,
  coverageSpans,
  knownRange,
  profileCoverageOf,
  recordCoverage,
  recordExportCoverage
} from "../../src/db/coverage"

// Until the coverage table is declared in the store's schema, the test declares it as v8 would.
class DBWithCoverage extends HuikeDB {
  constructor(name: string) {
    super(name)
    this.version(COVERAGE_SCHEMA_VERSION).stores(COVERAGE_STORES)
  }
}

const NOW = Date.UTC(2026, 11, 1)
let db: HuikeDB
let n = 0
beforeEach(async () => {
  db = new DBWithCoverage(`coverage-${n++}`)
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
