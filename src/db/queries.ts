// Reads the views need, each one indexed read.
import type { BuyerSummary } from "../messages"
import type { CustomerRecord, HuikeDB, ShopKey } from "./database"
import { dueReminderCounts, segmentFor, shopMeans } from "./profile"

const DAY_MS = 86_400_000

/**
 * The shop's customers known by any of these names (member nick, platform buyer id, e-mail): one read
 * transaction on the multi-entry lookupKeys index for the whole batch, whatever mix of names a page shows.
 */
export function findCustomers(
  db: HuikeDB,
  shopKey: ShopKey,
  names: { nicks?: readonly string[]; ids?: readonly string[]; emails?: readonly string[] }
): Promise<CustomerRecord[]> {
  const keys = [
    ...(names.nicks ?? []).map((n) => `${shopKey}|nick|${n}`),
    ...(names.ids ?? []).map((n) => `${shopKey}|id|${n}`),
    ...(names.emails ?? []).map((n) => `${shopKey}|email|${n.toLowerCase()}`)
  ]
  if (keys.length === 0) return Promise.resolve([])
  // One read transaction with every key's index lookup in flight at once: much faster than anyOf's
  // cursor, which steps (one event-loop turn each) from one key to the next.
  return db.transaction("r", db.customers, async () => {
    const hits = await Promise.all(keys.map((k) => db.customers.where("lookupKeys").equals(k).toArray()))
    const byKey = new Map<string, CustomerRecord>()
    for (const list of hits) for (const c of list) byKey.set(c.key, c)
    return [...byKey.values()]
  })
}

/** Figures for the buyers named on a page: one indexed read for the whole batch. */
export async function lookupBuyersByNick(
  db: HuikeDB,
  shopKey: ShopKey,
  nicks: readonly string[],
  now: number
): Promise<Record<string, BuyerSummary | null>> {
  const unique = [...new Set(nicks)]
  const found = await findCustomers(db, shopKey, { nicks: unique })
  const result: Record<string, BuyerSummary | null> = Object.fromEntries(unique.map((n) => [n, null]))
  const [means, due] = await Promise.all([
    found.length ? shopMeans(db, shopKey, now) : null,
    found.length
      ? dueReminderCounts(
          db,
          found.map((c) => c.key),
          now
        )
      : new Map<string, number>()
  ])
  for (const c of found) {
    if (!c.buyerNick) continue
    const segment = segmentFor(c, means, now)
    result[c.buyerNick] = {
      customerKey: c.key,
      ...(segment ? { segment } : {}),
      ...(c.memberLevel ? { memberLevel: c.memberLevel } : {}),
      remindersDue: due.get(c.key) ?? 0,
      buyerNick: c.buyerNick,
      orders: c.orders,
      totalSpent: c.totalSpent,
      currency: c.currency,
      repeatBuyer: c.repeatBuyer,
      daysSinceLastOrder: c.lastOrderAt > 0 ? Math.floor((now - c.lastOrderAt) / DAY_MS) : null
    }
  }
  return result
}

export async function storeCounts(
  db: HuikeDB
): Promise<{ shops: number; customers: number; orders: number }> {
  const [shops, customers, orders] = await Promise.all([
    db.shops.count(),
    db.customers.count(),
    db.orders.count()
  ])
  return { shops, customers, orders }
}
