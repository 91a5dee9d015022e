// What Huike has read of a shop: the time spans whose orders it holds completely, and the rule that
// decides whether a buyer with one stored order may be called **new** or only **first seen**.
//
// A span is a stretch of time (UTC ms, both ends included) in which Huike holds EVERY order of the shop:
// - "history": a history reading that went from the list's first (newest) page to some older page without
//   a gap covers [oldest order read, moment its first page was read]; `reachedShopStart` when it read to
//   the list's end (there is nothing older).
// - "export": an imported marketplace export covers [its oldest order, its newest order]: the order
//   reports Huike reads (Taobao 订单报表, Shopify orders export, Amazon order report, Etsy and eBay order
//   files) list every order of the period they were made for. A generic CSV is not known to be whole and
//   records no span.
// - "sync": reserved for spans another browser of the shop recorded, once they travel with the shared
//   customer book. Orders that arrive by replication record no span of their own: a replica holds what
//   the other browser happened to capture, which is not a claim about completeness.
// Pages the seller merely opened record no span: a page of orders says nothing about the orders around it.
//
// THE RULE. The shop's known range is the contiguous stretch of the spans' union that reaches the newest
// span end. A buyer is **new** only when that range holds the buyer's look-back window: from the shop's
// start (when the range reached it) or from one year (LOOKBACK_MS) before the buyer's first stored order,
// up to that order. A buyer with no order in the year before their first one is treated as a first-time
// buyer (the same year the repurchase figures look back). Otherwise the buyer is **first seen**: Huike holds
// no earlier order, but has not read far enough back to know there is none. A repeat count is then a count
// "since" a month: the known range's start when the range holds the buyer's first stored order, else that
// order's own month.
import { dayKey } from "./time"

export type CoverageSource = "history" | "export" | "sync"

export interface CoverageSpan {
  /** UTC ms, inclusive. */
  from: number
  /** UTC ms, inclusive. */
  to: number
  source: CoverageSource
  /** The span starts at the shop's first order: nothing older exists. */
  reachedShopStart?: boolean
}

/** A stretch of the union of spans. */
export interface KnownRange {
  from: number
  to: number
  /** Nothing older than `from` exists (a span that reached the shop's start begins the range). */
  reachedShopStart: boolean
  /** Where the stretch's spans came from. */
  sources: CoverageSource[]
}

/** A buyer's earlier orders must be known this far back before their first stored order: one year. */
export const LOOKBACK_MS = 365 * 86_400_000

/** Checks one span: finite whole UTC ms, from ≤ to. Throws with the reason. */
export function checkSpan(span: CoverageSpan): void {
  for (const [name, v] of [
    ["from", span.from],
    ["to", span.to]
  ] as const)
    if (!Number.isSafeInteger(v) || v < 0)
      throw new RangeError(`coverage span: ${name} is not a UTC ms time (${v})`)
  if (span.from > span.to) throw new RangeError(`coverage span: from (${span.from}) is after to (${span.to})`)
  if (!["history", "export", "sync"].includes(span.source))
    throw new RangeError(`coverage span: unknown source ${String(span.source)}`)
}

/**
 * The union of spans as disjoint stretches, oldest first. Two spans that overlap or touch (the second
 * starts at most 1 ms after the first ends) are one stretch.
 */
export function unionOf(spans: readonly CoverageSpan[]): KnownRange[] {
  const sorted = [...spans].sort((a, b) => a.from - b.from || a.to - b.to)
  const out: KnownRange[] = []
  for (const s of sorted) {
    const last = out.at(-1)
    if (last && s.from <= last.to + 1) {
      last.to = Math.max(last.to, s.to)
      if (!last.sources.includes(s.source)) last.sources.push(s.source)
      // A span that reached the shop's start inside this stretch: nothing older than the stretch exists.
      if (s.reachedShopStart) last.reachedShopStart = true
    } else {
      out.push({ from: s.from, to: s.to, reachedShopStart: s.reachedShopStart === true, sources: [s.source] })
    }
  }
  return out
}

/** The shop's known range: the stretch of the union that reaches the newest span end (null: no span). */
export function knownRangeOf(spans: readonly CoverageSpan[]): KnownRange | null {
  const stretches = unionOf(spans)
  let newest: KnownRange | null = null
  for (const s of stretches) if (!newest || s.to > newest.to) newest = s
  return newest
}

/** Adds a span to a list kept as its union (so the stored list never grows past its disjoint stretches). */
export function addSpan(spans: readonly CoverageSpan[], span: CoverageSpan): CoverageSpan[] {
  checkSpan(span)
  return unionOf([...spans, span]).map((r) => ({
    from: r.from,
    to: r.to,
    // A merged stretch keeps one source: the first listed (history before export before sync as they came).
    source: r.sources[0],
    ...(r.reachedShopStart ? { reachedShopStart: true } : {})
  }))
}

export interface BuyerFlag {
  /**
   * True: Huike has not read far enough back to call this buyer new (or their count complete); the chip
   * says "first seen" instead of "new", and a repeat count reads "×3 since <sinceMonth>".
   */
  firstSeen: boolean
  /** "YYYY-MM" in the shop's zone: the month the buyer's known orders are counted from (firstSeen only). */
  sinceMonth?: string
}

/** Whether the range holds the whole look-back window of a buyer whose first stored order is at `firstOrderAt`. */
export function rangeKnowsBuyer(range: KnownRange | null, firstOrderAt: number): boolean {
  if (!range || firstOrderAt > range.to) return false
  // From the shop's start nothing older exists; else a year before the first stored order must be read.
  return range.reachedShopStart ? range.from <= firstOrderAt : range.from <= firstOrderAt - LOOKBACK_MS
}

/** The flag for a buyer (see THE RULE above); `timeZone` is the shop's, for the "since" month. */
export function buyerFlag(
  range: KnownRange | null,
  firstOrderAt: number | null,
  timeZone: string
): BuyerFlag {
  if (firstOrderAt === null) return { firstSeen: true }
  if (rangeKnowsBuyer(range, firstOrderAt)) return { firstSeen: false }
  const since = range && range.from <= firstOrderAt && firstOrderAt <= range.to ? range.from : firstOrderAt
  return { firstSeen: true, sinceMonth: monthOf(since, timeZone) }
}

function monthOf(utcMs: number, timeZone: string): string {
  return dayKey(utcMs, timeZone).slice(0, 7)
}

/** The span an export's orders cover: its oldest to its newest order (null: no orders). */
export function exportSpan(createdAts: Iterable<number>): CoverageSpan | null {
  let from = Infinity
  let to = -Infinity
  for (const at of createdAts) {
    if (at < from) from = at
    if (at > to) to = at
  }
  return from === Infinity ? null : { from, to, source: "export" }
}
