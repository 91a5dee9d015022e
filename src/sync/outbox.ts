// Orders stored while this browser shares its customer book, not yet written as documents for the shop's
// server. A capture or an import chunk adds one row (the batch's order keys) in the transaction that stores
// its orders, so a service worker stopped right after that commit loses nothing: the next sync pass reads
// the rows, writes the orders' documents and only then deletes the rows. Rows live in the settings table
// under their own prefix (no schema change); they are never shared and hold no figures.
import type { HuikeDB } from "../db/store"
import { registerStoredOrdersHook } from "../db/writes/hooks"

export const OUTBOX_PREFIX = "sync.outbox."

/** One stored batch waiting to be recorded: the keys of its orders. */
export interface OutboxRow {
  keys: string[]
  at: number
}

let sequence = 0

/** Adds a batch's order keys; call it inside the transaction that stores them (with `settings` in scope). */
export async function addToOutbox(
  db: Pick<HuikeDB, "settings">,
  keys: readonly string[],
  now: number
): Promise<void> {
  if (keys.length === 0) return
  // Time first so rows drain in about the order they were stored; the rest keeps two workers' rows apart.
  const id = `${OUTBOX_PREFIX}${String(now).padStart(15, "0")}.${++sequence}.${Math.random().toString(36).slice(2, 8)}`
  const value: OutboxRow = { keys: [...keys], at: now }
  await db.settings.add({ key: id, value })
}

/** The rows waiting, oldest first, at most `limit`. */
export async function outboxRows(
  db: Pick<HuikeDB, "settings">,
  limit: number
): Promise<{ key: string; value: OutboxRow }[]> {
  const rows = await db.settings
    .where("key")
    .between(OUTBOX_PREFIX, `${OUTBOX_PREFIX}\uffff`)
    .limit(limit)
    .toArray()
  return rows as { key: string; value: OutboxRow }[]
}

// Imports (src/db/writes/import.ts) that share their orders put them in this outbox through the store's hook,
// committed with the chunk; the background's captures call addToOutbox themselves.
registerStoredOrdersHook({ tables: ["settings"], write: addToOutbox })
