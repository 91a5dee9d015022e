// The side panel's customer search, on indexes only: an order number is a primary-key read per shop
// ("platform:shopId:orderId"), a buyer id the customer's primary key ("platform:shopId:buyerId"), a nick or
// e-mail an exact read, then a prefix range, on the customers' multi-entry lookupKeys index
// ("shopKey|nick|…", "shopKey|email|…" lower-cased).
// Nothing scans every customer or order, however many a shop has. What was pasted is read first
// (src/core/lookup-text): stray whitespace, `="…"` spreadsheet wrappers, labels and full-width characters go.
import { readLookupText, type LookupText } from "../core/lookup-text"
import type { CustomerRecord, HuikeDB } from "../db/store"

export interface FoundBuyers {
  /** What the pasted text was read as (or why it names no one). */
  query: LookupText
  /** Buyers the text names exactly: the order's buyer, the buyer id, the whole nick or e-mail. */
  exact: CustomerRecord[]
  /** Buyers whose nick or e-mail begins with the text (none of the exact ones). */
  partial: CustomerRecord[]
}

/**
 * The buyers a pasted or typed text names, across every shop: exactly (one of them is the buyer to show;
 * several share the name) and, after them, by the beginning of a nick or e-mail.
 */
export async function findBuyers(db: HuikeDB, raw: string, limit = 20): Promise<FoundBuyers> {
  const query = readLookupText(raw)
  if (!query.ok) return { query, exact: [], partial: [] }
  // The read text, and as typed when NFKC changed it (a stored nick may itself be full-width).
  const terms = [...new Set([query.text, query.asTyped])]
  const shops = (await db.shops.toCollection().primaryKeys()) as string[]
  const byLookupKey = db.customers.where("lookupKeys")
  const keyOf = (shop: string, kind: "nick" | "email", term: string) =>
    `${shop}|${kind}|${kind === "email" ? term.toLowerCase() : term}`
  const kinds = ["nick", "email"] as const
  // "The number ends 5678": the buyers of orders an export gave that phone tail (several may share one).
  const byPhone =
    query.kind === "phoneTail"
      ? db.orders
          .where("[shopKey+buyerPhoneTail]")
          .anyOf(shops.map((shop) => [shop, query.text]))
          .limit(limit * 10)
          .toArray()
      : Promise.resolve([])
  const [orders, byId, named, begun, phoned] = await Promise.all([
    db.orders.bulkGet(shops.flatMap((shop) => terms.map((term) => `${shop}:${term}`))),
    db.customers.bulkGet(shops.flatMap((shop) => terms.map((term) => `${shop}:${term}`))),
    byLookupKey
      .anyOf(shops.flatMap((shop) => terms.flatMap((term) => kinds.map((k) => keyOf(shop, k, term)))))
      .limit(limit)
      .primaryKeys(),
    Promise.all(
      shops.flatMap((shop) =>
        kinds.map((k) =>
          byLookupKey
            .startsWith(keyOf(shop, k, query.text))
            .limit(limit)
            .primaryKeys()
        )
      )
    ),
    byPhone
  ])
  // The order's buyer first, then ids, nicks and e-mails, each customer once.
  const exactKeys = new Set<string>()
  for (const o of orders) if (o) exactKeys.add(`${o.shopKey}:${o.buyerId}`)
  for (const c of byId) if (c && shops.includes(c.shopKey)) exactKeys.add(c.key)
  for (const k of named) exactKeys.add(String(k))
  for (const o of phoned) exactKeys.add(`${o.shopKey}:${o.buyerId}`)
  const partialKeys = new Set<string>()
  for (const list of begun) for (const k of list) if (!exactKeys.has(String(k))) partialKeys.add(String(k))
  const exact = [...exactKeys].slice(0, limit)
  const partial = [...partialKeys].slice(0, Math.max(0, limit - exact.length))
  const found = await db.customers.bulkGet([...exact, ...partial])
  const known = (c: CustomerRecord | undefined): c is CustomerRecord => c !== undefined
  return {
    query,
    exact: found.slice(0, exact.length).filter(known),
    partial: found.slice(exact.length).filter(known)
  }
}

/** Every buyer a text finds, the exact ones first. */
export async function searchCustomers(db: HuikeDB, query: string, limit = 20): Promise<CustomerRecord[]> {
  const found = await findBuyers(db, query, limit)
  return [...found.exact, ...found.partial]
}
