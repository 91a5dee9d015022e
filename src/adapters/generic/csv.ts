// The generic order CSV: a header row with customer_id, date and amount (major units, decimal), optionally
// order_id (rows sharing one are one order's lines, summed; without it each row is an order), status and
// currency; other columns are ignored. Dates are ISO: a date alone is local midnight in the time zone given,
// a date-time without an offset is local time there, one with Z or ±HH:MM is exact.
//
// Reading is all-or-nothing: the first bad row throws an ImportError naming its file line (header = line 1),
// so a file is never half-analysed.

import Papa from "papaparse"

import { minorDigits } from "../../core/segments"
import { bucketerFor, daysFromCivil, daysInMonth } from "../../core/time"
import type { CapturedOrder, OrderStatus } from "../../core/types"

export class ImportError extends Error {
  /** 1-based file line; the header is line 1. 0 when the problem is not on one line. */
  readonly line: number
  constructor(line: number, message: string) {
    super(line > 0 ? `line ${line}: ${message}` : message)
    this.name = "ImportError"
    this.line = line
  }
}

export interface ImportOptions {
  /** IANA zone for dates without an offset (default "UTC"). */
  timeZone?: string
  /** Shop the orders belong to (default "default"). */
  shopId?: string
  /** Currency when the file has no currency column (default "CNY"). */
  currency?: string
}

export const GENERIC_REQUIRED = ["customer_id", "date", "amount"] as const

const normalizeHeader = (h: string): string =>
  h
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()

/** True when a header row names every required generic column. */
export function detectGeneric(headerFields: readonly string[]): boolean {
  const names = new Set(headerFields.map(normalizeHeader))
  return GENERIC_REQUIRED.every((c) => names.has(c))
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

/** A decimal amount in major units ("1,234.50", "-3", "29.33") to integer minor units; null when malformed. */
export function parseAmount(cell: string, digits: number): number | null {
  const s = cell.trim().replace(/^[¥$€£]/, "")
  if (!/^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$|^[+-]?\.\d+$/.test(s)) return null
  const negative = s.startsWith("-")
  const unsigned = s.replace(/^[+-]/, "").replace(/,/g, "")
  const [whole, frac = ""] = unsigned.split(".")
  // Exact decimal arithmetic on the digits, rounding half away from zero at the minor unit.
  const padded = (frac + "0".repeat(digits + 1)).slice(0, digits + 1)
  const base = Number(whole || "0") * 10 ** digits + Number(padded.slice(0, digits) || "0")
  const rounded = base + (Number(padded[digits]) >= 5 ? 1 : 0)
  if (!Number.isSafeInteger(rounded)) return null
  return negative ? -rounded : rounded
}

/** An ISO date or date-time to UTC ms; dates without an offset are local in `timeZone`. Null when malformed. */
export function parseDateTime(cell: string, timeZone: string): number | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      cell.trim()
    ) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?()()$/.exec(cell.trim())
  if (!m) return null
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const hour = m[4] ? Number(m[4]) : 0
  const minute = m[5] ? Number(m[5]) : 0
  const second = m[6] ? Number(m[6]) : 0
  const ms = m[7] ? Math.floor(Number(("0." + m[7]).slice(0, 5)) * 1000) : 0
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  if (hour > 23 || minute > 59 || second > 59) return null
  const local =
    daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms
  const zone = m[8]
  if (zone === "Z") return local
  if (zone) {
    const sign = zone[0] === "-" ? -1 : 1
    const digits = zone.slice(1).replace(":", "")
    const offH = Number(digits.slice(0, 2))
    const offM = Number(digits.slice(2, 4))
    if (offH > 23 || offM > 59) return null
    return local - sign * (offH * 60 + offM) * 60_000
  }
  return bucketerFor(timeZone).localToUtc(local)
}

