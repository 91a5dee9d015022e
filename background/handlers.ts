// The background's answers to the messages content scripts and extension pages send. Kept apart from
// the service-worker entry so unit tests drive exactly the code the extension runs.
import {
  huikeMessage,
  PAGE_ONLY_MESSAGES,
  type BackupReply,
  type HuikeMessage,
  type ImportJobReply,
  type RescoreReply,
  type CaptureReply,
  type DoneReply,
  type ErrorReply,
  type LookupReply,
  type PageBuyerReply,
  type RecentBuyersReply,
  type ResolveNamesReply,
  type ProfileReply,
  type StatsReply,
  type CaptureMessage,
  type RefusedRow
} from "../src/messages"
import type { CapturedOrder } from "../src/core/types"
import { addRefusalCounts, checkCapturedOrder, refusalsByReason } from "../src/refusals"
import { exportBackup, restoreBackup, deleteAllData } from "../src/db/backup"
import {
  ensureScoringSettings,
  forgetScoringSettings,
  loadScoringSettings
} from "../src/db/schema/owner-settings"
import { orderKeyOf, shopKeyOf, type HuikeDB, type ImportJobRecord } from "../src/db/store"
import { addToOutbox } from "../src/sync/outbox"
import type { DeferredScoring } from "../src/db/figures/deferred"
import { describeStorageError } from "../src/db/schema/errors"
import { finishImport, importChunk, importStatus } from "../src/db/writes/import"
import { CAPTURE_TABLES, ingestOrders, type IngestResult } from "../src/db/writes/ingest"
import { resolveNames, type NameIndex } from "../src/db/reads/name-index"
import { findPageBuyer } from "../src/db/reads/page-buyer"
import { rescoreShop, type RescoreScheduler } from "../src/db/figures/rescore"
import { customerProfile } from "../src/db/reads/profile"
import { invalidateShopMeans } from "../src/db/figures/means"
import { addNote, addReminder, addTag } from "../src/db/writes/attachments"
import {
  forgetRecentBuyers,
  forgetStoreCounts,
  lookupBuyersByNick,
  noteRecentBuyers,
  recentBuyers,
  storeCounts
} from "../src/db/reads/queries"

export type Reply =
  | CaptureReply
  | LookupReply
  | PageBuyerReply
  | RecentBuyersReply
  | ResolveNamesReply
  | StatsReply
  | ProfileReply
  | DoneReply
  | RescoreReply
  | BackupReply
  | ImportJobReply
  | ErrorReply

/** What the service worker does outside the database (the side panel follows the focused customer). */
export interface HandlerHooks {
  onFocus?(customerKey: string, openPanel: boolean): Promise<void>
  /** Opens the side panel's search on a text (a name several buyers share). */
  onSearch?(query: string): Promise<void>
  /** The known-names filter content scripts tag by: captures and imports add to it, restores rebuild it. */
  names?: NameIndex
  /** Runs the shop-wide rescores; without one, "rescore" runs inline and captures schedule nothing. */
  scheduler?: RescoreScheduler
  /**
   * Scores captured batches later, many at once; every read waits for it first. Without one, each capture
   * scores its buyers in its own transaction.
   */
  scoring?: DeferredScoring
  /**
   * Whether the sender is one of Huike's own extension pages. Backup, restore, delete-all, imports and
   * rescores are refused from anywhere else (content scripts run beside pages we do not control).
   */
  fromExtensionPage?: boolean
  /**
   * Whether this browser shares its orders with the shop's server (src/sync): captures and import chunks
   * then put their order keys in the sync outbox, in the transaction that stores them.
   */
  shareOrders?(): Promise<boolean> | boolean
  /** Orders a capture or an import stored (the sync engine shares them with the shop's server). */
  onOrdersStored?(orders: readonly CapturedOrder[], now: number): Promise<void> | void
}

/**
 * The one way in for orders that arrive one batch of one shop at a time, whatever their source: a page's
 * capture (with its capture-log line, committed together) or the shop's server (src/sync). Captured orders
 * are also handed to the sync engine, which shares them.
 */
