// Marketplace data rules: how long a buyer's personal fields may be kept, per marketplace.
//
// Amazon's Data Protection Policy (the terms under which sellers and their tools get buyers' data from
// Seller Central and its APIs), section "Data Retention and Recovery": personally identifiable information
// is kept "only for the purpose of, and as long as is necessary to fulfill orders (no longer than 30 days
// after order shipment), or to calculate/remit taxes" (the policy's text as quoted at
// https://www.epiusers.help/t/how-to-meet-amazon-s-pii-data-retention-requirements/71496; the current policy
// is linked from https://developer-docs.amazon.com/sp-api/docs/policies-and-agreements, and seller-facing
// summaries give the same 30 days after shipment or delivery). Huike knows every order's date but not always
// its shipment, so it counts from the order date: a date no later than the shipment, so never longer than the
// policy allows. The number of days is a setting (default 30); it can be shorter, never longer.
//
// What goes: the buyer's name (buyerNick), e-mail address (buyerEmail) and phone tail (buyerPhoneTail) — Huike
// never stores an address. What stays: order number, dates, status, amounts, items, and the buyer's
// pseudonymous key, so figures, chips by order number and repeat flags keep working. Amazon buyers are known
// by the relay e-mail Amazon gives each buyer (an address that reaches them): the key is therefore not that
// e-mail but a one-way hash of it (amazonBuyerKey), the same for every order of the buyer, so a new order of a
// buyer whose old orders were forgotten still joins them — without the store keeping the address.
//
// Other marketplaces: no retention limit is set by Huike (Taobao's nicks are member names, not contacts, and
// the masked ones stay masked: Huike never tries to unmask them; Shopify's and others' orders are the shop's
// own customers). Pure functions; the store applies them at ingest and on a daily schedule.
import { sha256 } from "@noble/hashes/sha2"
import { bytesToHex } from "@noble/hashes/utils"
import type { CapturedOrder, Platform } from "./types"

const DAY_MS = 86_400_000

/** The policy's limit and where it comes from, per marketplace; null: Huike sets no limit. */
export const RETENTION_POLICIES: Readonly<Record<Platform, { maxDays: number; source: string } | null>> = {
  amazon: {
    maxDays: 30,
    source: "Amazon Data Protection Policy, Data Retention: no longer than 30 days after order shipment"
  },
  taobao: null,
  shopify: null,
  etsy: null,
  ebay: null,
  vendure: null,
  generic: null
}

/** The buyer fields a retention rule forgets. Huike stores no address, so there is none to forget. */
export const PERSONAL_FIELDS = [
  "buyerNick",
  "buyerEmail",
  "buyerPhoneTail"
] as const satisfies readonly (keyof CapturedOrder)[]

/** The owner's choice (options page): days Amazon buyers' personal fields are kept after the order. */
export interface RetentionSettings {
  amazonDays: number
}

export const DEFAULT_RETENTION: RetentionSettings = { amazonDays: 30 }

export class RetentionSettingError extends Error {}

/** Checks an owner's setting: whole days, 1 to the policy's maximum. */
export function checkedRetention(s: RetentionSettings): RetentionSettings {
  const max = RETENTION_POLICIES.amazon!.maxDays
  if (!Number.isInteger(s.amazonDays) || s.amazonDays < 1 || s.amazonDays > max)
    throw new RetentionSettingError(
      `Amazon buyers' personal fields are kept 1 to ${max} days after the order (${RETENTION_POLICIES.amazon!.source}); ${s.amazonDays} is not allowed`
    )
  return s
}

/** Days a marketplace's buyers' personal fields are kept after the order, or null: no limit. */
export function retentionDays(platform: Platform, s: RetentionSettings = DEFAULT_RETENTION): number | null {
  return platform === "amazon" ? s.amazonDays : null
}

/** The moment an order's personal fields are forgotten, or null when they are not. */
export function forgetAt(
  o: Pick<CapturedOrder, "platform" | "createdAt">,
  s?: RetentionSettings
): number | null {
  const days = retentionDays(o.platform, s)
  return days === null ? null : o.createdAt + days * DAY_MS
}

/** Prefix of Amazon's pseudonymous buyer keys; no relay e-mail starts with it. */
export const AMAZON_KEY_PREFIX = "amzn-buyer-"

/**
 * The pseudonymous key of the Amazon buyer Amazon's relay e-mail names: "amzn-buyer-" + the first 128 bits of
 * SHA-256 of the lower-cased address (hex). The same address always gives the same key, in every browser of the
 * shop (sync); the address cannot be read back from it.
 */
export function amazonBuyerKey(email: string): string {
  const bytes = sha256(new TextEncoder().encode(`huike:amazon-buyer:${email.trim().toLowerCase()}`))
  return AMAZON_KEY_PREFIX + bytesToHex(bytes.subarray(0, 16))
}

export const isAmazonBuyerKey = (buyerId: string) => /^amzn-buyer-[0-9a-f]{32}$/.test(buyerId)

/** The key an order is stored under: an Amazon order keyed on an e-mail gets the e-mail's pseudonymous key. */
export function storedBuyerId(o: Pick<CapturedOrder, "platform" | "buyerId">): string {
  return o.platform === "amazon" && o.buyerId.includes("@") ? amazonBuyerKey(o.buyerId) : o.buyerId
}

/**
 * An order as the marketplace's data rules let Huike keep it at `now`: keyed on its buyer's pseudonymous key
 * (Amazon), and without its personal fields once the marketplace's limit has passed. Returns the same object
 * when nothing changes. The e-mail a key was made from is kept as buyerEmail until the limit.
 */
export function underMarketplaceRules<T extends CapturedOrder>(o: T, now: number, s?: RetentionSettings): T {
  const buyerId = storedBuyerId(o)
  const at = forgetAt(o, s)
  const expired = at !== null && now >= at && PERSONAL_FIELDS.some((f) => o[f] !== undefined)
  if (buyerId === o.buyerId && !expired) return o
  const kept: T = { ...o, buyerId }
  if (buyerId !== o.buyerId && kept.buyerEmail === undefined) kept.buyerEmail = o.buyerId.toLowerCase()
  if (expired) for (const f of PERSONAL_FIELDS) delete kept[f]
  return kept
}

/** The order without its buyer's personal fields (its key, figures and dates as they are). */
export function withoutPersonalFields<T extends CapturedOrder>(o: T): T {
  const kept: T = { ...o }
  for (const f of PERSONAL_FIELDS) delete kept[f]
  return kept
}

/** True when the order holds personal fields its marketplace's limit says must go by `now`. */
export function holdsExpiredFields(o: CapturedOrder, now: number, s?: RetentionSettings): boolean {
  const at = forgetAt(o, s)
  return at !== null && now >= at && PERSONAL_FIELDS.some((f) => o[f] !== undefined)
}
