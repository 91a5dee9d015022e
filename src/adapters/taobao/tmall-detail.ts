// Reads the order on Tmall's order detail page (trade.tmall.com/detail/orderDetail.htm?biz_order_id=…). The
// page carries its order in an inline script as an object literal, `var detailData = {…};`, in JSON form.
// The literal is cut out by matching its braces outside strings and read with JSON.parse, never evaluated:
// it is page-controlled. Its large numbers (orders.id) lose digits in JSON.parse, so the order number is
// read from the 订单编号 text instead.
//
// Field paths follow a public saved sample of the page (the buyer's side; see the fixture's header):
// basic.lists[] {key, content[] {type, text, moreList[] {key, content[]}}} with 订单编号 and, in its
// "more" list, 成交时间 and 付款时间; amount.count[][] .content[].data {titleLink.text, money.text} with 实付款;
// orders.list[].status[].subOrders[] {itemInfo.title, quantity, priceInfo[].text}; tradeStatus (the open
// platform's trade status code). Assumed for the seller's side: a 买家 entry in basic.lists mirroring the
// buyer side's 商家 entry (an html snippet whose data-nick attribute holds the counterpart's member nick).
// The receiver entry (收货地址: name, phone, address) is never read.
import * as z from "zod"
import type { CapturedOrder, OrderStatus } from "../../core/types"
import { CHINA_OFFSET_MINUTES, parseFixedOffsetDateTime, parseMoneyText } from "../parse"
import type { RefusalReason } from "../../messages"
import { answerRows } from "../rows"
import type { ParseResult } from "../types"
import { taobaoBuyerOf } from "./sold-orders"

const START = /\bvar\s+detailData\s*=\s*\{/

/** The text of the object literal whose "{" is at `open`, up to its matching "}"; null when unbalanced. */
export function sliceObjectLiteral(text: string, open: number): string | null {
  let depth = 0
  let quote: string | null = null
  for (let i = open; i < text.length; i++) {
    const c = text[i]
    if (quote !== null) {
      if (c === "\\") i++
      else if (c === quote) quote = null
      continue
    }
    if (c === '"' || c === "'") quote = c
    else if (c === "{") depth++
    else if (c === "}" && --depth === 0) return text.slice(open, i + 1)
  }
  return null
}

/** The Tmall detail page's data object from its inline scripts' texts; null when no script carries it. */
export function extractTmallDetailData(
  scriptTexts: readonly string[]
): { data: unknown } | { error: string } | null {
  for (const text of scriptTexts) {
    const m = START.exec(text)
    if (!m) continue
    const literal = sliceObjectLiteral(text, m.index + m[0].length - 1)
    if (literal === null) return { error: "the order data (var detailData = {…}) is cut off" }
    try {
      return { data: JSON.parse(literal) as unknown }
    } catch {
      return { error: "the order data (var detailData = {…}) is not plain JSON" }
    }
  }
  return null
}

/** tradeStatus, the open platform's trade status codes -> order status. */
const STATUS_BY_CODE: Record<string, OrderStatus> = {
  TRADE_NO_CREATE_PAY: "unpaid",
  WAIT_BUYER_PAY: "unpaid",
  PAY_PENDING: "unpaid",
  WAIT_SELLER_SEND_GOODS: "paid",
  SELLER_CONSIGNED_PART: "shipped",
  WAIT_BUYER_CONFIRM_GOODS: "shipped",
  TRADE_BUYER_SIGNED: "shipped",
  TRADE_FINISHED: "completed",
  TRADE_CLOSED: "closed",
  TRADE_CLOSED_BY_TAOBAO: "closed"
}

const contentSchema = z.looseObject({
  type: z.string().optional(),
  text: z.string().optional(),
  moreList: z.array(z.unknown()).optional()
})
const entrySchema = z.looseObject({ key: z.string(), content: z.array(z.unknown()) })
const amountSchema = z.looseObject({
  data: z.looseObject({
    titleLink: z.looseObject({ text: z.string() }),
    money: z.looseObject({ text: z.string() })
  })
})
const text = z.union([z.string(), z.number()]).transform(String)
const subOrderSchema = z.looseObject({
  itemInfo: z.looseObject({ title: z.string() }).optional(),
  quantity: text.optional(),
  priceInfo: z.array(z.looseObject({ text: z.string() })).optional()
})

const detailSchema = z.looseObject({
  basic: z.looseObject({ lists: z.array(entrySchema) }),
  amount: z.looseObject({ count: z.array(z.array(z.looseObject({ content: z.array(z.unknown()) }))) }),
  orders: z.looseObject({
    list: z.array(
      z.looseObject({ status: z.array(z.looseObject({ subOrders: z.array(subOrderSchema).optional() })) })
    )
  }),
  tradeStatus: z.string()
})

/** Every `key: content` entry of basic.lists, those in the "more" lists included; keys without a colon. */
function entries(lists: z.infer<typeof entrySchema>[]): Map<string, z.infer<typeof contentSchema>[]> {
  const out = new Map<string, z.infer<typeof contentSchema>[]>()
  const add = (entry: unknown) => {
    const e = entrySchema.safeParse(entry)
    if (!e.success) return
    const content = e.data.content.flatMap((c) => {
      const parsed = contentSchema.safeParse(c)
      return parsed.success ? [parsed.data] : []
    })
    const key = e.data.key.trim().replace(/[:：]$/, "")
    if (!out.has(key)) out.set(key, content)
    for (const c of content) for (const more of c.moreList ?? []) add(more)
  }
  for (const entry of lists) add(entry)
  return out
}

const firstText = (content: z.infer<typeof contentSchema>[] | undefined) =>
  content?.find((c) => c.type !== "more" && c.text !== undefined)?.text?.trim()

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }

/** An attribute's text with HTML character references decoded (read as text, never parsed as HTML). */
function decodeAttribute(value: string): string {
  return value.replace(/&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-z]+));/g, (whole, dec, hex, name) => {
    if (name !== undefined) return ENTITIES[name] ?? whole
    const code = dec !== undefined ? Number(dec) : parseInt(hex, 16)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

/** The buyer's member nick from the 买家 entry: the data-nick of its html snippet, or its plain text. */
function buyerNickOf(content: z.infer<typeof contentSchema>[] | undefined): string {
  for (const c of content ?? []) {
    if (c.text === undefined || c.type === "more") continue
    if (c.type === "html") {
      const m = /\bdata-nick=(?:'([^']*)'|"([^"]*)")/.exec(c.text)
      if (m) return decodeAttribute(m[1] ?? m[2])
    } else return c.text
  }
  return ""
}

/** The order a Tmall detail page's data holds: one row, read in full or reported with what is missing. */
export function parseTmallDetailData(body: unknown, shopId: string): ParseResult {
  const rows = answerRows()
  const result = (): ParseResult => ({
    orders: rows.orders,
    rowsSeen: 1,
    problems: rows.problems,
    refused: rows.refused,
    pageKind: "order-detail"
  })
  const fail = (reason: RefusalReason, message: string): ParseResult => {
    rows.refuse(0, reason, `order detail (Tmall): ${message}`)
    return result()
  }
  const parsed = detailSchema.safeParse(body)
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.slice(0, 2).join(".") || "(data)"))]
    return fail("unreadable", `missing or unreadable ${fields.join(", ")}`)
  }
  const d = parsed.data
  const info = entries(d.basic.lists)
  const orderId = firstText(info.get("订单编号"))
  const created = firstText(info.get("成交时间") ?? info.get("创建时间"))
  const paid = firstText(info.get("付款时间"))
  const paidRow = d.amount.count.flat().flatMap((row) =>
    row.content.flatMap((c) => {
      const a = amountSchema.safeParse(c)
      return a.success && a.data.data.titleLink.text.trim().startsWith("实付款")
        ? [a.data.data.money.text]
        : []
    })
  )[0]
  const buyer = taobaoBuyerOf(buyerNickOf(info.get("买家")))
  const createdAt = created === undefined ? null : parseFixedOffsetDateTime(created, CHINA_OFFSET_MINUTES)
  const paidAt = paid ? parseFixedOffsetDateTime(paid, CHINA_OFFSET_MINUTES) : null
  const amount = paidRow === undefined ? null : parseMoneyText(paidRow)
  const status = Object.hasOwn(STATUS_BY_CODE, d.tradeStatus) ? STATUS_BY_CODE[d.tradeStatus] : null
  if (orderId === undefined || !/^\d+$/.test(orderId))
    return fail("orderNumber", `order number (订单编号) "${orderId ?? "(none)"}" is not digits`)
  if (buyer === null) return fail("noBuyer", "no buyer nick (basic.lists 买家), so no buyer to file it under")
  if (createdAt === null) return fail("date", `unreadable 成交时间 "${created ?? "(none)"}"`)
  if (paid && paidAt === null) return fail("date", `unreadable 付款时间 "${paid}"`)
  if (amount === null) return fail("amount", `unreadable 实付款 "${paidRow ?? "(none)"}"`)
  if (status === null) return fail("status", `unknown tradeStatus "${d.tradeStatus}"`)
  const order: CapturedOrder = {
    platform: "taobao",
    shopId,
    orderId,
    ...buyer,
    createdAt,
    status,
    amount,
    refunded: 0,
    currency: "CNY",
    items: d.orders.list.flatMap((l) =>
      l.status.flatMap((s) =>
        (s.subOrders ?? []).map((sub) => {
          const priceText = sub.priceInfo?.[0]?.text
          const price = priceText !== undefined ? parseMoneyText(priceText) : null
          const quantity = Number(sub.quantity ?? 1)
          return {
            title: sub.itemInfo?.title ?? "",
            quantity: Number.isInteger(quantity) && quantity > 0 && quantity <= 1_000_000 ? quantity : 1,
            ...(price !== null && price >= 0 ? { price } : {})
          }
        })
      )
    )
  }
  if (paidAt !== null) order.paidAt = paidAt
  rows.accept(0, order, `order detail (Tmall) ${orderId}`)
  return result()
}
