// The generic order CSV: a header row with customer_id, date and amount (major units, decimal), optionally
// order_id (rows sharing one are one order's lines, summed; without it each row is an order), status and
// currency; other columns are ignored. Dates are ISO: a date alone is local midnight in the time zone given,
// a date-time without an offset is local time there, one with Z or ±HH:MM is exact.
//
// Unreadable rows are reported with their file line (header = line 1) and left out; the caller decides
// whether a file with problems is imported at all (all-or-nothing by default).

import { minorDigits } from "../../core/segments"
import type { CapturedOrder, OrderStatus } from "../../core/types"
import {
  cellOf,
  Columns,
  ImportError,
  isBlankRow,
  readCsvRows,
  type CsvRow,
  type ImportOptions,
  type ImportResult,
  refuseOutOfLimits
} from "../csv"
import { parseIsoDateTime, parseMoneyText } from "../parse"

export { ImportError }

export const GENERIC_REQUIRED = ["customer_id", "date", "amount"] as const

/** True when a header row names every required generic column. */
export function detectGeneric(head: readonly CsvRow[]): boolean {
  if (head.length === 0) return false
  const cols = new Columns(head[0].fields, true)
  return GENERIC_REQUIRED.every((c) => cols.has(c))
}

const STATUS_WORDS: Record<string, OrderStatus> = {
  paid: "paid",
  shipped: "shipped",
  completed: "completed",
  complete: "completed",
  fulfilled: "completed",
  delivered: "completed",
  success: "completed",
  unpaid: "unpaid",
  pending: "unpaid",
  closed: "closed",
  cancelled: "closed",
  canceled: "closed",
  refunded: "closed",
  voided: "closed",
  交易成功: "completed",
  已完成: "completed",
  卖家已发货: "shipped",
  已发货: "shipped",
  买家已付款: "paid",
  等待卖家发货: "paid",
  已付款: "paid",
  等待买家付款: "unpaid",
  未付款: "unpaid",
  交易关闭: "closed",
  已关闭: "closed",
  已取消: "closed"
}

/** Order status from a status cell; empty means completed. Null for a word it does not know. */
export function parseStatus(cell: string): OrderStatus | null {
  const s = cell.trim().toLowerCase()
  if (s === "") return "completed"
  return STATUS_WORDS[s] ?? null
}

/** Parses a generic order CSV; unreadable rows become problems with their line numbers. */
export function parseGenericCsv(text: string, opts: ImportOptions = {}): ImportResult {
  const timeZone = opts.timeZone ?? "UTC"
  const shopId = opts.shopId ?? "default"
  const defaultCurrency = (opts.currency ?? "CNY").toUpperCase()
  const rows = readCsvRows(text)
  if (rows.length === 0 || isBlankRow(rows[0])) {
    throw new ImportError(1, "the file is empty: expected a header with customer_id, date, amount")
  }
  const cols = new Columns(rows[0].fields, true)
  const c = cols.require({ customer: "customer_id", date: "date", amount: "amount" }, 1, "generic CSV")
  const iOrder = cols.find("order_id")
  const iStatus = cols.find("status")
  const iCurrency = cols.find("currency")

  const result: ImportResult = { orders: [], rows: 0, problems: [], notes: [] }
  const byOrderId = new Map<string, { order: CapturedOrder; line: number }>()
  const lineOf = new Map<CapturedOrder, number>()
  for (const row of rows.slice(1)) {
    if (isBlankRow(row)) continue
    result.rows++
    const at = row.line
    const problem = (message: string) => result.problems.push({ line: at, message })
    const buyerId = cellOf(row, c.customer)
    if (buyerId === "") {
      problem("customer_id is empty")
      continue
    }
    const dateCell = cellOf(row, c.date)
    const createdAt = parseIsoDateTime(dateCell, timeZone)
    if (createdAt === null) {
      problem(`cannot read date "${dateCell}" (expected YYYY-MM-DD or ISO date-time)`)
      continue
    }
    const currency = (cellOf(row, iCurrency) || defaultCurrency).toUpperCase()
    if (!/^[A-Z]{3}$/.test(currency)) {
      problem(`cannot read currency "${cellOf(row, iCurrency)}"`)
      continue
    }
    const amountCell = cellOf(row, c.amount)
    const amount = parseMoneyText(amountCell, minorDigits(currency))
    if (amount === null) {
      problem(`cannot read amount "${amountCell}" (expected a decimal number)`)
      continue
    }
    const status = iStatus >= 0 ? parseStatus(cellOf(row, iStatus)) : "completed"
    if (status === null) {
      problem(`unknown status "${cellOf(row, iStatus)}"`)
      continue
    }
    const orderId = cellOf(row, iOrder)
    if (orderId !== "") {
      const prev = byOrderId.get(orderId)
      if (prev) {
        if (prev.order.buyerId !== buyerId) {
          problem(`order ${orderId} has customer ${buyerId} but line ${prev.line} says ${prev.order.buyerId}`)
        } else if (prev.order.currency !== currency) {
          problem(`order ${orderId} mixes currencies ${prev.order.currency} and ${currency}`)
        } else {
          prev.order.amount += amount
        }
        continue
      }
    }
    const order: CapturedOrder = {
      platform: "generic",
      shopId,
      orderId: orderId !== "" ? orderId : `line-${at}`,
      buyerId,
      createdAt,
      status,
      amount,
      refunded: 0,
      currency
    }
    result.orders.push(order)
    lineOf.set(order, at)
    if (orderId !== "") byOrderId.set(orderId, { order, line: at })
  }
  if (iOrder < 0) {
    result.notes.push("no order_id column: each row is one order, identified by its line number")
  }
  return refuseOutOfLimits(result, (o) => lineOf.get(o))
}
