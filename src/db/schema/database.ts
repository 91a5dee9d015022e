// Layer: schema. Huike's one local database: its tables, indexes and versions. It lives in the extension's own
// origin (background and extension pages), never in a content script, whose IndexedDB would belong to the
// marketplace page. Every schema version stays listed here, oldest first, so any older database upgrades in
// place; a version's data step lives in src/db/migrations and is reached through the registry (./migrations),
// so nothing here imports the layers above. Construct the database through src/db/store.ts, which registers
// every data step.
import Dexie, { type EntityTable } from "dexie"
import type { BgNbdParams, GammaGammaParams, ModelResult, ShopMeans } from "../../core"
import type { CapturedOrder, Platform } from "../../core/types"
import type { RefusedRow } from "../../messages"
import { runDataStep } from "./migrations"

export const DB_NAME = "huike"

/** "platform:shopId" — shops from different platforms never mix. */
export type ShopKey = string

export interface ShopRecord {
  key: ShopKey
  platform: Platform
  shopId: string
  name: string
  /** IANA zone the shop's days are counted in. */
  timeZone: string
  currency: string
  firstSeenAt: number
  /** v2: bumped by every batch that changed the shop's orders; a full rescore compares it. */
  rev?: number
  /** v2: UTC ms of the last change to the shop's orders. */
  changedAt?: number
  /**
   * UTC ms the owner last set the zone and currency (options page), or the shop's server brought a setting
   * made elsewhere; absent while they are the defaults a capture gave. Only set ones are shared (src/sync).
   */
  settingsAt?: number
}

export interface OrderRecord extends CapturedOrder {
  /** "platform:shopId:orderId": seeing an order again replaces it, never adds it twice. */
  key: string
  shopKey: ShopKey
  firstSeenAt: number
  updatedAt: number
}

export interface CustomerRecord {
  /** "platform:shopId:buyerId". */
  key: string
  shopKey: ShopKey
  platform: Platform
  shopId: string
  buyerId: string
  buyerNick?: string
  buyerEmail?: string
  orders: number
  purchaseDays: number
  totalSpent: number
  currency: string
  firstOrderAt: number | null
  /** 0 when the customer has no valid purchase yet (IndexedDB cannot index null). */
  lastOrderAt: number
  averageOrderValue: number
  refundRate: number
  repeatBuyer: boolean
  segment?: string
  memberLevel?: string
  tagIds: number[]
  updatedAt: number
  // --- v2 ---
  /** "shopKey|nick|nick", "shopKey|email|email" (see lookupKeysOf): one indexed read finds any mix. */
  lookupKeys?: string[]
  /** Shop-zone day numbers (days since 1970-01-01) of the first and last purchase; absent without one. */
  firstOrderDay?: number
  lastOrderDay?: number
  /** Net spend on the first purchase day (the models leave it out of repeat value), minor units. */
  firstDaySpend?: number
  /** RFM quintile scores 1–5 against the shop's last full scoring. */
  rfm?: { r: number; f: number; m: number }
  pAlive?: number
  clv12m?: number
  predictedOrders365?: number
  /** UTC ms of the start of the day the model expects the next order; null: not within a year. */
  expectedNextOrderAt?: number | null
  /** Every order of the buyer, in short: a batch re-scores the buyer from this without reading orders. */
  timeline?: Timeline
  /** createdAt of the orders the nick and e-mail were read from (the latest order's win). */
  nickAt?: number
  emailAt?: number
  /** When the shop-relative fields (rfm, segment, predictions) were last computed. */
  scoredAt?: number
  /** Bumped on every write by the store, so a chunked full rescore never overwrites a newer record. */
  rev?: number
}

/**
 * A buyer's orders as parallel arrays: order id, createdAt, status code (one letter per order: u unpaid,
 * p paid, s shipped, c completed, x closed), amount and refund in minor units, currency.
 */
export interface Timeline {
  id: string[]
  at: number[]
  status: string
  amount: number[]
  refunded: number[]
  currency: string[]
}

export interface NoteRecord {
  id?: number
  customerKey: string
  text: string
  createdAt: number
  updatedAt: number
  /** The note's id on the shop's server (src/sync), the same in every browser; not indexed. */
  syncId?: string
}