/** Parses a generic order CSV; throws ImportError on the first bad row. */
export function parseGenericCsv(text: string, opts: ImportOptions = {}): CapturedOrder[] {
  const timeZone = opts.timeZone ?? "UTC"
  const shopId = opts.shopId ?? "default"
  const defaultCurrency = (opts.currency ?? "CNY").toUpperCase()
  bucketerFor(timeZone)

  const rows: { fields: string[]; line: number }[] = []
  let line = 1
  let consumed = 0
  const clean = text.replace(/^\uFEFF/, "")
  Papa.parse<string[]>(clean, {
    header: false,
    skipEmptyLines: false,
    step: (result) => {
      // Line of the row's start = 1 + newlines before it; rows may span lines inside quoted fields.
      const end = result.meta.cursor
      const chunk = clean.slice(consumed, end)
      rows.push({ fields: result.data, line })
      for (let i = 0; i < chunk.length; i++) if (chunk.charCodeAt(i) === 10) line++
      consumed = end
      // The row's own line break is consumed by the next chunk.
      if (clean.charCodeAt(end) === 13) {
        consumed++
      }
      if (clean.charCodeAt(consumed) === 10) {
        consumed++
        line++
      }
    }
  })
  if (rows.length === 0 || (rows.length === 1 && rows[0].fields.every((f) => f.trim() === ""))) {
    throw new ImportError(1, "the file is empty: expected a header with customer_id, date, amount")
  }
  const header = rows[0].fields.map(normalizeHeader)
  const col = (name: string): number => header.indexOf(name)
  const missing = GENERIC_REQUIRED.filter((c) => col(c) < 0)
  if (missing.length > 0) {
    throw new ImportError(1, `missing required column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`)
  }
  const iCustomer = col("customer_id")
  const iDate = col("date")
  const iAmount = col("amount")
  const iOrder = col("order_id")
  const iStatus = col("status")
  const iCurrency = col("currency")

  const orders: CapturedOrder[] = []
  const byOrderId = new Map<string, { order: CapturedOrder; line: number }>()
  for (let r = 1; r < rows.length; r++) {
    const { fields, line: at } = rows[r]
    if (fields.length === 1 && fields[0].trim() === "") continue
    const cell = (i: number): string => (i >= 0 && i < fields.length ? fields[i] : "")
    const buyerId = cell(iCustomer).trim()
    if (buyerId === "") throw new ImportError(at, "customer_id is empty")
    const dateCell = cell(iDate)
    const createdAt = parseDateTime(dateCell, timeZone)
    if (createdAt === null)
      throw new ImportError(at, `cannot read date "${dateCell}" (expected YYYY-MM-DD or ISO date-time)`)
    const currency = (
      iCurrency >= 0 && cell(iCurrency).trim() ? cell(iCurrency).trim() : defaultCurrency
    ).toUpperCase()
    if (!/^[A-Z]{3}$/.test(currency)) throw new ImportError(at, `cannot read currency "${cell(iCurrency)}"`)
    const amountCell = cell(iAmount)
    const amount = parseAmount(amountCell, minorDigits(currency))
    if (amount === null)
      throw new ImportError(at, `cannot read amount "${amountCell}" (expected a decimal number)`)
    const status = iStatus >= 0 ? parseStatus(cell(iStatus)) : "completed"
    if (status === null) throw new ImportError(at, `unknown status "${cell(iStatus)}"`)
    const orderId = iOrder >= 0 ? cell(iOrder).trim() : ""
    if (orderId !== "") {
      const prev = byOrderId.get(orderId)
      if (prev) {
        if (prev.order.buyerId !== buyerId) {
          throw new ImportError(
            at,
            `order ${orderId} has customer ${buyerId} but line ${prev.line} says ${prev.order.buyerId}`
          )
        }
        if (prev.order.currency !== currency) {
          throw new ImportError(
            at,
            `order ${orderId} mixes currencies ${prev.order.currency} and ${currency}`
          )
        }
        prev.order.amount += amount
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
    orders.push(order)
    if (orderId !== "") byOrderId.set(orderId, { order, line: at })
  }
  return orders
}
