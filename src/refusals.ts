// One order against the limits the background enforces (capturedOrderSchema, the single source of truth):
// a failure becomes a refused row with a reason the popup can group, instead of failing a whole message.
// The adapters' parsers, the export imports and the background all check through here.
import type * as z from "zod"

import type { CapturedOrder } from "./core/types"
import { capturedOrderSchema, type RefusalReason, type RefusedRow } from "./messages"

export type OrderCheck =
  { ok: true; order: CapturedOrder } | { ok: false; reason: RefusalReason; detail: string }

const BUYER_FIELDS = new Set(["buyerId", "buyerNick", "buyerEmail"])

function reasonOf(issue: z.core.$ZodIssue, order: unknown): RefusalReason {
  const field = String(issue.path[0] ?? "")
  const custom =
    issue.code === "custom" ? (issue.params as { refusal?: RefusalReason } | undefined) : undefined
  if (custom?.refusal) return custom.refusal
  if (BUYER_FIELDS.has(field)) {
    if (issue.code === "too_big") return "buyerTooLong"
    return field === "buyerId" ? "noBuyer" : "invalid"
  }
  if (field === "amount") {
    const amount = (order as { amount?: unknown }).amount
    return issue.code === "too_small" && typeof amount === "number" && amount < 0
      ? "amountNegative"
      : "amount"
  }
  if (field === "refunded") return "amount"
  if (field === "createdAt" || field === "paidAt") return "date"
  if (field === "orderId") return "orderNumber"
  if (field === "items") return "itemsTooLong"
  if (field === "status") return "status"
  return "invalid"
}

function describe(issue: z.core.$ZodIssue, order: unknown): string {
  const path = issue.path.join(".") || "(order)"
  const value = issue.path.reduce<unknown>(
    (v, key) => (v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined),
    order
  )
  if (issue.code === "too_big" && issue.origin === "string" && typeof value === "string")
    return `${path} is ${value.length} characters long (at most ${String(issue.maximum)})`
  if (issue.code === "too_big" && issue.origin === "array" && Array.isArray(value))
    return `${path} has ${value.length} entries (at most ${String(issue.maximum)})`
  if (path === "amount" && typeof value === "number") {
    if (value < 0) return `amount ${value} is negative: no purchase costs less than nothing`
    if (issue.code === "custom") {
      const currency = String((order as { currency?: unknown }).currency)
      return `amount ${value} (${currency} minor units) is ${issue.message}`
    }
  }
  return `${path}: ${issue.message}`
}

/** The order as the background would store it, or why it would be refused. */
export function checkCapturedOrder(order: unknown): OrderCheck {
  const parsed = capturedOrderSchema.safeParse(order)
  if (parsed.success) return { ok: true, order: parsed.data }
  const issue = parsed.error.issues[0]
  return { ok: false, reason: reasonOf(issue, order), detail: describe(issue, order).slice(0, 400) }
}

/** Two groupings of refused rows added up, most frequent first. */
export function addRefusalCounts(
  a: readonly { reason: RefusalReason; rows: number }[],
  b: readonly { reason: RefusalReason; rows: number }[]
): { reason: RefusalReason; rows: number }[] {
  const counts = new Map<RefusalReason, number>()
  for (const g of [...a, ...b]) counts.set(g.reason, (counts.get(g.reason) ?? 0) + g.rows)
  return [...counts].map(([reason, rows]) => ({ reason, rows })).sort((x, y) => y.rows - x.rows)
}

/** Refused rows grouped by reason, most frequent first (ties in the reasons' own order). */
export function refusalsByReason(refused: readonly Pick<RefusedRow, "reason">[]): {
  reason: RefusalReason
  rows: number
}[] {
  const counts = new Map<RefusalReason, number>()
  for (const r of refused) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1)
  return [...counts].map(([reason, rows]) => ({ reason, rows })).sort((a, b) => b.rows - a.rows)
}
