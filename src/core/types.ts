// Domain types shared by the whole product. Pure data: no browser APIs here.

/** Marketplaces Huike knows. `generic` is any CSV mapped by hand. */
export type Platform = "taobao" | "shopify" | "amazon" | "etsy" | "ebay" | "vendure" | "generic"

/** ISO 4217 code, e.g. "CNY", "USD". */
export type Currency = string

/** Money in integer minor units (fen, cents) with its currency. */
export interface Money {
  amount: number
  currency: Currency
}

/**
 * Where an order is in its life. Only `paid`, `shipped` and `completed` are purchases;
 * `unpaid` and `closed` (cancelled, voided, closed before payment or fully refunded and closed) are not.
 */
export type OrderStatus = "unpaid" | "paid" | "shipped" | "completed" | "closed"

export const PURCHASE_STATUSES: ReadonlySet<OrderStatus> = new Set(["paid", "shipped", "completed"])

export interface LineItem {
  title: string
  quantity: number
  /** Unit price in minor units. */
  price?: number
  sku?: string
}

/** One order as a marketplace adapter or an import reads it, before it is stored. */
export interface CapturedOrder {
  platform: Platform
  /** The shop the order belongs to (platform's shop id or a user-chosen name). */
  shopId: string
  /** The marketplace's own order number. Kept as a string: Taobao's are longer than 2^53. */
  orderId: string
  /** The platform's stable buyer key: buyer id, member nick, relay e-mail. Never a phone number. */
  buyerId: string
  /** The name shown on the seller's pages (买家会员名, customer name), when known. It may be masked
   *  ("t**1"): then buyerId is a stand-in made from platformBuyerId (see buyer-identity.ts). */
  buyerNick?: string
  /** The platform's own numeric buyer id, when the source shows it (Taobao's buyer.id): links a buyer whose
   *  name came masked to the same buyer seen with their full name. */
  platformBuyerId?: string
  buyerEmail?: string
  /**
   * The last four digits of the buyer's phone as the source showed it (an export's 联系手机 / Phone column),
   * for "the buyer whose number ends 5678" in the side panel's search. The rest of the number is never kept.
   */
  buyerPhoneTail?: string
  /** Order creation time, UTC ms. */
  createdAt: number
  /** Payment time, UTC ms, when known. */
  paidAt?: number
  status: OrderStatus
  /** What the buyer actually paid, minor units (买家实际支付金额). */
  amount: number
  /** Refunded so far, minor units (退款金额); reduces spend. */
  refunded: number
  currency: Currency
  items?: LineItem[]
}
