// Shopify admin customers export (Customers > Export, CSV, UTF-8): one row per customer with
// `First Name,Last Name,Email,Accepts Email Marketing,Company,Address1,…,Phone,Accepts SMS Marketing,
// Total Spent,Total Orders,Tags,Note,Tax Exempt`; newer exports put a `Customer ID` column first.
//
// It holds customers, not orders: no order numbers, no dates. So it never becomes orders (that would
// invent purchases, and count twice the ones the orders export brings): it gives names, e-mail and tags
// to enrich the customers the orders export keys on their e-mail (shopify/export.ts), and the shop's own
// order count and spend as reported figures, kept apart from the ones Huike computes.
// Addresses, phones, company and the free-text Note are never read.
import {
  cellOf,
  Columns,
  ImportError,
  isBlankRow,
  readCsvRows,
  type CsvRow,
  type ImportOptions,
  type RowProblem
} from "../csv"
import { minorDigits } from "../../core/segments"
import { parseMoneyText } from "../parse"

/** One customer as the customers export describes them: enrichment, never orders. */
export interface ImportedCustomer {
  platform: "shopify"
  shopId: string
  /** The key the orders export uses for the same buyer: the e-mail, lower-cased. */
  buyerId: string
  buyerEmail: string
  /** "First Last", when the file names them. */
  buyerNick?: string
  /** Shopify's own customer id (newer exports), for reference only. */
  platformCustomerId?: string
  tags: string[]
  acceptsEmailMarketing?: boolean
  /** What Shopify reports (Total Orders / Total Spent in the shop's currency, minor units): shown beside
   *  Huike's own figures, never added to them. */
  reported: { orders: number; spent: number; currency?: string }
}

export interface CustomerImportResult {
  customers: ImportedCustomer[]
  /** Data rows in the file. */
  rows: number
  problems: RowProblem[]
  notes: string[]
}

const REQUIRED = {
  firstName: "First Name",
  lastName: "Last Name",
  email: "Email",
  totalSpent: "Total Spent",
  totalOrders: "Total Orders"
} as const

export function detectShopifyCustomersExport(head: readonly CsvRow[]): boolean {
  if (head.length === 0) return false
  const cols = new Columns(head[0].fields)
  return Object.values(REQUIRED).every((name) => cols.has(name))
}

/** What to tell someone who gave this file where orders are needed. */
export const CUSTOMERS_NOT_ORDERS =
  "this is a Shopify customers export: it lists customers (names, e-mails, tags, Shopify's order count " +
  "and total spent) but no orders, and the analysis needs each order with its date. Export the orders " +
  "instead (Shopify admin > Orders > Export) and use that file; the customers file adds nothing to the figures"

const yesNo = (cell: string): boolean | undefined =>
  /^(yes|true)$/i.test(cell) ? true : /^(no|false)$/i.test(cell) ? false : undefined

export function parseShopifyCustomersExport(text: string, opts: ImportOptions = {}): CustomerImportResult {
  const rows = readCsvRows(text, { delimiter: "," })
  if (rows.length === 0 || isBlankRow(rows[0])) throw new ImportError(1, "the file is empty")
  const cols = new Columns(rows[0].fields)
  const c = cols.require(REQUIRED, 1, "Shopify customers export")
  const i = {
    id: cols.find("Customer ID"),
    tags: cols.find("Tags"),
    marketing: cols.find("Accepts Email Marketing", "Accepts Marketing")
  }
  const result: CustomerImportResult = {
    customers: [],
    rows: 0,
    problems: [],
    notes: opts.currency
      ? []
      : ["Total Spent is in the shop's currency, which the file does not name: read with 2 decimals"]
  }
  const digits = opts.currency ? minorDigits(opts.currency) : 2
  const seen = new Map<string, number>()
  for (const row of rows.slice(1)) {
    if (isBlankRow(row)) continue
    result.rows++
    const problem = (message: string) => result.problems.push({ line: row.line, message })
    const email = cellOf(row, c.email).toLowerCase()
    if (!email) {
      problem("no Email, so the customer cannot be matched to their orders (the orders export keys on it)")
      continue
    }
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      problem(`Email "${email}" is not an e-mail address`)
      continue
    }
    const earlier = seen.get(email)
    if (earlier !== undefined) {
      problem(`Email ${email} already on line ${earlier}`)
      continue
    }
    const ordersText = cellOf(row, c.totalOrders)
    const orders = /^\d+$/.test(ordersText) ? Number(ordersText) : null
    if (orders === null || !Number.isSafeInteger(orders)) {
      problem(`cannot read Total Orders "${ordersText}"`)
      continue
    }
    const spentText = cellOf(row, c.totalSpent)
    const spent = parseMoneyText(spentText, digits)
    if (spent === null || spent < 0) {
      problem(`cannot read Total Spent "${spentText}"`)
      continue
    }
    seen.set(email, row.line)
    const name = [cellOf(row, c.firstName), cellOf(row, c.lastName)].filter(Boolean).join(" ")
    const id = cellOf(row, i.id)
    const marketing = yesNo(cellOf(row, i.marketing))
    const customer: ImportedCustomer = {
      platform: "shopify",
      shopId: opts.shopId ?? "shopify",
      buyerId: email,
      buyerEmail: email,
      tags: [
        ...new Set(
          cellOf(row, i.tags)
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean)
        )
      ],
      reported: opts.currency ? { orders, spent, currency: opts.currency } : { orders, spent }
    }
    if (name) customer.buyerNick = name
    if (id) customer.platformCustomerId = id
    if (marketing !== undefined) customer.acceptsEmailMarketing = marketing
    result.customers.push(customer)
  }
  return result
}
