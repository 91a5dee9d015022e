// Messages between Huike's scripts. Every message is schema-checked where it is received: content
// scripts run beside pages we do not control, so nothing they send is trusted unchecked.
import * as z from "zod"
import type { MemberLevel } from "./core/levels"
import { maxOrderAmount } from "./core/money"

const platform = z.enum(["taobao", "shopify", "amazon", "etsy", "ebay", "vendure", "generic"])
const pageKind = z.enum(["order-list", "order-detail", "customer", "chat"])
const minorUnits = z.number().int().safe()
const utcMs = z.number().int().min(0).max(8.64e15)
const shortText = z.string().max(500)

export const capturedOrderSchema = z
  .strictObject({
    platform,
    shopId: z.string().min(1).max(200),
    orderId: z.string().min(1).max(100),
    buyerId: z.string().min(1).max(200),
    // As long as a lookup's nick may be (lookupMessage): a longer one could never be chipped.
    buyerNick: z.string().max(200).optional(),
    platformBuyerId: z
      .string()
      .regex(/^\d{1,30}$/)
      .optional(),
    buyerEmail: shortText.optional(),
    buyerPhoneTail: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
    createdAt: utcMs,
    paidAt: utcMs.optional(),
    status: z.enum(["unpaid", "paid", "shipped", "completed", "closed"]),
    // What the buyer paid: never below nothing, never past the currency's ceiling (checked below).
    amount: minorUnits.min(0),
    refunded: minorUnits.min(0),
    currency: z.string().regex(/^[A-Z]{3}$/),
    items: z
      .array(
        z.strictObject({
          title: shortText,
          quantity: z.number().int().min(0).max(1_000_000),
          price: minorUnits.optional(),
          sku: shortText.optional()
        })
      )
      .max(500)
      .optional()
  })
  .refine((o) => o.amount <= maxOrderAmount(o.currency), {
    path: ["amount"],
    params: { refusal: "amountTooLarge" },
    message: "beyond the most one order can cost in its currency"
  })

/**
 * Why a row of a page's answer (or an order of a capture) was not stored. The popup groups a page's refused
 * rows by these ("3 of 15 orders refused: amount not readable (2), buyer name too long (1)").
 */
export const REFUSAL_REASONS = [
  "unreadable",
  "noBuyer",
  "date",
  "amount",
  "amountNegative",
  "amountTooLarge",
  "status",
  "orderNumber",
  "buyerTooLong",
  "itemsTooLong",
  "wrongShop",
  "invalid"
] as const
export type RefusalReason = (typeof REFUSAL_REASONS)[number]

/** One refused row: its place in the page's answer (1-based; absent when only its order number is known). */
export const refusedRowSchema = z.strictObject({
  row: z.number().int().min(1).optional(),
  orderId: z.string().max(100).optional(),
  reason: z.enum(REFUSAL_REASONS),
  detail: z.string().max(500)
})
export type RefusedRow = z.infer<typeof refusedRowSchema>

/** Orders (and refused rows) one capture message carries at most; a larger answer goes in several. */
export const MAX_ORDERS_PER_CAPTURE = 5000

/** Content script -> background: what one page visit captured, or one batch of it. */
export const captureMessage = z.strictObject({
  type: z.literal("capture"),
  platform,
  pageKind,
  url: z.string().max(2000),
  shopId: z.string().min(1).max(200),
  /** Rows the page's whole answer held (every batch of it says the same). */
  rowsSeen: z.number().int().min(0),
  // Each order is checked on its own (capturedOrderSchema, in the background): one that breaks a limit is
  // refused as a row, with its reason, and the others are stored.
  orders: z.array(z.unknown()).max(MAX_ORDERS_PER_CAPTURE),
  problems: z.array(z.string().max(1000)).max(500),
  /** Rows the page's adapter refused, with their reasons. */
  refused: z.array(refusedRowSchema).max(MAX_ORDERS_PER_CAPTURE).optional(),
  /** One of several messages carrying one answer: they share one capture-log line. */
  batch: z
    .strictObject({
      id: z.string().min(1).max(100),
      index: z.number().int().min(0),
      count: z.number().int().min(1).max(100_000)
    })
    .refine((b) => b.index < b.count, { message: "batch index past its count" })
    .optional(),
  /** Distinct buyers the answer named, and how many came with a masked name ("t**1"). */
  buyers: z.number().int().min(0).optional(),
  maskedBuyers: z.number().int().min(0).optional(),
  /** The marketplace refused instead of answering (too many requests). */
  notice: z.enum(["throttled"]).optional()
})

