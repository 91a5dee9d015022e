// Layer: schema. The store's record keys. Kept apart from database.ts, which declares the schema and its migrations: the
// modules a migration runs (scoring, ingest) import these without importing the database class.
import { isMaskedName } from "../../core/buyer-identity"
import type { CapturedOrder, Platform } from "../../core/types"
import type { CustomerRecord, ShopKey } from "./database"

export const shopKeyOf = (platform: Platform, shopId: string): ShopKey => `${platform}:${shopId}`
export const orderKeyOf = (o: Pick<CapturedOrder, "platform" | "shopId" | "orderId">) =>
  `${o.platform}:${o.shopId}:${o.orderId}`
export const customerKeyOf = (o: Pick<CapturedOrder, "platform" | "shopId" | "buyerId">) =>
  `${o.platform}:${o.shopId}:${o.buyerId}`

/**
 * A customer's entries in the lookupKeys index: "shopKey|nick|nick", "shopKey|email|email". (v2–v4 also wrote
 * "shopKey|id|buyerId", which the primary key "shopKey:buyerId" already answers; v5 code neither writes nor
 * reads it, and a stored one goes when the customer is next written. One index entry fewer a customer.)
 */
export function lookupKeysOf(c: Pick<CustomerRecord, "shopKey" | "buyerNick" | "buyerEmail">) {
  const keys: string[] = []
  // A masked nick ("t**1") names no one in particular: it is found through the buyer's stand-in id.
  if (c.buyerNick && !isMaskedName(c.buyerNick)) keys.push(`${c.shopKey}|nick|${c.buyerNick}`)
  if (c.buyerEmail) keys.push(`${c.shopKey}|email|${c.buyerEmail.toLowerCase()}`)
  return keys
}
