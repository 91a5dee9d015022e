// Reads the JSON Seller Central's order pages load from /orders-api: `search?...` answers
// `{ orders: [...], total }` for the list, `order/<id>` answers `{ order: {...} }` for one order.
// Field names follow answers published in public code (amazonOrderId, buyerName, buyerProxyEmail,
// purchaseDate / orderDate in epoch seconds, orderStatus.OrderStatus, orderCost.GrandTotal.{Amount,
// CurrencyCode}, orderCost.RefundTotal, orderItems[] with SellerSKU / Title / QuantityOrdered or the
// list's camelCase sellerSku / productName / quantityOrdered / unitPrice). The buyer key is
// buyerProxyEmail, the anonymised but stable relay address — the same key the order report import uses.
import * as z from "zod"

import type { CapturedOrder, OrderStatus } from "../../core/types"
import { minorDigits } from "../../core/segments"
import { parseMoneyText } from "../parse"
import { answerRows } from "../rows"
import type { ParseResult } from "../types"
import { amazonBuyerKey } from "../../core/retention"

const money = z.looseObject({ Amount: z.union([z.number(), z.string()]), CurrencyCode: z.string() })
const loose = z.looseObject({})

const itemSchema = z.looseObject({
  Title: z.string().optional(),
  productName: z.string().optional(),
  SellerSKU: z.string().optional(),
  sellerSku: z.string().optional(),
  QuantityOrdered: z.number().optional(),
  quantityOrdered: z.number().optional(),
  unitPrice: money.optional(),
  ItemCost: z.looseObject({ UnitPrice: money.nullish() }).optional()
})

const orderSchema = z.looseObject({
  amazonOrderId: z.string().regex(/^\d{3}-\d{7}-\d{7}$/),
  buyerProxyEmail: z.string().min(3),
  buyerName: z.string().nullish(),
  purchaseDate: z.number().optional(),
  orderDate: z.number().optional(),
  orderStatus: z.union([z.string(), z.looseObject({ OrderStatus: z.string() })]).optional(),
  orderCost: z.looseObject({ GrandTotal: money.nullish(), RefundTotal: money.nullish() }).optional(),
  orderItems: z.array(itemSchema).default([])
})

const STATUS: Record<string, OrderStatus> = {
  pending: "unpaid",
  pendingavailability: "unpaid",
  unshipped: "paid",
  partiallyshipped: "paid",
  shipping: "paid",
  shipped: "shipped",
  canceled: "closed",
  cancelled: "closed"
}

function toMinor(m: z.infer<typeof money>): { minor: number; currency: string } | null {
  const currency = m.CurrencyCode.toUpperCase()
  if (!/^[A-Z]{3}$/.test(currency)) return null
  const minor = parseMoneyText(String(m.Amount), minorDigits(currency))
  return minor === null ? null : { minor, currency }
}

/** One API answer to orders; null when the answer is not an orders-api one. */
export function parseOrdersApiAnswer(body: unknown, shopId: string): ParseResult | null {
  const list = z.looseObject({ orders: z.array(z.unknown()) }).safeParse(body)
  const single = z.looseObject({ order: loose }).safeParse(body)
  const raws: unknown[] = list.success ? list.data.orders : single.success ? [single.data.order] : []
  if (!list.success && !single.success) return null
  const { orders, problems, refused, refuse, accept } = answerRows()
  raws.forEach((raw, index) => {
    const row = `order ${index + 1}`
    const parsed = orderSchema.safeParse(raw)
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(order)"))].join(", ")
      return refuse(index, "unreadable", `${row}: missing or unreadable ${fields}`)
    }
    const o = parsed.data
    const seconds = o.purchaseDate ?? o.orderDate
    if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) {
      return refuse(index, "date", `${row} ${o.amazonOrderId}: no purchaseDate/orderDate`)
    }
    const statusText = typeof o.orderStatus === "string" ? o.orderStatus : (o.orderStatus?.OrderStatus ?? "")
    // The list search is filtered by status tab and may not say it per order: a listed order was placed.
    const status = statusText ? STATUS[statusText.toLowerCase().replace(/\s+/g, "")] : "paid"
    if (!status) {
      return refuse(index, "status", `${row} ${o.amazonOrderId}: unknown order status "${statusText}"`)
    }
    let total = o.orderCost?.GrandTotal ? toMinor(o.orderCost.GrandTotal) : null
    if (!total) {
      // The list answer has no order total: add up the items.
      let sum = 0
      let currency = ""
      for (const item of o.orderItems) {
        const unit = item.unitPrice ?? item.ItemCost?.UnitPrice
        const m = unit ? toMinor(unit) : null
        if (!m || (currency && m.currency !== currency))
          return refuse(index, "amount", `${row} ${o.amazonOrderId}: unreadable item price`)
        currency = m.currency
        sum += m.minor * (item.quantityOrdered ?? item.QuantityOrdered ?? 1)
      }
      if (!currency)
        return refuse(index, "amount", `${row} ${o.amazonOrderId}: no order total and no item prices`)
      total = { minor: sum, currency }
    }
    const refund = o.orderCost?.RefundTotal ? toMinor(o.orderCost.RefundTotal) : null
    const order: CapturedOrder = {
      platform: "amazon",
      shopId,
      orderId: o.amazonOrderId,
      // The relay address's pseudonym is the key (src/core/retention.ts): the address itself is forgotten
      // 30 days after the order (Amazon's Data Protection Policy); the key, and so the buyer's history, stays.
      buyerId: amazonBuyerKey(o.buyerProxyEmail),
      buyerEmail: o.buyerProxyEmail.toLowerCase(),
      createdAt: Math.round(seconds * 1000),
      status,
      amount: total.minor,
      refunded: Math.min(total.minor, Math.max(0, refund?.minor ?? 0)),
      currency: total.currency,
      items: o.orderItems.map((item) => ({
        title: (item.Title ?? item.productName ?? "").slice(0, 500),
        quantity: item.QuantityOrdered ?? item.quantityOrdered ?? 1,
        ...((item.SellerSKU ?? item.sellerSku) ? { sku: item.SellerSKU ?? item.sellerSku } : {})
      }))
    }
    if (o.buyerName) order.buyerNick = o.buyerName
    accept(index, order)
  })
  return { orders, rowsSeen: raws.length, problems, refused }
}
