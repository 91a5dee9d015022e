// The documents a shop's browsers share through CouchDB replication, their ids, and the rules that settle
// a conflict between two browsers' versions of one document. Pure data and functions: the sync engine
// (src/sync) reads CouchDB's `_conflicts`, asks `resolveConflict` for the winner, writes it and deletes the
// losers. Every browser that sees the same conflict picks the same winner, whatever order it reads the
// versions in, so two browsers resolving it at once write the same revision.
import type { CapturedOrder, OrderStatus } from "./types"

/** One order as captured or imported: the order's key is its id, so two browsers' sightings are one doc. */
export interface OrderDoc {
  type: "order"
  order: CapturedOrder
  /** UTC ms this browser saw the order in this state. */
  seenAt: number
}

/**
 * Orders in bundles: the orders of one shop created on one UTC day, split in ORDER_BUNDLE_BUCKETS by
 * order id — a deterministic id, so every browser puts an order in the same bundle, and two browsers'
 * sightings of one order are one entry. Replication costs per document: a first sync of 100,000 orders
 * moves a few thousand documents instead of 100,000. (Shops' servers may also hold per-order documents
 * of earlier versions: both are read.)
 */
export interface OrderBundleDoc {
  type: "orders"
  /** Each order of the bundle by its order id, as last seen by a browser. */
  orders: Record<string, OrderEntry>
}

export interface OrderEntry {
  order: CapturedOrder
  /** UTC ms a browser saw the order in this state. */
  seenAt: number
}

/** One note; every note its own document, so two reps' notes on one buyer never overwrite each other. */
export interface NoteDoc {
  type: "note"
  customerKey: string
  text: string
  createdAt: number
  updatedAt: number
  /** Set when a rep deleted the note (kept as a document so an edit racing it can be settled). */
  deletedAt?: number
}

/** One reminder and where it stands: done, or open and due at `dueAt` (a snooze moves `dueAt`). */
export interface ReminderDoc {
  type: "reminder"
  customerKey: string
  shopKey: string
  dueAt: number
  text: string
  status: "open" | "done"
  dedupeKey?: string
  createdAt: number
  /** UTC ms of the last action on it (made, done, snoozed, edited). */
  actionAt: number
}

/** One manual tag on one customer: put on (assigned) or taken off, at `at`. */
export interface TagDoc {
  type: "tag"
  customerKey: string
  shopKey: string
  name: string
  color: string
  assigned: boolean
  at: number
}

/** One of the shop's settings that define figures (ladder, thresholds, reminder rules, a shop's zone). */
export interface SettingDoc {
  type: "setting"
  key: string
  value: unknown
  updatedAt: number
}

export type SyncDoc = OrderDoc | OrderBundleDoc | NoteDoc | ReminderDoc | TagDoc | SettingDoc

/** Document ids: deterministic where the thing has a natural key. */
export const syncIds = {
  order: (orderKey: string) => `order:${orderKey}`,
  orderBundle: (o: Pick<CapturedOrder, "platform" | "shopId" | "orderId" | "createdAt">) =>
    `orders:${o.platform}:${o.shopId}:${Math.floor(o.createdAt / 86_400_000)}:${bucketOf(o.orderId)}`,
  note: (noteId: string) => `note:${noteId}`,
  /** A rule-made reminder is the same document in every browser that made it (its dedupe key). */
  reminder: (r: { dedupeKey?: string; syncId?: string }) =>
    r.dedupeKey !== undefined ? `reminder:rule:${r.dedupeKey}` : `reminder:${r.syncId}`,
  tag: (customerKey: string, name: string) => `tag:${customerKey}|${name}`,
  setting: (key: string) => `setting:${key}`
}

/** How many bundles one shop's day of orders is split into (never changes: it is part of the ids). */
export const ORDER_BUNDLE_BUCKETS = 8

/** FNV-1a of the order id, modulo the bucket count. */
function bucketOf(orderId: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < orderId.length; i++) h = Math.imul(h ^ orderId.charCodeAt(i), 0x01000193)
  return (h >>> 0) % ORDER_BUNDLE_BUCKETS
}

/**
 * Two versions of one bundle: every order either has, each settled by the order's own rule (laterOrder).
 * Commutative and associative, so every browser merging the same versions writes the same document.
 */
export function mergeOrderBundles(a: OrderBundleDoc, b: OrderBundleDoc): OrderBundleDoc {
  const orders: Record<string, OrderEntry> = { ...a.orders }
  for (const [id, theirs] of Object.entries(b.orders)) {
    const ours = orders[id]
    orders[id] = ours ? laterEntry(ours, theirs) : theirs
  }
  return {
    type: "orders",
    orders: Object.fromEntries(Object.entries(orders).sort(([x], [y]) => (x < y ? -1 : 1)))
  }
}