export async function storeOrders(
  db: HuikeDB,
  orders: CapturedOrder[],
  now: number,
  hooks: HandlerHooks,
  /** A page's capture: writes its log line, in the batch's transaction. */
  log?: (stored: IngestResult) => Promise<void>
): Promise<IngestResult> {
  // Only a page's capture is shared from here (orders from the shop's server are its already).
  const share = !!log && (await hooks.shareOrders?.()) === true
  const tables = [...CAPTURE_TABLES, "captureLog", ...(share ? ["settings"] : [])]
  const result = await db.transaction("rw", tables, async () => {
    const stored = await ingestOrders(db, orders, {
      now,
      shopName: orders[0]?.shopId,
      score: hooks.scoring ? "defer" : true
    })
    if (share) await addToOutbox(db, orders.map(orderKeyOf), now)
    if (log) await log(stored)
    return stored
  })
  const byShop = new Map<string, CapturedOrder[]>()
  for (const o of orders) {
    const shopKey = shopKeyOf(o.platform, o.shopId)
    byShop.set(shopKey, [...(byShop.get(shopKey) ?? []), o])
  }
  for (const [shopKey, shopOrders] of byShop) noteRecentBuyers(db, shopKey, shopOrders)
  // The known-names index learns every stored order's names, whatever the source.
  void hooks.names?.note(orders).catch((e: unknown) => console.warn("[huike] name index:", e))
  if (result.changedShops.length > 0) {
    if (hooks.scoring) hooks.scoring.noteChange(result.changedShops, result.pending)
    else invalidateShopMeans()
    hooks.scheduler?.noteChange(result.changedShops)
  }
  if (log) await hooks.onOrdersStored?.(orders, now)
  return result
}

export async function handleMessage(
  db: HuikeDB,
  raw: unknown,
  now: number,
  hooks: HandlerHooks = {}
): Promise<Reply> {
  const parsed = huikeMessage.safeParse(raw)
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(message)"}: ${i.message}`)
      .join("; ")
    console.warn("[huike] dropped a malformed message:", where)
    return { ok: false, code: "malformed", error: `malformed message: ${where}` }
  }
  const msg = parsed.data
  if (PAGE_ONLY_MESSAGES.has(msg.type) && !hooks.fromExtensionPage) {
    console.warn(`[huike] refused "${msg.type}" from outside Huike's own pages`)
    return { ok: false, code: "sender", error: `"${msg.type}" is only accepted from Huike's own pages` }
  }
  if (db.refusal) return { ok: false, code: "version", error: db.refusal.message }
  if (db.stale) {
    return {
      ok: false,
      code: "stale",
      error: "Huike was updated while this page was open: reload the page. Nothing stored was lost."
    }
  }
  try {
    await ensureScoringSettings(db)
    return await answer(db, msg, now, hooks)
  } catch (e) {
    const { code, message } = describeStorageError(e)
    console.warn(`[huike] "${msg.type}" failed:`, e)
    return { ok: false, code, error: message }
  }
}

const jobView = (job: ImportJobRecord | undefined): ImportJobReply["job"] =>
  job
    ? {
        id: job.id,
        total: job.total,
        done: job.done,
        inserted: job.inserted,
        updated: job.updated,
        status: job.status
      }
    : null

