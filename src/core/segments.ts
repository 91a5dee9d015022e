// The eight classic RFM segments: each dimension compared with the shop mean over customers with at least
// one valid purchase. R is high when days since the last purchase is below the mean, F when the order count
// is above it, M when total spent is above it; a value equal to the mean is low.

export const SEGMENT_IDS = [
  "important-value",
  "important-develop",
  "important-keep",
  "important-winback",
  "general-value",
  "general-develop",
  "general-keep",
  "general-winback"
] as const

export type SegmentId = (typeof SEGMENT_IDS)[number]

export type Lang = "zh" | "en"

export interface SegmentInfo {
  id: SegmentId
  /** Which dimensions are above the shop mean. */
  r: boolean
  f: boolean
  m: boolean
  zh: string
  en: string
  /** The kind of action the segment calls for. */
  action: "keep" | "develop" | "winback"
  actionZh: string
  actionEn: string
}

export const SEGMENTS: readonly SegmentInfo[] = [
  {
    id: "important-value",
    r: true,
    f: true,
    m: true,
    zh: "重要价值客户",
    en: "Important value",
    action: "keep",
    actionZh: "保持：专属优惠和新品优先体验，维护好关系",
    actionEn: "Keep: VIP perks and early access to new products"
  },
  {
    id: "important-develop",
    r: true,
    f: false,
    m: true,
    zh: "重要发展客户",
    en: "Important develop",
    action: "develop",
    actionZh: "发展：推荐关联商品、发复购券，提高购买频次",
    actionEn: "Develop: recommend related products and send a repeat-purchase coupon"
  },
  {
    id: "important-keep",
    r: false,
    f: true,
    m: true,
    zh: "重要保持客户",
    en: "Important keep",
    action: "keep",
    actionZh: "保持：主动联系问候，发老客专享福利，防止流失",
    actionEn: "Keep: reach out personally with a loyal-customer offer before they drift away"
  },
  {
    id: "important-winback",
    r: false,
    f: false,
    m: true,
    zh: "重要挽留客户",
    en: "Important win-back",
    action: "winback",
    actionZh: "挽回：大额券或回访了解原因，重新激活",
    actionEn: "Win back: a strong coupon or a call to learn why they left"
  },
  {
    id: "general-value",
    r: true,
    f: true,
    m: false,
    zh: "一般价值客户",
    en: "General value",
    action: "develop",
    actionZh: "发展：推荐高客单价商品或套装，提升客单价",
    actionEn: "Develop: suggest bundles and higher-value items to raise order value"
  },
  {
    id: "general-develop",
    r: true,
    f: false,
    m: false,
    zh: "一般发展客户",
    en: "General develop",
    action: "develop",
    actionZh: "发展：新客关怀和入会礼，引导第二次购买",
    actionEn: "Develop: welcome follow-up and a member gift to earn the second order"
  },
  {
    id: "general-keep",
    r: false,
    f: true,
    m: false,
    zh: "一般保持客户",
    en: "General keep",
    action: "keep",
    actionZh: "保持：上新和活动提醒，保持联系",
    actionEn: "Keep: new-arrival and sale reminders to stay in touch"
  },
  {
    id: "general-winback",
    r: false,
    f: false,
    m: false,
    zh: "一般挽留客户",
    en: "General win-back",
    action: "winback",
    actionZh: "挽回：低成本群发召回，不必重点投入",
    actionEn: "Win back: low-cost mass reminders; no heavy investment"
  }
]

export const SEGMENT_BY_ID: Readonly<Record<SegmentId, SegmentInfo>> = Object.fromEntries(
  SEGMENTS.map((s) => [s.id, s])
) as Record<SegmentId, SegmentInfo>

/** Index into SEGMENT_IDS for the three comparisons with the shop means. */
export function segmentIndex(rHigh: boolean, fHigh: boolean, mHigh: boolean): number {
  return (mHigh ? 0 : 4) + (rHigh ? (fHigh ? 0 : 1) : fHigh ? 2 : 3)
}

export interface ShopMeans {
  /** Customers with at least one valid purchase as of the as-of date: the population of the means. */
  buyers: number
  daysSinceLastOrder: number
  orders: number
  /** Minor units. */
  totalSpent: number
}

/**
 * How one RFM dimension splits high from low: against the shop mean (the classic model, the default) or a
 * fixed value the owner sets, e.g. "important" means at least ¥1,000 spent.
 */
export type SegmentThreshold = { kind: "mean" } | { kind: "fixed"; value: number }

export interface SegmentThresholds {
  /** Fixed: R is high when the last purchase was at most `value` days ago. */
  recencyDays: SegmentThreshold
  /** Fixed: F is high with at least `value` purchases. */
  orders: SegmentThreshold
  /** Fixed: M is high with at least `value` spent, in minor units. */
  totalSpent: SegmentThreshold
}

export const MEAN_THRESHOLDS: Readonly<SegmentThresholds> = Object.freeze({
  recencyDays: { kind: "mean" as const },
  orders: { kind: "mean" as const },
  totalSpent: { kind: "mean" as const }
})

