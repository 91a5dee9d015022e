// The conversations the imitation message centres show (Amazon Buyer-Seller Messaging, Shopify Inbox, the
// 千牛 workbench's message page), built from the imitation shops so that the end-to-end tests know which
// buyers a seller has captured by then: each centre has threads with two buyers the test captures first (one
// a repeat buyer) and one buyer it never captured.
import type { TaobaoShopData } from "./taobao-data"
import { SHOPIFY_STORE, type WesternOrder, type WesternShop } from "./western-data"

/** One conversation: what its list item and its header show, its messages, and its address if it has one. */
export interface CentreThread {
  id: string
  /** The address of the thread (a single-page app's history entry), or null when the app keeps one address. */
  href: string | null
  list: string[]
  header: string[]
  messages: { from: string; text: string }[]
}

export interface CentrePage {
  /** The address with no thread open, or null. */
  home: string | null
  threads: CentreThread[]
}

/** A buyer a centre's test relies on: their name, and the order their thread is about. */
export interface CentreBuyer {
  name: string
  email?: string
  orderId: string
  /** Their orders among those the test captures first (0 for the buyer never captured). */
  captured: number
}

export interface Centre {
  page: CentrePage
  repeat: CentreBuyer
  single: CentreBuyer
  unknown: CentreBuyer
}

/** How many of the newest orders the tests capture before they open a centre. */
export const CAPTURED = { amazon: 100, shopify: 100, taobao: 50 } as const
export const AMAZON_MARKETPLACE = "ATVPDKIKX0DER"

/** Buyers of the first `captured` orders, by name, with their orders among them (newest first). */
function buyersOf(
  orders: readonly WesternOrder[],
  captured: number,
  clash: ReadonlySet<string>,
  /** Only buyers whose newest order is at least this recent (UTC ms). */
  newestSince = 0
) {
  const byName = new Map<string, WesternOrder[]>()
  for (const o of orders.slice(0, captured)) byName.set(o.name, [...(byName.get(o.name) ?? []), o])
  // Only buyers whose every captured order is a purchase. Preferably one whose name no buyer of the other shop
  // has (tagging by name looks across every shop: a shared name gets the "2 buyers named …" chip once both
  // shops are captured); the other shop's centre avoids this shop's names whole, and this shop's tests run first.
  const fit = [...byName].filter(
    ([, list]) => list.every((o) => o.status === "PAID") && list[0].createdAt >= newestSince
  )
  const pick = (wanted: (list: WesternOrder[]) => boolean) =>
    fit.find(([name, list]) => wanted(list) && !clash.has(name)) ?? fit.find(([, list]) => wanted(list))
  const repeat = pick((list) => list.length >= 2)
  const single = pick((list) => list.length === 1)
  const inCaptured = new Set(byName.keys())
  const unknown = orders.slice(captured).find((o) => !inCaptured.has(o.name) && !clash.has(o.name))
  if (!repeat || !single || !unknown)
    throw new Error("the imitation shop has no buyers fit for its message centre")
  const buyer = ([name, list]: [string, WesternOrder[]]): CentreBuyer => ({
    name,
    email: list[0].email,
    orderId: list[0].orderId,
    captured: list.length
  })
  return {
    repeat: buyer(repeat),
    single: buyer(single),
    unknown: { name: unknown.name, email: unknown.email, orderId: unknown.orderId, captured: 0 }
  }
}

const names = (shop: WesternShop) => new Set(shop.orders.map((o) => o.name))

export function amazonCentre(amazon: WesternShop, shopify: WesternShop): Centre {
  // Amazon buyers' names are forgotten 30 days after their orders (src/core/retention.ts, Amazon's Data
  // Protection Policy): a buyer tagged by name here has an order within that window, as the buyers writing
  // about a current order do. One whose orders are all older is tagged by order number only (README).
  const buyers = buyersOf(amazon.orders, CAPTURED.amazon, names(shopify), Date.now() - 29 * 86_400_000)
  const thread = (id: string, b: CentreBuyer, text: string): CentreThread => ({
    id,
    href: `/messaging/contact?orderID=${b.orderId}&marketplaceID=${AMAZON_MARKETPLACE}`,
    list: [b.name, b.orderId, text],
    // The header names the order inside a longer text: only the address says which order it is for sure.
    header: [b.name, `Order ID: ${b.orderId}`],
    messages: [{ from: b.name, text }]
  })
  return {
    page: {
      home: "/messaging/inbox",
      threads: [
        thread("a1", buyers.repeat, "Hello, my parcel has not arrived yet."),
        thread("a2", buyers.single, "Can I change the shipping address?"),
        thread("a3", buyers.unknown, "Is this item still in stock?")
      ]
    },
    ...buyers
  }
}

export function shopifyInboxCentre(shopify: WesternShop, amazon: WesternShop): Centre {
  const buyers = buyersOf(shopify.orders, CAPTURED.shopify, names(amazon))
  const thread = (id: string, b: CentreBuyer, text: string): CentreThread => ({
    id,
    href: `/store/${SHOPIFY_STORE}/conversations/open/${id}`,
    list: [b.name, text],
    header: [b.name, b.email ?? ""],
    messages: [{ from: b.name, text }]
  })
  return {
    page: {
      home: `/store/${SHOPIFY_STORE}/conversations/open`,
      threads: [
        thread("019dcb4a-2bab-7859-b7b5-431636b6c5a1", buyers.repeat, "Do you ship to Canada?"),
        thread("019dcb4a-2bab-7859-b7b5-431636b6c5a2", buyers.single, "Which size should I take?"),
        thread("019dcb4a-2bab-7859-b7b5-431636b6c5a3", buyers.unknown, "Hi there!")
      ]
    },
    ...buyers
  }
}

const PURCHASE = new Set(["买家已付款，等待卖家发货", "卖家已发货，等待买家确认", "交易成功"])

export function taobaoMessageCentre(taobao: TaobaoShopData): Centre {
  const captured = taobao.orders.slice(0, CAPTURED.taobao)
  const byNick = new Map<string, typeof captured>()
  for (const o of captured) byNick.set(o.buyerNick, [...(byNick.get(o.buyerNick) ?? []), o])
  // Nicks the tagging rule accepts (2+ CJK characters or 4+ characters, no masking); purchases only.
  const fit = [...byNick].filter(
    ([nick, list]) =>
      !nick.includes("*") && [...nick].length >= 4 && list.every((o) => PURCHASE.has(o.status))
  )
  const repeat = fit.find(([, list]) => list.length >= 2)
  const single = fit.find(([, list]) => list.length === 1)
  if (!repeat || !single) throw new Error("the imitation Taobao shop has no buyers fit for its message page")
  const buyer = ([name, list]: [string, typeof captured]): CentreBuyer => ({
    name,
    orderId: list[0].orderId,
    captured: list.length
  })
  const unknown: CentreBuyer = { name: "刚来逛逛的新客2026", orderId: "", captured: 0 }
  const thread = (id: string, b: CentreBuyer, text: string): CentreThread => ({
    id,
    href: null,
    list: [b.name, text],
    header: [b.name],
    messages: [{ from: b.name, text }]
  })
  return {
    page: {
      home: null,
      threads: [
        thread("q1", buyer(repeat), "亲，发货了吗？"),
        thread("q2", buyer(single), "收到了，谢谢"),
        thread("q3", unknown, "这张CD还有货吗？")
      ]
    },
    repeat: buyer(repeat),
    single: buyer(single),
    unknown
  }
}
