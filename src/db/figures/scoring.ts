// Layer: figures. Scoring inside the store, all of it through src/core. Two halves:
// - a customer's own figures (orders, spend, purchase days, member level, daily contributions) come from
//   their own orders and are exact after every batch;
// - the shop-relative figures (RFM quintiles, segment, P(alive), CLV) compare a customer with the whole
//   shop. They use the shop's last full scoring (ShopScoresRecord: means, RFM breakpoints, model fits), so a
//   batch never scans the shop; a throttled full rescore (rescore.ts) refreshes those shop-wide figures.
// Everything here is synchronous: callers do their IndexedDB reads and writes around it, inside one
// transaction, with no other await in between.
import {
  buildOrderTable,
  figuresFromColumns,
  fitModels,
  formatDayNumber,
  minorDigits,
  predictCustomer,
  scoreColumns,
  segmentOf,
  startOfDayKey,
  type CustomerColumns,
  type MemberLadder,
  type PurchaseForecast
} from "../../core"
import type { CapturedOrder, OrderStatus } from "../../core/types"
import type {
  Timeline,
  CustomerRecord,
  DailyFiguresRecord,
  LevelChangeRecord,
  ShopRecord,
  ShopScoresRecord
} from "../schema/database"
import { lookupKeysOf } from "../schema/keys"
import { activeScoringSettings } from "../schema/owner-settings"

function latest(
  orders: readonly CapturedOrder[],
  field: "buyerNick" | "buyerEmail",
  stored: string | undefined,
  storedAt: number | undefined
): { value: string | undefined; at: number | undefined } {
  let value = stored
  let at = storedAt
  for (const o of orders) {
    const v = o[field]
    if (!v) continue
    if (at === undefined || o.createdAt > at || (o.createdAt === at && value !== undefined && v > value)) {
      value = v
      at = o.createdAt
    }
  }
  return { value, at }
}

const STATUS_CODE: Record<OrderStatus, string> = {
  unpaid: "u",
  paid: "p",
  shipped: "s",
  completed: "c",
  closed: "x"
}
const STATUS_OF: Record<string, OrderStatus> = {
  u: "unpaid",
  p: "paid",
  s: "shipped",
  c: "completed",
  x: "closed"
}

/** The timeline of a buyer's orders, in order-id order (so it does not depend on how they arrived). */
export function toTimeline(unsorted: readonly CapturedOrder[]): Timeline {
  const orders = [...unsorted].sort((a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0))
  return {
    id: orders.map((o) => o.orderId),
    at: orders.map((o) => o.createdAt),
    status: orders.map((o) => STATUS_CODE[o.status]).join(""),
    amount: orders.map((o) => o.amount),
    refunded: orders.map((o) => o.refunded),
    currency: orders.map((o) => o.currency)
  }
}

/** A buyer's orders back from their timeline: what scoring reads (no nicks, items or payment times). */
export function fromTimeline(shop: ShopRecord, buyerId: string, t: Timeline): CapturedOrder[] {
  return t.id.map((orderId, i) => ({
    platform: shop.platform,
    shopId: shop.shopId,
    orderId,
    buyerId,
    createdAt: t.at[i],
    status: STATUS_OF[t.status[i]],
    amount: t.amount[i],
    refunded: t.refunded[i],
    currency: t.currency[i]
  }))
}

/** Drops properties set to undefined, so a stored record holds only what it says (a backup keeps it exact). */
export function withoutUndefined<T extends object>(record: T): T {
  for (const k of Object.keys(record) as (keyof T)[]) if (record[k] === undefined) delete record[k]
  return record
}

/** One customer's share of a day's shop figures. */
export interface DayContribution {
  orders: number
  buyers: number
  newBuyers: number
}

export interface BuyerScoring {
  customers: CustomerRecord[]
  levelChanges: LevelChangeRecord[]
  /** Per customer key: that customer's contribution per shop-zone day number. */
  days: Map<string, Map<number, DayContribution>>
}

const customerKey = (shopKey: string, buyerId: string) => `${shopKey}:${buyerId}`

