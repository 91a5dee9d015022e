// eBay Seller Hub orders report (CSV). Some versions put a blank or metadata line before the header,
// and the report ends with footer lines ("3 record(s) downloaded ...", "Seller ID : ..."); both are
// skipped and counted in the notes. Columns: Sales Record Number, Order Number, Buyer Username (the buyer
// key), Buyer Name, Buyer Email, Sale Date, Total Price ...
// Assumed (not in our public sources): Sale Date reads like "Jan-15-24" (also accepted: ISO dates and
// MM/DD/YYYY); an order with several items has one row per item, Total Price on its first row; every order
// in the report is paid (shipped when Shipped On Date is set). Total Price has a currency symbol but no
// code, so the currency is the import's (default USD). Addresses and phones are never read.
import { minorDigits } from "../../core/segments"
import { bucketerFor, daysFromCivil, daysInMonth } from "../../core/time"
import type { CapturedOrder } from "../../core/types"
import { parseUsDate } from "../etsy/export"
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

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

function headerIndex(head: readonly CsvRow[]): number {
  return head.findIndex((r) => {
    const cols = new Columns(r.fields)
    return cols.has("Order Number") && cols.has("Buyer Username") && cols.has("Sale Date")
  })
}

export function detectEbayReport(head: readonly CsvRow[]): boolean {
  return headerIndex(head.slice(0, 3)) >= 0
}

/** "Jan-15-24", ISO, or MM/DD/YYYY -> UTC ms (a date without time is local midnight in `timeZone`). */
export function parseEbayDate(text: string, timeZone: string): number | null {
  const m = /^([A-Za-z]{3})-(\d{1,2})-(\d{2}|\d{4})$/.exec(text.trim())
  if (m) {
    const month = MONTHS.indexOf(m[1].toLowerCase()) + 1
    const day = Number(m[2])
    const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3])
    if (month < 1 || day < 1 || day > daysInMonth(year, month)) return null
    return bucketerFor(timeZone).startOfDay(daysFromCivil(year, month, day))
  }
  return parseIsoDateTime(text, timeZone) ?? parseUsDate(text, timeZone)
}

export function parseEbayReport(text: string, opts: ImportOptions = {}): ImportResult {
  const rows = readCsvRows(text, { delimiter: "," })
  const h = headerIndex(rows.slice(0, 3))
  if (h < 0) {
    throw new ImportError(1, "eBay orders report: no header with Order Number, Buyer Username and Sale Date")
  }
  const cols = new Columns(rows[h].fields)
  const c = cols.require(
    { orderId: "Order Number", buyer: "Buyer Username", date: "Sale Date", total: "Total Price" },
    rows[h].line,
    "eBay orders report"
  )
  const i = {
    name: cols.find("Buyer Name"),
    email: cols.find("Buyer Email"),
    shipped: cols.find("Shipped On Date"),
    title: cols.find("Item Title"),
    quantity: cols.find("Quantity")
  }
  const timeZone = opts.timeZone ?? "UTC"
  const currency = (opts.currency ?? "USD").toUpperCase()
  const result: ImportResult = { orders: [], rows: 0, problems: [], notes: [] }
  let skipped = h
  const byId = new Map<string, CapturedOrder | null>()
  const lineOf = new Map<CapturedOrder, number>()
  for (const row of rows.slice(h + 1)) {
    if (isBlankRow(row)) continue
    const orderId = cellOf(row, c.orderId)
    if (!orderId && !cellOf(row, c.buyer)) {
      // Footer ("N record(s) downloaded", "Seller ID : ...").
      skipped++
      continue
    }
    result.rows++
    const problem = (message: string) => {
      result.problems.push({ line: row.line, message: `order ${orderId || "?"}: ${message}` })
      byId.set(orderId, null)
    }
    if (!/^[\d-]{5,}$/.test(orderId)) {
      problem(`"${orderId}" is not an order number`)
      continue
    }
    const known = byId.get(orderId)
    if (known === null) continue
    const title = cellOf(row, i.title)
    const quantity = Number(cellOf(row, i.quantity))
    const item = title ? [{ title, quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : 1 }] : []
    if (known) {
      if (item.length) known.items = [...(known.items ?? []), ...item]
      continue
    }
    const buyerId = cellOf(row, c.buyer)
    if (!buyerId) {
      problem("no Buyer Username")
      continue
    }
    const dateText = cellOf(row, c.date)
    const createdAt = parseEbayDate(dateText, timeZone)
    if (createdAt === null) {
      problem(`cannot read Sale Date "${dateText}"`)
      continue
    }
    const totalText = cellOf(row, c.total)
    const amount = parseMoneyText(totalText, minorDigits(currency))
    if (amount === null || amount < 0) {
      problem(`cannot read Total Price "${totalText}"`)
      continue
    }
    const order: CapturedOrder = {
      platform: "ebay",
      shopId: opts.shopId ?? "ebay",
      orderId,
      buyerId,
      buyerNick: buyerId,
      createdAt,
      status: cellOf(row, i.shipped) ? "shipped" : "paid",
      amount,
      refunded: 0,
      currency
    }
    const email = cellOf(row, i.email).toLowerCase()
    if (email) order.buyerEmail = email
    if (item.length) order.items = item
    byId.set(orderId, order)
    lineOf.set(order, row.line)
    result.orders.push(order)
  }
  result.orders = result.orders.filter((o) => byId.get(o.orderId) !== null)
  if (skipped > 0) result.notes.push(`${skipped} line(s) before the header or in the report footer skipped`)
  result.notes.push(
    `amounts read as ${currency} (the report's Total Price carries a symbol, not a currency code)`
  )
  return refuseOutOfLimits(result, (o) => lineOf.get(o))
}
