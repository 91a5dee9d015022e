// Layer: writes. Two customers become one (a Taobao buyer's numeric-id customer and their nick's, or a masked
// buyer's stand-in and their full name's): the notes, reminders and member-level history of each old customer
// key move to the new one, nothing lost and nothing twice, and the old customers go. Used by the buyer-alias
// merge on every capture and by schema v4's data step.
import type { EntityTable, IDType } from "dexie"
import type { HuikeDB, LevelChangeRecord, NoteRecord, ReminderRecord } from "../schema/database"

/** What the merge reads and writes: a database's tables, or those of a schema upgrade's transaction. */
export type MergeTables = Pick<
  HuikeDB,
  | "shops"
  | "orders"
  | "customers"
  | "dailyFigures"
  | "levelHistory"
  | "shopScores"
  | "pendingScoring"
  | "notes"
  | "reminders"
  | "settings"
>

/** Notes, reminders and level history of each old customer key re-pointed to its new key; then the old customers go. */
export async function moveAttachments(t: MergeTables, moves: ReadonlyMap<string, string>) {
  await repointRecords(t.notes, moves, (n: NoteRecord, key) => `${key}\n${n.text}`)
  await repointReminders(t, moves)
  await repointRecords(
    t.levelHistory,
    moves,
    (h: LevelChangeRecord, key) => `${key}|${h.at}|${h.from}|${h.to}`
  )
  await t.customers.bulkDelete([...moves.keys()])
}

/**
 * Records (notes, level changes) of the moved customers re-pointed to the new key; one the new key already
 * has (the same `identity` there) is dropped, oldest kept.
 */
async function repointRecords<R extends { id?: number; customerKey: string }>(
  table: EntityTable<R, "id">,
  moves: ReadonlyMap<string, string>,
  identity: (r: R, customerKey: string) => string
) {
  const keys = [...new Set([...moves.keys(), ...moves.values()])]
  const all = await table.where("customerKey").anyOf(keys).toArray()
  const seen = new Set(all.filter((r) => !moves.has(r.customerKey)).map((r) => identity(r, r.customerKey)))
  const put: R[] = []
  const drop: IDType<R, "id">[] = []
  // Oldest first, so of two identical records the earlier one stays.
  for (const r of all.filter((x) => moves.has(x.customerKey)).sort((x, y) => x.id! - y.id!)) {
    const customerKey = moves.get(r.customerKey)!
    const same = identity(r, customerKey)
    if (seen.has(same)) drop.push(r.id as IDType<R, "id">)
    else {
      seen.add(same)
      put.push({ ...r, customerKey })
    }
  }
  if (put.length) await table.bulkPut(put)
  if (drop.length) await table.bulkDelete(drop)
}

/** Rule-made reminders name the customer in their dedupe key too: that is rewritten, and one the merged
 *  customer already has is not kept twice. */
async function repointReminders(t: MergeTables, moves: ReadonlyMap<string, string>) {
  const moving = await t.reminders
    .where("customerKey")
    .anyOf([...moves.keys()])
    .toArray()
  if (moving.length === 0) return
  const put: ReminderRecord[] = []
  const drop: number[] = []
  const rewritten = moving.map((r) => {
    const to = moves.get(r.customerKey)!
    const next: ReminderRecord = { ...r, customerKey: to }
    if (r.dedupeKey !== undefined) next.dedupeKey = rewriteDedupeKey(r.dedupeKey, r.customerKey, to)
    return next
  })
  const wanted = rewritten.flatMap((r) => (r.dedupeKey !== undefined ? [r.dedupeKey] : []))
  const taken = new Set(
    (await t.reminders.where("dedupeKey").anyOf(wanted).toArray())
      .filter((r) => !moves.has(r.customerKey))
      .map((r) => r.dedupeKey!)
  )
  for (const r of rewritten) {
    if (r.dedupeKey !== undefined && taken.has(r.dedupeKey)) drop.push(r.id!)
    else {
      if (r.dedupeKey !== undefined) taken.add(r.dedupeKey)
      put.push(r)
    }
  }
  // Deleted first: a kept reminder may take a dedupe key (a unique index) only a dropped one held.
  if (drop.length) await t.reminders.bulkDelete(drop)
  if (put.length) await t.reminders.bulkPut(put)
}

/** "review:<customerKey>:<order>", "promotion:<date>:<customerKey>" …: the customer key as a whole segment. */
function rewriteDedupeKey(dedupeKey: string, from: string, to: string): string {
  const inner = `:${from}:`
  if (dedupeKey.includes(inner)) return dedupeKey.replace(inner, `:${to}:`)
  if (dedupeKey.endsWith(`:${from}`)) return dedupeKey.slice(0, dedupeKey.length - from.length) + to
  return dedupeKey
}