/** Overlay -> background: figures for the buyers named on the page, one round trip per batch. */
export const lookupMessage = z.strictObject({
  type: z.literal("lookup"),
  platform,
  shopId: z.string().min(1).max(200),
  nicks: z.array(z.string().min(1).max(200)).min(1).max(1000)
})

/**
 * Overlay -> background: figures for the shop's most recently active buyers, a page of them at a time (the
 * overlay fills its cache at page start, so names the page shows later are chipped without a round trip).
 */
export const recentBuyersMessage = z.strictObject({
  type: z.literal("recentBuyers"),
  platform,
  shopId: z.string().min(1).max(200),
  offset: z.number().int().min(0).max(100_000),
  limit: z.number().int().min(1).max(500)
})

/**
 * Overlay -> background: page texts that passed the known-names filter (src/core/known-names), resolved
 * across every shop in one message: each to its buyer, to "shared by N buyers", or to nothing.
 */
export const resolveNamesMessage = z.strictObject({
  type: z.literal("resolveNames"),
  texts: z.array(z.string().min(1).max(200)).min(1).max(500)
})

/**
 * Overlay -> background: the buyer a page's address names (a message thread's order, an order or customer
 * page; src/adapters PageBuyer), looked for in every shop of the platform.
 */
export const pageBuyerMessage = z
  .strictObject({
    type: z.literal("pageBuyer"),
    platform,
    orderId: z.string().min(1).max(100).optional(),
    buyerId: z.string().min(1).max(200).optional(),
    platformBuyerId: z
      .string()
      .regex(/^\d{1,30}$/)
      .optional()
  })
  .refine((m) => m.orderId ?? m.buyerId ?? m.platformBuyerId, { message: "names no order and no buyer" })

/** Overlay -> background: open the side panel's search on this text (a name several buyers share). */
export const searchPanelMessage = z.strictObject({
  type: z.literal("searchPanel"),
  query: z.string().trim().min(1).max(200)
})

/** Popup -> background: what is stored. */
export const statsMessage = z.strictObject({ type: z.literal("stats") })

const customerKey = z.string().min(3).max(500)

/** Hover card / side panel -> background: one customer's whole profile. */
export const profileMessage = z.strictObject({ type: z.literal("profile"), customerKey })

/** Hover card -> background: a note on a customer. */
export const addNoteMessage = z.strictObject({
  type: z.literal("addNote"),
  customerKey,
  text: z.string().trim().min(1).max(2000)
})

/** Hover card -> background: a follow-up reminder. */
export const addReminderMessage = z.strictObject({
  type: z.literal("addReminder"),
  customerKey,
  dueAt: z.number().int().min(0).max(8.64e15),
  text: z.string().trim().min(1).max(500)
})

/** Hover card -> background: a shop tag on a customer, by name (the shop's tag of that name, made if new). */
export const addTagMessage = z.strictObject({
  type: z.literal("addTag"),
  customerKey,
  name: z.string().trim().min(1).max(40)
})

/** Overlay -> background: the rep is looking at this customer (the side panel follows). */
export const focusMessage = z.strictObject({
  type: z.literal("focus"),
  customerKey,
  openPanel: z.boolean()
})

const jobId = z.string().min(1).max(100)