export interface TagRecord {
  id?: number
  shopKey: ShopKey
  name: string
  color: string
}

export interface ReminderRecord {
  id?: number
  customerKey: string
  shopKey: ShopKey
  dueAt: number
  text: string
  status: "open" | "done"
  /** Rule-made reminders carry a key so a rule never makes the same reminder twice. */
  dedupeKey?: string
  createdAt: number
  /** A manual reminder's id on the shop's server (src/sync); a rule-made one goes by its dedupeKey. */
  syncId?: string
}

export interface LevelChangeRecord {
  id?: number
  customerKey: string
  at: number
  from: string | null
  to: string
}

export interface DailyFiguresRecord {
  /** "shopKey|YYYY-MM-DD" in the shop's time zone. */
  key: string
  shopKey: ShopKey
  day: string
  orders: number
  buyers: number
  newBuyers: number
  returningBuyers: number
}

export interface CaptureLogRecord {
  id?: number
  at: number
  platform: Platform
  pageKind: string
  url: string
  shopKey: ShopKey
  rowsSeen: number
  rowsStored: number
  problems: string[]
  /** Distinct buyers the page named, and how many of them came with a masked name. */
  buyers?: number
  maskedBuyers?: number
  notice?: "throttled"
  /**
   * Refused rows with their reasons, the adapter's and the background's: the first LOG_REFUSED of them
   * (absent in older lines). `refusedByReason` counts every one.
   */
  refused?: RefusedRow[]
  /** Every refused row of the page, grouped by reason (absent in older lines: count `refused`). */
  refusedByReason?: { reason: RefusedRow["reason"]; rows: number }[]
  /** The batch id when the answer came in several messages: they add up on this one line. */
  batchId?: string
}

/** A platform buyer id's full name, learnt from a page or export that showed both (v6). */
export interface BuyerAliasRecord {
  /** "shopKey:platformBuyerId" */
  key: string
  shopKey: ShopKey
  platformBuyerId: string
  /** The customer's buyer id (the full member nick) that id belongs to. */
  buyerId: string
  at: number
}

export interface SettingRecord {
  key: string
  value: unknown
}

/** Shop-wide figures that depend on every customer: refreshed by a full rescore, read by every batch. */
export interface ShopScoresRecord {
  shopKey: ShopKey
  scoredAt: number
  /** Shop-zone day number the scores were computed for. */
  asOfDay: number
  /** The shop's `rev` the scores saw. */
  rev: number
  currency: string
  /** 10^minor digits of the currency: Gamma-Gamma is fitted in major units. */
  moneyScale: number
  means: ShopMeans
  /**
   * RFM breakpoints, four per dimension (scores 2..5): a value strictly better than breakpoint s − 2 earns
   * at least score s. R on the last purchase day (later is better), F on orders, M on net spend.
   */
  rfmBreaks: { r: number[]; f: number[]; m: number[] }
  bgnbd: ModelResult<BgNbdParams>
  gammaGamma: ModelResult<GammaGammaParams>
}

/** A long import's checkpoint: chunks up to `done` are committed, each together with this record. */
export interface ImportJobRecord {
  id: string
  shopKeys: ShopKey[]
  source: string
  total: number
  done: number
  inserted: number
  updated: number
  status: "writing" | "scoring" | "done"
  startedAt: number
  updatedAt: number
}

/**
 * v3: a captured batch whose buyers' figures are not computed yet (deferred scoring): the orders it changed
 * and every buyer they named before or now. Written in the batch's own transaction, deleted in the
 * transaction that scores them, so a worker stopped in between leaves the work for the next one.
 */
export interface PendingScoringRecord {
  id?: number
  shopKey: ShopKey
  /**
   * v5: the changed orders' ids only. The worker that captured keeps the orders in memory; another one
   * reads them back from the orders table. (A second copy of every order cost the capture ~10% more bytes.)
   */
  orderIds?: string[]
  /** v3–v4: what scoring reads of the changed orders, copied. */
  orders?: PendingOrder[]
  buyerIds: string[]
  at: number
}

/** An order as scoring reads it: no items, payment time or platform (the shop says those). */
export type PendingOrder = Pick<
  CapturedOrder,
  | "orderId"
  | "buyerId"
  | "buyerNick"
  | "buyerEmail"
  | "createdAt"
  | "status"
  | "amount"
  | "refunded"
  | "currency"
