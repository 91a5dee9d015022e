// Imitation Shopify and Amazon shops from the real CDNOW purchases (../shared/data/cdnow), moved to
// recent dates like the Taobao shop: Shopify gets CDNOW customers 1–400, Amazon customers 401–800,
// with invented English names and e-mails and their real US$ amounts. Used by the imitation admin pages
// (shopify/, amazon/) and the tests that compare what Huike captured with this truth.
import { readCdnow } from "./cdnow"
import { pick, seeded } from "./random"

const DAY_MS = 86_400_000
const FIRST = [
  "Alice",
  "Bob",
  "Carol",
  "Dave",
  "Erin",
  "Frank",
  "Grace",
  "Heidi",
  "Ivan",
  "Judy",
  "Mallory",
  "Niaj",
  "Olivia",
  "Peggy",
  "Rupert",
  "Sybil",
  "Trent",
  "Victor",
  "Walter",
  "Yvonne"
]
const LAST = [
  "Chen",
  "Smith",
  "Garcia",
  "Nguyen",
  "Müller",
  "Rossi",
  "Tanaka",
  "Kowalski",
  "O'Brien",
  "Dubois",
  "Silva",
  "Kim",
  "Patel",
  "Novak",
  "Jensen"
]

export interface WesternOrder {
  orderId: string
  /** CDNOW customer number. */
  customer: number
  name: string
  email: string
  createdAt: number
  cents: number
  status: "PAID" | "PENDING" | "REFUNDED"
  fulfilled: boolean
}

export interface WesternShop {
  /** Newest first. */
  orders: WesternOrder[]
}

function build(now: number, from: number, to: number, idBase: number, amazon: boolean): WesternShop {
  const today = Math.floor(now / DAY_MS)
  const shift = today - 1 - Date.UTC(1998, 5, 30) / DAY_MS
  const people = new Map<number, { name: string; email: string }>()
  const usedNames = new Set<string>()
  const person = (c: number) => {
    let p = people.get(c)
    if (!p) {
      const rand = seeded(c * 104_729 + 3)
      const first = pick(rand, FIRST)
      const last = pick(rand, LAST)
      // Names are unique within a shop here; real shops can have namesakes (see the adapters' notes).
      let name = `${first} ${last}`
      for (let i = 0; usedNames.has(name); i++)
        name = `${first} ${"ABCDEFGHJKLMNPRSTW"[i % 18]}${i >= 18 ? i : ""}. ${last}`
      usedNames.add(name)
      const email = amazon
        ? `${(c * 2_654_435_761).toString(36).slice(0, 15).padEnd(15, "x")}@marketplace.amazon.com`
        : `${name.toLowerCase().replace(/[^a-z]+/g, ".")}.${c}@example.com`
      p = { name, email }
      people.set(c, p)
    }
    return p
  }
  const orders: WesternOrder[] = []
  readCdnow().forEach((p, index) => {
    if (p.customer < from || p.customer > to) return
    const rand = seeded(index * 13 + 1)
    const day = Date.UTC(p.day[0], p.day[1] - 1, p.day[2]) / DAY_MS + shift
    const createdAt = day * DAY_MS + Math.floor((13 + rand() * 10) * 3600) * 1000
    const age = today - day
    const { name, email } = person(p.customer)
    orders.push({
      orderId: amazon
        ? `${111 + (index % 3)}-${String(1_000_000 + index * 7).slice(-7)}-${String(index * 7919 + 1_234_567).slice(-7)}`
        : String(idBase + index),
      customer: p.customer,
      name,
      email,
      createdAt,
      cents: p.cents,
      status: p.cents === 0 ? "REFUNDED" : age <= 1 && rand() < 0.3 ? "PENDING" : "PAID",
      fulfilled: age > 2
    })
  })
  orders.sort((a, b) => b.createdAt - a.createdAt || (a.orderId < b.orderId ? 1 : -1))
  return { orders }
}

export const SHOPIFY_STORE = "huike-demo"

export function buildShopifyShop(now: number = Date.now()): WesternShop {
  return build(now, 1, 400, 5_600_000_000_000, false)
}

export function buildAmazonShop(now: number = Date.now()): WesternShop {
  return build(now, 401, 800, 0, true)
}

const dollars = (cents: number) => (cents / 100).toFixed(2)

/** The order as Shopify's Admin GraphQL API shapes it. */
export function shopifyNode(o: WesternOrder) {
  return {
    id: `gid://shopify/Order/${o.orderId}`,
    name: `#${1000 + Number(o.orderId.slice(-5))}`,
    createdAt: new Date(o.createdAt).toISOString(),
    displayFinancialStatus: o.status,
    displayFulfillmentStatus: o.fulfilled ? "FULFILLED" : "UNFULFILLED",
    cancelledAt: null,
    totalPriceSet: { shopMoney: { amount: dollars(o.cents), currencyCode: "USD" } },
    totalRefundedSet: {
      shopMoney: { amount: o.status === "REFUNDED" ? dollars(o.cents) : "0.0", currencyCode: "USD" }
    },
    customer: { id: `gid://shopify/Customer/${7_000_000 + o.customer}`, displayName: o.name, email: o.email }
  }
}

/** The order as Seller Central's orders-api search answer shapes it. */
export function amazonSearchOrder(o: WesternOrder) {
  return {
    amazonOrderId: o.orderId,
    orderDate: o.createdAt / 1000,
    buyerName: o.name,
    buyerProxyEmail: o.email,
    orderStatus: {
      OrderStatus:
        o.status === "PENDING"
          ? "Pending"
          : o.status === "REFUNDED"
            ? "Canceled"
            : o.fulfilled
              ? "Shipped"
              : "Unshipped"
    },
    orderItems: [
      {
        sellerSku: `CD-${o.customer}`,
        productName: "Music CD",
        quantityOrdered: 1,
        unitPrice: { Amount: o.cents / 100, CurrencyCode: "USD" }
      }
    ]
  }
}