/** Extension page -> background: recompute a shop's shop-wide scores now (refigure: every buyer too). */
export const rescoreMessage = z.strictObject({
  type: z.literal("rescore"),
  platform,
  shopId: z.string().min(1).max(200),
  refigure: z.boolean().optional()
})

/** Extension page -> background: the whole database as dexie-export-import JSON. */
export const backupExportMessage = z.strictObject({ type: z.literal("backupExport") })

/** Extension page -> background: replace everything with a backup. */
export const backupRestoreMessage = z.strictObject({
  type: z.literal("backupRestore"),
  json: z
    .string()
    .min(2)
    .max(512 * 1024 * 1024)
})

/** The words the user confirms delete-all with; the message must carry them. */
export const DELETE_ALL_CONFIRMATION = "delete all Huike data"

/** Extension page -> background: empty the database, after the user confirmed. */
export const deleteAllDataMessage = z.strictObject({
  type: z.literal("deleteAllData"),
  confirm: z.literal(DELETE_ALL_CONFIRMATION)
})

/** Extension page -> background: one chunk of a long import, at its position in the whole. */
export const importChunkMessage = z.strictObject({
  type: z.literal("importChunk"),
  jobId,
  source: z.string().max(500),
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  orders: z.array(capturedOrderSchema).max(5000)
})

/** Extension page -> background: every chunk is in; score the import. */
export const importFinishMessage = z.strictObject({
  type: z.literal("importFinish"),
  jobId,
  /**
   * Per shop, the span a whole marketplace export covers (its oldest to its newest order): recorded as known
   * once the import is scored (src/core/coverage.ts). Absent for a generic CSV or a partial import.
   */
  coverage: z
    .array(z.strictObject({ platform, shopId: z.string().min(1).max(200), from: utcMs, to: utcMs }))
    .max(10_000)
    .optional()
})

/** Extension page -> background: where an import stands (to resume after an interruption). */
export const importStatusMessage = z.strictObject({ type: z.literal("importStatus"), jobId })

/**
 * History reading -> background: the span of the shop's orders it has read without a gap (src/core/coverage.ts):
 * from its oldest order read up to the moment its first (newest) page was read; reachedShopStart once it
 * read the list's last page. Recording again only widens the shop's known range.
 */
export const recordCoverageMessage = z.strictObject({
  type: z.literal("recordCoverage"),
  platform,
  shopId: z.string().min(1).max(200),
  span: z
    .strictObject({
      from: utcMs,
      to: utcMs,
      source: z.literal("history"),
      reachedShopStart: z.boolean().optional()
    })
    .refine((s) => s.from <= s.to, { message: "span ends before it starts" })
})

/** Hover card -> background: open one of Huike's own pages in a tab (a content script cannot). */
export const openPageMessage = z.strictObject({
  type: z.literal("openPage"),
  page: z.enum(["import", "welcome"])
})

/** Extension page -> background: the marketplace data rules as set, and what their last pass forgot. */
export const retentionGetMessage = z.strictObject({ type: z.literal("retentionGet") })

/** Extension page -> background: the owner's days for Amazon buyers' personal fields; forgets at once. */
export const retentionSetMessage = z.strictObject({
  type: z.literal("retentionSet"),
  amazonDays: z.number().int().min(1).max(30)
})

/** The marketplace data rules (options page): the setting, the policy's maximum, the last pass. */
export interface RetentionReply {
  ok: true
  amazonDays: number
  maxDays: number
  lastRun: { at: number; amazonDays: number; orders: number; customers: number } | null
}

/** Messages only Huike's own extension pages may send (never a content script). */
export const PAGE_ONLY_MESSAGES: ReadonlySet<string> = new Set([
  "rescore",
  "backupExport",
  "backupRestore",
  "deleteAllData",
  "importChunk",
  "importFinish",
  "importStatus",
  "retentionGet",
  "retentionSet"
])

