// Columnar customer scoring: per-customer figures, RFM quintile scores, segments and member levels for a
// whole shop in a few linear passes over typed arrays. The object API (summarizeCustomers, analyzeShop)
// builds these columns and reads the results back; a million orders take well under a second.
//
// RFM ties: equal values always get the same score. A customer's score in a dimension is
// 1 + floor(5 × rank / n), where n is the number of buyers and rank is how many buyers have a strictly
// worse value (more days since the last purchase for R; fewer orders for F; less spent for M) — i.e. the
// 0-based rank of the value's first occurrence in worst-to-best order. So a block of equal values takes the
// score of its first position and scores never split a tie.

import { levelFor, replayLevels, validateLadder, DEFAULT_LADDER, type MemberLadder } from "./levels"
import { segmentIndex, type ShopMeans } from "./segments"

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
  means: ShopMeans
  /** Order indexes grouped by customer, each group sorted by day (valid purchases on or before as-of). */
  orderIndex: Int32Array
  orderStart: Int32Array
  /** The input day column (orderIndex points into it). */
  orderDay: Int32Array
}

/** Scores every customer of one shop from order columns. */
export function scoreColumns(cols: OrderColumns, opts: ScoreOptions): CustomerColumns {
  const ladder = opts.ladder ?? DEFAULT_LADDER
  validateLadder(ladder)
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

  // Pass 1: counts per customer, refund counts, and whether the input is already in day order.
  let sortedByDay = true
  let prevDay = NO_DAY
  for (let i = 0; i < nO; i++) {
    const d = day[i]
    if (d > asOfDay) continue
    const c = customer[i]
    if (c < 0 || c >= nC) throw new RangeError(`customer index ${c} out of range at order ${i}`)
    const refund = refunded ? refunded[i] : 0
    if (purchase === undefined || purchase[i] === 1) {
      orders[c]++
      refundBase[c]++
      if (refund > 0) refundOrders[c]++
      if (d < prevDay) sortedByDay = false
      prevDay = d
    } else if (refund > 0) {
      refundBase[c]++
      refundOrders[c]++
    }
  }

  // Counting sort of valid purchases by customer (stable, so day order survives when the input had it).
  const orderStart = new Int32Array(nC + 1)
  for (let c = 0; c < nC; c++) orderStart[c + 1] = orderStart[c] + orders[c]
  const nValid = orderStart[nC]
  const orderIndex = new Int32Array(nValid)
  const cursor = orderStart.slice(0, nC)
  for (let i = 0; i < nO; i++) {
    if (day[i] > asOfDay) continue
    if (purchase !== undefined && purchase[i] !== 1) continue
    orderIndex[cursor[customer[i]]++] = i
  }
  if (!sortedByDay) sortGroupsByDay(orderIndex, orderStart, day, nC)

  // Pass 2: per-customer figures and the member-level replay on a contiguous (day, net) timeline.
  const tlDay = new Int32Array(nValid)
  const tlNet = new Float64Array(nValid)
  for (let k = 0; k < nValid; k++) {
    const i = orderIndex[k]
    tlDay[k] = day[i]
    tlNet[k] = amount[i] - (refunded ? refunded[i] : 0)
  }
  const level = new Uint8Array(nC)
  const changeStart = new Int32Array(nC + 1)
  let changeDay = new Int32Array(Math.max(16, nC >> 2))
  let changeFrom = new Uint8Array(changeDay.length)
  let changeTo = new Uint8Array(changeDay.length)
  let nChanges = 0
  const onChange = (d: number, from: number, to: number): void => {
    if (nChanges === changeDay.length) {
      const grow = changeDay.length * 2
      const nd = new Int32Array(grow)
      nd.set(changeDay)
      changeDay = nd
      const nf = new Uint8Array(grow)
      nf.set(changeFrom)
      changeFrom = nf
      const nt = new Uint8Array(grow)
      nt.set(changeTo)
      changeTo = nt
    }
    changeDay[nChanges] = d
    changeFrom[nChanges] = from
    changeTo[nChanges] = to
    nChanges++
  }
  const singleLevelFloor = ladder.levels.length === 1
  const w = ladder.windowDays

  let buyers = 0
  let sumDays = 0
  let sumOrders = 0
  let sumSpent = 0
  for (let c = 0; c < nC; c++) {
    changeStart[c] = nChanges
    const s = orderStart[c]
    const e = orderStart[c + 1]
    if (s === e) continue
    let total = 0
    let refundTotal = 0
    let distinct = 0
    let last = NO_DAY
    const first = tlDay[s]
    let firstSpend = 0
    for (let k = s; k < e; k++) {
      const d = tlDay[k]
      total += tlNet[k]
      refundTotal += refunded ? refunded[orderIndex[k]] : 0
      if (d !== last) {
        distinct++
        last = d
      }
      if (d === first) firstSpend += tlNet[k]
    }
    totalSpent[c] = total
    refundedSum[c] = refundTotal
    purchaseDays[c] = distinct
    firstDay[c] = first
    lastDay[c] = last
    firstDaySpend[c] = firstSpend
    buyers++
    sumDays += asOfDay - last
    sumOrders += e - s
    sumSpent += total
    if (singleLevelFloor) continue
    // Fast path: one purchase day still inside the window, no later exit to replay.
    if (distinct === 1 && asOfDay - first < w) {
      const lv = levelFor(ladder, total, e - s)
      if (lv !== 0) onChange(first, 0, lv)
      level[c] = lv
    } else {
      level[c] = replayLevels(ladder, tlDay, tlNet, s, e, asOfDay, onChange)
    }
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
    for (let c = 0; c < nC; c++) {
      if (orders[c] === 0) continue
      segment[c] = segmentIndex(
        recency[c] < means.daysSinceLastOrder,
        orders[c] > means.orders,
        totalSpent[c] > means.totalSpent
      )
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
    orderDay: day
  }
}

function sortGroupsByDay(index: Int32Array, start: Int32Array, day: Int32Array, nC: number): void {
  for (let c = 0; c < nC; c++) {
    const s = start[c]
    const e = start[c + 1]
    if (e - s < 2) continue
    if (e - s <= 32) {
      // Insertion sort, stable: equal days keep input order.
      for (let k = s + 1; k < e; k++) {
        const v = index[k]
        const dv = day[v]
        let j = k - 1
        while (j >= s && day[index[j]] > dv) {
          index[j + 1] = index[j]
          j--
        }
        index[j + 1] = v
      }
    } else {
      const group = Array.from(index.subarray(s, e))
      group.sort((a, b) => day[a] - day[b] || a - b)
      index.set(group, s)
    }
  }
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
    scoreFloats(
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

/** Quintile scores of real values (larger is better) by sorting and binary search. */
function scoreFloats(values: Float64Array, orders: Int32Array, n: number, out: Uint8Array): void {
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
