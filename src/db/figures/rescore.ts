// Layer: figures. The full rescore of one shop, in chunks of a few thousand records, each chunk its own short transaction,
// so captures keep flowing while it runs (they interleave between chunks):
//   A (refigure, optional) every buyer's own figures, level, timeline and daily contributions from their
//     orders, written at once — after an import that stored orders only, a migration, or a change of the
//     member ladder;
//   B the shop-wide figures (means, RFM breakpoints, BG/NBD and Gamma-Gamma fits) from the customers;
//   C every customer's RFM, segment and predictions against them.
// With A, B comes first: the shop-wide figures from the orders A walked (in memory, before it writes), so
// A writes each customer once, already scored; B's read and C's rewrite then run only if a capture changed
// the shop meanwhile.
// Each chunk of A and C reads and writes its records in the same transaction, so a batch captured in the
// middle is never overwritten with older figures. The scheduler runs it at most every few minutes per shop
// (and at once on demand).
import Dexie from "dexie"
import type { CapturedOrder, OrderStatus } from "../../core/types"
import type {
  CustomerRecord,
  HuikeDB,
  OrderRecord,
  ShopKey,
  ShopRecord,
  ShopScoresRecord
} from "../schema/database"
import { INGEST_TABLES, scorePending } from "./pending"
import {
  ordersOfBuyers,
  scanShopOrders,
  shopHasNoCustomers,
  shopPage,
  storedOrdersNaming
} from "../schema/shop-orders"
import {
  buyerFigures,
  buyerFiguresOf,
  computeShopScores,
  dailyKey,
  emptied,
  scoreBuyers,
  shopRelativeFields,
  type BuyerFigures,
  withoutUndefined,
  type DayContribution
} from "./scoring"
import { formatDayNumber, type PurchaseForecast } from "../../core"

export interface RescoreOptions {
  now: number
  /** Recompute every buyer's own figures from their orders first (phase A). */
  refigure?: boolean
  /** Orders (A) or customers (C) per transaction. */
  chunk?: number
  onProgress?: (phase: "figures" | "shop" | "customers", done: number) => void
}

export interface RescoreResult {
  customers: number
  buyers: number
  /** False when a capture changed the shop during phase A, so its daily figures were left to the next run. */
  dailyRebuilt: boolean
  scores: ShopScoresRecord | null
}

/** The rescore running per database and shop: a second one waits for it (see rescoreShop). */
const running = new WeakMap<HuikeDB, Map<ShopKey, Promise<unknown>>>()

/**
 * Rescores a shop. Two rescores of one shop never interleave (an import's and the scheduler's may be asked
 * for at once): the later waits for the earlier, as one written against the other's scores would leave
 * customers scored against figures no longer stored.
 */
export function rescoreShop(db: HuikeDB, shopKey: ShopKey, opts: RescoreOptions): Promise<RescoreResult> {
  let shops = running.get(db)
  if (!shops) running.set(db, (shops = new Map()))
  const before = shops.get(shopKey) ?? Promise.resolve()
  const run = before.then(() => rescoreShopNow(db, shopKey, opts))
  const settled = run.catch(() => undefined)
  shops.set(shopKey, settled)
  void settled.then(() => {
    if (shops.get(shopKey) === settled) shops.delete(shopKey)
  })
  return run
}