>

/** The schema version this code writes; a database at a higher one belongs to newer code. */
export const SCHEMA_VERSION = 7

/** The database was written by a newer Huike: never opened (nor upgraded or wiped) by this code. */
export class NewerDatabaseError extends Error {
  override name = "VersionError"
  constructor(
    readonly found: number,
    readonly supported: number
  ) {
    super(
      `Huike's database is at version ${found}, newer than this version of Huike understands (${supported}). ` +
        "Nothing was changed: update Huike, or restore a backup into a fresh profile."
    )
  }
}

export interface HuikeDBOptions {
  /**
   * Called once when another connection upgrades or deletes the database; this one is closed by then.
   * Default: a page reloads (into the new code); a worker just stops writing.
   */
  onStale?: () => void
}

export class HuikeDB extends Dexie {
  shops!: EntityTable<ShopRecord, "key">
  orders!: EntityTable<OrderRecord, "key">
  customers!: EntityTable<CustomerRecord, "key">
  notes!: EntityTable<NoteRecord, "id">
  tags!: EntityTable<TagRecord, "id">
  reminders!: EntityTable<ReminderRecord, "id">
  levelHistory!: EntityTable<LevelChangeRecord, "id">
  dailyFigures!: EntityTable<DailyFiguresRecord, "key">
  captureLog!: EntityTable<CaptureLogRecord, "id">
  settings!: EntityTable<SettingRecord, "key">
  shopScores!: EntityTable<ShopScoresRecord, "shopKey">
  importJobs!: EntityTable<ImportJobRecord, "id">
  pendingScoring!: EntityTable<PendingScoringRecord, "id">
  buyerAliases!: EntityTable<BuyerAliasRecord, "key">
  /** True once another connection upgraded or deleted the database: this one stopped writing. */
  stale = false
  /** Set when the installed database is newer than this code: it is never opened. */
  refusal: NewerDatabaseError | null = null
  /**
   * Bumped when a write to customers through this connection starts and when it ends: a read that saw the
   * same number before and after overlapped no such write, so what it read may be cached (queries.ts).
   */
  customersVersion = 0

