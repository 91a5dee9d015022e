// Per-customer figures from captured orders: the object API over the columnar scorer.
//
// Definitions (all as of the as-of date, in the shop's time zone):
// - A valid purchase is an order whose status is in PURCHASE_STATUSES (paid, shipped, completed) created on or
//   before the as-of day. Its time is `createdAt`.
// - Spend is net of refunds: amount − refunded per purchase, minor units.
// - Refund rate = orders with a refund ÷ (valid purchases + closed orders that carry a refund), i.e. the share
//   of paid orders that were (partly or fully) refunded. A fully refunded order is usually closed, so it
//   counts in both numerator and denominator but adds no spend.
// - A purchase occasion is a distinct calendar day with a valid purchase; a repeat buyer has two or more.
// - Days since last purchase = as-of day − day of the last purchase (0 when they bought on the as-of day).
// - The same (shopId, orderId) seen more than once is one order: the most advanced snapshot wins
//   (closed > completed > shipped > paid > unpaid, then larger refund, then larger amount, then later time,
//   then the remaining fields, so that which snapshot wins never depends on the order they arrive in).

import { NO_DAY, scoreColumns, type CustomerColumns } from "./columns"
import type { MemberLadder } from "./levels"
import { PairInterner } from "./keys"
import { bucketerFor, formatDayNumber } from "./time"
import { PURCHASE_STATUSES, type CapturedOrder, type OrderStatus } from "./types"

export interface CustomerFigures {
  shopId: string
  buyerId: string
  buyerNick?: string
  /** Valid purchases (orders). */
  orders: number
  /** Purchase occasions: distinct shop-time-zone days with a valid purchase. */
  purchaseDays: number
  /** Net of refunds, minor units. */
  totalSpent: number
  /** Refunded on valid purchases, minor units. */
  refunded: number
  currency: string
  /** UTC ms of the first and last valid purchase. */
  firstOrderAt: number | null
  lastOrderAt: number | null
  /** "YYYY-MM-DD" in the shop's zone. */
  firstOrderDay: string | null
  lastOrderDay: string | null
  /** totalSpent ÷ orders, minor units (0 without orders). */
  averageOrderValue: number
  daysSinceLastOrder: number | null
  /** Share of paid orders that had a refund, 0–1. */
  refundRate: number
  /** Two or more purchase occasions. */
  repeatBuyer: boolean
}

export interface SummarizeOptions {
  /** UTC ms of the as-of instant; ages are measured to the start of its day in `timeZone`. */
  asOf: number
  /** IANA zone of the shop, e.g. "Asia/Shanghai". */
  timeZone: string
}

const STATUS_RANK: Record<OrderStatus, number> = { unpaid: 0, paid: 1, shipped: 2, completed: 3, closed: 4 }

/** True when snapshot `a` should replace `b` for the same order (a total order, so input order never matters). */
function moreAdvanced(a: CapturedOrder, b: CapturedOrder): boolean {
  const sa = STATUS_RANK[a.status] ?? -1
  const sb = STATUS_RANK[b.status] ?? -1
  if (sa !== sb) return sa > sb
  if (a.refunded !== b.refunded) return a.refunded > b.refunded
  if (a.amount !== b.amount) return a.amount > b.amount
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt
  if ((a.paidAt ?? 0) !== (b.paidAt ?? 0)) return (a.paidAt ?? 0) > (b.paidAt ?? 0)
  if (a.buyerId !== b.buyerId) return a.buyerId > b.buyerId
  if (a.currency !== b.currency) return a.currency > b.currency
  if ((a.buyerNick ?? "") !== (b.buyerNick ?? "")) return (a.buyerNick ?? "") > (b.buyerNick ?? "")
  return false
}

