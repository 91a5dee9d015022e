// The imitation Taobao shop: CDNOW's 2,357 real buyers and 6,919 real purchases, moved so that the last
// day is today (plus three first-time buyers today), with Chinese-style member nicks and yuan amounts, in the shape of the sold-orders JSON
// (`asyncSold.htm`) described in ../shared/MARKETPLACES.md.
// Assumed where that description is silent: the sub-order quantity field (`quantity`) and price
// fields (`priceInfo.realTotal`, `priceInfo.original`), the `statusInfo.type` values, and how the
// seller's shop is named on the page. Amounts: US$ × 7, rounded to the fen.
import { readCdnow } from "./cdnow"
import { pick, seeded } from "./random"

export const SHOP = { id: "2200123456", nick: "回客唱片旗舰店" }
const DAY_MS = 86_400_000
const CHINA_OFFSET_MS = 8 * 3_600_000

export type TaobaoStatusText =
  "等待买家付款" | "买家已付款，等待卖家发货" | "卖家已发货，等待买家确认" | "交易成功" | "交易关闭"

export interface TaobaoSubOrder {
  id: string
  itemInfo: { title: string; itemUrl: string; pic: string; skuText: { name: string; value: string }[] }
  quantity: string
  priceInfo: { realTotal: string; original: string }
}

export interface TaobaoMainOrder {
  id: string
  orderInfo: { id: string; createTime: string }
  buyer: { id: string; nick: string }
  payInfo: { actualFee: string; postType: string; icons: { linkTitle: string }[] }
  statusInfo: { text: TaobaoStatusText; type: string }
  subOrders: TaobaoSubOrder[]
}

/** The truth the tests compare captured data with. */
export interface DemoOrder {
  raw: TaobaoMainOrder
  orderId: string
  buyerId: string
  buyerNick: string
  createdAt: number
  /** Fen. */
  amount: number
  status: TaobaoStatusText
}

export interface TaobaoShopData {
  shop: typeof SHOP
  /** Newest first, as the sold-orders list shows them. */
  orders: DemoOrder[]
  /** The clock the dates were shifted to (UTC ms). */
  now: number
}

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
const GIVEN =
  "小晓子文明华建国丽静敏燕艳娟霞平刚桂英芳玉兰萍红梅琳雪婷雨欣怡佳宇浩然轩涵博睿思晨阳磊鹏杰涛超勇军辉强伟"
const WORDS = ["快乐的", "爱唱歌的", "不吃香菜的", "会飞的", "安静的", "追风的", "熬夜的", "晒太阳的"]
const NOUNS = ["小鱼", "猫咪", "土豆", "星星", "橙子", "兔子", "麦兜", "汤圆", "团子", "耳机"]
const LATIN = ["lily", "tony", "coco", "kiki", "momo", "jack", "vivi", "leo", "amy", "sunny"]
const ALBUMS: [string, string][] = [
  ["周杰伦《范特西》正版CD专辑", "标准版"],
  ["王菲《寓言》CD 正版唱片", "标准版"],
  ["陈奕迅《U87》正版CD", "限量版"],
  ["邓丽君 经典金曲 2CD 正版", "2CD"],
  ["Beyond《海阔天空》精选CD", "精选"],
  ["许巍《时光·漫步》正版CD", "标准版"],
  ["窦唯《黑梦》复刻CD", "复刻版"],
  ["张学友《吻别》CD 正版", "标准版"],
  ["古典音乐 贝多芬交响曲全集 5CD", "5CD"],
  ["轻音乐 钢琴曲 车载CD", "车载版"]
]