async function rescoreShopNow(db: HuikeDB, shopKey: ShopKey, opts: RescoreOptions): Promise<RescoreResult> {
  const chunk = opts.chunk ?? 4000
  // Captured batches not scored yet first: every buyer's figures current before the shop-wide ones.
  await scorePending(db, shopKey, opts.now)
  const shop0 = await db.shops.get(shopKey)
  if (!shop0) return { customers: 0, buyers: 0, dailyRebuilt: false, scores: null }

  let dailyRebuilt = false
  /** Phase A's shop-wide scores, from the orders it walked. */
  const walk: { scores: ShopScoresRecord | null; buyers: number } = { scores: null, buyers: 0 }
  // Buyers phase A scored from their orders. A customer it did not visit has no order left (an import stored
  // their orders under another buyer without scoring): B leaves them out, C empties them.
  const refigured = new Set<string>()
  const unvisited = (c: CustomerRecord) =>
    opts.refigure === true &&
    c.shopKey === shopKey &&
    !refigured.has(c.buyerId) &&
    (c.orders > 0 || (c.timeline?.id.length ?? 0) > 0)
  /**
   * Of these customers, the keys of those no stored order names (inside the caller's transaction): an order
   * stored since the walk and scored is in its buyer's timeline; one not scored yet is applied to what this
   * rescore writes when its batch is scored.
   */
  const withoutOrders = (cs: readonly CustomerRecord[]) =>
    ordersOfBuyers(db.orders, shopKey, cs).then((found) => {
      const named = new Set(found.map((o) => o.buyerId))
      return new Set(cs.filter((c) => !named.has(c.buyerId)).map((c) => c.key))
    })
  if (opts.refigure) {
    // A: every buyer's own figures, level, timeline and daily contributions from their orders, written
    // at once, so the orders are read once. The shop-wide scores come first, from the walked orders in
    // memory (B's figures are those A is about to write), so each buyer is written once, already scored
    // against them, and C has nobody left to rewrite unless a capture changed the shop meanwhile.
    const startRev = shop0.rev ?? 0
    let params = await db.shopScores.get(shopKey)
    const daily = new Map<number, DayContribution>()
    const walked: { key: string; f: BuyerFigures }[] = []
    let done = 0
    // A shop with no customer yet (a first import): while no capture changes it, no buyer A meets has a
    // record to read, so A skips the lookups (a sixth of A's time on a 200,000-order import).
    const noCustomers = await db.transaction(
      "r",
      [db.customers, db.pendingScoring],
      async () =>
        (await shopHasNoCustomers(db.customers, shopKey)) &&
        (await db.pendingScoring.where("shopKey").equals(shopKey).count()) === 0
    )
    await walkBuyers(
      db,
      shopKey,
      chunk,
      async (shop, orders, buyers) => {
        for (const b of buyers) refigured.add(b)
        const keys = buyers.map((b) => `${shopKey}:${b}`)
        const previous =
          noCustomers && (shop.rev ?? 0) === startRev
            ? new Map<string, CustomerRecord>()
            : new Map((await db.customers.bulkGet(keys)).flatMap((c) => (c ? [[c.key, c]] : [])))
        const scored = scoreBuyers(shop, orders, buyers, previous, params, opts.now)
        for (const perDay of scored.days.values()) {
          for (const [d, e] of perDay) {
            const t = daily.get(d) ?? { orders: 0, buyers: 0, newBuyers: 0 }
            t.orders += e.orders
            t.buyers += e.buyers
            t.newBuyers += e.newBuyers
            daily.set(d, t)
          }
        }
        await Promise.all([
          db.customers.bulkPut(scored.customers),
          scored.levelChanges.length ? db.levelHistory.bulkAdd(scored.levelChanges) : undefined
        ])
        done += orders.length
        opts.onProgress?.("figures", done)
      },
      {
        visit: (shop, orders) => {
          for (const w of buyerFiguresOf(shop, orders, opts.now)) walked.push(w)
        },
        done: async (shop) => {
          // In B's order (by customer key), so the model fit's sums add up exactly as B's would.
          walked.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
          const figures = walked.map((w) => w.f)
          params = { ...computeShopScores(shop, figures, opts.now, shop.currency), rev: shop.rev ?? 0 }
          await db.shopScores.put(params)
          walk.scores = params
          walk.buyers = walked.length
        }
      }
    )
    // Replace the shop's daily figures, unless a capture moved them meanwhile (its deltas would be lost).
    dailyRebuilt = await db.transaction("rw", [db.shops, db.dailyFigures], async () => {
      const shop = await db.shops.get(shopKey)
      if ((shop?.rev ?? 0) !== startRev) return false
      await db.dailyFigures
        .where("[shopKey+day]")
        .between([shopKey, Dexie.minKey], [shopKey, Dexie.maxKey])
        .delete()
      await db.dailyFigures.bulkPut(
        [...daily].map(([d, t]) => {
          const day = formatDayNumber(d)
          return {
            key: dailyKey(shopKey, day),
            shopKey,
            day,
            orders: t.orders,
            buyers: t.buyers,
            newBuyers: t.newBuyers,
            returningBuyers: t.buyers - t.newBuyers
          }
        })
      )
      return true
    })
  }

  // B: the shop-wide figures from every buyer's stored figures, unless A's from the same orders stand (no
  // capture changed the shop since A walked it).
  const figures: BuyerFigures[] = []
  let customers = 0
  let rev = 0
  let lastKey: string | null = null
  const [shop, storedScores] = await db.transaction("r", [db.shops, db.shopScores], () =>
    Promise.all([db.shops.get(shopKey), db.shopScores.get(shopKey)])
  )
  if (!shop) return { customers: 0, buyers: 0, dailyRebuilt, scores: null }
  const walkedScores = walk.scores
  // A's scores stand while nothing changed the shop's orders and nobody (a restore) replaced them.
  const fromWalk =
    walkedScores !== null &&
    (shop.rev ?? 0) === walkedScores.rev &&
    JSON.stringify(storedScores) === JSON.stringify(walkedScores)
  for (; !fromWalk;) {
    const page = await db.transaction("r", [db.shops, db.customers, db.orders], async () => {
      rev = (await db.shops.get(shopKey))?.rev ?? 0
      const read = await shopPage(db.customers, shopKey, lastKey, chunk * 4)
      const check = read.filter(unvisited)
      const gone = check.length ? await withoutOrders(check) : new Set<string>()
      return read.map((c) => ({ c, gone: gone.has(c.key) }))
    })
    if (page.length === 0) break
    lastKey = page[page.length - 1].c.key
    for (const { c, gone } of page) {
      if (c.shopKey !== shopKey) continue
      customers++
      const f = gone ? null : buyerFigures(c)
      if (f) figures.push(f)
    }
  }
  let scores: ShopScoresRecord
  if (fromWalk) scores = walkedScores!
  else {
    scores = { ...computeShopScores(shop, figures, opts.now, shop.currency), rev }
    await db.shopScores.put(scores)
  }
  opts.onProgress?.("shop", fromWalk ? walk.buyers : figures.length)

  // C: every customer against them.
  lastKey = null
  let done = 0
  const cache = new Map<string, PurchaseForecast>()
  for (;;) {
    const n = await db.transaction("rw", [db.customers, db.orders], async () => {
      const all = await shopPage(db.customers, shopKey, lastKey, chunk)
      if (all.length === 0) return 0
      lastKey = all[all.length - 1].key
      const check = all.filter(unvisited)
      const gone = check.length ? await withoutOrders(check) : new Set<string>()
      const page: CustomerRecord[] = []
      for (const c of all) {
        if (c.shopKey !== shopKey) continue
        if (fromWalk) customers++
        if (gone.has(c.key)) {
          page.push(emptied(c, opts.now))
          continue
        }
        // Written by A against these very scores (no capture came before B was skipped): nothing to rewrite.
        if (fromWalk && refigured.has(c.buyerId) && c.scoredAt === scores.scoredAt) continue
        const fields = shopRelativeFields(c, scores, shop.timeZone, opts.now, cache)
        // None of these fields before or after (a customer without a purchase): nothing to write.
        if (
          (Object.keys(fields) as (keyof typeof fields)[]).every(
            (k) => fields[k] === undefined && c[k] === undefined
          )
        )
          continue
        withoutUndefined(Object.assign(c, fields))
        c.rev = (c.rev ?? 0) + 1
        page.push(c)
      }
      if (page.length) await db.customers.bulkPut(page)
      return all.length
    })
    if (n === 0) break
    done += n
    opts.onProgress?.("customers", done)
  }
  return { customers, buyers: fromWalk ? walk.buyers : figures.length, dailyRebuilt, scores }
}

