// Layer: reads. What Huike holds of a shop's orders (src/core/coverage.ts): the spans, the known range, and
// what the chips, the hover card and the side panel show from it.
import { buyerFlag, knownRangeOf, type CoverageSpan, type KnownRange } from "../../core/coverage"
import { dayKey } from "../../core/time"
import type { ProfileCoverage } from "../../messages"
import type { HuikeDB, ShopKey } from "../schema/database"

/** The shop's spans, oldest first (empty: Huike has read no complete stretch of its orders). */
export async function coverageSpans(db: HuikeDB, shopKey: ShopKey): Promise<CoverageSpan[]> {
  return (await db.coverage.get(shopKey))?.spans ?? []
}

/** The shop's known range, or null when no span was recorded. */
export async function knownRange(db: HuikeDB, shopKey: ShopKey): Promise<KnownRange | null> {
  return knownRangeOf(await coverageSpans(db, shopKey))
}

/** The chip's flag fields for a customer, given the shop's known range. */
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
  return {
    ...flagOf(range, customer, timeZone),
    ...(range ? { knownFrom: dayKey(range.from, timeZone) } : {}),
    wholeHistory: range?.reachedShopStart === true
  }
}
