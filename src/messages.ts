// Messages between Huike's scripts. Every message is schema-checked where it is received: content
// scripts run beside pages we do not control, so nothing they send is trusted unchecked.
import * as z from "zod"

const platform = z.enum(["taobao", "shopify", "amazon", "etsy", "ebay", "vendure", "generic"])
const pageKind = z.enum(["order-list", "order-detail", "customer", "chat"])
const minorUnits = z.number().int().safe()
const utcMs = z.number().int().min(0).max(8.64e15)
const shortText = z.string().max(500)

export const capturedOrderSchema = z.strictObject({
  platform,
  shopId: z.string().min(1).max(200),
  orderId: z.string().min(1).max(100),
  buyerId: z.string().min(1).max(200),
  buyerNick: shortText.optional(),
  buyerEmail: shortText.optional(),
  createdAt: utcMs,
  paidAt: utcMs.optional(),
  status: z.enum(["unpaid", "paid", "shipped", "completed", "closed"]),
  amount: minorUnits,
  refunded: minorUnits.min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
  items: z
    .array(
      z.strictObject({
        title: shortText,
        quantity: z.number().int().min(0).max(1_000_000),
        price: minorUnits.optional(),
        sku: shortText.optional()
      })
    )
    .max(500)
    .optional()
})

/** Content script -> background: what one page visit captured. */
export const captureMessage = z.strictObject({
  type: z.literal("capture"),
  platform,
  pageKind,
  url: z.string().max(2000),
  shopId: z.string().min(1).max(200),
  rowsSeen: z.number().int().min(0),
  orders: z.array(capturedOrderSchema).max(5000),
  problems: z.array(z.string().max(1000)).max(500)
})

/** Overlay -> background: figures for the buyers named on the page, one round trip per batch. */
export const lookupMessage = z.strictObject({
  type: z.literal("lookup"),
  platform,
  shopId: z.string().min(1).max(200),
  nicks: z.array(z.string().min(1).max(200)).min(1).max(1000)
})

/** Popup -> background: what is stored. */
export const statsMessage = z.strictObject({ type: z.literal("stats") })

export const huikeMessage = z.discriminatedUnion("type", [captureMessage, lookupMessage, statsMessage])

export type CaptureMessage = z.infer<typeof captureMessage>
export type LookupMessage = z.infer<typeof lookupMessage>
export type HuikeMessage = z.infer<typeof huikeMessage>

/** What the overlay needs for one chip. */
export interface BuyerSummary {
  buyerNick: string
  orders: number
  totalSpent: number
  currency: string
  repeatBuyer: boolean
  daysSinceLastOrder: number | null
}

export interface CaptureReply {
  ok: true
  rowsStored: number
  inserted: number
  updated: number
}
export interface LookupReply {
  ok: true
  buyers: Record<string, BuyerSummary | null>
}
export interface StatsReply {
  ok: true
  shops: number
  customers: number
  orders: number
  lastCapture: {
    at: number
    platform: string
    rowsSeen: number
    rowsStored: number
    problems: string[]
  } | null
}
export interface ErrorReply {
  ok: false
  error: string
}

/** Main world -> isolated content script (window.postMessage): an API answer the page itself loaded. */
export const interceptedAnswer = z.strictObject({
  source: z.literal("huike-intercept"),
  url: z.string().max(2000),
  body: z.unknown()
})

/** DOM event the capture script fires on the page after the background stored a batch: chips refresh. */
export const CAPTURED_EVENT = "huike:captured"
