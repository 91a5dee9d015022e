// Etsy "Orders" CSV (Shop Manager > Settings > Options > Download Data): one row per order.
// Sale Date is MM/DD/YY with no time (a day in the shop's zone; the import's time zone, default UTC);
// the buyer key is Buyer User ID, else the Buyer username. Spend is Order Total in Currency.
// Assumed (not in our public sources): Status values are words like Completed / Paid / Shipped /
// Canceled / Refunded; an empty Status with a Date Shipped counts as shipped, otherwise as paid (Etsy
// exports only paid orders). Addresses are never read.
import { minorDigits } from "../../core/segments"
import { bucketerFor, daysFromCivil, daysInMonth } from "../../core/time"
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
import { parseMoneyText } from "../parse"

export function detectEtsyExport(head: readonly CsvRow[]): boolean {
  if (head.length === 0) return false
  const cols = new Columns(head[0].fields)
  return cols.has("Sale Date") && cols.has("Order ID") && cols.has("Buyer User ID")
}

/** MM/DD/YY or MM/DD/YYYY -> local midnight in `timeZone`, UTC ms; null when malformed. */
export function parseUsDate(text: string, timeZone: string): number | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text.trim())
  if (!m) return null
  const month = Number(m[1])
  const day = Number(m[2])
  const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return bucketerFor(timeZone).startOfDay(daysFromCivil(year, month, day))
}

const STATUS: Record<string, OrderStatus> = {
  completed: "completed",
  complete: "completed",
  paid: "paid",
  shipped: "shipped",
  canceled: "closed",
  cancelled: "closed",
  refunded: "closed",
  unpaid: "unpaid"
}

export function parseEtsyExport(text: string, opts: ImportOptions = {}): ImportResult {
  const rows = readCsvRows(text, { delimiter: "," })
  if (rows.length === 0 || isBlankRow(rows[0])) throw new ImportError(1, "the file is empty")
  const cols = new Columns(rows[0].fields)
  const c = cols.require(
    {
      date: "Sale Date",
      orderId: "Order ID",
      buyerId: "Buyer User ID",
      total: "Order Total",
      currency: "Currency"
    },
    1,
    "Etsy orders export"
  )
  const i = {
    buyer: cols.find("Buyer"),
    fullName: cols.find("Full Name"),
    status: cols.find("Status"),
    shipped: cols.find("Date Shipped"),
    items: cols.find("Number of Items")
  }
  const timeZone = opts.timeZone ?? "UTC"
  const result: ImportResult = { orders: [], rows: 0, problems: [], notes: [] }
  const seen = new Map<string, number>()
  for (const row of rows.slice(1)) {
    if (isBlankRow(row)) continue
    result.rows++
    const orderId = cellOf(row, c.orderId)
    const problem = (message: string) =>
      result.problems.push({ line: row.line, message: `order ${orderId || "?"}: ${message}` })
    if (!/^\d+$/.test(orderId)) {
      problem(`"${orderId}" is not an order id`)
      continue
    }
    if (seen.has(orderId)) {
      problem(`appears again (first on line ${seen.get(orderId)})`)
      continue
    }
    const buyerId = cellOf(row, c.buyerId) || cellOf(row, i.buyer)
    if (!buyerId) {
      problem("no Buyer User ID or Buyer")
      continue
    }
    const dateText = cellOf(row, c.date)
    const createdAt = parseUsDate(dateText, timeZone)
    if (createdAt === null) {
      problem(`cannot read Sale Date "${dateText}" (expected MM/DD/YY)`)
      continue
    }
    const currency = cellOf(row, c.currency).toUpperCase()
    if (!/^[A-Z]{3}$/.test(currency)) {
      problem(`cannot read Currency "${currency}"`)
      continue
    }
    const totalText = cellOf(row, c.total)
    const amount = parseMoneyText(totalText, minorDigits(currency))
    if (amount === null || amount < 0) {
      problem(`cannot read Order Total "${totalText}"`)
      continue
    }
    const statusText = cellOf(row, i.status)
    const status: OrderStatus | undefined = statusText
      ? STATUS[statusText.toLowerCase()]
      : cellOf(row, i.shipped)
        ? "shipped"
        : "paid"
    if (status === undefined) {
      problem(`unknown Status "${statusText}"`)
      continue
    }
    seen.set(orderId, row.line)
    const nick = cellOf(row, i.buyer) || cellOf(row, i.fullName)
    const order: CapturedOrder = {
      platform: "etsy",
      shopId: opts.shopId ?? "etsy",
      orderId,
      buyerId,
      createdAt,
      status,
      amount,
      refunded: statusText.toLowerCase() === "refunded" ? amount : 0,
      currency
    }
    if (nick) order.buyerNick = nick
    result.orders.push(order)
  }
  return refuseOutOfLimits(result, (o) => seen.get(o.orderId))
}
