// Reads the sold-orders JSON (asyncSold.htm) that the list page loads, one main order at a time,
// so one unreadable row is reported without losing the others.
//
// Taobao buyers are keyed on their member nick (买家会员名, buyer.nick), never on the numeric buyer.id:
// the official order export carries the nick only, so a buyer imported from it and then seen here must
// get the same key. A row without a nick is reported, not stored under some other key. See taobaoBuyerOf.
import * as z from "zod"
import type { OrderStatus } from "../../core/types"
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
  buyer: z.looseObject({ nick: z.string() }),
  payInfo: z.looseObject({ actualFee: text }),
  statusInfo: z.looseObject({ text: z.string() }),
  subOrders: z.array(subOrderSchema).optional()
})

const answerSchema = z.looseObject({ mainOrders: z.array(z.unknown()) })

export function parseSoldOrdersAnswer(body: unknown, shopId: string): ParseResult | null {
  const answer = answerSchema.safeParse(body)
  if (!answer.success) return null
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
    const buyer = taobaoBuyerOf(o.buyer.nick)
    if (buyer === null)
      return refuse(index, "noBuyer", `${row}: no buyer nick (buyer.nick), so no buyer to file it under`)
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
      ...buyer,
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
  return { orders, rowsSeen: answer.data.mainOrders.length, problems, refused }
}