/** Index of the chosen snapshot per distinct (shopId, orderId), in first-seen order. */
function dedupeIndexes(orders: readonly CapturedOrder[]): Int32Array {
  const keys = new PairInterner(Math.min(orders.length, 1 << 22))
  const chosen = new Int32Array(orders.length)
  for (let i = 0; i < orders.length; i++) {
    const o = orders[i]
    const before = keys.size
    const id = keys.add(o.shopId, o.orderId)
    if (id === before) chosen[id] = i
    else if (moreAdvanced(o, orders[chosen[id]])) chosen[id] = i
  }
  return chosen.subarray(0, keys.size)
}

/** One order per (shopId, orderId), the most advanced snapshot, in first-seen order. */
export function dedupeOrders(orders: readonly CapturedOrder[]): CapturedOrder[] {
  return Array.from(dedupeIndexes(orders), (i) => orders[i])
}

const finiteOr0 = (x: number): number => (Number.isFinite(x) ? x : 0)

/** Orders as columns for one or more shops; customers keyed by (shopId, buyerId). */
export interface OrderTable {
  orders: CapturedOrder[]
  /** Per customer index. */
  shopId: string[]
  buyerId: string[]
  buyerNick: (string | undefined)[]
  currency: string[]
  firstOrderAt: Float64Array
  lastOrderAt: Float64Array
  columns: {
    customer: Int32Array
    day: Int32Array
    amount: Float64Array
    refunded: Float64Array
    purchase: Uint8Array
  }
  asOfDay: number
}

/**
 * Deduplicates orders, drops those after the as-of day, and builds the columns. Customers are numbered in
 * (shopId, buyerId) order so the numbering does not depend on the input order; order rows stay in
 * first-seen order. Buyer keys are interned once (PairInterner) and only the distinct customers are sorted.
 */
export function buildOrderTable(orders: readonly CapturedOrder[], opts: SummarizeOptions): OrderTable {
  const bucketer = bucketerFor(opts.timeZone)
  const asOfDay = bucketer.dayNumber(opts.asOf)
  const chosen = dedupeIndexes(orders)
  const kept: CapturedOrder[] = []
  const dayList = new Int32Array(chosen.length)
  const buyerKeys = new PairInterner()
  const tmpCustomer = new Int32Array(chosen.length)
  for (let k = 0; k < chosen.length; k++) {
    const o = orders[chosen[k]]
    if (!Number.isFinite(o.createdAt)) continue
    const d = bucketer.dayNumber(o.createdAt)
    if (d > asOfDay) continue
    dayList[kept.length] = d
    tmpCustomer[kept.length] = buyerKeys.add(o.shopId, o.buyerId)
    kept.push(o)
  }
  // Number customers in (shopId, buyerId) order.
  const n = buyerKeys.size
  const shops = buyerKeys.first
  const buyers = buyerKeys.second
  let oneShop = true
  for (let c = 1; c < n && oneShop; c++) if (shops[c] !== shops[0]) oneShop = false
  const perm = Array.from({ length: n }, (_, i) => i)
  if (oneShop) perm.sort((x, y) => cmpStrings(buyers[x], buyers[y]))
  else perm.sort((x, y) => cmpStrings(shops[x], shops[y]) || cmpStrings(buyers[x], buyers[y]))
  const rank = new Int32Array(n)
  const shopId: string[] = new Array(n)
  const buyerId: string[] = new Array(n)
  for (let i = 0; i < n; i++) {
    rank[perm[i]] = i
    shopId[i] = shops[perm[i]]
    buyerId[i] = buyers[perm[i]]
  }
  const buyerNick: (string | undefined)[] = new Array(n).fill(undefined)
  const currency: string[] = new Array(n).fill("")
  const nickAt = new Float64Array(n).fill(-Infinity)
  const currencyAt = new Float64Array(n).fill(-Infinity)
  const firstOrderAt = new Float64Array(n).fill(Infinity)
  const lastOrderAt = new Float64Array(n).fill(-Infinity)
  const m = kept.length
  const customer = new Int32Array(m)
  const day = dayList.slice(0, m)
  const amount = new Float64Array(m)
  const refunded = new Float64Array(m)
  const purchase = new Uint8Array(m)
  for (let i = 0; i < m; i++) {
    const o = kept[i]
    const c = rank[tmpCustomer[i]]
    customer[i] = c
    amount[i] = finiteOr0(o.amount)
    refunded[i] = finiteOr0(o.refunded)
    const valid = PURCHASE_STATUSES.has(o.status)
    purchase[i] = valid ? 1 : 0
    // Latest nick and currency win; ties broken by value so input order never matters.
    if (
      o.buyerNick &&
      (o.createdAt > nickAt[c] || (o.createdAt === nickAt[c] && o.buyerNick > (buyerNick[c] ?? "")))
    ) {
      nickAt[c] = o.createdAt
      buyerNick[c] = o.buyerNick
    }
    const curAt = valid ? o.createdAt + 1e15 : o.createdAt
    if (curAt > currencyAt[c] || (curAt === currencyAt[c] && o.currency > currency[c])) {
      currencyAt[c] = curAt
      currency[c] = o.currency
    }
    if (valid) {
      if (o.createdAt < firstOrderAt[c]) firstOrderAt[c] = o.createdAt
      if (o.createdAt > lastOrderAt[c]) lastOrderAt[c] = o.createdAt
    }
  }
  return {
    orders: kept,
    shopId,
    buyerId,
    buyerNick,
    currency,
    firstOrderAt,
    lastOrderAt,
    columns: { customer, day, amount, refunded, purchase },
    asOfDay
  }
}

const cmpStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Reads customer figures back from the columns. */
export function figuresFromColumns(table: OrderTable, scored: CustomerColumns): CustomerFigures[] {
  const out: CustomerFigures[] = new Array(scored.customerCount)
  for (let c = 0; c < scored.customerCount; c++) {
    const orders = scored.orders[c]
    const has = orders > 0
    const fig: CustomerFigures = {
      shopId: table.shopId[c],
      buyerId: table.buyerId[c],
      orders,
      purchaseDays: scored.purchaseDays[c],
      totalSpent: scored.totalSpent[c],
      refunded: scored.refunded[c],
      currency: table.currency[c],
      firstOrderAt: has ? table.firstOrderAt[c] : null,
      lastOrderAt: has ? table.lastOrderAt[c] : null,
      firstOrderDay: has ? formatDayNumber(scored.firstDay[c]) : null,
      lastOrderDay: has ? formatDayNumber(scored.lastDay[c]) : null,
      averageOrderValue: has ? scored.totalSpent[c] / orders : 0,
      daysSinceLastOrder: has && scored.lastDay[c] !== NO_DAY ? scored.asOfDay - scored.lastDay[c] : null,
      refundRate: scored.refundBase[c] > 0 ? scored.refundOrders[c] / scored.refundBase[c] : 0,
      repeatBuyer: scored.purchaseDays[c] >= 2
    }
    const nick = table.buyerNick[c]
    if (nick !== undefined) fig.buyerNick = nick
    out[c] = fig
  }
  return out
}

// A one-level ladder skips the member-level replay, which summarizeCustomers does not report.
const FLOOR_ONLY: MemberLadder = {
  windowDays: 365,
  levels: [{ id: "-", zh: "-", en: "-", minSpend: 0, minOrders: 0 }]
}

/** Per-customer figures for every buyer (of any shop) seen on or before the as-of day. */
export function summarizeCustomers(
  orders: readonly CapturedOrder[],
  opts: SummarizeOptions
): CustomerFigures[] {
  const table = buildOrderTable(orders, opts)
  const scored = scoreColumns(table.columns, {
    customerCount: table.shopId.length,
    asOfDay: table.asOfDay,
    ladder: FLOOR_ONLY
  })
  return figuresFromColumns(table, scored)
}
