// Layer: writes. Recording the spans of time whose orders a shop holds completely (src/core/coverage.ts says
// what counts): one record per shop holding the spans' union, so it stays a few disjoint stretches however
// many readings and imports added to it.
//
// For the history reading (the recordCoverage message): after each page is stored, record
//   { from: the oldest createdAt read so far, to: when the reading's first (newest) page was read,
//     source: "history", reachedShopStart: true once the list's last page was read }
// (recording it again as the reading goes on only widens the span; a cancelled reading keeps what it read).
// A reading that did not start at the list's first page, or that skipped a page it could not read, must
// record only the stretch it read without a gap.
import { addSpan, knownRangeOf, type CoverageSpan, type KnownRange } from "../../core/coverage"
import type { Platform } from "../../core/types"
import type { HuikeDB, ShopKey } from "../schema/database"
import { shopKeyOf } from "../schema/keys"

/**
 * Adds a span the shop's orders are complete in (a history reading, an export import); returns the shop's
 * known range after it. Throws on a malformed span, storing nothing.
 */
export async function recordCoverage(
  db: HuikeDB,
  shopKey: ShopKey,
  span: CoverageSpan,
  now: number
): Promise<KnownRange | null> {
  return db.transaction("rw", db.coverage, async () => {
    const prior = await db.coverage.get(shopKey)
    const spans = addSpan(prior?.spans ?? [], span)
    await db.coverage.put({ shopKey, spans, updatedAt: now })
    return knownRangeOf(spans)
  })
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