/** Longest stretch of the refigure's in-memory pass between two turns of the worker's event loop. */
const YIELD_MS = 50

/** The best nick or e-mail a walk has seen for a buyer (see latest() in scoring.ts), and on which order. */
interface Contact {
  value: string
  at: number
  order: number
}

/**
 * Walks a shop's orders buyer by buyer, about `chunk` orders at a time, each step in its own read-write
 * transaction over every table a batch writes, with every order of the buyers it hands over. The
 * orders are read first, in primary-key order, in read-only pages (captures go on in between), and held in
 * shop-wide columns, grouped by buyer afterwards (about 70 bytes an order: a million orders hold ~70 MB; one
 * object per order would take several times that). A step whose shop changed since (a capture landed)
 * reads its buyers' orders again, by the ids walked and those of their stored timelines.
 */
async function walkBuyers(
  db: HuikeDB,
  shopKey: ShopKey,
  chunk: number,
  step: (shop: ShopRecord, orders: CapturedOrder[], buyers: string[]) => Promise<void>,
  before?: {
    /** Each group of buyers with their walked orders, in memory only, before any step. */
    visit: (shop: ShopRecord, orders: CapturedOrder[], buyers: string[]) => void
    /** Then, before the first step. */
    done: (shop: ShopRecord) => Promise<void>
  }
): Promise<void> {
  const shop0 = await db.shops.get(shopKey)
  if (!shop0) return
  const walkedRev = shop0.rev ?? 0
  // One entry per order, in primary-key order.
  const ids: string[] = []
  const at: number[] = []
  const amount: number[] = []
  const refunded: number[] = []
  const status: OrderStatus[] = []
  const currency: string[] = []
  const buyerOf: number[] = []
  // One entry per buyer.
  const buyerIds: string[] = []
  const buyerIndex = new Map<string, number>()
  const nicks: (Contact | undefined)[] = []
  const emails: (Contact | undefined)[] = []
  const interned = new Map<string, string>()
  const intern = (s: string) => interned.get(s) ?? (interned.set(s, s), s)
  const visit = (o: OrderRecord) => {
    let b = buyerIndex.get(o.buyerId)
    if (b === undefined) {
      b = buyerIds.length
      buyerIndex.set(o.buyerId, b)
      buyerIds.push(o.buyerId)
      nicks.push(undefined)
      emails.push(undefined)
    }
    const order = ids.length
    ids.push(o.orderId)
    at.push(o.createdAt)
    amount.push(o.amount)
    refunded.push(o.refunded)
    status.push(o.status)
    currency.push(intern(o.currency))
    buyerOf.push(b)
    if (o.buyerNick && isLater(nicks[b], o.createdAt, o.buyerNick))
      nicks[b] = { value: o.buyerNick, at: o.createdAt, order }
    if (o.buyerEmail && isLater(emails[b], o.createdAt, o.buyerEmail))
      emails[b] = { value: o.buyerEmail, at: o.createdAt, order }
  }
  await scanShopOrders(db.orders, shopKey, visit, Math.max(chunk, 5_000), (page) =>
    db.transaction("r", [db.orders], page)
  )
  // Each buyer's orders, still in primary-key order: a stable counting sort by buyer.
  const start = new Int32Array(buyerIds.length + 1)
  for (const b of buyerOf) start[b + 1]++
  for (let b = 0; b < buyerIds.length; b++) start[b + 1] += start[b]
  const byBuyer = new Int32Array(ids.length)
  const fill = start.slice(0, buyerIds.length)
  buyerOf.forEach((b, order) => (byBuyer[fill[b]++] = order))
  const ordersOf = (shop: ShopRecord, b: number): CapturedOrder[] => {
    const list: CapturedOrder[] = []
    for (let k = start[b]; k < start[b + 1]; k++) {
      const i = byBuyer[k]
      const o: CapturedOrder = {
        platform: shop.platform,
        shopId: shop.shopId,
        orderId: ids[i],
        buyerId: buyerIds[b],
        createdAt: at[i],
        status: status[i],
        amount: amount[i],
        refunded: refunded[i],
        currency: currency[i]
      }
      if (nicks[b]?.order === i) o.buyerNick = nicks[b]!.value
      if (emails[b]?.order === i) o.buyerEmail = emails[b]!.value
      list.push(o)
    }
    return list
  }
  const idsOf = (b: number) => Array.from(byBuyer.subarray(start[b], start[b + 1]), (i) => ids[i])

  // Buyers in groups of about `chunk` orders (a buyer's orders never split).
  const groups: number[][] = []
  for (let b = 0; b < buyerIds.length;) {
    const group: number[] = []
    let size = 0
    while (b < buyerIds.length && (group.length === 0 || size + start[b + 1] - start[b] <= chunk)) {
      size += start[b + 1] - start[b]
      group.push(b++)
    }
    groups.push(group)
  }
  if (before) {
    // CPU only, so the worker answers other messages (captures, lookups) every YIELD_MS at least.
    let since = performance.now()
    for (const group of groups) {
      before.visit(
        shop0,
        group.flatMap((g) => ordersOf(shop0, g)),
        group.map((g) => buyerIds[g])
      )
      if (performance.now() - since >= YIELD_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0))
        since = performance.now()
      }
    }
    await before.done(shop0)
  }

  const tables = INGEST_TABLES as unknown as string[]
  for (const group of groups) {
    const names = group.map((g) => buyerIds[g])
    await db.transaction("rw", tables, async () => {
      const shop = await db.shops.get(shopKey)
      if (!shop) return
      let orders: CapturedOrder[]
      if ((shop.rev ?? 0) === walkedRev) {
        orders = group.flatMap((g) => ordersOf(shop, g))
      } else {
        // Captured meanwhile: what is stored now, by the ids walked and those scoring has added since.
        const stored = await db.customers.bulkGet(names.map((n) => `${shopKey}:${n}`))
        const ids = [...group.flatMap(idsOf), ...stored.flatMap((c) => c?.timeline?.id ?? [])]
        orders = await storedOrdersNaming(db.orders, shopKey, ids, new Set(names))
      }
      await step(shop, orders, names)
    })
  }
}

