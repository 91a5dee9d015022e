// Columnar customer scoring: per-customer figures, RFM quintile scores, segments and member levels for a
// whole shop in a few linear passes over typed arrays. The object API (summarizeCustomers, analyzeShop)
// builds these columns and reads the results back; a million orders take well under a second.
//
// RFM ties: equal values always get the same score. A customer's score in a dimension is
// 1 + floor(5 × rank / n), where n is the number of buyers and rank is how many buyers have a strictly
// worse value (more days since the last purchase for R; fewer orders for F; less spent for M) — i.e. the
// 0-based rank of the value's first occurrence in worst-to-best order. So a block of equal values takes the
// score of its first position and scores never split a tie.

import { validateLadder, DEFAULT_LADDER, type MemberLadder } from "./levels"
import {
  segmentCutoffs,
  segmentIndex,
  validateThresholds,
  type SegmentThresholds,
  type ShopMeans
} from "./segments"

/** Sentinel day for "no purchase". */
export const NO_DAY = -2_147_483_648
/** Sentinel segment index for a customer with no valid purchase. */
export const NO_SEGMENT = 255

export interface OrderColumns {
  /** Customer index, 0 .. customerCount − 1, per order. */
  customer: Int32Array
  /** Local calendar day number (days since 1970-01-01 in the shop's zone) per order. */
  day: Int32Array
  /** What the buyer paid, minor units. */
  amount: Float64Array | Int32Array
  /** Refunded so far, minor units; absent means none. */
  refunded?: Float64Array | Int32Array
  /** 1 for a valid purchase (paid/shipped/completed), 0 otherwise; absent means every order is one. */
  purchase?: Uint8Array
}

export interface ScoreOptions {
  customerCount: number
  /** Local day number of the as-of date; orders on later days are ignored. */
  asOfDay: number
  ladder?: MemberLadder
  /** How R, F and M split high from low for the segments; the shop means by default. */
  thresholds?: SegmentThresholds
}

export interface CustomerColumns {
  customerCount: number
  asOfDay: number
  /** Valid purchases. */
  orders: Int32Array
  /** Distinct calendar days with a valid purchase (purchase occasions). */
  purchaseDays: Int32Array
  /** Net spend (paid − refunded) over valid purchases, minor units. */
  totalSpent: Float64Array
  /** Refunded on valid purchases, minor units. */
  refunded: Float64Array
  /** Net spend on the first purchase day (the models leave it out of repeat-purchase value). */
  firstDaySpend: Float64Array
  firstDay: Int32Array
  lastDay: Int32Array
  /** Orders with a refund (valid purchases, and closed orders that had been paid and refunded). */
  refundOrders: Int32Array
  /** Denominator of the refund rate: valid purchases plus closed orders with a refund. */
  refundBase: Int32Array
  /** RFM scores 1–5; 0 for a customer without a valid purchase. */
  r: Uint8Array
  f: Uint8Array
  m: Uint8Array
  /** Index into SEGMENT_IDS, or NO_SEGMENT. */
  segment: Uint8Array
  /** Index into the ladder's levels on the as-of day. */
  level: Uint8Array
  /** Level changes of customer i are entries levelChangeStart[i] .. levelChangeStart[i + 1] − 1. */
  levelChangeStart: Int32Array
  levelChangeDay: Int32Array
  levelChangeFrom: Uint8Array
  levelChangeTo: Uint8Array
  /** Shop means over buyers (whatever the thresholds). */
  means: ShopMeans
  /** Order indexes grouped by customer, each group sorted by day (valid purchases on or before as-of). */
  orderIndex: Int32Array
  orderStart: Int32Array
  /** The input day column (orderIndex points into it). */
  orderDay: Int32Array
  /** Day and net spend (amount − refunded) of the purchase at each orderIndex position. */
  timelineDay: Int32Array
  timelineNet: Float64Array
}

