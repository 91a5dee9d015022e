// Reads the order on Taobao's order detail page (trade.taobao.com/detail/orderDetail.htm?bizOrderId=…).
// The page carries its order in an inline script, `var data = JSON.parse('…')` (public code that reads
// these pages cuts out exactly that literal); the rendered page is built from it, so reading the data
// beats reading the markup. The literal is decoded here by hand, never evaluated: it is page-controlled.
//
// Field paths (mainOrder.id, .statusInfo.text, .payInfo.actualFee.value, .orderInfo.lines[].content[]
// .value {name, value}, .subOrders[].itemInfo.title) follow that public code; mainOrder.buyer {id, nick}
// is assumed to match the sold-orders list's `buyer`. The buyer is keyed on the nick, like everywhere on
// Taobao (see taobaoBuyerOf); the numeric id is not read. Addresses and phones (tabs[logistics]) are never read.
import * as z from "zod"
import type { CapturedOrder } from "../../core/types"
import { CHINA_OFFSET_MINUTES, parseFixedOffsetDateTime, parseMoneyText } from "../parse"
import type { RefusalReason } from "../../messages"
import { answerRows } from "../rows"
import type { ParseResult } from "../types"
import { taobaoBuyerOf, taobaoStatus } from "./sold-orders"
import { extractTmallDetailData, parseTmallDetailData } from "./tmall-detail"

