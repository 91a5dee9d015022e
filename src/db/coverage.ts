// The spans of time whose orders Huike holds completely, per shop (src/core/coverage.ts says what counts):
// one record per shop holding the spans' union, so the record stays a few disjoint stretches however many
// readings and imports added to it. Schema v8 declares the table (`coverage: "shopKey"`).
//
// For the history reading: after each page is stored (or at a checkpoint), record
//   { from: the oldest createdAt read so far, to: when the reading's first (newest) page was read,
//     source: "history", reachedShopStart: true once the list's last page was read }
// (recording it again as the reading goes on only widens the span; a cancelled reading keeps what it read).
// A reading that did not start at the list's first page, or that skipped a page it could not read, must
// record only the stretch it read without a gap.
import { addSpan, buyerFlag, knownRangeOf, type CoverageSpan, type KnownRange } from "../core/coverage"
import { dayKey } from "../core/time"
import type { ProfileCoverage } from "../messages"
import type { Platform } from "../core/types"
import type { HuikeDB, ShopKey } from "./database"
import { shopKeyOf } from "./keys"

/** Schema v8's table: the spans of one shop. */
export interface CoverageRecord {
  shopKey: ShopKey
  /** Disjoint, oldest first (kept as their union by addSpan). */
  spans: CoverageSpan[]
  updatedAt: number
}

/** The schema version that declares the coverage table, and its stores line. */
export const COVERAGE_SCHEMA_VERSION = 8
export const COVERAGE_STORES = { coverage: "shopKey" } as const

function coverageTable(db: HuikeDB) {
  return db.table<CoverageRecord, ShopKey>("coverage")
}

/**
 * Adds a span the shop's orders are complete in (a history reading, an export import). Runs in the caller's
 * transaction when there is one that includes "coverage", else in its own. Throws on a malformed span.
 */
export async function recordCoverage(
  db: HuikeDB,
  shopKey: ShopKey,
  span: CoverageSpan,
  now: number
): Promise<KnownRange | null> {
  const table = coverageTable(db)
  return db.transaction("rw", table, async () => {
    const prior = await table.get(shopKey)
    const spans = addSpan(prior?.spans ?? [], span)
    await table.put({ shopKey, spans, updatedAt: now })
    return knownRangeOf(spans)
  })
}

/** The shop's spans, oldest first (empty: Huike has read no complete stretch of its orders). */
export async function coverageSpans(db: HuikeDB, shopKey: ShopKey): Promise<CoverageSpan[]> {
  return (await coverageTable(db).get(shopKey))?.spans ?? []
}

/** The shop's known range (src/core/coverage.ts), or null when no span was recorded. */
export async function knownRange(db: HuikeDB, shopKey: ShopKey): Promise<KnownRange | null> {
  return knownRangeOf(await coverageSpans(db, shopKey))
}

/** Every shop's known range, in one read (popup, dashboard). */
export async function knownRanges(db: HuikeDB): Promise<Map<ShopKey, KnownRange | null>> {
  const out = new Map<ShopKey, KnownRange | null>()
  for (const r of await coverageTable(db).toArray()) out.set(r.shopKey, knownRangeOf(r.spans))
  return out
}

/** The chip's flag fields for customers of one shop, given the shop's known range (src/core/coverage.ts). */
export function flagOf(
  range: KnownRange | null,
  customer: { firstOrderAt: number | null },
  timeZone: string
): { firstSeen: boolean; sinceMonth?: string } {
  const flag = buyerFlag(range, customer.firstOrderAt, timeZone)
  return flag.sinceMonth
    ? { firstSeen: flag.firstSeen, sinceMonth: flag.sinceMonth }
    : { firstSeen: flag.firstSeen }
}

/** The hover card's and side panel's coverage block for one customer. */
export function profileCoverageOf(
  range: KnownRange | null,
  customer: { firstOrderAt: number | null },
  timeZone: string
): ProfileCoverage {
  const flag = flagOf(range, customer, timeZone)
  return {
    ...flag,
    ...(range ? { knownFrom: dayKey(range.from, timeZone) } : {}),
    wholeHistory: range?.reachedShopStart === true
  }
}

/** Records the spans a whole marketplace export covered (importFinish's `coverage`), per shop. */
export async function recordExportCoverage(
  db: HuikeDB,
  spans: readonly { platform: Platform; shopId: string; from: number; to: number }[],
  now: number
): Promise<void> {
  for (const s of spans)
    await recordCoverage(
      db,
      shopKeyOf(s.platform, s.shopId),
      { from: s.from, to: s.to, source: "export" },
      now
    )
}