/** Scores every customer of one shop from order columns. */
export function scoreColumns(cols: OrderColumns, opts: ScoreOptions): CustomerColumns {
  const ladder = opts.ladder ?? DEFAULT_LADDER
  validateLadder(ladder)
  if (opts.thresholds) validateThresholds(opts.thresholds)
  const nC = opts.customerCount
  const asOfDay = opts.asOfDay
  const { customer, day, amount, refunded, purchase } = cols
  const nO = customer.length
  if (day.length !== nO || amount.length !== nO || (refunded && refunded.length !== nO)) {
    throw new RangeError("order columns must have equal lengths")
  }
  if (purchase && purchase.length !== nO) throw new RangeError("order columns must have equal lengths")

  const orders = new Int32Array(nC)
  const purchaseDays = new Int32Array(nC)
  const totalSpent = new Float64Array(nC)
  const refundedSum = new Float64Array(nC)
  const firstDaySpend = new Float64Array(nC)
  const firstDay = new Int32Array(nC).fill(NO_DAY)
  const lastDay = new Int32Array(nC).fill(NO_DAY)
  const refundOrders = new Int32Array(nC)
  const refundBase = new Int32Array(nC)

  // Pass 1: counts per customer, refunds, and whether the input is in day order. refundBase counts only the
  // closed-and-refunded orders here; the valid purchases are added in pass 2.
  let sortedByDay = true
  let prevDay = NO_DAY
  for (let i = 0; i < nO; i++) {
    const d = day[i]
    if (d > asOfDay) continue
    const c = customer[i]
    if (!(c >= 0 && c < nC)) throw new RangeError(`customer index ${c} out of range at order ${i}`)
    const refund = refunded ? refunded[i] : 0
    if (purchase === undefined || purchase[i] === 1) {
      orders[c]++
      if (refund > 0) {
        refundOrders[c]++
        refundedSum[c] += refund
      }
      if (d < prevDay) sortedByDay = false
      prevDay = d
    } else if (refund > 0) {
      refundBase[c]++
      refundOrders[c]++
    }
  }

  // Counting sort by customer, reading the input in sequence: each customer's purchases end up contiguous,
  // in input order, with their day and net spend beside them (the timeline the per-customer pass walks).
  const orderStart = new Int32Array(nC + 1)
  for (let c = 0; c < nC; c++) orderStart[c + 1] = orderStart[c] + orders[c]
  const nValid = orderStart[nC]
  const orderIndex = new Int32Array(nValid)
  const tlDay = new Int32Array(nValid)
  const tlNet = new Float64Array(nValid)
  const cursor = orderStart.slice(0, nC)
  for (let i = 0; i < nO; i++) {
    const d = day[i]
    if (d > asOfDay || (purchase !== undefined && purchase[i] !== 1)) continue
    const pos = cursor[customer[i]]++
    orderIndex[pos] = i
    tlDay[pos] = d
    tlNet[pos] = refunded ? amount[i] - refunded[i] : amount[i]
  }

  // Pass 2, per customer: put the timeline in day order (stable: equal days keep input order), then one walk
  // that sums the figures and replays the member level. The level walk's events are purchase days entering
  // the window and, windowDays later, leaving it; the level is re-evaluated on every event day up to the
  // as-of day (the same walk as replayLevels, inlined).
  const nLevels = ladder.levels.length
  const minSpend = Float64Array.from(ladder.levels, (l) => l.minSpend)
  const minOrders = Float64Array.from(ladder.levels, (l) => l.minOrders)
  const w = ladder.windowDays
  const level = new Uint8Array(nC)
  const changeStart = new Int32Array(nC + 1)
  let changeDay: Int32Array = new Int32Array(Math.max(16, nC >> 1))
  let changeFrom: Uint8Array = new Uint8Array(changeDay.length)
  let changeTo: Uint8Array = new Uint8Array(changeDay.length)
  let nChanges = 0

  let buyers = 0
  let sumDays = 0
  let sumOrders = 0
  let sumSpent = 0
  for (let c = 0; c < nC; c++) {
    changeStart[c] = nChanges
    const s = orderStart[c]
    const e = orderStart[c + 1]
    if (s === e) continue
    if (!sortedByDay && e - s > 1) sortTimelineByDay(s, e, orderIndex, tlDay, tlNet)
    if (nChanges + 2 * (e - s) > changeDay.length) {
      const grow = Math.max(changeDay.length * 2, nChanges + 2 * (e - s))
      changeDay = grownInt32(changeDay, grow)
      changeFrom = grownUint8(changeFrom, grow)
      changeTo = grownUint8(changeTo, grow)
    }
    const first = tlDay[s]
    let distinct = 0
    let total = 0
    let firstSpend = 0
    let lv = 0
    let spend = 0
    let enter = s
    let exit = s
    while (enter < e || exit < enter) {
      const enterDay = enter < e ? tlDay[enter] : 2_147_483_647
      const exitDay = exit < enter ? tlDay[exit] + w : 2_147_483_647
      const d = enterDay < exitDay ? enterDay : exitDay
      // Every purchase is on or before the as-of day, so this only ends the walk once all have entered.
      if (d > asOfDay) break
      while (exit < enter && tlDay[exit] + w === d) spend -= tlNet[exit++]
      if (enterDay === d) {
        distinct++
        let daySpend = 0
        while (enter < e && tlDay[enter] === d) daySpend += tlNet[enter++]
        spend += daySpend
        total += daySpend
        if (d === first) firstSpend = daySpend
      }
      if (nLevels > 1) {
        const count = enter - exit
        let next = 0
        for (let j = nLevels - 1; j > 0; j--) {
          if (spend >= minSpend[j] || count >= minOrders[j]) {
            next = j
            break
          }
        }
        if (next !== lv) {
          changeDay[nChanges] = d
          changeFrom[nChanges] = lv
          changeTo[nChanges] = next
          nChanges++
          lv = next
        }
      }
    }
    const last = tlDay[e - 1]
    level[c] = lv
    totalSpent[c] = total
    purchaseDays[c] = distinct
    firstDay[c] = first
    lastDay[c] = last
    firstDaySpend[c] = firstSpend
    refundBase[c] += e - s
    buyers++
    sumDays += asOfDay - last
    sumOrders += e - s
    sumSpent += total
  }
  changeStart[nC] = nChanges

  const means: ShopMeans = {
    buyers,
    daysSinceLastOrder: buyers ? sumDays / buyers : 0,
    orders: buyers ? sumOrders / buyers : 0,
    totalSpent: buyers ? sumSpent / buyers : 0
  }

  // RFM quintiles and segments.
  const r = new Uint8Array(nC)
  const f = new Uint8Array(nC)
  const m = new Uint8Array(nC)
  const segment = new Uint8Array(nC).fill(NO_SEGMENT)
  if (buyers > 0) {
    // R: fewer days since the last purchase is better; score on (asOfDay − lastDay), worst = largest.
    const recency = new Int32Array(nC)
    for (let c = 0; c < nC; c++) recency[c] = lastDay[c] === NO_DAY ? 0 : asOfDay - lastDay[c]
    scoreIntegers(recency, orders, buyers, r, true)
    scoreIntegers(orders, orders, buyers, f, false)
    scoreFloats(totalSpent, orders, buyers, m)
    const cut = segmentCutoffs(means, opts.thresholds)
    const meanDays = cut.daysSinceLastOrder
    const meanOrders = cut.orders
    const meanSpent = cut.totalSpent
    for (let c = 0; c < nC; c++) {
      if (orders[c] === 0) continue
      segment[c] = segmentIndex(recency[c] < meanDays, orders[c] > meanOrders, totalSpent[c] > meanSpent)
    }
  }

  return {
    customerCount: nC,
    asOfDay,
    orders,
    purchaseDays,
    totalSpent,
    refunded: refundedSum,
    firstDaySpend,
    firstDay,
    lastDay,
    refundOrders,
    refundBase,
    r,
    f,
    m,
    segment,
    level,
    levelChangeStart: changeStart,
    levelChangeDay: changeDay.subarray(0, nChanges),
    levelChangeFrom: changeFrom.subarray(0, nChanges),
    levelChangeTo: changeTo.subarray(0, nChanges),
    means,
    orderIndex,
    orderStart,
    orderDay: day,
    timelineDay: tlDay,
    timelineNet: tlNet
  }
}