/** The rule of latest() in scoring.ts: a later order's value wins; on the same time, the greater value. */
function isLater(best: Contact | undefined, at: number, value: string): boolean {
  return best === undefined || at > best.at || (at === best.at && value > best.value)
}

export interface SchedulerOptions {
  /** Shop-wide scores refresh at most this often per shop (default 5 minutes). */
  minIntervalMs?: number
  /**
   * Captures must pause this long before a rescore starts (default 2 s): one in the middle of a stream of
   * captures would be out of date at once, and slows the captures while it runs.
   */
  quietMs?: number
  /** ...but a rescore due waits no longer than this for the pause (default 60 s). */
  maxWaitMs?: number
  clock?: () => number
  onError?: (error: unknown) => void
  /** The rescore itself (tests time the scheduler without a database). */
  rescore?: typeof rescoreShop
}

/**
 * Runs full rescores in the background: one at a time, each shop at most every `minIntervalMs` after
 * captures changed it, once captures of any shop have paused for `quietMs` (a stream of captures is not
 * rescored midway, unless it lasts `maxWaitMs`), and at once on demand.
 */
export class RescoreScheduler {
  private readonly lastRun = new Map<ShopKey, number>()
  /** Shops with a rescore due: the earliest time each may run (its interval). */
  private readonly due = new Map<ShopKey, number>()
  private timer: ReturnType<typeof setTimeout> | undefined
  /** When the oldest due rescore was first asked for (the quiet wait is capped from there). */
  private firstAskedAt: number | null = null
  private lastChangeAt = 0
  private readonly refigure = new Set<ShopKey>()
  private queue: Promise<unknown> = Promise.resolve()
  private readonly minInterval: number
  private readonly quiet: number
  private readonly maxWait: number
  private readonly clock: () => number

