// Reads the admin's GraphQL answers: an orders connection (`data.orders.edges[].node`), one order
// (`data.order`) or one customer with their orders (`data.customer.orders.edges`). Field names are those
// of Shopify's public Admin GraphQL API: Order.id (gid), name, createdAt, displayFinancialStatus,
// displayFulfillmentStatus, cancelledAt, totalPriceSet.shopMoney {amount, currencyCode},
// totalRefundedSet.shopMoney, customer {id, displayName, email}. Customers are keyed on e-mail (as the
// orders export import does), falling back to the customer gid; the gid's number is kept as the platform's
// buyer id (a customer page's address names it).
import * as z from "zod"

import { minorDigits } from "../../core/segments"
import type { CapturedOrder, OrderStatus } from "../../core/types"
import { parseIsoDateTime, parseMoneyText } from "../parse"
import { answerRows } from "../rows"
import type { ParseResult } from "../types"

const moneySet = z.looseObject({
  shopMoney: z.looseObject({ amount: z.union([z.string(), z.number()]), currencyCode: z.string() })
})
const customerSchema = z.looseObject({
  id: z.string().regex(/^gid:\/\/shopify\/Customer\/\d+$/),
  displayName: z.string().nullish(),
  email: z.string().nullish()
})
const orderSchema = z.looseObject({
  id: z.string().regex(/^gid:\/\/shopify\/Order\/\d+$/),
  name: z.string(),
  createdAt: z.string(),
  displayFinancialStatus: z.string().nullish(),
  displayFulfillmentStatus: z.string().nullish(),
  cancelledAt: z.string().nullish(),
  totalPriceSet: moneySet,
  totalRefundedSet: moneySet.nullish(),
  customer: customerSchema.nullish()
})
const edges = z.looseObject({ edges: z.array(z.looseObject({ node: z.unknown() })) })

function statusOf(financial: string, fulfillment: string, cancelled: boolean): OrderStatus | null {
  if (cancelled) return "closed"
  switch (financial.toUpperCase()) {
    case "PENDING":
    case "AUTHORIZED":
    case "EXPIRED":
      return "unpaid"
    case "VOIDED":
    case "REFUNDED":
      return "closed"
    case "PAID":
    case "PARTIALLY_PAID":
    case "PARTIALLY_REFUNDED":
      return fulfillment.toUpperCase() === "FULFILLED" ? "shipped" : "paid"
    default:
      return null
  }
}

/** Orders in one GraphQL answer; null when the answer holds no orders. */
export function parseAdminGraphql(body: unknown, shopId: string): ParseResult | null {
  const data = z.looseObject({ data: z.looseObject({}) }).safeParse(body)
  if (!data.success) return null
  const d = data.data.data as Record<string, unknown>
  let raws: { node: unknown; customer?: unknown }[] = []
  const list = edges.safeParse(d.orders)
  if (list.success) raws = list.data.edges.map((e) => ({ node: e.node }))
  else if (d.order && typeof d.order === "object") raws = [{ node: d.order }]
  else if (d.customer && typeof d.customer === "object") {
    const c = d.customer as Record<string, unknown>
    const of = edges.safeParse(c.orders)
    if (!of.success) return null
    const { orders: _orders, ...customer } = c
    raws = of.data.edges.map((e) => ({ node: e.node, customer }))
  } else return null

  const { orders, problems, refused, refuse, accept } = answerRows()
  raws.forEach(({ node, customer: outer }, index) => {
    const row = `order ${index + 1}`
    const parsed = orderSchema.safeParse(node)
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(order)"))].join(", ")
      return refuse(index, "unreadable", `${row}: missing or unreadable ${fields}`)
    }
    const o = parsed.data
    const customerParsed = customerSchema.safeParse(o.customer ?? outer)
    if (!customerParsed.success) return refuse(index, "noBuyer", `${row} ${o.name}: no customer`)
    const customer = customerParsed.data
    const createdAt = parseIsoDateTime(o.createdAt, "UTC")
    if (createdAt === null)
      return refuse(index, "date", `${row} ${o.name}: unreadable createdAt "${o.createdAt}"`)
    const currency = o.totalPriceSet.shopMoney.currencyCode.toUpperCase()
    const amount = parseMoneyText(String(o.totalPriceSet.shopMoney.amount), minorDigits(currency))
    if (amount === null || !/^[A-Z]{3}$/.test(currency))
      return refuse(index, "amount", `${row} ${o.name}: unreadable totalPriceSet`)
    const refundedRaw = o.totalRefundedSet
      ? parseMoneyText(String(o.totalRefundedSet.shopMoney.amount), minorDigits(currency))
      : 0
    const status = statusOf(o.displayFinancialStatus ?? "", o.displayFulfillmentStatus ?? "", !!o.cancelledAt)
    if (status === null)
      return refuse(
        index,
        "status",
        `${row} ${o.name}: unknown financial status "${o.displayFinancialStatus}"`
      )
    const email = customer.email?.trim().toLowerCase()
    const order: CapturedOrder = {
      platform: "shopify",
      shopId,
      orderId: o.id.slice(o.id.lastIndexOf("/") + 1),
      buyerId: email || customer.id,
      // The customer's number (their page is /customers/<number>): a customer page finds them by it.
      platformBuyerId: customer.id.slice(customer.id.lastIndexOf("/") + 1),
      createdAt,
      status,
      amount,
      refunded: Math.min(amount, Math.max(0, refundedRaw ?? 0)),
      currency
    }
    if (email) order.buyerEmail = email
    if (customer.displayName) order.buyerNick = customer.displayName
    accept(index, order, `${row} ${o.name}`.slice(0, 200))
  })
  return { orders, rowsSeen: raws.length, problems, refused }
}