function grownInt32(a: Int32Array, size: number): Int32Array {
  const out = new Int32Array(size)
  out.set(a)
  return out
}

function grownUint8(a: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size)
  out.set(a)
  return out
}

/** Sorts one customer's timeline s .. e − 1 by day, stably (equal days keep their order), moving all three columns. */
function sortTimelineByDay(
  s: number,
  e: number,
  index: Int32Array,
  day: Int32Array,
  net: Float64Array
): void {
  if (e - s <= 64) {
    for (let k = s + 1; k < e; k++) {
      const dv = day[k]
      if (day[k - 1] <= dv) continue
      const iv = index[k]
      const nv = net[k]
      let j = k - 1
      while (j >= s && day[j] > dv) {
        day[j + 1] = day[j]
        index[j + 1] = index[j]
        net[j + 1] = net[j]
        j--
      }
      day[j + 1] = dv
      index[j + 1] = iv
      net[j + 1] = nv
    }
    return
  }
  // A big customer: sort positions by (day, position), then permute the three columns.
  const order = Array.from({ length: e - s }, (_, k) => s + k)
  order.sort((a, b) => day[a] - day[b] || a - b)
  const d = Int32Array.from(order, (k) => day[k])
  const ix = Int32Array.from(order, (k) => index[k])
  const nt = Float64Array.from(order, (k) => net[k])
  day.set(d, s)
  index.set(ix, s)
  net.set(nt, s)
}

