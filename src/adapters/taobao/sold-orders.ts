// Reads the sold-orders JSON (asyncSold.htm) that the list page loads, one main order at a time,
// so one unreadable row is reported without losing the others.
//
// Taobao buyers are keyed on their member nick (买家会员名, buyer.nick), never on the numeric buyer.id:
// the official order export carries the nick only, so a buyer imported from it and then seen here must
// get the same key. A row without a nick is reported, not stored under some other key. See taobaoBuyerOf.
//
// The 千牛 workbench asks for hidden nicks (isHideNick=true): buyer.nick may come masked ("t**1") and
// buyer.decodeNick may carry the full one. A full nick (decodeNick first) keys the buyer as above; a masked
// one never does (two buyers can share it): the buyer is keyed on a stand-in made from buyer.id, shown with
// the masked nick, and joined to the full nick's customer once that is seen (src/core/buyer-identity.ts).
// A masked nick without a buyer.id identifies nobody: the row is refused with that reason.
//
// A throttled request is answered with {"rgv587_flag": "sm", "url": ".../punish/..."}: not an order list,
// and not a changed layout either; it is reported as throttling.
import * as z from "zod"
import { isMaskedName, isStandIn, standInBuyerId } from "../../core/buyer-identity"
import type { OrderStatus } from "../../core/types"
import type { RefusalReason } from "../../messages"
import { CHINA_OFFSET_MINUTES, parseFixedOffsetDateTime, parseMoneyText } from "../parse"
import { answerRows } from "../rows"
import type { ParseResult } from "../types"

/** statusInfo.text -> order status. A purchase is an order that was paid; closed and unpaid are not. */
const STATUS_BY_TEXT: [prefix: string, status: OrderStatus][] = [
  ["交易成功", "completed"],
  ["买家已付款", "paid"],
  ["卖家已发货", "shipped"],
  ["交易关闭", "closed"],
  ["等待买家付款", "unpaid"]
]

/**
 * A Taobao / Tmall buyer's key and shown name: both the member nick (trimmed), the one identifier that the
 * export, the sold-orders list, the order detail page and the chat window all show. Null without a nick.
 */
export function taobaoBuyerOf(nick: string): { buyerId: string; buyerNick: string } | null {
  const n = nick.trim()
  return n ? { buyerId: n, buyerNick: n } : null
}

export function taobaoStatus(text: string): OrderStatus | null {
  const t = text.trim()
  for (const [prefix, status] of STATUS_BY_TEXT) if (t.startsWith(prefix)) return status
  return null
}

const text = z.union([z.string(), z.number()]).transform(String)

const subOrderSchema = z.looseObject({
  itemInfo: z.looseObject({ title: z.string() }).optional(),
  quantity: text.optional(),
  priceInfo: z.looseObject({ original: text.optional(), realTotal: text.optional() }).optional()
})

const mainOrderSchema = z.looseObject({
  orderInfo: z.looseObject({ id: text, createTime: z.string() }),
  buyer: z.looseObject({ nick: z.string(), decodeNick: z.string().optional(), id: text.optional() }),
  payInfo: z.looseObject({ actualFee: text }),
  statusInfo: z.looseObject({ text: z.string() }),
  subOrders: z.array(subOrderSchema).optional()
})

const answerSchema = z.looseObject({ mainOrders: z.array(z.unknown()) })
const throttledSchema = z.looseObject({ rgv587_flag: z.string() })

/** What the seller is told when Taobao answers with its anti-crawler check instead of orders. */
export const THROTTLED_PROBLEM =
  "Taobao is limiting requests (it answered with its security check, not the order list): wait a few minutes, then reload the page. Nothing was stored from this answer."

/** The buyer of one sold-orders row: full nick when the answer has one, else a stand-in for a masked nick. */
export function soldOrderBuyer(buyer: {
  nick: string
  decodeNick?: string
  id?: string
}):
  | { buyerId: string; buyerNick: string; platformBuyerId?: string }
  | { problem: string; reason: RefusalReason } {
  const id = buyer.id !== undefined && /^\d{1,30}$/.test(buyer.id.trim()) ? buyer.id.trim() : undefined
  const names = [buyer.decodeNick, buyer.nick].map((n) => n?.trim() ?? "").filter((n) => n !== "")
  if (names.some((n) => n.includes("\uFFFD")))
    return { problem: "buyer nick unreadable (its bytes were not decoded cleanly)", reason: "unreadable" }
  const full = names.find((n) => !isMaskedName(n))
  if (full !== undefined) {
    const key = taobaoBuyerOf(full)!
    return { ...key, ...(id !== undefined ? { platformBuyerId: id } : {}) }
  }
  if (names.length === 0)
    return { problem: "no buyer nick (buyer.nick), so no buyer to file it under", reason: "noBuyer" }
  if (id === undefined)
    return {
      problem: `buyer nick hidden ("${names[0]}") and no buyer.id: other buyers may share that hidden nick`,
      reason: "noBuyer"
    }
  return { buyerId: standInBuyerId(id), buyerNick: names[0], platformBuyerId: id }
}

export function parseSoldOrdersAnswer(body: unknown, shopId: string): ParseResult | null {
  const answer = answerSchema.safeParse(body)
  if (!answer.success) {
    if (throttledSchema.safeParse(body).success)
      return { orders: [], rowsSeen: 0, problems: [THROTTLED_PROBLEM], notice: "throttled" }
    return null
  }
  const { orders, problems, refused, refuse, accept } = answerRows()
  answer.data.mainOrders.forEach((raw, index) => {
    const row = `order ${index + 1}`
    const parsed = mainOrderSchema.safeParse(raw)
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ")
      refuse(index, "unreadable", `${row}: missing or unreadable ${fields}`)
      return
    }
    const o = parsed.data
    const createdAt = parseFixedOffsetDateTime(o.orderInfo.createTime, CHINA_OFFSET_MINUTES)
    const amount = parseMoneyText(o.payInfo.actualFee)
    const status = taobaoStatus(o.statusInfo.text)
    const seen = soldOrderBuyer(o.buyer)
    if ("problem" in seen) return refuse(index, seen.reason, `${row}: ${seen.problem}`)

    if (createdAt === null)
      return refuse(index, "date", `${row}: unreadable createTime "${o.orderInfo.createTime}"`)
    if (amount === null)
      return refuse(index, "amount", `${row}: unreadable actualFee "${o.payInfo.actualFee}"`)
    if (status === null) return refuse(index, "status", `${row}: unknown status "${o.statusInfo.text}"`)
    if (!/^\d+$/.test(o.orderInfo.id))
      return refuse(index, "orderNumber", `${row}: order number "${o.orderInfo.id}" is not digits`)
    accept(index, {
      platform: "taobao",
      shopId,
      orderId: o.orderInfo.id,
      ...seen,
      createdAt,
      status,
      amount,
      refunded: 0,
      currency: "CNY",
      items: (o.subOrders ?? []).map((s) => ({
        title: s.itemInfo?.title ?? "",
        quantity: Number(s.quantity ?? 1) || 1,
        price:
          s.priceInfo?.original !== undefined
            ? (parseMoneyText(s.priceInfo.original) ?? undefined)
            : undefined
      }))
    })
  })
  return {
    orders,
    rowsSeen: answer.data.mainOrders.length,
    problems,
    refused,
    buyers: new Set(orders.map((o) => o.buyerId)).size,
    maskedBuyers: new Set(orders.filter(isStandIn).map((o) => o.buyerId)).size
  }
}