  constructor(
    private readonly db: HuikeDB,
    private readonly opts: SchedulerOptions = {}
  ) {
    this.minInterval = opts.minIntervalMs ?? 5 * 60_000
    this.quiet = opts.quietMs ?? 2_000
    this.maxWait = opts.maxWaitMs ?? 60_000
    this.clock = opts.clock ?? Date.now
  }

  /** Captures changed these shops: rescore each when its interval allows and captures have paused. */
  noteChange(shopKeys: readonly ShopKey[], opts: { refigure?: boolean } = {}): void {
    const now = this.clock()
    this.lastChangeAt = now
    for (const shopKey of shopKeys) {
      if (opts.refigure) this.refigure.add(shopKey)
      if (this.due.has(shopKey)) continue
      const last = this.lastRun.get(shopKey)
      this.due.set(shopKey, last === undefined ? now : last + this.minInterval)
      this.firstAskedAt ??= now
    }
    this.arm()
  }

  /** (Re)sets the one timer for the earliest shop whose interval and quiet wait have both passed. */
  private arm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    if (this.due.size === 0) {
      this.firstAskedAt = null
      return
    }
    const now = this.clock()
    const next = Math.min(...this.due.values())
    // The quiet wait is capped from when the first rescore became both asked for and allowed.
    const waitingSince = Math.max(next, this.firstAskedAt ?? now)
    const at = Math.max(next, Math.min(this.lastChangeAt + this.quiet, waitingSince + this.maxWait))
    this.timer = setTimeout(
      () => {
        this.timer = undefined
        const t = this.clock()
        const ready = [...this.due].filter(([, d]) => d <= t).map(([s]) => s)
        for (const shopKey of ready) {
          this.due.delete(shopKey)
          this.rescoreNow(shopKey).catch((e: unknown) => this.opts.onError?.(e))
        }
        this.firstAskedAt = this.due.size > 0 ? t : null
        this.arm()
      },
      Math.max(0, at - now)
    )
  }

  /** Rescores a shop now (after any rescore already running). */
  rescoreNow(shopKey: ShopKey, opts: { refigure?: boolean } = {}): Promise<RescoreResult> {
    if (this.due.delete(shopKey)) this.arm()
    const run = this.queue.then(async () => {
      const refigure = opts.refigure === true || this.refigure.delete(shopKey)
      this.lastRun.set(shopKey, this.clock())
      return (this.opts.rescore ?? rescoreShop)(this.db, shopKey, { now: this.clock(), refigure })
    })
    this.queue = run.catch(() => undefined)
    return run
  }

  /** Waits for every rescore queued so far (tests). */
  idle(): Promise<unknown> {
    return this.queue
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.due.clear()
    this.firstAskedAt = null
  }
}