/** Quintile scores of integer values by histogram; `worseIsLarger` for recency. Only customers with orders. */
function scoreIntegers(
  values: Int32Array,
  orders: Int32Array,
  n: number,
  out: Uint8Array,
  worseIsLarger: boolean
): void {
  let lo = Infinity
  let hi = -Infinity
  for (let c = 0; c < values.length; c++) {
    if (orders[c] === 0) continue
    const v = values[c]
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  const span = hi - lo + 1
  if (span > 4 * n + 1024) {
    scoreBySearch(
      Float64Array.from(values, (v) => (worseIsLarger ? -v : v)),
      orders,
      n,
      out
    )
    return
  }
  // below[k] = number of buyers whose value is strictly worse than lo + k.
  const hist = new Int32Array(span)
  for (let c = 0; c < values.length; c++) if (orders[c] !== 0) hist[values[c] - lo]++
  const below = new Int32Array(span)
  if (worseIsLarger) {
    let acc = 0
    for (let k = span - 1; k >= 0; k--) {
      below[k] = acc
      acc += hist[k]
    }
  } else {
    let acc = 0
    for (let k = 0; k < span; k++) {
      below[k] = acc
      acc += hist[k]
    }
  }
  for (let c = 0; c < values.length; c++) {
    if (orders[c] === 0) continue
    out[c] = 1 + Math.floor((5 * below[values[c] - lo]) / n)
  }
}

/**
 * Quintile scores of real values (larger is better). Whole-number values (money in minor units) spanning
 * less than 2^32 are ranked by a stable radix sort of the buyers, 16 bits a pass; others by sorting the
 * values and a binary search per buyer.
 */
function scoreFloats(values: Float64Array, orders: Int32Array, n: number, out: Uint8Array): void {
  let lo = Infinity
  let hi = -Infinity
  let whole = true
  for (let c = 0; c < values.length; c++) {
    if (orders[c] === 0) continue
    const v = values[c]
    if (v < lo) lo = v
    if (v > hi) hi = v
    if (whole && !Number.isInteger(v)) whole = false
  }
  if (whole && hi - lo < 4_294_967_296) scoreWholeValues(values, orders, n, out, lo, hi - lo + 1)
  else scoreBySearch(values, orders, n, out)
}

function scoreWholeValues(
  values: Float64Array,
  orders: Int32Array,
  n: number,
  out: Uint8Array,
  lo: number,
  span: number
): void {
  let src = new Int32Array(n)
  let key = new Uint32Array(n)
  let k = 0
  for (let c = 0; c < values.length; c++) {
    if (orders[c] === 0) continue
    src[k] = c
    key[k] = values[c] - lo
    k++
  }
  let dst = new Int32Array(n)
  let dstKey = new Uint32Array(n)
  const passes = span <= 0x10000 ? 1 : 2
  const buckets = passes === 1 ? span : 0x10000
  const count = new Int32Array(buckets + 1)
  for (let pass = 0; pass < passes; pass++) {
    const shift = pass * 16
    count.fill(0)
    for (let j = 0; j < n; j++) count[((key[j] >>> shift) & 0xffff) + 1]++
    for (let b = 0; b < buckets; b++) count[b + 1] += count[b]
    for (let j = 0; j < n; j++) {
      const pos = count[(key[j] >>> shift) & 0xffff]++
      dst[pos] = src[j]
      dstKey[pos] = key[j]
    }
    ;[src, dst] = [dst, src]
    ;[key, dstKey] = [dstKey, key]
  }
  // Ascending: a buyer's rank is the position of the first buyer with an equal value.
  let rank = 0
  for (let j = 0; j < n; j++) {
    if (j > 0 && key[j] !== key[j - 1]) rank = j
    out[src[j]] = 1 + Math.floor((5 * rank) / n)
  }
}

/** Quintile scores of real values (larger is better) by sorting and binary search. */
function scoreBySearch(values: Float64Array, orders: Int32Array, n: number, out: Uint8Array): void {
  const sorted = new Float64Array(n)
  let k = 0
  for (let c = 0; c < values.length; c++) if (orders[c] !== 0) sorted[k++] = values[c]
  sorted.sort()
  for (let c = 0; c < values.length; c++) {
    if (orders[c] === 0) continue
    const v = values[c]
    // First index with sorted[i] >= v = number of strictly smaller values.
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (sorted[mid] < v) lo = mid + 1
      else hi = mid
    }
    out[c] = 1 + Math.floor((5 * lo) / n)
  }
}
