// Layer: writes. The marketplace data rules in the store (the rules themselves: src/core/retention.ts). The owner's setting
// (days Amazon buyers' personal fields are kept after the order) lives in the settings table; the ingest path
// applies the rules to every order that comes in (capture, import, replication), and forgetExpired — run by
// the background at start, once a day on an alarm, after a restore and when the setting changes — forgets
// what has passed its limit since: the orders' name, e-mail and phone tail, and the customers' nick and e-mail
// when the order they were read from has passed it. Figures, keys, order numbers and dates are not touched.
// Every shop's orders and customers are read to the end, a page at a time, each page its own transaction.
import {
  checkedRetention,
  DEFAULT_RETENTION,
  holdsExpiredFields,
  retentionDays,
  withoutPersonalFields,
  type RetentionSettings
} from "../../core/retention"
import type { CustomerRecord, HuikeDB, OrderRecord } from "../schema/database"
import { lookupKeysOf } from "../schema/keys"
import { shopPage } from "../schema/shop-orders"

/** Setting: the owner's retention choice (RetentionSettings). */
export const RETENTION_KEY = "owner.retention"
/** Setting: what the last pass that forgot something did (RetentionRun). */
export const RETENTION_RUN_KEY = "retention.lastRun"

const DAY_MS = 86_400_000
const PAGE = 2_000

export interface RetentionRun {
  at: number
  amazonDays: number
  /** Orders whose personal fields this pass forgot. */
  orders: number
  /** Customers whose nick or e-mail this pass forgot. */
  customers: number
}

// The setting the ingest path applies (it runs inside callers' transactions, which may not include the
// settings table): loaded by the background at start and replaced when the owner saves. Until loaded, the
// policy's own limit (the longest allowed) applies; the scheduled pass applies a shorter choice.
let active: RetentionSettings = DEFAULT_RETENTION

export const activeRetention = (): RetentionSettings => active

/** The saved setting (the default when none is saved or it no longer validates); becomes the active one. */
export async function loadRetention(db: Pick<HuikeDB, "settings">): Promise<RetentionSettings> {
  const saved = (await db.settings.get(RETENTION_KEY))?.value as RetentionSettings | undefined
  try {
    active = saved ? checkedRetention(saved) : DEFAULT_RETENTION
  } catch {
    active = DEFAULT_RETENTION
  }
  return active
}

/** Saves the owner's setting (refused with RetentionSettingError when out of the policy's range). */
export async function saveRetention(db: Pick<HuikeDB, "settings">, s: RetentionSettings) {
  const checked = checkedRetention({ amazonDays: s.amazonDays })
  await db.settings.put({ key: RETENTION_KEY, value: checked })
  active = checked
  return checked
}

export async function lastRetentionRun(db: Pick<HuikeDB, "settings">): Promise<RetentionRun | null> {
  return ((await db.settings.get(RETENTION_RUN_KEY))?.value as RetentionRun | undefined) ?? null
}

/** Forgets every personal field past its marketplace's limit at `now`; records and returns what it did. */
export async function forgetExpired(
  db: HuikeDB,
  now: number,
  s: RetentionSettings = active
): Promise<RetentionRun> {
  const run: RetentionRun = { at: now, amazonDays: s.amazonDays, orders: 0, customers: 0 }
  for (const shop of await db.shops.toArray()) {
    const days = retentionDays(shop.platform, s)
    if (days === null) continue
    const cutoff = now - days * DAY_MS
    run.orders += await eachPage<OrderRecord>(db, "orders", shop.key, (o) =>
      holdsExpiredFields(o, now, s) ? { ...withoutPersonalFields(o), updatedAt: now } : null
    )
    run.customers += await eachPage<CustomerRecord>(db, "customers", shop.key, (c) => {
      const nickGone = c.buyerNick !== undefined && (c.nickAt === undefined || c.nickAt <= cutoff)
      const emailGone = c.buyerEmail !== undefined && (c.emailAt === undefined || c.emailAt <= cutoff)
      if (!nickGone && !emailGone) return null
      const kept: CustomerRecord = { ...c, updatedAt: now, rev: (c.rev ?? 0) + 1 }
      if (nickGone) {
        delete kept.buyerNick
        delete kept.nickAt
      }
      if (emailGone) {
        delete kept.buyerEmail
        delete kept.emailAt
      }
      kept.lookupKeys = lookupKeysOf(kept)
      return kept
    })
  }
  // Kept when it forgot something (the options page says when and how much); a run with nothing to forget
  // writes nothing at all.
  if (run.orders + run.customers > 0) await db.settings.put({ key: RETENTION_RUN_KEY, value: run })
  return run
}

/** Rewrites the shop's records `change` returns, page by page to the end; returns how many it rewrote. */
async function eachPage<T extends { key: string; shopKey: string }>(
  db: HuikeDB,
  table: "orders" | "customers",
  shopKey: string,
  change: (r: T) => T | null
): Promise<number> {
  let count = 0
  for (let after: string | null = null; ;) {
    const last: string | null = await db.transaction("rw", table, async () => {
      const t = db.table<T, string>(table)
      const page = await shopPage<T>(t as unknown as Parameters<typeof shopPage<T>>[0], shopKey, after, PAGE)
      if (page.length === 0) return null
      const put = page.flatMap((r) => (r.shopKey === shopKey ? [change(r)] : [])).filter((r) => r !== null)
      if (put.length) await t.bulkPut(put as T[])
      count += put.length
      return page[page.length - 1].key
    })
    if (last === null) return count
    after = last
  }
}