/**
 * Scores the given buyers of one shop from ALL their stored orders (`orders` may hold other buyers' orders
 * too; they are ignored). `previous` keeps what scoring does not own (tags, a nick seen earlier).
 */
export function scoreBuyers(
  shop: ShopRecord,
  orders: readonly CapturedOrder[],
  buyerIds: readonly string[],
  previous: ReadonlyMap<string, CustomerRecord>,
  params: ShopScoresRecord | undefined,
  now: number,
  ladder: MemberLadder = activeScoringSettings().ladder
): BuyerScoring {
  const wanted = new Set(buyerIds)
  const byBuyer = new Map<string, CapturedOrder[]>()
  for (const o of orders) {
    if (!wanted.has(o.buyerId)) continue
    const list = byBuyer.get(o.buyerId)
    if (list) list.push(o)
    else byBuyer.set(o.buyerId, [o])
  }
  const mine = [...byBuyer.values()].flat()
  const table = buildOrderTable(mine, { asOf: now, timeZone: shop.timeZone })
  const nC = table.shopId.length
  const scored = scoreColumns(table.columns, { customerCount: nC, asOfDay: table.asOfDay, ladder })
  const figures = figuresFromColumns(table, scored)
  const days = dayContributions(table.buyerId, scored, shop.key)
  const cache = new Map<string, PurchaseForecast>()
  const customers: CustomerRecord[] = []
  const levelChanges: LevelChangeRecord[] = []
  const seen = new Set<string>()
  for (let c = 0; c < nC; c++) {
    const f = figures[c]
    const key = customerKey(shop.key, f.buyerId)
    seen.add(key)
    const before = previous.get(key)
    const has = scored.orders[c] > 0
    const own = byBuyer.get(f.buyerId) ?? []
    // Nick and e-mail as on the buyer's latest order that carried one (src/core's rule for the nick);
    // orders known only by their timeline carry none, so the stored ones stand unless a later order says.
    const nick = latest(own, "buyerNick", before?.buyerNick, before?.nickAt)
    const email = latest(own, "buyerEmail", before?.buyerEmail, before?.emailAt)
    const record: CustomerRecord = {
      key,
      shopKey: shop.key,
      platform: shop.platform,
      shopId: shop.shopId,
      buyerId: f.buyerId,
      buyerNick: nick.value,
      buyerEmail: email.value,
      nickAt: nick.at,
      emailAt: email.at,
      orders: f.orders,
      purchaseDays: f.purchaseDays,
      totalSpent: f.totalSpent,
      currency: f.currency,
      firstOrderAt: f.firstOrderAt,
      lastOrderAt: f.lastOrderAt ?? 0,
      averageOrderValue: f.averageOrderValue,
      refundRate: f.refundRate,
      repeatBuyer: f.repeatBuyer,
      tagIds: before?.tagIds ?? [],
      updatedAt: now,
      rev: (before?.rev ?? 0) + 1,
      timeline: toTimeline(own)
    }
    record.lookupKeys = lookupKeysOf(record)
    if (has) {
      record.firstOrderDay = scored.firstDay[c]
      record.lastOrderDay = scored.lastDay[c]
      record.firstDaySpend = scored.firstDaySpend[c]
      record.memberLevel = ladder.levels[scored.level[c]].id
      // A new buyer starting on the ladder's floor is no change worth a record (nor a write).
      const fromFloor = before?.memberLevel === undefined && record.memberLevel === ladder.levels[0].id
      if (before?.memberLevel !== record.memberLevel && !fromFloor) {
        levelChanges.push({
          customerKey: key,
          at: now,
          from: before?.memberLevel ?? null,
          to: record.memberLevel
        })
      }
    }
    Object.assign(record, shopRelativeFields(record, params, shop.timeZone, now, cache))
    customers.push(withoutUndefined(record))
  }
  // A buyer left without any order (their only order now names another buyer): figures go to zero.
  for (const buyerId of wanted) {
    const key = customerKey(shop.key, buyerId)
    const before = previous.get(key)
    if (seen.has(key) || !before) continue
    customers.push(emptied(before, now))
  }
  return { customers, levelChanges, days }
}

