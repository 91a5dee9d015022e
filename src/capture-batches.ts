// A page's answer as capture messages: one when it fits, else batches within the message limits (orders
// and refused rows per message, and the size of one message), all sharing one capture-log line. Every
// row of the answer is in exactly one batch, so a large answer is stored whole, never dropped.
import type { ParseResult } from "./adapters/types"
import {
  MAX_ORDERS_PER_CAPTURE,
  type CaptureMessage,
  type CaptureReply,
  type ErrorReply,
  type RefusalReason
} from "./messages"
import { refusalsByReason } from "./refusals"

/** Serialized size one message keeps under (Chrome refuses a runtime message past 64 MiB). */
export const MAX_CAPTURE_CHARS = 8 * 1024 * 1024

export interface CaptureOrigin {
  platform: CaptureMessage["platform"]
  pageKind: CaptureMessage["pageKind"]
  url: string
  shopId: string
}

/** The messages that carry `result` (its problems capped at the message's 500 lines, in the first one). */
export function captureBatches(
  origin: CaptureOrigin,
  result: Pick<
    ParseResult,
    "orders" | "rowsSeen" | "problems" | "refused" | "buyers" | "maskedBuyers" | "notice"
  >,
  opts: { batchId: string; maxOrders?: number; maxChars?: number }
): CaptureMessage[] {
  const maxOrders = opts.maxOrders ?? MAX_ORDERS_PER_CAPTURE
  const maxChars = opts.maxChars ?? MAX_CAPTURE_CHARS
  const orderGroups: unknown[][] = []
  let group: unknown[] = []
  let chars = 0
  for (const order of result.orders) {
    const size = JSON.stringify(order).length + 1
    if (group.length > 0 && (group.length >= maxOrders || chars + size > maxChars)) {
      orderGroups.push(group)
      group = []
      chars = 0
    }
    group.push(order)
    chars += size
  }
  if (group.length > 0) orderGroups.push(group)
  // Cut to the message's limits: a diagnostic too long must not cost the orders it travels with.
  const refused = (result.refused ?? []).map((r) => ({
    ...r,
    detail: r.detail.slice(0, 500),
    ...(r.orderId !== undefined ? { orderId: r.orderId.slice(0, 100) } : {})
  }))
  const count = Math.max(1, orderGroups.length, Math.ceil(refused.length / maxOrders))
  const messages: CaptureMessage[] = []
  for (let index = 0; index < count; index++) {
    const message: CaptureMessage = {
      type: "capture",
      ...origin,
      rowsSeen: result.rowsSeen,
      orders: orderGroups[index] ?? [],
      // A problem line quotes page text: cut to the message's limit rather than lose the message.
      problems: index === 0 ? result.problems.slice(0, 500).map((p) => p.slice(0, 1000)) : []
    }
    // What the page says as a whole travels once, with the first batch (it opens the log line).
    if (index === 0) {
      if (result.buyers !== undefined) message.buyers = result.buyers
      if (result.maskedBuyers) message.maskedBuyers = result.maskedBuyers
      if (result.notice) message.notice = result.notice
    }
    const refusedHere = refused.slice(index * maxOrders, (index + 1) * maxOrders)
    if (refusedHere.length > 0) message.refused = refusedHere
    if (count > 1) message.batch = { id: opts.batchId, index, count }
    messages.push(message)
  }
  return messages
}

/** Refusals that mean the rows were read but broke a limit: their page was recognised. */
const LIMIT_REASONS: ReadonlySet<RefusalReason> = new Set([
  "amountNegative",
  "amountTooLarge",
  "buyerTooLong",
  "itemsTooLong"
])

/**
 * Whether an answer's page was not recognised: it held rows and none could be read. Rows that were read
 * and then refused for a limit (a negative amount, a nick too long) mean the page was read as it should be.
 */
export function pageNotRecognised(result: Pick<ParseResult, "orders" | "rowsSeen" | "refused">): boolean {
  if (result.rowsSeen === 0 || result.orders.length > 0) return false
  return !(result.refused ?? []).some((r) => LIMIT_REASONS.has(r.reason))
}

/**
 * What the page must say when the background stored nothing of a capture message it was sent: its error
 * (a full disk, an updated Huike, a message it could not accept), or that it refused every order, by
 * reason. Null when something was stored, or nothing was sent, or the sender was refused (not a page's
 * business).
 */
export function wholeCaptureRefusal(
  sent: Pick<CaptureMessage, "orders">,
  reply: CaptureReply | ErrorReply
): { error: string } | { refusedAll: number; reasons: { reason: RefusalReason; rows: number }[] } | null {
  if (!reply.ok) return reply.code === "sender" ? null : { error: reply.error }
  if (sent.orders.length === 0 || reply.refused.length < sent.orders.length) return null
  return { refusedAll: sent.orders.length, reasons: refusalsByReason(reply.refused) }
}