function buyerNick(rand: () => number): string {
  const style = rand()
  if (style < 0.45) {
    const n = 1 + Math.floor(rand() * 2)
    let name = pick(rand, [...SURNAMES])
    for (let i = 0; i < n; i++) name += pick(rand, [...GIVEN])
    return rand() < 0.5 ? name + Math.floor(rand() * 100) : name
  }
  if (style < 0.7)
    return pick(rand, WORDS) + pick(rand, NOUNS) + (rand() < 0.6 ? Math.floor(rand() * 1000) : "")
  if (style < 0.85) return "tb" + String(Math.floor(rand() * 1e9)).padStart(9, "0")
  return pick(rand, LATIN) + pick(rand, [...GIVEN]) + (1970 + Math.floor(rand() * 40))
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0")
const yuan = (fen: number) => (fen / 100).toFixed(2)

/** "YYYY-MM-DD HH:MM:SS" in China time for a UTC instant. */
export function chinaTimeText(utcMs: number): string {
  const d = new Date(utcMs + CHINA_OFFSET_MS)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes()
  )}:${pad(d.getUTCSeconds())}`
}

/** First-time buyers added to CDNOW's last day: the sample's buyers all joined in its first quarter. */
export const NEW_BUYERS_TODAY = 3

/**
 * Builds the shop. CDNOW's last day (1998-06-30) becomes today in China time relative to `now`; every
 * purchase keeps its distance from it in whole days and gets a deterministic time of day (today's, before
 * `now`). Today also gets NEW_BUYERS_TODAY first orders (amounts copied from CDNOW first purchases), so
 * today shows returning and new buyers, as a shop's day does.
 */
export function buildTaobaoShop(now: number = Date.now()): TaobaoShopData {
  const cdnow = readCdnow()
  const lastCustomer = Math.max(...cdnow.map((p) => p.customer))
  const firstPurchases = cdnow.filter(
    (p, i) => p.cents > 0 && cdnow.findIndex((q) => q.customer === p.customer) === i
  )
  const pickNew = seeded(20_260_101)
  const purchases = [
    ...cdnow,
    ...Array.from({ length: NEW_BUYERS_TODAY }, (_, i) => {
      const like = pick(pickNew, firstPurchases)
      return { ...like, customer: lastCustomer + 1 + i, day: [1998, 6, 30] as [number, number, number] }
    })
  ]
  const todayChina = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS)
  const secondsOfTodaySoFar = Math.floor((now + CHINA_OFFSET_MS - todayChina * DAY_MS) / 1000)
  const lastCdnowDay = Date.UTC(1998, 5, 30) / DAY_MS
  const shiftDays = todayChina - lastCdnowDay

  const nicks = new Map<number, { id: string; nick: string }>()
  const used = new Set<string>()
  const buyerFor = (customer: number) => {
    let b = nicks.get(customer)
    if (!b) {
      const rand = seeded(customer * 7919 + 17)
      let nick = buyerNick(rand)
      while (used.has(nick)) nick += Math.floor(rand() * 10)
      used.add(nick)
      b = { id: String(2_000_000_000 + customer * 104_729), nick }
      nicks.set(customer, b)
    }
    return b
  }

  const orders: DemoOrder[] = purchases.map((p, index) => {
    const rand = seeded(index * 31 + 5)
    const chinaDay = Date.UTC(p.day[0], p.day[1] - 1, p.day[2]) / DAY_MS + shiftDays
    const secondOfDay = Math.floor((8 + rand() * 15.9) * 3600)
    // Today's orders fall in the part of today that has passed, in the same order as on other days.
    const seconds =
      chinaDay === todayChina ? Math.floor((secondOfDay / 86_400) * secondsOfTodaySoFar) : secondOfDay
    const createdAt = chinaDay * DAY_MS + seconds * 1000 - CHINA_OFFSET_MS
    const age = todayChina - chinaDay
    let status: TaobaoStatusText = "交易成功"
    if (p.cents === 0 || rand() < 0.02) status = "交易关闭"
    else if (age <= 2) status = rand() < 0.1 ? "等待买家付款" : "买家已付款，等待卖家发货"
    else if (age <= 10) status = "卖家已发货，等待买家确认"
    const fen = Math.round(p.cents * 7)
    const buyer = buyerFor(p.customer)
    const orderId =
      "3" + String(index + 1).padStart(6, "0") + String(Math.floor(rand() * 1e12)).padStart(12, "0")
    const [title, edition] = pick(rand, ALBUMS)
    const qty = Math.max(1, p.quantity)
    const raw: TaobaoMainOrder = {
      id: orderId,
      orderInfo: { id: orderId, createTime: chinaTimeText(createdAt) },
      buyer: { id: buyer.id, nick: buyer.nick },
      payInfo: { actualFee: yuan(fen), postType: "(含快递:¥0.00)", icons: [] },
      statusInfo: { text: status, type: status === "交易成功" ? "t_text" : "t_status" },
      subOrders: [
        {
          id: orderId + "1",
          itemInfo: {
            title,
            itemUrl: `//item.taobao.com/item.htm?id=${600000000000 + (index % 10)}`,
            pic: "//img.alicdn.com/imgextra/placeholder.jpg",
            skuText: [{ name: "版本", value: edition }]
          },
          quantity: String(qty),
          priceInfo: { realTotal: yuan(fen), original: yuan(Math.round(fen / qty)) }
        }
      ]
    }
    return { raw, orderId, buyerId: buyer.id, buyerNick: buyer.nick, createdAt, amount: fen, status }
  })
  orders.sort((a, b) => b.createdAt - a.createdAt || (a.orderId < b.orderId ? -1 : 1))
  return { shop: SHOP, orders, now }
}

/**
 * A synthetic shop of `count` orders (the history benchmark's size), in the same shape: `count / 8` buyers
 * with a skewed number of orders each, spread over the last three years, newest first. Not CDNOW: that sample
 * holds 6,919 purchases.
 */
export function buildLargeTaobaoShop(count: number, now: number = Date.now()): TaobaoShopData {
  const rand = seeded(4242)
  const buyers = Math.max(1, Math.floor(count / 8))
  const span = 3 * 365 * DAY_MS
  const orders: DemoOrder[] = []
  for (let i = 0; i < count; i++) {
    const b = Math.floor(rand() * rand() * buyers)
    const createdAt = Math.floor((now - (i / count) * span) / 1000) * 1000
    const fen = 1000 + Math.floor(rand() * 60_000)
    const orderId = "4" + String(i + 1).padStart(8, "0") + String(Math.floor(rand() * 1e9)).padStart(9, "0")
    const buyer = { id: String(3_000_000_000 + b), nick: `买家${b.toString(36)}号` }
    const status: TaobaoStatusText = rand() < 0.05 ? "交易关闭" : "交易成功"
    const raw: TaobaoMainOrder = {
      id: orderId,
      orderInfo: { id: orderId, createTime: chinaTimeText(createdAt) },
      buyer,
      payInfo: { actualFee: yuan(fen), postType: "(含快递:¥0.00)", icons: [] },
      statusInfo: { text: status, type: "t_text" },
      subOrders: [
        {
          id: orderId + "1",
          itemInfo: {
            title: ALBUMS[i % ALBUMS.length][0],
            itemUrl: `//item.taobao.com/item.htm?id=${600000000000 + (i % 10)}`,
            pic: "//img.alicdn.com/imgextra/placeholder.jpg",
            skuText: [{ name: "版本", value: ALBUMS[i % ALBUMS.length][1] }]
          },
          quantity: "1",
          priceInfo: { realTotal: yuan(fen), original: yuan(fen) }
        }
      ]
    }
    orders.push({ raw, orderId, buyerId: buyer.id, buyerNick: buyer.nick, createdAt, amount: fen, status })
  }
  return { shop: SHOP, orders, now }
}
