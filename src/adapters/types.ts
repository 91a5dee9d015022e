// The one interface every marketplace adapter implements. Page knowledge (URLs, selectors, JSON field
// names) lives inside each adapter's folder; the rest of Huike only talks to this interface.
import type { CapturedOrder, Platform } from "../core/types"
import type { HistorySource } from "../history/reader"
import type { RefusedRow } from "../messages"

export type PageKind = "order-list" | "order-detail" | "customer" | "chat"

export interface ParseResult {
  /** Orders that passed every check; safe to store. */
  orders: CapturedOrder[]
  /** Rows the source held, readable or not: "0 of 15 orders read" needs both numbers. */
  rowsSeen: number
  /** One line per row or field that could not be read, for the capture log and the popup warning. */
  problems: string[]
  /** Each row not stored, with its reason (src/messages.ts REFUSAL_REASONS): the popup groups them. */
  refused?: RefusedRow[]
  /** The page the answer belongs to, when the answer says so better than the address bar does (a
   *  single-page admin may load the next page's data before it changes the URL). */
  pageKind?: PageKind
  /** Distinct buyers of the orders read, and how many of them came with a masked name ("t**1"). */
  buyers?: number
  maskedBuyers?: number
  /** The answer is not data but the marketplace refusing: "throttled" (too many requests, wait). */
  notice?: "throttled"
}

/**
 * The buyer a page is about, as its address names them: the order a message thread is about (Amazon's
 * /messaging/contact?orderID=…), or the order or customer an admin page shows. Each field is a way the store
 * may hold that buyer; the background tries them in turn (src/db/page-buyer.ts).
 */
export interface PageBuyer {
  /** An order number as the adapter stores it (CapturedOrder.orderId). */
  orderId?: string
  /** A buyer id as the adapter stores it (CapturedOrder.buyerId). */
  buyerId?: string
  /** The platform's numeric buyer id (CapturedOrder.platformBuyerId), found through the buyers it was seen with. */
  platformBuyerId?: string
}

/** A buyer's name on the page, where the overlay puts its chip. */
export interface BuyerMention {
  element: Element
  buyerNick: string
  buyerId?: string
  /** The name the store finds this buyer by, when it is not the name shown (a masked nick's stand-in). */
  lookupName?: string
}

export interface MarketplaceAdapter {
  platform: Platform
  name: { en: string; zh: string }
  /** Which kind of back-office page this is, or null when the adapter does not claim it. */
  detectPage(url: URL): PageKind | null
  /** URLs of the page's own API answers that carry orders (read in the page's main world). */
  apiPatterns: readonly RegExp[]
  /** Orders in one API answer the page loaded; null when the answer is not one this adapter reads. */
  parseApiResponse(url: string, body: unknown, shopId: string): ParseResult | null
  /** Pages whose rows' markup is unknown (a single-page workbench): chips follow the orders the page's
   *  answers named — next to each order's buyer name, found by its order number — not selectors. */
  tagsRowsFromAnswers?(url: URL): boolean
  /** Orders the page carries in itself (data written into its HTML, not loaded by a request), read once
   *  the document is parsed; null when this page holds none. */
  readPageOrders?(doc: Document, shopId: string): ParseResult | null
  /** The logged-in seller's shop, read from the page; null when the page does not show it. */
  readShopId(doc: Document): string | null
  /** Rows of orders rendered on the page (to cross-check what the API gave, or when no API answer came). */
  countDomRows(root: ParentNode): number
  /** Elements the overlay should tag, once each; returns only elements not yet tagged. */
  findBuyerMentions(root: ParentNode): BuyerMention[]
  /** Reads the buyer shown by one anchor element (the overlay gets elements back from the framework). */
  buyerOfMention(element: Element): BuyerMention | null
  /** A message centre (reps answer buyers there, markup unknown): tagging by known names runs on it even
   *  where the adapter claims the page for its own chips. */
  isMessageCentre?(url: URL): boolean
  /** The buyer the page's address names (a thread's order, an order or customer page); null when none. */
  pageBuyer?(url: URL): PageBuyer | null
  /** How the sold-orders list's own request is repeated page by page to read the whole history. */
  history?: HistorySource
}