/** `var data = JSON.parse('…')` (or "…"), as the detail page writes it. */
const DATA_LITERAL = /\bvar\s+data\s*=\s*JSON\.parse\(\s*(['"])((?:(?!\1)[^\\]|\\[\s\S])*)\1\s*\)/

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  v: "\v",
  0: "\0"
}

/** The text a JavaScript string literal's body stands for; null when an escape is malformed. */
export function decodeJsStringBody(body: string): string | null {
  let bad = false
  const text = body.replace(
    /\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(\r\n|[\r\n\u2028\u2029])|([\s\S]))/g,
    (_, braced?: string, u4?: string, x2?: string, lineBreak?: string, single?: string) => {
      const hex = braced ?? u4 ?? x2
      if (hex !== undefined) {
        const code = parseInt(hex, 16)
        if (code > 0x10ffff) bad = true
        return bad ? "" : String.fromCodePoint(code)
      }
      if (lineBreak !== undefined) return ""
      if (single === "u" || single === "x") bad = true
      return SIMPLE_ESCAPES[single!] ?? single!
    }
  )
  return bad ? null : text
}

/** The detail page's data object from its inline scripts' texts; null when no script carries it. */
export function extractDetailData(
  scriptTexts: readonly string[]
): { data: unknown } | { error: string } | null {
  for (const text of scriptTexts) {
    const m = DATA_LITERAL.exec(text)
    if (!m) continue
    const json = decodeJsStringBody(m[2])
    if (json === null) return { error: "the order data (var data = JSON.parse(…)) has a malformed escape" }
    try {
      return { data: JSON.parse(json) as unknown }
    } catch {
      return { error: "the order data (var data = JSON.parse(…)) is not valid JSON" }
    }
  }
  return null
}

const text = z.union([z.string(), z.number()]).transform(String)

const infoLineSchema = z.looseObject({
  content: z.array(z.looseObject({ value: z.unknown() })).optional()
})
const nameValueSchema = z.looseObject({ name: z.string(), value: text })

const detailSchema = z.looseObject({
  mainOrder: z.looseObject({
    id: text,
    buyer: z.looseObject({ nick: z.string() }),
    statusInfo: z.looseObject({ text: z.string() }),
    payInfo: z.looseObject({ actualFee: z.looseObject({ value: text }) }),
    orderInfo: z.looseObject({ lines: z.array(infoLineSchema) }),
    subOrders: z
      .array(
        z.looseObject({
          itemInfo: z.looseObject({ title: z.string() }).optional(),
          quantity: text.optional(),
          priceInfo: text.optional()
        })
      )
      .optional()
  })
})

/** The `name: value` pairs of the order-information block (订单编号, 创建时间, 付款时间 …). */
function infoValues(lines: z.infer<typeof infoLineSchema>[]): { name: string; value: string }[] {
  return lines.flatMap((line) =>
    (line.content ?? []).flatMap((c) => {
      const pair = nameValueSchema.safeParse(c.value)
      return pair.success ? [pair.data] : []
    })
  )
}

/** The order a detail page's data holds: one row, read in full or reported with what is missing. */
export function parseOrderDetailData(body: unknown, shopId: string): ParseResult {
  const parsed = detailSchema.safeParse(body)
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(data)"))].join(", ")
    return {
      orders: [],
      rowsSeen: 1,
      problems: [`order detail: missing or unreadable ${fields}`],
      refused: [
        {
          row: 1,
          reason: "unreadable",
          detail: `order detail: missing or unreadable ${fields}`.slice(0, 500)
        }
      ],
      pageKind: "order-detail"
    }
  }
  const o = parsed.data.mainOrder
  const info = infoValues(o.orderInfo.lines)
  const created = info.find((p) => p.name.includes("创建时间"))?.value
  const paid = info.find((p) => p.name.includes("付款时间"))?.value
  const createdAt = created === undefined ? null : parseFixedOffsetDateTime(created, CHINA_OFFSET_MINUTES)
  const paidAt = paid ? parseFixedOffsetDateTime(paid, CHINA_OFFSET_MINUTES) : null
  const amount = parseMoneyText(o.payInfo.actualFee.value)
  const status = taobaoStatus(o.statusInfo.text)
  const buyer = taobaoBuyerOf(o.buyer.nick)
  const rows = answerRows()
  const result = (): ParseResult => ({
    orders: rows.orders,
    rowsSeen: 1,
    problems: rows.problems,
    refused: rows.refused,
    pageKind: "order-detail"
  })
  const fail = (reason: RefusalReason, message: string): ParseResult => {
    rows.refuse(0, reason, `order detail: ${message}`)
    return result()
  }
  if (buyer === null)
    return fail("noBuyer", "no buyer nick (mainOrder.buyer.nick), so no buyer to file it under")
  if (createdAt === null) return fail("date", `unreadable 创建时间 "${created ?? "(none)"}"`)
  if (paid && paidAt === null) return fail("date", `unreadable 付款时间 "${paid}"`)
  if (amount === null) return fail("amount", `unreadable actualFee "${o.payInfo.actualFee.value}"`)
  if (status === null) return fail("status", `unknown status "${o.statusInfo.text}"`)
  if (!/^\d+$/.test(o.id)) return fail("orderNumber", `order number "${o.id}" is not digits`)
  const order: CapturedOrder = {
    platform: "taobao",
    shopId,
    orderId: o.id,
    ...buyer,
    createdAt,
    status,
    amount,
    refunded: 0,
    currency: "CNY",
    items: (o.subOrders ?? []).map((s) => {
      const price = s.priceInfo !== undefined ? parseMoneyText(s.priceInfo) : null
      const quantity = Number(s.quantity ?? 1)
      return {
        title: s.itemInfo?.title ?? "",
        quantity: Number.isInteger(quantity) && quantity > 0 && quantity <= 1_000_000 ? quantity : 1,
        ...(price !== null ? { price } : {})
      }
    })
  }
  if (paidAt !== null) order.paidAt = paidAt
  rows.accept(0, order, `order detail ${o.id}`)
  return result()
}

/**
 * The detail page's order from its inline scripts' texts (what `readPageOrders` hands over): Taobao's
 * `var data = JSON.parse('…')`, or else Tmall's `var detailData = {…}` (./tmall-detail.ts).
 */
export function readOrderDetailScripts(scriptTexts: readonly string[], shopId: string): ParseResult {
  const fail = (problem: string): ParseResult => ({
    orders: [],
    rowsSeen: 1,
    problems: [problem],
    refused: [{ row: 1, reason: "unreadable", detail: problem.slice(0, 500) }],
    pageKind: "order-detail"
  })
  const found = extractDetailData(scriptTexts)
  if (found !== null)
    return "error" in found ? fail(`order detail: ${found.error}`) : parseOrderDetailData(found.data, shopId)
  const tmall = extractTmallDetailData(scriptTexts)
  if (tmall !== null)
    return "error" in tmall
      ? fail(`order detail (Tmall): ${tmall.error}`)
      : parseTmallDetailData(tmall.data, shopId)
  return fail("order detail: the page holds no order data (var data = JSON.parse(…) or var detailData = {…})")
}