/** Of two sightings of one order, the one the order rule keeps. */
export function laterEntry(a: OrderEntry, b: OrderEntry): OrderEntry {
  const da: OrderDoc = { type: "order", ...a }
  return laterOrder(da, { type: "order", ...b }) === da ? a : b
}

/**
 * Where an order is in its life, in the order states follow each other. Closed comes last: a paid or
 * completed order is closed when it is refunded in full or cancelled, and never reopens.
 */
const STATUS_RANK: Record<OrderStatus, number> = { unpaid: 0, paid: 1, shipped: 2, completed: 3, closed: 4 }

/**
 * Orders: the later state wins (completed or closed never goes back to paid); at the same state the larger
 * refund (refunds only grow), then the later sighting.
 */
export function laterOrder(a: OrderDoc, b: OrderDoc): OrderDoc {
  const rank = STATUS_RANK[a.order.status] - STATUS_RANK[b.order.status]
  if (rank !== 0) return rank > 0 ? a : b
  if (a.order.refunded !== b.order.refunded) return a.order.refunded > b.order.refunded ? a : b
  if (a.seenAt !== b.seenAt) return a.seenAt > b.seenAt ? a : b
  return tieBreak(a, b)
}

/**
 * Notes: an edit racing a delete keeps the note with the edit (what a rep typed is never lost; the
 * other rep can delete it again); between two edits, the later one; between two deletes, the later one.
 */
export function laterNote(a: NoteDoc, b: NoteDoc): NoteDoc {
  const aLive = a.deletedAt === undefined
  const bLive = b.deletedAt === undefined
  if (aLive !== bLive) return aLive ? a : b
  const at = (d: NoteDoc) => d.deletedAt ?? d.updatedAt
  if (at(a) !== at(b)) return at(a) > at(b) ? a : b
  return tieBreak(a, b)
}

/** Reminders: the later action wins (done by one rep, snoozed by another); at the same instant, done. */
export function laterReminder(a: ReminderDoc, b: ReminderDoc): ReminderDoc {
  if (a.actionAt !== b.actionAt) return a.actionAt > b.actionAt ? a : b
  if (a.status !== b.status) return a.status === "done" ? a : b
  return tieBreak(a, b)
}

/**
 * Tags: each tag on each customer is its own document, so one rep's additions and another's removals of
 * other tags merge without conflict. The same tag put on by one and taken off by another: the later
 * action; at the same instant, on (a tag is easier to take off again than to notice missing).
 */
export function laterTag(a: TagDoc, b: TagDoc): TagDoc {
  if (a.at !== b.at) return a.at > b.at ? a : b
  if (a.assigned !== b.assigned) return a.assigned ? a : b
  return tieBreak(a, b)
}

/** Settings: the later change. */
export function laterSetting(a: SettingDoc, b: SettingDoc): SettingDoc {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? a : b
  return tieBreak(a, b)
}

/** Identical in every rule: pick by content, so every browser picks the same one. */
function tieBreak<T extends SyncDoc>(a: T, b: T): T {
  return stableJson(a) >= stableJson(b) ? a : b
}

/** JSON with keys sorted and undefined fields left out: equal content, equal text. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(",")}}`
  }
  return JSON.stringify(v)
}

export class MixedConflictError extends Error {
  override name = "MixedConflictError"
}

/**
 * The winner among every version of one document (CouchDB's winning revision and its `_conflicts`). The
 * result does not depend on the order the versions come in.
 */
export function resolveConflict<T extends SyncDoc>(versions: readonly T[]): T {
  if (versions.length === 0) throw new RangeError("resolveConflict: no versions")
  const type = versions[0].type
  if (versions.some((v) => v.type !== type))
    throw new MixedConflictError(
      `versions of one document have different types: ${versions.map((v) => v.type).join(", ")}`
    )
  return versions.reduce((a, b) => later(a, b) as T)
}

function later(a: SyncDoc, b: SyncDoc): SyncDoc {
  switch (a.type) {
    case "order":
      return laterOrder(a, b as OrderDoc)
    case "orders":
      return mergeOrderBundles(a, b as OrderBundleDoc)
    case "note":
      return laterNote(a, b as NoteDoc)
    case "reminder":
      return laterReminder(a, b as ReminderDoc)
    case "tag":
      return laterTag(a, b as TagDoc)
    case "setting":
      return laterSetting(a, b as SettingDoc)
  }
}
