// Reads Vendure's Admin API answers (GraphQL at /admin-api) as the admin UI loads them:
//   GetOrderList        data.orders.items[]            (order list; customer {id firstName lastName})
//   OrderDetailQuery    data.order                     (order page; plus lines and payments/refunds)
//   CustomerDetailQuery data.customer.orders.items[]   (customer page; the customer, with emailAddress)
// Field names are Vendure's public Admin API: Order.code, state, orderPlacedAt, createdAt, totalWithTax
// (integer minor units), currencyCode. Buyers are keyed on the Vendure customer id; the name shown is
// "firstName lastName". Answers without order codes (GetOrderState, GetOrderHistory, ...) are not claimed.
// The order page's query does not load orderPlacedAt (3.7.3): its `createdAt` is when the cart was
// started, which would overwrite the placed time the list gave, so a placed order there is left alone.
import * as z from "zod"

import type { CapturedOrder, LineItem, OrderStatus } from "../../core/types"
import { parseIsoDateTime } from "../parse"
import { answerRows } from "../rows"
import type { PageKind, ParseResult } from "../types"

const id = z.union([z.string().min(1), z.number().int()]).transform(String)
const customerSchema = z.looseObject({
  id,
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  emailAddress: z.string().nullish()
})
// A negative total is read, then refused with its reason (src/refusals.ts), not lost as unreadable.
const minor = z.number().int()
const orderSchema = z.looseObject({
  code: z.string().min(1),
  state: z.string().min(1),
  createdAt: z.string(),
  orderPlacedAt: z.string().nullish(),
  totalWithTax: minor,
  currencyCode: z.string().regex(/^[A-Za-z]{3}$/),
  customer: customerSchema.nullish(),
  lines: z
    .array(
      z.looseObject({
        quantity: z.number().int(),
        unitPriceWithTax: z.number().int().optional(),
        productVariant: z.looseObject({ name: z.string(), sku: z.string().nullish() }).nullish()
      })
    )
    .optional(),
  payments: z
    .array(
      z.looseObject({
        refunds: z.array(z.looseObject({ total: z.number().int(), state: z.string() })).nullish()
      })
    )
    .nullish()
})

/** Vendure's default order process. A purchase is a placed order whose payment settled. */
/** States before the order is placed: its creation time is the only time it has. */
const NOT_PLACED = new Set(["Created", "Draft", "AddingItems", "ArrangingPayment"])

const STATUS_OF_STATE: Record<string, OrderStatus> = {
  Created: "unpaid",
  Draft: "unpaid",
  AddingItems: "unpaid",
  ArrangingPayment: "unpaid",
  PaymentAuthorized: "unpaid",
  PaymentSettled: "paid",
  ArrangingAdditionalPayment: "paid",
  Modifying: "paid",
  PartiallyShipped: "shipped",
  Shipped: "shipped",
  PartiallyDelivered: "completed",
  Delivered: "completed",
  Cancelled: "closed"
}

const hasCode = (v: unknown) => typeof v === "object" && v !== null && "code" in v
const itemsOf = (v: unknown): unknown[] | null => {
  const list = z.looseObject({ items: z.array(z.unknown()) }).safeParse(v)
  return list.success ? list.data.items : null
}

/** Orders in one Admin API answer; null when the answer is not one that carries orders. */
export function parseAdminApiAnswer(body: unknown, shopId: string): ParseResult | null {
  const envelope = z.looseObject({ data: z.record(z.string(), z.unknown()) }).safeParse(body)
  if (!envelope.success) return null
  const d = envelope.data.data
  let raws: { node: unknown; outer?: unknown }[]
  let pageKind: PageKind
  const list = itemsOf(d.orders)
  if (list) {
    raws = list.map((node) => ({ node }))
    pageKind = "order-list"
  } else if (hasCode(d.order)) {
    const order = d.order as { state?: unknown; orderPlacedAt?: unknown }
    if (order.orderPlacedAt === undefined && !NOT_PLACED.has(String(order.state))) return null
    raws = [{ node: d.order }]
    pageKind = "order-detail"
  } else if (
    typeof d.customer === "object" &&
    d.customer !== null &&
    itemsOf((d.customer as { orders?: unknown }).orders)
  ) {
    const { orders, ...customer } = d.customer as { orders: unknown }
    raws = (itemsOf(orders) ?? []).map((node) => ({ node, outer: customer }))
    pageKind = "customer"
  } else return null

  const { orders, problems, refused, refuse, accept } = answerRows()
  raws.forEach(({ node, outer }, index) => {
    const row = `order ${index + 1}`
    const parsed = orderSchema.safeParse(node)
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(order)"))].join(", ")
      return refuse(index, "unreadable", `${row}: missing or unreadable ${fields}`)
    }
    const o = parsed.data
    const customerParsed = customerSchema.safeParse(o.customer ?? outer)
    if (!customerParsed.success) return refuse(index, "noBuyer", `${row} ${o.code}: no customer`)
    const customer = customerParsed.data
    const status = STATUS_OF_STATE[o.state]
    if (!status) return refuse(index, "status", `${row} ${o.code}: unknown state "${o.state}"`)
    // null: never placed (a cart cancelled before checkout); missing: the answer did not say.
    if (o.orderPlacedAt === undefined && !NOT_PLACED.has(o.state))
      return refuse(index, "date", `${row} ${o.code}: missing or unreadable orderPlacedAt`)
    const when = o.orderPlacedAt ?? o.createdAt
    const createdAt = parseIsoDateTime(when, "UTC")
    if (createdAt === null)
      return refuse(index, "date", `${row} ${o.code}: unreadable orderPlacedAt "${when}"`)
    const refunded = (o.payments ?? [])
      .flatMap((p) => p.refunds ?? [])
      .filter((r) => r.state === "Settled")
      .reduce((sum, r) => sum + r.total, 0)
    const order: CapturedOrder = {
      platform: "vendure",
      shopId,
      orderId: o.code,
      buyerId: customer.id,
      createdAt,
      status,
      amount: o.totalWithTax,
      refunded: Math.min(o.totalWithTax, Math.max(0, refunded)),
      currency: o.currencyCode.toUpperCase()
    }
    const name = [customer.firstName, customer.lastName]
      .map((s) => s?.trim())
      .filter(Boolean)
      .join(" ")
    if (name) order.buyerNick = name
    const email = customer.emailAddress?.trim().toLowerCase()
    if (email) order.buyerEmail = email
    const items = (o.lines ?? []).flatMap((l): LineItem[] => {
      if (!l.productVariant?.name) return []
      const item: LineItem = { title: l.productVariant.name, quantity: l.quantity }
      if (l.unitPriceWithTax !== undefined) item.price = l.unitPriceWithTax
      if (l.productVariant.sku) item.sku = l.productVariant.sku
      return [item]
    })
    if (items.length) order.items = items
    accept(index, order, `${row} ${o.code}`.slice(0, 200))
  })
  return { orders, rowsSeen: raws.length, problems, refused, pageKind }
}