export const huikeMessage = z.discriminatedUnion("type", [
  captureMessage,
  rescoreMessage,
  backupExportMessage,
  backupRestoreMessage,
  deleteAllDataMessage,
  importChunkMessage,
  importFinishMessage,
  importStatusMessage,
  retentionGetMessage,
  retentionSetMessage,
  lookupMessage,
  recentBuyersMessage,
  resolveNamesMessage,
  pageBuyerMessage,
  searchPanelMessage,
  statsMessage,
  profileMessage,
  addNoteMessage,
  addReminderMessage,
  addTagMessage,
  focusMessage,
  recordCoverageMessage,
  openPageMessage
])

export type CaptureMessage = z.infer<typeof captureMessage>
export type LookupMessage = z.infer<typeof lookupMessage>
export type HuikeMessage = z.infer<typeof huikeMessage>

/** What the overlay needs for one chip. */
export interface BuyerSummary {
  /** "platform:shopId:buyerId": what the hover card and side panel ask about. */
  customerKey?: string
  /** RFM segment id (src/core SEGMENTS), once the shop has been scored. */
  segment?: string
  /** Member level id on the ladder, once scored. */
  memberLevel?: string
  /** Open reminders due now or earlier. */
  remindersDue?: number
  buyerNick: string
  orders: number
  totalSpent: number
  currency: string
  repeatBuyer: boolean
  daysSinceLastOrder: number | null
  /**
   * The shop's known range does not reach far enough back to call this buyer new (src/core/coverage.ts):
   * the chip says "first seen", and a repeat count is "since" `sinceMonth` ("YYYY-MM", the shop's zone).
   */
  firstSeen?: boolean
  sinceMonth?: string
}

export interface CaptureReply {
  ok: true
  rowsStored: number
  inserted: number
  updated: number
  /** Orders of this message the background refused (each with its reason; the others were stored). */
  refused: RefusedRow[]
}
export interface LookupReply {
  ok: true
  buyers: Record<string, BuyerSummary | null>
}
/** The buyer a page's address names, or null when the store does not hold them (yet). */
export interface PageBuyerReply {
  ok: true
  buyer: BuyerSummary | null
}
/** What one page text names: one buyer, or several buyers sharing it (a chip that opens the search). */
export type KnownName = { buyer: BuyerSummary } | { shared: number; name: string }
export interface ResolveNamesReply {
  ok: true
  names: Record<string, KnownName | null>
}
export interface RecentBuyersReply {
  ok: true
  buyers: BuyerSummary[]
  /** Whether the list goes on after this page. */
  more: boolean
}
export interface StatsReply {
  ok: true
  shops: number
  customers: number
  orders: number
  lastCapture: {
    at: number
    platform: string
    rowsSeen: number
    rowsStored: number
    problems: string[]
    buyers?: number
    maskedBuyers?: number
    notice?: "throttled"
    /** Rows refused, by reason, most frequent first. */
    refused: { reason: RefusalReason; rows: number }[]
  } | null
}
/** One customer as the hover card and side panel show them. Money in minor units of `currency`. */
export interface CustomerProfile {
  customerKey: string
  platform: string
  shopId: string
  buyerId: string
  buyerNick?: string
  buyerEmail?: string
  orders: number
  purchaseDays: number
  totalSpent: number
  currency: string
  averageOrderValue: number
  firstOrderAt: number | null
  lastOrderAt: number | null
  daysSinceLastOrder: number | null
  refundRate: number
  repeatBuyer: boolean
  segment?: string
  /** One line: why this segment ("重要保持客户：最近一次购买在 120 天前（店铺平均 64 天）…"). */
  segmentWhy?: { en: string; zh: string }
  memberLevel?: string
  /** What Huike has read of the shop, as this buyer's flag and figures depend on it (src/core/coverage.ts). */
  coverage?: ProfileCoverage
  /** Spend or orders still needed in the rolling window for the next level, when there is one. */
  nextLevel?: { id: string; spendNeeded: number; ordersNeeded: number }
  /** The buyer's level and the next one as the ladder has them (names, benefits), with recent and coming changes. */
  memberRights?: MemberRights
  pAlive?: number
  clv12m?: number
  /** The next 12 months as a range (10th–90th percentile): whole orders, and value in minor units. */
  range12m?: { orders: { low: number; high: number }; value?: { low: number; high: number } }
  expectedNextOrderAt?: number | null
  timeline: { orderId: string; createdAt: number; status: string; amount: number; refunded: number }[]
  notes: { id: number; text: string; createdAt: number; updatedAt: number }[]
  tags: { id: number; name: string; color: string }[]
  reminders: { id: number; dueAt: number; text: string; status: "open" | "done" }[]
}
export interface ProfileCoverage {
  /** Not known to be new (or their count complete): Huike has not read far enough back. */
  firstSeen: boolean
  /** "YYYY-MM": the month the buyer's orders are counted from, when firstSeen. */
  sinceMonth?: string
  /** "YYYY-MM-DD" in the shop's zone: the start of the shop's known range; absent: no range (pages only). */
  knownFrom?: string
  /** The known range reaches the shop's first order: every figure is from the whole history. */
  wholeHistory: boolean
}
export interface LevelNames {
  id: string
  zh: string
  en: string
}
/** What the hover card and side panel need for the benefit lines and the chat sentence. */
export interface MemberRights {
  /** The ladder's language (the shop's), the chat sentence's; absent: the reader's. */
  lang?: "zh" | "en"
  /** Benefits absent: a ladder saved before benefits existed, whose levels show their examples. */
  level: MemberLevel
  next?: MemberLevel
  /** The buyer's last move up, when within the last RECENT_UPGRADE_DAYS (shop-zone days). */
  upgrade?: { to: LevelNames; daysAgo: number }
  /** The level falls in `inDays` days when older purchases leave the window, unless they buy again. */
  drop?: { to: LevelNames; inDays: number }
}
export interface ProfileReply {
  ok: true
  profile: CustomerProfile | null
}
export interface DoneReply {
  ok: true
  id?: number
}