/** A customer with no order left: their notes, tags and contact stay; every figure goes to zero. */
export function emptied(c: CustomerRecord, now: number): CustomerRecord {
  const {
    firstOrderDay: _a,
    lastOrderDay: _b,
    firstDaySpend: _c,
    rfm: _d,
    segment: _e,
    memberLevel: _f,
    pAlive: _g,
    clv12m: _h,
    predictedOrders365: _i,
    expectedNextOrderAt: _j,
    ...rest
  } = c
  return {
    ...rest,
    orders: 0,
    purchaseDays: 0,
    totalSpent: 0,
    firstOrderAt: null,
    lastOrderAt: 0,
    averageOrderValue: 0,
    refundRate: 0,
    repeatBuyer: false,
    updatedAt: now,
    rev: (c.rev ?? 0) + 1,
    timeline: toTimeline([])
  }
}

/** The given buyers' contributions to the daily figures, from their orders (cheap: no predictions). */
export function dayContributionsOf(
  shop: ShopRecord,
  orders: readonly CapturedOrder[],
  now: number
): Map<string, Map<number, DayContribution>> {
  const table = buildOrderTable(orders, { asOf: now, timeZone: shop.timeZone })
  const scored = scoreColumns(table.columns, {
    customerCount: table.shopId.length,
    asOfDay: table.asOfDay,
    ladder: FLOOR_ONLY
  })
  return dayContributions(table.buyerId, scored, shop.key)
}

/** Each customer's orders, buyers and new buyers per day (valid purchases only, src/core's definitions). */
function dayContributions(buyerIds: readonly string[], scored: CustomerColumns, shopKey: string) {
  const out = new Map<string, Map<number, DayContribution>>()
  for (let c = 0; c < scored.customerCount; c++) {
    const perDay = new Map<number, DayContribution>()
    for (let j = scored.orderStart[c]; j < scored.orderStart[c + 1]; j++) {
      const d = scored.orderDay[scored.orderIndex[j]]
      let e = perDay.get(d)
      if (!e) {
        e = { orders: 0, buyers: 1, newBuyers: d === scored.firstDay[c] ? 1 : 0 }
        perDay.set(d, e)
      }
      e.orders++
    }
    out.set(customerKey(shopKey, buyerIds[c]), perDay)
  }
  return out
}

/** Daily figures after replacing some customers' contributions (`before`) with new ones (`after`). */
export function applyDayDeltas(
  shopKey: string,
  stored: ReadonlyMap<string, DailyFiguresRecord>,
  before: ReadonlyMap<string, ReadonlyMap<number, DayContribution>>,
  after: ReadonlyMap<string, ReadonlyMap<number, DayContribution>>
): { put: DailyFiguresRecord[]; remove: string[] } {
  const delta = new Map<number, DayContribution>()
  const add = (m: ReadonlyMap<number, DayContribution>, sign: number) => {
    for (const [d, e] of m) {
      const t = delta.get(d) ?? { orders: 0, buyers: 0, newBuyers: 0 }
      t.orders += sign * e.orders
      t.buyers += sign * e.buyers
      t.newBuyers += sign * e.newBuyers
      delta.set(d, t)
    }
  }
  for (const m of before.values()) add(m, -1)
  for (const m of after.values()) add(m, 1)
  const put: DailyFiguresRecord[] = []
  const remove: string[] = []
  for (const [d, t] of delta) {
    if (t.orders === 0 && t.buyers === 0 && t.newBuyers === 0) continue
    const day = formatDayNumber(d)
    const key = dailyKey(shopKey, day)
    const old = stored.get(key)
    const orders = (old?.orders ?? 0) + t.orders
    const buyers = (old?.buyers ?? 0) + t.buyers
    const newBuyers = (old?.newBuyers ?? 0) + t.newBuyers
    if (orders <= 0 && buyers <= 0) remove.push(key)
    else put.push({ key, shopKey, day, orders, buyers, newBuyers, returningBuyers: buyers - newBuyers })
  }
  return { put, remove }
}

export const dailyKey = (shopKey: string, day: string) => `${shopKey}|${day}`