  constructor(
    name = DB_NAME,
    options?: ConstructorParameters<typeof Dexie>[1] & HuikeDBOptions,
    /** Tests only: declare no newer version than this (to build an old database). */
    upToVersion = SCHEMA_VERSION
  ) {
    super(name, options)
    // v1: the walking skeleton's schema. Never edit a released version: add a new one below.
    this.version(1).stores({
      shops: "key, platform",
      orders: "key, shopKey, [shopKey+buyerId], [shopKey+createdAt]",
      customers:
        "key, [shopKey+buyerId], [shopKey+buyerNick], [shopKey+buyerEmail], [shopKey+segment], [shopKey+memberLevel], [shopKey+lastOrderAt], *tagIds",
      notes: "++id, customerKey",
      tags: "++id, shopKey",
      reminders: "++id, customerKey, [status+dueAt], &dedupeKey",
      levelHistory: "++id, customerKey",
      dailyFigures: "key, [shopKey+day]",
      captureLog: "++id, at",
      settings: "key"
    })
    if (upToVersion >= 2) {
      // v2: one multi-entry index answers "who is this name" for nick, id and e-mail at once; segment and
      // level lists come sorted by the last order. Every index costs capture speed, so those nothing reads
      // go: orders' shopKey and [shopKey+createdAt], customers' [shopKey+buyerId] (the primary key
      // "shopKey:buyerId" covers it), nick and e-mail (lookupKeys covers them). Shop-wide scores and import
      // checkpoints get tables.
      this.version(2)
        .stores({
          orders: "key, [shopKey+buyerId]",
          customers:
            "key, [shopKey+segment+lastOrderAt], [shopKey+memberLevel+lastOrderAt], [shopKey+lastOrderAt], *tagIds, *lookupKeys",
          reminders: "++id, customerKey, [status+dueAt], [shopKey+status+dueAt], &dedupeKey",
          levelHistory: "++id, customerKey, [customerKey+at]",
          shopScores: "shopKey",
          importJobs: "id, status"
        })
        .upgrade((tx) => runDataStep(2, tx))
    }
    if (upToVersion >= 3) {
      // v3: captures store orders at once and leave their buyers' scoring to a batched pass. Customers keep
      // only the index a read uses (lookupKeys: the overlay's names); the segment, level, last-order and tag
      // indexes had no reader (the dashboard's lists read the shop's customers whole) and cost every write.
      this.version(3).stores({
        customers: "key, *lookupKeys",
        pendingScoring: "++id, shopKey"
      })
    }
    if (upToVersion >= 4) {
      // v4: Taobao buyers are keyed on the member nick everywhere (the export knows no other key; the pages
      // used the numeric buyer.id), so one buyer imported and then captured was two customers. Same tables;
      // the data step re-keys the orders and merges the customers with everything attached to them, scoring
      // the merged buyers in this transaction. Those shops' shop-wide scores are refreshed by the background
      // after open (RESCORE_SHOPS_KEY).
      this.version(4)
        .stores({})
        .upgrade((tx) => runDataStep(4, tx))
    }
    if (upToVersion >= 5) {
      // v5: orders lose their [shopKey+buyerId] index. Its entry cost every captured order about a quarter
      // of its write; a buyer's orders are the ids in their customer's timeline (read by primary key), and a
      // full rescore reads the shop's orders in primary-key order (src/db/shop-orders.ts). Deferred batches
      // record their orders' ids only (PendingScoringRecord.orderIds). No data step.
      this.version(5).stores({ orders: "key" })
    }
    if (upToVersion >= 6) {
      // v6: buyers whose name a page masked ("t**1") are keyed on a stand-in made from the platform's buyer
      // id; buyerAliases remembers each id's full name once seen, so later masked sightings file under it
      // (src/db/buyer-aliases.ts). A new table, nothing to move.
      this.version(6).stores({ buyerAliases: "key" })
    }
    if (upToVersion >= 7) {
      // v7: the side panel finds "the buyer whose number ends 5678" by the phone tail an export gave its
      // orders. The index is sparse: orders without a tail (every page capture) add no entry to it.
      this.version(7).stores({ orders: "key, [shopKey+buyerPhoneTail]" })
    }
    this.use({
      stack: "dbcore",
      name: "customers-version",
      create: (down) => ({
        ...down,
        table: (tableName) => {
          const table = down.table(tableName)
          if (tableName !== "customers") return table
          return {
            ...table,
            mutate: (req) => {
              this.customersVersion++
              return table.mutate(req).finally(() => this.customersVersion++)
            }
          }
        }
      })
    })
    this.on("versionchange", () => {
      // Newer code is upgrading (or deleting) the database. Dexie 4 would reopen this connection at the
      // new version underneath old code; instead stop here and let the owner reload.
      this.stale = true
      this.close({ disableAutoOpen: true })
      // A page running the old code reloads into the new code unless its owner handles this itself.
      if (options?.onStale) options.onStale()
      else if (typeof document !== "undefined" && typeof location !== "undefined") location.reload()
      return false
    })
  }

  /** Opens the database, refusing one written by a newer Huike (Dexie 4 would otherwise open or patch it). */
  override open() {
    return Dexie.Promise.resolve(installedVersion(this.name)).then((found) => {
      const supported = Math.round(this.verno * 10)
      if (found !== null && found > supported) {
        // Closed for good: queries fail at once instead of waiting for an open that never comes.
        this.refusal = new NewerDatabaseError(found / 10, this.verno)
        this.close({ disableAutoOpen: true })
        throw this.refusal
      }
      return super.open()
    })
  }
}

/** Setting: every shop needs a full rescore (set by a migration or a restore). */
export const RESCORE_ALL_KEY = "rescoreAll"

/** Setting: shops whose shop-wide scores the background refreshes after open (value: ShopKey[]). */
export const RESCORE_SHOPS_KEY = "rescoreShops"

/** The installed database's native version, without opening (or creating) it; null when absent. */
async function installedVersion(name: string): Promise<number | null> {
  if (typeof indexedDB === "undefined" || typeof indexedDB.databases !== "function") return null
  const found = (await indexedDB.databases()).find((d) => d.name === name)
  return found?.version ?? null
}
