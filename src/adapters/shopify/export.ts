// Shopify admin orders export (Orders > Export, CSV, UTF-8): one row per line item; order-level fields
// (Email, Financial Status, Total, Created at ...) only on each order's first row. `Created at` reads
// like "2024-01-15 10:32:11 +0800". Customers are keyed on their e-mail (the export has no customer id);
// an order without one cannot be tied to a customer and is reported.
//
// Status: Cancelled at set or Financial Status voided -> closed; refunded -> closed with the refund;
// pending / authorized -> unpaid; paid / partially_refunded -> shipped when fulfilled, else paid.
// Spend is Total (what the buyer paid, shipping and taxes included); Refunded Amount reduces it.
// Of the phones (Phone, else Shipping Phone, else Billing Phone) only the last four digits are kept, for
// the side panel's "number ends …" search; addresses are never read.
import { phoneTailOf } from "../../core/privacy"
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

const REQUIRED = {
  name: "Name",
  email: "Email",
  financial: "Financial Status",
  currency: "Currency",
  total: "Total",
  createdAt: "Created at"
} as const

export function detectShopifyExport(head: readonly CsvRow[]): boolean {
  if (head.length === 0) return false
  const cols = new Columns(head[0].fields)
  return cols.has("Name") && cols.has("Financial Status") && cols.has("Lineitem name")
}

function statusOf(financial: string, fulfillment: string, cancelled: boolean): OrderStatus | null {
  if (cancelled) return "closed"
  switch (financial.toLowerCase()) {
    case "pending":
    case "authorized":
    case "expired":
      return "unpaid"
    case "voided":
    case "refunded":
      return "closed"
    case "paid":
    case "partially_paid":
    case "partially_refunded":
      return fulfillment.toLowerCase() === "fulfilled" ? "shipped" : "paid"
    default:
      return null
  }
}

export function parseShopifyExport(text: string, opts: ImportOptions = {}): ImportResult {
  const rows = readCsvRows(text, { delimiter: "," })
  if (rows.length === 0 || isBlankRow(rows[0])) throw new ImportError(1, "the file is empty")
  const cols = new Columns(rows[0].fields)
  const c = cols.require(REQUIRED, 1, "Shopify orders export")
  const i = {
    id: cols.find("Id"),
    paidAt: cols.find("Paid at"),
    fulfillment: cols.find("Fulfillment Status"),
    cancelledAt: cols.find("Cancelled at"),
    refunded: cols.find("Refunded Amount"),
    billingName: cols.find("Billing Name"),
    shippingName: cols.find("Shipping Name"),
    phone: cols.find("Phone"),
    shippingPhone: cols.find("Shipping Phone"),
    billingPhone: cols.find("Billing Phone"),
    itemName: cols.find("Lineitem name"),
    itemQuantity: cols.find("Lineitem quantity"),
    itemPrice: cols.find("Lineitem price"),
    itemSku: cols.find("Lineitem sku")
  }
  const result: ImportResult = { orders: [], rows: 0, problems: [], notes: [] }
  // Orders by Name; null marks an order whose first row was unreadable (its item rows are skipped).
  const byName = new Map<string, { order: CapturedOrder; line: number } | null>()
  const lineOf = new Map<CapturedOrder, number>()
  for (const row of rows.slice(1)) {
    if (isBlankRow(row)) continue
    result.rows++
    const problem = (message: string) => result.problems.push({ line: row.line, message })
    const name = cellOf(row, c.name)
    if (!name) {
      problem("Name (the order number) is empty")
      continue
    }
    const known = byName.get(name)
    if (known !== undefined) {
      // A further line item of an order already read.
      if (known === null) continue
      const email = cellOf(row, c.email).toLowerCase()
      if (email && email !== known.order.buyerId) {
        problem(`order ${name}: Email ${email} differs from line ${known.line}`)
        continue
      }
      addItem(known.order, row)
      continue
    }
    const fail = (message: string) => {
      problem(`order ${name}: ${message}`)
      byName.set(name, null)
    }
    const email = cellOf(row, c.email).toLowerCase()
    if (!email) {
      fail("no Email, so the order cannot be tied to a customer")
      continue
    }
    const createdText = cellOf(row, c.createdAt)
    const createdAt = parseIsoDateTime(createdText, opts.timeZone ?? "UTC")
    if (createdAt === null) {
      fail(`cannot read Created at "${createdText}"`)
      continue
    }
    const currency = cellOf(row, c.currency).toUpperCase()
    if (!/^[A-Z]{3}$/.test(currency)) {
      fail(`cannot read Currency "${currency}"`)
      continue
    }
    const digits = minorDigits(currency)
    const totalText = cellOf(row, c.total)
    const amount = parseMoneyText(totalText, digits)
    if (amount === null || amount < 0) {
      fail(`cannot read Total "${totalText}"`)
      continue
    }
    const refundText = cellOf(row, i.refunded)
    const refunded = refundText ? parseMoneyText(refundText, digits) : 0
    if (refunded === null || refunded < 0 || refunded > amount) {
      fail(`cannot read Refunded Amount "${refundText}" (Total ${totalText})`)
      continue
    }
    const financial = cellOf(row, c.financial)
    const status = statusOf(financial, cellOf(row, i.fulfillment), cellOf(row, i.cancelledAt) !== "")
    if (status === null) {
      fail(`unknown Financial Status "${financial}"`)
      continue
    }
    const paidText = cellOf(row, i.paidAt)
    const paidAt = paidText ? parseIsoDateTime(paidText, opts.timeZone ?? "UTC") : null
    if (paidText && paidAt === null) {
      fail(`cannot read Paid at "${paidText}"`)
      continue
    }
    const nick = cellOf(row, i.billingName) || cellOf(row, i.shippingName)
    const order: CapturedOrder = {
      platform: "shopify",
      shopId: opts.shopId ?? "shopify",
      orderId: cellOf(row, i.id) || name,
      buyerId: email,
      buyerEmail: email,
      createdAt,
      status,
      amount,
      refunded: financial.toLowerCase() === "refunded" && refunded === 0 ? amount : refunded,
      currency
    }
    if (nick) order.buyerNick = nick
    if (paidAt !== null) order.paidAt = paidAt
    const phoneTail = [i.phone, i.shippingPhone, i.billingPhone]
      .map((col) => phoneTailOf(cellOf(row, col)))
      .find((tail) => tail !== undefined)
    if (phoneTail) order.buyerPhoneTail = phoneTail
    addItem(order, row)
    byName.set(name, { order, line: row.line })
    lineOf.set(order, row.line)
    result.orders.push(order)
  }
  return refuseOutOfLimits(result, (o) => lineOf.get(o))

  function addItem(order: CapturedOrder, row: CsvRow): void {
    const title = cellOf(row, i.itemName)
    if (!title) return
    const quantity = Number(cellOf(row, i.itemQuantity))
    const price = parseMoneyText(cellOf(row, i.itemPrice), minorDigits(order.currency))
    const sku = cellOf(row, i.itemSku)
    order.items ??= []
    order.items.push({
      title,
      quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : 1,
      ...(price !== null ? { price } : {}),
      ...(sku ? { sku } : {})
    })
  }
}
