// Taobao / Tmall official order export (订单报表): CSV, GBK-encoded (decoding happens before this, see
// ../encoding.ts), one row per order. Header names are matched after trimming (some releases end names
// with a space), unknown extra columns are ignored, and order numbers written as ="123..." or with a
// leading tab are unwrapped. Times are China time (UTC+8). Spend is 买家实际支付金额 (what the buyer
// actually paid); 退款金额, when the export has it, is the refund.
//
// Only what features use is kept: order, buyer member name, amounts, status, times, item titles, and the
// last four digits of 联系手机 (else 联系电话) for the side panel's "number ends …" search. The receiver's
// name and address and the rest of the phone number are never read.
import { phoneTailOf } from "../../core/privacy"
import type { CapturedOrder } from "../../core/types"
import {
  cellOf,
  Columns,
  ImportError,
  isBlankRow,
  readCsvRows,
  type CsvRow,
  type ImportOptions,
  type ImportResult,
  refuseOutOfLimits
} from "../csv"
import { CHINA_OFFSET_MINUTES, parseFixedOffsetDateTime, parseMoneyText } from "../parse"
import { taobaoBuyerOf, taobaoStatus } from "./sold-orders"

const REQUIRED = {
  orderId: "订单编号",
  buyer: "买家会员名",
  paid: "买家实际支付金额",
  status: "订单状态",
  createdAt: "订单创建时间"
} as const

/** True for the header of a Taobao order export. */
export function detectTaobaoExport(head: readonly CsvRow[]): boolean {
  if (head.length === 0) return false
  const cols = new Columns(head[0].fields)
  return cols.has(REQUIRED.orderId) && cols.has(REQUIRED.buyer) && cols.has(REQUIRED.paid)
}

export function parseTaobaoExport(text: string, opts: ImportOptions = {}): ImportResult {
  const rows = readCsvRows(text, { delimiter: "," })
  if (rows.length === 0 || isBlankRow(rows[0])) throw new ImportError(1, "the file is empty")
  const cols = new Columns(rows[0].fields)
  const c = cols.require(REQUIRED, 1, "Taobao order export")
  const iPaidAt = cols.find("订单付款时间")
  const iRefund = cols.find("退款金额")
  const iTitle = cols.find("宝贝标题")
  const iQuantity = cols.find("宝贝总数量")
  const iShopId = cols.find("店铺Id")
  const iShopName = cols.find("店铺名称")
  const iMobile = cols.find("联系手机")
  const iPhone = cols.find("联系电话")

  const result: ImportResult = { orders: [], rows: 0, problems: [], notes: [] }
  if (iRefund < 0) result.notes.push("this export has no 退款金额 (refund) column: refunds are not known")
  const seen = new Map<string, number>()
  for (const row of rows.slice(1)) {
    if (isBlankRow(row)) continue
    result.rows++
    const problem = (message: string) => result.problems.push({ line: row.line, message })
    const orderId = cellOf(row, c.orderId)
    if (!/^\d+$/.test(orderId)) {
      problem(`订单编号 "${orderId}" is not an order number`)
      continue
    }
    // The buyer's key is their member nick, as on the seller pages (taobaoBuyerOf).
    const buyer = taobaoBuyerOf(cellOf(row, c.buyer))
    if (!buyer) {
      problem(`order ${orderId} has no 买家会员名 (buyer)`)
      continue
    }
    const createdText = cellOf(row, c.createdAt)
    const createdAt = parseFixedOffsetDateTime(createdText, CHINA_OFFSET_MINUTES)
    if (createdAt === null) {
      problem(`order ${orderId}: cannot read 订单创建时间 "${createdText}"`)
      continue
    }
    const statusText = cellOf(row, c.status)
    const status = taobaoStatus(statusText)
    if (status === null) {
      problem(`order ${orderId}: unknown 订单状态 "${statusText}"`)
      continue
    }
    const paidText = cellOf(row, c.paid)
    const amount = parseMoneyText(paidText)
    if (amount === null || amount < 0) {
      problem(`order ${orderId}: cannot read 买家实际支付金额 "${paidText}"`)
      continue
    }
    const refundText = cellOf(row, iRefund)
    const refunded = refundText === "" ? 0 : parseMoneyText(refundText)
    if (refunded === null || refunded < 0) {
      problem(`order ${orderId}: cannot read 退款金额 "${refundText}"`)
      continue
    }
    if (refunded > amount) {
      problem(`order ${orderId}: 退款金额 ${refundText} is more than 买家实际支付金额 ${paidText}`)
      continue
    }
    const paidAtText = cellOf(row, iPaidAt)
    const paidAt = paidAtText ? parseFixedOffsetDateTime(paidAtText, CHINA_OFFSET_MINUTES) : null
    if (paidAtText && paidAt === null) {
      problem(`order ${orderId}: cannot read 订单付款时间 "${paidAtText}"`)
      continue
    }
    const earlier = seen.get(orderId)
    if (earlier !== undefined) {
      problem(`order ${orderId} appears again (first on line ${earlier})`)
      continue
    }
    seen.set(orderId, row.line)
    const title = cellOf(row, iTitle)
    const quantity = Number(cellOf(row, iQuantity))
    const order: CapturedOrder = {
      platform: "taobao",
      shopId: opts.shopId ?? (cellOf(row, iShopName) || cellOf(row, iShopId) || "taobao"),
      orderId,
      ...buyer,
      createdAt,
      status,
      amount,
      refunded,
      currency: "CNY"
    }
    if (paidAt !== null) order.paidAt = paidAt
    const phoneTail = phoneTailOf(cellOf(row, iMobile)) ?? phoneTailOf(cellOf(row, iPhone))
    if (phoneTail) order.buyerPhoneTail = phoneTail
    if (title) order.items = [{ title, quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : 1 }]
    result.orders.push(order)
  }
  return refuseOutOfLimits(result, (o) => seen.get(o.orderId))
}