/** The daily-figure keys some contributions touch. */
export function dailyKeysOf(
  shopKey: string,
  ...maps: ReadonlyMap<string, ReadonlyMap<number, DayContribution>>[]
): string[] {
  const days = new Set<number>()
  for (const m of maps) for (const perDay of m.values()) for (const d of perDay.keys()) days.add(d)
  return [...days].map((d) => dailyKey(shopKey, formatDayNumber(d)))
}

type ShopRelative = Pick<
  CustomerRecord,
  "rfm" | "segment" | "pAlive" | "clv12m" | "predictedOrders365" | "expectedNextOrderAt" | "scoredAt"
>

/**
 * RFM, segment and predictions of one customer from their stored figures and the shop's last full scoring.
 * Segments compare with the means as of that scoring's day, so a customer scored by a later batch is
 * judged like everyone else (everyone has aged by the same number of days since).
 */
export function shopRelativeFields(
  c: CustomerRecord,
  params: ShopScoresRecord | undefined,
  timeZone: string,
  now: number,
  cache?: Map<string, PurchaseForecast>
): ShopRelative {
  const out: ShopRelative = {
    rfm: undefined,
    segment: undefined,
    pAlive: undefined,
    clv12m: undefined,
    predictedOrders365: undefined,
    expectedNextOrderAt: undefined,
    scoredAt: undefined
  }
  if (
    !params ||
    c.orders === 0 ||
    c.lastOrderDay === undefined ||
    c.firstOrderDay === undefined ||
    c.firstDaySpend === undefined
  )
    return out
  out.rfm = {
    r: scoreAgainst(params.rfmBreaks.r, c.lastOrderDay),
    f: scoreAgainst(params.rfmBreaks.f, c.orders),
    m: scoreAgainst(params.rfmBreaks.m, c.totalSpent)
  }
  out.segment = segmentOf(
    { daysSinceLastOrder: params.asOfDay - c.lastOrderDay, orders: c.orders, totalSpent: c.totalSpent },
    params.means,
    activeScoringSettings().thresholds
  )
  const asOfDay = Math.max(params.asOfDay, dayOf(now, timeZone))
  const p = predictCustomer(
    {
      occasions: c.purchaseDays,
      firstDay: c.firstOrderDay,
      lastDay: c.lastOrderDay,
      asOfDay,
      totalSpent: c.totalSpent,
      firstDaySpend: c.firstDaySpend,
      orders: c.orders
    },
    params.bgnbd,
    params.gammaGamma,
    params.moneyScale,
    cache
  )
  if (p.pAlive !== null) out.pAlive = p.pAlive
  if (p.clv12m !== null) out.clv12m = p.clv12m
  if (p.predictedOrders365 !== null) out.predictedOrders365 = p.predictedOrders365
  if (p.pAlive !== null)
    out.expectedNextOrderAt =
      p.expectedNextOrderDay === null
        ? null
        : startOfDayKey(formatDayNumber(p.expectedNextOrderDay), timeZone)
  out.scoredAt = params.scoredAt
  return out
}

/** 1 + the number of breakpoints the value is strictly above (src/core's tie rule, see computeShopScores). */
function scoreAgainst(breaks: readonly number[], value: number): number {
  let s = 1
  for (const b of breaks) if (value > b) s++
  return s
}

function dayOf(utcMs: number, timeZone: string): number {
  return buildOrderTable([], { asOf: utcMs, timeZone }).asOfDay
}

/** What a full scoring needs of each buyer: their stored figures (customers with a purchase only). */
export interface BuyerFigures {
  orders: number
  purchaseDays: number
  totalSpent: number
  firstDaySpend: number
  firstDay: number
  lastDay: number
}

/** What the shop-wide scoring needs of a stored customer; null without a purchase (or before v2's fields). */
export function buyerFigures(c: CustomerRecord): BuyerFigures | null {
  if (c.orders === 0 || c.firstOrderDay === undefined || c.lastOrderDay === undefined) return null
  if (c.firstDaySpend === undefined) return null
  return {
    orders: c.orders,
    purchaseDays: c.purchaseDays,
    totalSpent: c.totalSpent,
    firstDaySpend: c.firstDaySpend,
    firstDay: c.firstOrderDay,
    lastDay: c.lastOrderDay
  }
}