async function answer(db: HuikeDB, msg: HuikeMessage, now: number, hooks: HandlerHooks): Promise<Reply> {
  switch (msg.type) {
    case "capture": {
      const screened = screenCapturedOrders(msg)
      // The batch and its capture-log line commit together (one transaction, one commit).
      const result = await storeOrders(db, screened.orders, now, hooks, (stored) =>
        logCapture(db, msg, now, stored.rowsStored, screened)
      )
      return {
        ok: true,
        rowsStored: result.rowsStored,
        inserted: result.inserted,
        updated: result.updated,
        refused: screened.refused
      }
    }
    case "lookup":
      await hooks.scoring?.flush(shopKeyOf(msg.platform, msg.shopId))
      return {
        ok: true,
        buyers: await lookupBuyersByNick(db, shopKeyOf(msg.platform, msg.shopId), msg.nicks, now)
      }
    case "recentBuyers": {
      const shopKey = shopKeyOf(msg.platform, msg.shopId)
      await hooks.scoring?.flush(shopKey)
      return { ok: true, ...(await recentBuyers(db, shopKey, msg.offset, msg.limit, now)) }
    }
    case "resolveNames":
      await hooks.scoring?.flush()
      return { ok: true, names: await resolveNames(db, msg.texts, now) }
    case "pageBuyer":
      await hooks.scoring?.flush()
      return { ok: true, buyer: await findPageBuyer(db, msg, now) }
    case "searchPanel":
      await hooks.onSearch?.(msg.query)
      return { ok: true }
    case "stats": {
      await hooks.scoring?.flush()
      const counts = await storeCounts(db)
      const last = await db.captureLog.orderBy("at").last()
      return {
        ok: true,
        ...counts,
        lastCapture: last
          ? {
              at: last.at,
              platform: last.platform,
              rowsSeen: last.rowsSeen,
              rowsStored: last.rowsStored,
              ...(last.buyers !== undefined ? { buyers: last.buyers } : {}),
              ...(last.maskedBuyers ? { maskedBuyers: last.maskedBuyers } : {}),
              ...(last.notice ? { notice: last.notice } : {}),
              problems: last.problems.slice(0, 20),
              refused: last.refusedByReason ?? refusalsByReason(last.refused ?? [])
            }
          : null
      }
    }
    case "profile":
      await hooks.scoring?.flush()
      return { ok: true, profile: await customerProfile(db, msg.customerKey, now) }
    case "addNote":
      await hooks.scoring?.flush()
      try {
        return { ok: true, id: await addNote(db, msg.customerKey, msg.text, now) }
      } catch (e) {
        return { ok: false, error: (e as Error).message }
      }
    case "addReminder":
      await hooks.scoring?.flush()
      try {
        return { ok: true, id: await addReminder(db, msg.customerKey, msg.dueAt, msg.text, now) }
      } catch (e) {
        return { ok: false, error: (e as Error).message }
      }
    case "addTag":
      try {
        return { ok: true, id: await addTag(db, msg.customerKey, msg.name) }
      } catch (e) {
        return { ok: false, error: (e as Error).message }
      }
    case "focus":
      await hooks.onFocus?.(msg.customerKey, msg.openPanel)
      return { ok: true }
    case "rescore": {
      const shopKey = shopKeyOf(msg.platform, msg.shopId)
      const opts = { refigure: msg.refigure ?? false }
      // The options page asks for a rescore after changing the ladder or the segment thresholds.
      await loadScoringSettings(db)
      const r = hooks.scheduler
        ? await hooks.scheduler.rescoreNow(shopKey, opts)
        : await rescoreShop(db, shopKey, { now, ...opts })
      invalidateShopMeans()
      return { ok: true, customers: r.customers, buyers: r.buyers }
    }
    case "backupExport":
      await hooks.scoring?.flush()
      return { ok: true, json: await (await exportBackup(db)).text() }
    case "backupRestore":
      hooks.scheduler?.cancel()
      await restoreBackup(db, new Blob([msg.json], { type: "application/json" }))
      hooks.scoring?.reset()
      forgetScoringSettings()
      forgetStoreCounts()
      await forgetRecentBuyers(db, { kept: true })
      await hooks.names?.rebuild()
      return { ok: true }
    case "deleteAllData":
      hooks.scheduler?.cancel()
      await deleteAllData(db)
      hooks.scoring?.reset()
      forgetScoringSettings()
      forgetStoreCounts()
      await forgetRecentBuyers(db, { kept: false })
      await hooks.names?.rebuild()
      return { ok: true }
    case "importChunk": {
      const job = jobView(await importChunk(db, msg, now, (await hooks.shareOrders?.()) === true))
      await hooks.onOrdersStored?.(msg.orders, now)
      await hooks.names?.note(msg.orders)
      return { ok: true, job }
    }
    case "importFinish": {
      const job = jobView(await finishImport(db, msg.jobId, now))
      await forgetRecentBuyers(db, { kept: false })
      // The chunks added their texts as they came; the finished import (masked buyers joined to their full
      // names, re-keyed customers) is filed afresh, without keeping the import page waiting.
      void hooks.names?.rebuild().catch((e) => console.warn("[huike] name index:", e))
      return { ok: true, job }
    }
    case "importStatus":
      return { ok: true, job: jobView(await importStatus(db, msg.jobId)) }
  }
}

