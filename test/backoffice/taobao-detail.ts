// The order detail page's inline data for one imitation order, in the shape test/backoffice/taobao/
// order_detail.html describes (public code's reading of the real page; mainOrder.buyer assumed), and
// the page itself. The receiver line holds a made-up mobile number: the test proves it is never stored.
import { chinaTimeText, type DemoOrder } from "./taobao-data"

/** A made-up receiver for every order: a name, a mobile number, a street address. */
export const RECEIVER = {
  name: "陈小平",
  mobile: "13812345623",
  address: "浙江省 杭州市 西湖区 文三路 100号"
}

export function orderDetailData(order: DemoOrder, layout: "v1" | "v2" = "v1"): unknown {
  const o = order.raw
  const paid = order.status !== "等待买家付款" && order.status !== "交易关闭"
  const lines = [
    { content: [{ type: "line", value: { name: "订单编号:", value: o.id } }] },
    { content: [{ type: "line", value: { name: "创建时间:", value: o.orderInfo.createTime } }] },
    ...(paid
      ? [
          {
            content: [
              { type: "line", value: { name: "付款时间:", value: chinaTimeText(order.createdAt + 60_000) } }
            ]
          }
        ]
      : [])
  ]
  const mainOrder = {
    id: o.id,
    buyer: { id: o.buyer.id, nick: o.buyer.nick },
    statusInfo: { text: o.statusInfo.text, type: o.statusInfo.type },
    payInfo: { actualFee: { name: "实收款", value: o.payInfo.actualFee } },
    orderInfo: { lines },
    subOrders: o.subOrders.map((s) => ({
      itemInfo: { title: s.itemInfo.title, pic: s.itemInfo.pic, skuText: s.itemInfo.skuText },
      quantity: s.quantity,
      priceInfo: s.priceInfo.original
    })),
    totalPrice: [{ content: [{ value: o.payInfo.actualFee }] }]
  }
  const tabs = [
    {
      id: "logistics",
      content: { address: `${RECEIVER.name}，86-${RECEIVER.mobile}，${RECEIVER.address}，310000` }
    }
  ]
  if (layout === "v2") {
    // A release that renamed the buyer and the payment blocks.
    const { buyer, payInfo, ...rest } = mainOrder
    return {
      mainOrder: { ...rest, buyerInfo: { userId: buyer.id, displayNick: buyer.nick }, payDetail: payInfo },
      buyMessage: "",
      tabs
    }
  }
  return { mainOrder, buyMessage: "", tabs }
}

/** The body of a single-quoted JavaScript string literal holding `json`, escaped as the page writes it. */
export function singleQuotedLiteral(json: string): string {
  return json
    .replace(/\\/g, "\\\\")
    .replace(/'/g, "\\'")
    .replace(/"/g, '\\"')
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!)

export function renderOrderDetailPage(
  template: string,
  shopNick: string,
  order: DemoOrder,
  layout: "v1" | "v2" = "v1"
): string {
  const fill: Record<string, string> = {
    __SHOP_NICK__: escapeHtml(shopNick),
    __DATA_LITERAL__: singleQuotedLiteral(JSON.stringify(orderDetailData(order, layout))),
    __STATUS__: escapeHtml(order.status),
    __BUYER_NICK__: escapeHtml(order.buyerNick),
    __ORDER_ID__: escapeHtml(order.orderId),
    __CREATED__: escapeHtml(order.raw.orderInfo.createTime),
    __ACTUAL_FEE__: escapeHtml(order.raw.payInfo.actualFee),
    __ADDRESS__: escapeHtml(`${RECEIVER.name}，86-${RECEIVER.mobile}，${RECEIVER.address}`)
  }
  return template.replace(/__[A-Z_]+__/g, (k) => fill[k] ?? k)
}