export interface ErrorReply {
  ok: false
  error: string
  /** quota: storage full; stale: reload the page (Huike was updated); sender: not allowed from here. */
  code?: "quota" | "stale" | "version" | "sender" | "malformed" | "other"
}

export interface RescoreReply {
  ok: true
  customers: number
  buyers: number
}
export interface BackupReply {
  ok: true
  json: string
}
export interface ImportJobReply {
  ok: true
  job: {
    id: string
    total: number
    done: number
    inserted: number
    updated: number
    status: "writing" | "scoring" | "done"
  } | null
}

/** Main world -> isolated content script (window.postMessage): an API answer the page itself loaded. */
export const interceptedAnswer = z.union([
  z.strictObject({ source: z.literal("huike-intercept"), url: z.string().max(2000), body: z.unknown() }),
  /** An answer whose bytes could not be decoded cleanly: why, for the capture log. */
  z.strictObject({
    source: z.literal("huike-intercept"),
    url: z.string().max(2000),
    unreadable: z.string().max(500)
  })
])

/** chrome.storage.local key: the known-names filter (src/core/known-names SavedNameFilter) the background keeps. */
export const NAME_INDEX_KEY = "huike.nameIndex"
/** chrome.storage.local key: the texts added since that filter was saved (SavedNameAdds), as hash pairs. */
export const NAME_INDEX_ADDS_KEY = "huike.nameIndex.adds"

/** chrome.storage.session key: a search the side panel runs ({ query, at }), asked for from a page. */
export const SEARCH_KEY = "huike.search"

/** chrome.storage.session key: the customer the rep last looked at ({ customerKey, at }); the side panel follows it. */
export const FOCUS_KEY = "huike.focus"

/** DOM event the capture script fires on the page after the background stored a batch: chips refresh. */
export const CAPTURED_EVENT = "huike:captured"
