// Amazon Seller Central order reports: tab-separated, one row per order item.
// - The merchant-fulfilled "Order report" has order-id, purchase-date, buyer-email (an anonymised but
//   stable relay address, the buyer key), buyer-name, currency, item-price, shipping-price ... It lists
//   orders awaiting shipment, so without an order-status column an order counts as paid.
// - The "All Orders" report (amazon-order-id, order-status, item-status ...) carries no buyer identity:
//   repeat buyers cannot be found in it, and importing it is refused with that explanation.
// Spend per order is Σ over items of item-price + item-tax + shipping-price + shipping-tax +
// gift-wrap-price + gift-wrap-tax − promotion discounts (written positive or negative), i.e. what the
// buyer paid. Cancelled items add nothing. Of buyer-phone-number only the last four digits are kept (the
// side panel's "number ends …" search); recipient and address columns are never read.
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
import { amazonBuyerKey } from "../../core/retention"

const ORDER_ID = ["amazon-order-id", "order-id"]

export function detectAmazonReport(head: readonly CsvRow[]): boolean {
  if (head.length === 0) return false
  const cols = new Columns(head[0].fields)
  return cols.has(...ORDER_ID) && cols.has("purchase-date") && (cols.has("asin") || cols.has("sku"))
}

const STATUS: Record<string, OrderStatus> = {
  pending: "unpaid",
  pendingavailability: "unpaid",
  unshipped: "paid",
  partiallyshipped: "paid",
  shipping: "paid",
  shipped: "shipped",
  invoiceunconfirmed: "shipped",
  canceled: "closed",
  cancelled: "closed",
  unfulfillable: "closed"
}

const ADD = ["item-price", "item-tax", "shipping-price", "shipping-tax", "gift-wrap-price", "gift-wrap-tax"]
const SUBTRACT = ["item-promotion-discount", "ship-promotion-discount"]

export function parseAmazonReport(text: string, opts: ImportOptions = {}): ImportResult {
  const rows = readCsvRows(text, { delimiter: "\t" })
  if (rows.length === 0 || isBlankRow(rows[0])) throw new ImportError(1, "the file is empty")
  const cols = new Columns(rows[0].fields)
  const c = cols.require(
    { orderId: ORDER_ID, purchaseDate: "purchase-date", currency: "currency" },
    1,
    "Amazon order report"
  )
  const iBuyer = cols.find("buyer-email")
  if (iBuyer < 0) {
    throw new ImportError(
      1,
      "this Amazon report has no buyer column (buyer-email) — it is the All Orders report, which carries no " +
        "buyer identity, so repeat buyers cannot be found in it. Download the Order report for merchant-fulfilled " +
        "orders (Orders > Order Reports), which has buyer-email, and import that instead."
    )
  }
  const i = {
    buyerName: cols.find("buyer-name"),
    buyerPhone: cols.find("buyer-phone-number"),
    status: cols.find("order-status"),
    itemStatus: cols.find("item-status"),
    product: cols.find("product-name"),
    sku: cols.find("sku"),
    quantity: cols.find("quantity-purchased", "quantity"),
    add: ADD.map((n) => cols.find(n)),
    subtract: SUBTRACT.map((n) => cols.find(n))
  }
  const result: ImportResult = { orders: [], rows: 0, problems: [], notes: [] }
  if (i.status < 0) result.notes.push("no order-status column: every order in the report counts as paid")
  const byId = new Map<string, { order: CapturedOrder; line: number } | null>()
  for (const row of rows.slice(1)) {
    if (isBlankRow(row)) continue
    result.rows++
    const orderId = cellOf(row, c.orderId)
    const problem = (message: string) => {
      result.problems.push({ line: row.line, message: orderId ? `order ${orderId}: ${message}` : message })
      // One unreadable item makes the whole order unreadable: drop what was read of it.
      const known = byId.get(orderId)
      if (known) result.orders.splice(result.orders.indexOf(known.order), 1)
      byId.set(orderId, null)
    }
    if (!/^[\dA-Z-]{5,}$/i.test(orderId)) {
      problem(`"${orderId}" is not an order id`)
      continue
    }
    const known = byId.get(orderId)
    if (known === null) continue
    const currency = cellOf(row, c.currency).toUpperCase()
    if (!/^[A-Z]{3}$/.test(currency)) {
      problem(`cannot read currency "${currency}"`)
      continue
    }
    let amount = 0
    let bad: string | null = null
    const money = (col: number) => {
      const t = cellOf(row, col)
      if (t === "") return 0
      const v = parseMoneyText(t, minorDigits(currency))
      if (v === null) bad = `cannot read "${t}" in ${rows[0].fields[col]}`
      return v ?? 0
    }
    const itemCancelled = /^cancel+ed$/i.test(cellOf(row, i.itemStatus))
    for (const col of i.add) if (col >= 0) amount += money(col)
    for (const col of i.subtract) if (col >= 0) amount -= Math.abs(money(col))
    if (bad) {
      problem(bad)
      continue
    }
    if (itemCancelled) amount = 0
    const title = cellOf(row, i.product)
    const quantity = Number(cellOf(row, i.quantity))
    const item = title
      ? [
          {
            title,
            quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : 1,
            ...(cellOf(row, i.sku) ? { sku: cellOf(row, i.sku) } : {})
          }
        ]
      : []
    if (known) {
      if (known.order.currency !== currency) {
        problem(`mixes currencies ${known.order.currency} and ${currency}`)
        continue
      }
      known.order.amount += amount
      if (item.length) known.order.items = [...(known.order.items ?? []), ...item]
      continue
    }
    const email = cellOf(row, iBuyer).toLowerCase()
    if (!email) {
      problem("no buyer-email, so the order cannot be tied to a customer")
      continue
    }
    const dateText = cellOf(row, c.purchaseDate)
    const createdAt = parseIsoDateTime(dateText, opts.timeZone ?? "UTC")
    if (createdAt === null) {
      problem(`cannot read purchase-date "${dateText}"`)
      continue
    }
    const statusText = cellOf(row, i.status)
    const status: OrderStatus | undefined =
      i.status < 0 ? "paid" : STATUS[statusText.toLowerCase().replace(/\s+/g, "")]
    if (status === undefined) {
      problem(`unknown order-status "${statusText}"`)
      continue
    }
    const order: CapturedOrder = {
      platform: "amazon",
      shopId: opts.shopId ?? "amazon",
      orderId,
      // Keyed on the relay address's pseudonym, not on the address (src/core/retention.ts): the address goes
      // 30 days after the order (Amazon's Data Protection Policy), the key stays.
      buyerId: amazonBuyerKey(email),
      buyerEmail: email,
      createdAt,
      status,
      amount,
      refunded: 0,
      currency
    }
    const name = cellOf(row, i.buyerName)
    if (name) order.buyerNick = name
    const phoneTail = phoneTailOf(cellOf(row, i.buyerPhone))
    if (phoneTail) order.buyerPhoneTail = phoneTail
    if (item.length) order.items = item
    byId.set(orderId, { order, line: row.line })
    result.orders.push(order)
  }
  for (const o of result.orders) {
    if (o.amount < 0) {
      const line = byId.get(o.orderId)?.line ?? 0
      result.problems.push({ line, message: `order ${o.orderId}: discounts exceed the price (${o.amount})` })
    }
  }
  result.orders = result.orders.filter((o) => o.amount >= 0)
  return refuseOutOfLimits(result, (o) => byId.get(o.orderId)?.line)
}