/**
 * What the shop-wide scores need of each buyer of `orders` with a purchase (exactly what scoreBuyers would
 * store for them), by customer key, from the columns alone: no customer record is built.
 */
export function buyerFiguresOf(
  shop: ShopRecord,
  orders: readonly CapturedOrder[],
  now: number
): { key: string; f: BuyerFigures }[] {
  const table = buildOrderTable(orders, { asOf: now, timeZone: shop.timeZone })
  const n = table.shopId.length
  const scored = scoreColumns(table.columns, { customerCount: n, asOfDay: table.asOfDay, ladder: FLOOR_ONLY })
  const out: { key: string; f: BuyerFigures }[] = []
  for (let c = 0; c < n; c++) {
    if (scored.orders[c] === 0) continue
    out.push({
      key: customerKey(shop.key, table.buyerId[c]),
      f: {
        orders: scored.orders[c],
        purchaseDays: scored.purchaseDays[c],
        totalSpent: scored.totalSpent[c],
        firstDaySpend: scored.firstDaySpend[c],
        firstDay: scored.firstDay[c],
        lastDay: scored.lastDay[c]
      }
    })
  }
  return out
}

/**
 * The shop-wide figures from every buyer's figures, through src/core: means and segments by scoreColumns
 * (fed one synthetic order per purchase, which carries exactly the R, F and M the scorer looks at), model
 * fits by fitModels. RFM breakpoints follow src/core's rule — score = 1 + floor(5 × rank / n), rank = how
 * many buyers are strictly worse — so score ≥ s exactly when the value is above the value at 0-based
 * position ceil(n (s − 1) / 5) − 1 of the worst-to-best order.
 */
export function computeShopScores(
  shop: ShopRecord,
  buyers: readonly BuyerFigures[],
  now: number,
  currency: string
): Omit<ShopScoresRecord, "rev"> {
  const asOfDay = dayOf(now, shop.timeZone)
  const n = buyers.length
  let total = 0
  for (const b of buyers) total += b.orders
  const customer = new Int32Array(total)
  const day = new Int32Array(total)
  const amount = new Float64Array(total)
  let k = 0
  for (let c = 0; c < n; c++) {
    const b = buyers[c]
    for (let j = 0; j < b.orders; j++) {
      customer[k] = c
      day[k] = b.lastDay
      amount[k] = j === 0 ? b.totalSpent : 0
      k++
    }
  }
  const scored = scoreColumns({ customer, day, amount }, { customerCount: n, asOfDay, ladder: FLOOR_ONLY })
  const real: CustomerColumns = {
    ...scored,
    purchaseDays: Int32Array.from(buyers, (b) => b.purchaseDays),
    firstDay: Int32Array.from(buyers, (b) => b.firstDay),
    lastDay: Int32Array.from(buyers, (b) => b.lastDay),
    firstDaySpend: Float64Array.from(buyers, (b) => b.firstDaySpend),
    totalSpent: Float64Array.from(buyers, (b) => b.totalSpent)
  }
  const moneyScale = 10 ** minorDigits(currency)
  const models = fitModels(real, moneyScale)
  const breaks = (values: Float64Array | Int32Array) => {
    const sorted = Float64Array.from(values).sort()
    return n === 0 ? [] : [2, 3, 4, 5].map((s) => sorted[Math.ceil((n * (s - 1)) / 5) - 1])
  }
  return {
    shopKey: shop.key,
    scoredAt: now,
    asOfDay,
    currency,
    moneyScale,
    means: scored.means,
    rfmBreaks: { r: breaks(real.lastDay), f: breaks(scored.orders), m: breaks(real.totalSpent) },
    bgnbd: models.bgnbd,
    gammaGamma: models.gammaGamma
  }
}

const FLOOR_ONLY: MemberLadder = {
  windowDays: 365,
  levels: [{ id: "-", zh: "-", en: "-", minSpend: 0, minOrders: 0 }]
}