/** Throws a specific error for a fixed threshold that is not a whole number in its range. */
export function validateThresholds(t: SegmentThresholds): void {
  const check = (name: string, th: SegmentThreshold, min: number) => {
    if (th.kind === "mean") return
    if (!Number.isSafeInteger(th.value) || th.value < min) {
      throw new RangeError(`segment threshold ${name} must be a whole number ≥ ${min}, got ${th.value}`)
    }
  }
  check("recencyDays", t.recencyDays, 0)
  check("orders", t.orders, 1)
  check("totalSpent", t.totalSpent, 0)
}

/**
 * The values a customer's figures are compared with (strictly, as with the means: R high when days since
 * the last purchase < cutoff, F when orders > cutoff, M when spent > cutoff). Fixed thresholds are inclusive
 * on whole numbers, so they become cutoffs one step away: "within 90 days" is days < 91, "at least 3 orders"
 * is orders > 2, "at least ¥1,000" is spent > 99,999 minor units.
 */
export function segmentCutoffs(means: ShopMeans, t: SegmentThresholds = MEAN_THRESHOLDS): ShopMeans {
  return {
    buyers: means.buyers,
    daysSinceLastOrder: t.recencyDays.kind === "fixed" ? t.recencyDays.value + 1 : means.daysSinceLastOrder,
    orders: t.orders.kind === "fixed" ? t.orders.value - 1 : means.orders,
    totalSpent: t.totalSpent.kind === "fixed" ? t.totalSpent.value - 1 : means.totalSpent
  }
}

/** The segment of one customer's figures against the shop means or the owner's thresholds (ties are low). */
export function segmentOf(
  figures: { daysSinceLastOrder: number; orders: number; totalSpent: number },
  means: ShopMeans,
  thresholds: SegmentThresholds = MEAN_THRESHOLDS
): SegmentId {
  const cut = segmentCutoffs(means, thresholds)
  return SEGMENT_IDS[
    segmentIndex(
      figures.daysSinceLastOrder < cut.daysSinceLastOrder,
      figures.orders > cut.orders,
      figures.totalSpent > cut.totalSpent
    )
  ]
}

const CURRENCY_SYMBOLS: Record<string, string> = {
  CNY: "¥",
  JPY: "¥",
  USD: "$",
  EUR: "€",
  GBP: "£",
  HKD: "HK$"
}

/** Minor units to a whole-major-unit display amount, e.g. 342000 CNY → "¥3,420". */
export function formatMoney(minor: number, currency: string, digits = minorDigits(currency)): string {
  const major = Math.round(minor / 10 ** digits)
  const text = Math.abs(major).toLocaleString("en-US")
  const symbol = CURRENCY_SYMBOLS[currency] ?? currency + " "
  return (major < 0 ? "-" : "") + symbol + text
}

/** Digits after the decimal point of a currency's minor unit. */
export function minorDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : 2
}

const ZERO_DECIMAL = new Set(["JPY", "KRW", "VND", "CLP", "ISK", "TWD", "HUF", "UGX", "XAF", "XOF"])

const fmtNum = (x: number): string => {
  if (Number.isInteger(x)) return x.toLocaleString("en-US")
  return (Math.round(x * 10) / 10).toLocaleString("en-US", { maximumFractionDigits: 1 })
}

/**
 * One line explaining why a customer is in a segment, from their figures and the shop means (or the owner's
 * fixed thresholds), e.g.
 * en "important-keep: last bought 120 days ago (shop average 64), 6 orders (avg 1.8), ¥3,420 spent (avg ¥410)".
 */
export function explainSegment(
  segment: SegmentId,
  figures: { daysSinceLastOrder: number; orders: number; totalSpent: number },
  means: ShopMeans,
  currency: string,
  lang: Lang = "en",
  thresholds: SegmentThresholds = MEAN_THRESHOLDS
): string {
  const days = fmtNum(figures.daysSinceLastOrder)
  const orders = fmtNum(figures.orders)
  const spent = formatMoney(figures.totalSpent, currency)
  const { recencyDays: rt, orders: ft, totalSpent: mt } = thresholds
  if (lang === "zh") {
    const name = SEGMENT_BY_ID[segment].zh
    const r =
      rt.kind === "fixed"
        ? `门槛 ${fmtNum(rt.value)} 天内`
        : `店铺平均 ${fmtNum(Math.round(means.daysSinceLastOrder))} 天`
    const f = ft.kind === "fixed" ? `门槛 ${fmtNum(ft.value)} 笔` : `平均 ${fmtNum(means.orders)} 笔`
    const m =
      mt.kind === "fixed"
        ? `门槛 ${formatMoney(mt.value, currency)}`
        : `平均 ${formatMoney(means.totalSpent, currency)}`
    return `${name}：最近一次购买在 ${days} 天前（${r}），${orders} 笔订单（${f}），累计消费 ${spent}（${m}）`
  }
  const ordersWord = figures.orders === 1 ? "order" : "orders"
  const r =
    rt.kind === "fixed"
      ? `threshold: within ${fmtNum(rt.value)} days`
      : `shop average ${fmtNum(Math.round(means.daysSinceLastOrder))}`
  const f = ft.kind === "fixed" ? `threshold ${fmtNum(ft.value)}` : `avg ${fmtNum(means.orders)}`
  const m =
    mt.kind === "fixed"
      ? `threshold ${formatMoney(mt.value, currency)}`
      : `avg ${formatMoney(means.totalSpent, currency)}`
  return `${SEGMENT_BY_ID[segment].en}: last bought ${days} days ago (${r}), ${orders} ${ordersWord} (${f}), ${spent} spent (${m})`
}