/**
 * The orders of a capture the background stores, and the ones it refuses, each on its own: an order past a
 * limit (capturedOrderSchema) or of another shop is refused with its reason, and the rest are stored.
 */
export function screenCapturedOrders(msg: CaptureMessage): {
  orders: CapturedOrder[]
  refused: RefusedRow[]
  problems: string[]
} {
  const orders: CapturedOrder[] = []
  const refused: RefusedRow[] = []
  const problems: string[] = []
  msg.orders.forEach((raw, index) => {
    const id = (raw as { orderId?: unknown } | null)?.orderId
    const orderId = typeof id === "string" && id.length <= 100 ? id : undefined
    const refuse = (reason: RefusedRow["reason"], detail: string) => {
      const line = `order ${orderId ?? `#${index + 1} of the message`}: ${detail}`.slice(0, 500)
      refused.push({ ...(orderId !== undefined ? { orderId } : {}), reason, detail: line })
      problems.push(line)
    }
    const check = checkCapturedOrder(raw)
    if (!check.ok) return refuse(check.reason, check.detail)
    if (check.order.shopId !== msg.shopId || check.order.platform !== msg.platform)
      return refuse(
        "wrongShop",
        `belongs to ${check.order.platform} shop ${check.order.shopId}, not ${msg.shopId}`
      )
    orders.push(check.order)
  })
  return { orders, refused, problems }
}

/** Lines of problems one capture-log line keeps. */
const LOG_PROBLEMS = 1000
/**
 * Refused rows one capture-log line keeps with their details (an answer of 20,000 bad rows would
 * otherwise write megabytes into one line); the counts by reason cover every row.
 */
export const LOG_REFUSED = 1000

/**
 * One capture-log line per page answer: a later batch of an answer adds its figures to the line the first
 * batch wrote (looked for among the newest lines), so the page's diagnostic counts every row.
 */
async function logCapture(
  db: HuikeDB,
  msg: CaptureMessage,
  now: number,
  rowsStored: number,
  screened: { refused: RefusedRow[]; problems: string[] }
): Promise<void> {
  const problems = [...msg.problems, ...screened.problems]
  const refused = [...(msg.refused ?? []), ...screened.refused]
  if (msg.batch && msg.batch.index > 0) {
    const batchId = msg.batch.id
    const recent = await db.captureLog.orderBy("at").reverse().limit(100).toArray()
    const first = recent.find((line) => line.batchId === batchId)
    if (first?.id !== undefined) {
      await db.captureLog.update(first.id, {
        at: Math.max(first.at, now),
        rowsStored: first.rowsStored + rowsStored,
        problems: [...first.problems, ...problems].slice(0, LOG_PROBLEMS),
        refused: [...(first.refused ?? []), ...refused].slice(0, LOG_REFUSED),
        refusedByReason: addRefusalCounts(
          first.refusedByReason ?? refusalsByReason(first.refused ?? []),
          refusalsByReason(refused)
        )
      })
      return
    }
  }
  await db.captureLog.add({
    at: now,
    platform: msg.platform,
    pageKind: msg.pageKind,
    url: msg.url,
    shopKey: shopKeyOf(msg.platform, msg.shopId),
    rowsSeen: msg.rowsSeen,
    rowsStored,
    problems: problems.slice(0, LOG_PROBLEMS),
    ...(refused.length > 0
      ? { refused: refused.slice(0, LOG_REFUSED), refusedByReason: refusalsByReason(refused) }
      : {}),
    ...(msg.batch ? { batchId: msg.batch.id } : {}),
    ...(msg.buyers !== undefined ? { buyers: msg.buyers } : {}),
    ...(msg.maskedBuyers ? { maskedBuyers: msg.maskedBuyers } : {}),
    ...(msg.notice ? { notice: msg.notice } : {})
  })
}
