// The span a history reading has read without a gap, sent to the shop's coverage record (src/core/coverage
// and the background's recordCoverage, written on branch honest-flags): { from: the oldest order read, to:
// the moment its first (newest) page was read, source: "history", reachedShopStart once the list's last page
// was read }. Sent after every page, so a cancel or a stop leaves a true known range; sending it again only
// widens the span. The span is also kept in the reading's checkpoint (chrome.storage.local).
import browser from "webextension-polyfill"
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

/** A background that does not know the message yet (the coverage handler not merged): asked once a page load. */
let unknownToBackground = false

/** Records the span read so far with the background's recordCoverage; never stops the reading. */
export async function recordReadSpan(cp: ReadingCheckpoint): Promise<ReadSpan | null> {
  const span = spanOfReading(cp)
  if (!span || unknownToBackground) return span
  const reply = (await browser.runtime.sendMessage({
    type: "recordCoverage",
    platform: cp.platform,
    shopId: cp.shopId,
    span
  })) as { ok: boolean; code?: string; error?: string } | undefined
  if (reply && !reply.ok) {
    if (reply.code === "malformed") unknownToBackground = true
    console.warn("[huike] the span read was not recorded:", reply.error)
  }
  return span
}
