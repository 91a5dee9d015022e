// The span a history reading has read without a gap, as the shop's coverage record wants it (src/core/coverage
// on branch honest-flags: { from, to, source: "history", reachedShopStart }). Recorded after every page, so
// a cancel or a stop leaves a true known range.
//
// Not wired to the store yet: the coverage table (schema v8) and its writer arrive with the store layers;
// until then the span lives in the reading's checkpoint (chrome.storage.local), and this is the one place
// that will send it to the background's recordCoverage.
import type { ReadingCheckpoint } from "./reader"

export interface ReadSpan {
  from: number
  to: number
  source: "history"
  reachedShopStart?: boolean
}

/** The contiguous span a reading covered: its oldest order read up to its start; null before any order. */
export function spanOfReading(cp: ReadingCheckpoint): ReadSpan | null {
  if (cp.coveredFrom === undefined) return null
  return {
    from: Math.min(cp.coveredFrom, cp.coveredTo),
    to: cp.coveredTo,
    source: "history",
    ...(cp.reachedStart ? { reachedShopStart: true } : {})
  }
}

/** Records the span read so far (see the header: today it stays in the checkpoint). */
export async function recordReadSpan(cp: ReadingCheckpoint): Promise<ReadSpan | null> {
  return spanOfReading(cp)
}
