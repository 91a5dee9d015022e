// The shop's shared customer book: a local PouchDB beside Huike's Dexie store, replicated with the shop's
// CouchDB. Local writes become documents (orders as captured or imported, notes, reminders, manual tags,
// the settings that define figures); documents that arrive are settled by the rules in
// src/core/sync-rules.ts and written into the store, orders through the same ingest path a capture takes.
// Figures (scores, segments, levels, daily counts) are never documents: each browser derives them.
//
// One pass (syncOnce): record the store's local changes as documents, push, pull, settle conflicts, apply
// what arrived. Checkpoints make every step resumable: PouchDB's replication checkpoints, and this
// engine's own `_local/huike-applied` (the last local change written into the store).
import {
  resolveConflict,
  stableJson,
  syncIds,
  type NoteDoc,
  type OrderDoc,
  type ReminderDoc,
  type SettingDoc,
  type SyncDoc,
  type TagDoc
} from "../core/sync-rules"
import * as z from "zod"
import type { CapturedOrder } from "../core/types"
import { capturedOrderSchema } from "../messages"
import type { HuikeDB, NoteRecord, OrderRecord, ReminderRecord } from "../db/store"
import { orderKeyOf } from "../db/schema/keys"
import { TAG_COLORS } from "../db/writes/attachments"
import { LADDER_KEY, THRESHOLDS_KEY } from "../db/schema/owner-settings"
import { RULES_KEY } from "../ui/dashboard/settings"
import { SyncRefusedError, describeSyncError, type SyncConfig, type SyncStatus } from "./config"
import { outboxRows } from "./outbox"

/**
 * Settings every browser of the shop shares: they define the figures. Personal preferences stay local. Each
 * shop's time zone and currency (its record in the store) are shared too, once the owner set them.
 */
export const SHARED_SETTINGS: readonly string[] = [LADDER_KEY, THRESHOLDS_KEY, RULES_KEY]

type Stored<T> = T & { _id: string; _rev?: string; _conflicts?: string[]; _deleted?: boolean }
type Db = PouchDB.Database

export interface SyncEngineOptions {
  /** The PouchDB constructor with a local adapter, the http adapter and replication. */
  Pouch: PouchDB.Static
  /** Name of the local PouchDB (IndexedDB in the extension, memory in tests). */
  localName?: string
  /** Stores orders of one shop that arrived, the way a capture does (src/db/handlers.ts storeOrders). */
  ingest(orders: CapturedOrder[]): Promise<void>
  /** Shared settings arrived: reload them and refigure. */
  onSettings?(): Promise<void> | void
  /** Every status change (the background keeps the last one for the options page and the popup). */
  onStatus?(status: SyncStatus): void
  now?: () => number
  newId?: () => string
}

const APPLIED = "_local/huike-applied"
const PUSHED = "_local/huike-pushed"
const SEEDED = "_local/huike-seeded"
const WAITING_TAGS = "_local/huike-waiting-tags"
const WAITING_SHOPS = "_local/huike-waiting-shops"
/** A shop's zone and currency: the setting `shop:<shopKey>`. */
const SHOP_SETTING_PREFIX = "shop:"
const shopSettingKey = (shopKey: string) => `${SHOP_SETTING_PREFIX}${shopKey}`
const shopSettingSchema = z.strictObject({
  timeZone: z.string().min(1).max(100).refine(isTimeZone, "not a time zone"),
  currency: z.string().regex(/^[A-Z]{3}$/)
})
type ShopSetting = z.infer<typeof shopSettingSchema>

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone })
    return true
  } catch {
    return false
  }
}
const PAGE = 500
const LIVE_RETRY_MAX_MS = 30_000

export class SyncEngine {
  readonly local: Db
  private remote: Db | null = null
  private config: SyncConfig | null = null
  private running: Promise<SyncStatus> | null = null
  /** The pass asked for while one ran: it starts when that one ends. */
  private queued: Promise<SyncStatus> | null = null
  private reseed = false
  private live: PouchDB.LiveReplication | null = null
  private wantLive = false
  /** settleAndApply runs one at a time (the live pull's and the passes'). */
  private applying: Promise<unknown> = Promise.resolve()
  private applyQueued = false
  private readonly now: () => number
  private readonly newId: () => string
  status: SyncStatus = { state: "off", pending: 0 }

  constructor(
    private readonly db: HuikeDB,
    private readonly opts: SyncEngineOptions
  ) {
    this.local = new opts.Pouch(opts.localName ?? "huike-sync") as Db
    this.now = opts.now ?? Date.now
    this.newId = opts.newId ?? (() => crypto.randomUUID())
  }

  /** Points the engine at the shop's server (or nowhere). The password goes to that origin only. */
  configure(config: SyncConfig | null): void {
    if (config && this.config && stableJson(config) === stableJson(this.config)) return
    this.stopLive()
    void this.remote?.close().catch(() => undefined)
    // Orders stored while no server is set are not recorded: the next connected pass looks at every stored
    // order (remembered in the sync database too, should the worker stop before that pass).
    if (!config) this.forgetSeed()
    this.config = config
    this.remote = config ? this.remoteOf(config) : null
    this.startLive()
  }

  /**
   * Live: while someone works in a Huike page, the side panel or a back office, what the others write
   * arrives as it happens (PouchDB's live pull, retried after a network failure) and is applied at once;
   * otherwise passes only. Local changes still go out with a pass (the background runs one soon after).
   */
  setLive(on: boolean): void {
    if (on === this.wantLive) return
    this.wantLive = on
    if (on) this.startLive()
    else this.stopLive()
  }

  get isLive(): boolean {
    return this.live !== null
  }

  private startLive(): void {
    if (this.live || !this.wantLive || !this.remote || !this.config || this.config.paused) return
    const live = this.local.replicate.from(this.remote, {
      live: true,
      retry: true,
      batch_size: PAGE,
      // After a network failure: try again within seconds, then at most every 30 s.
      back_off_function: (delay: number) => (delay === 0 ? 1_000 : Math.min(delay * 2, LIVE_RETRY_MAX_MS))
    })
    live.on("change", () => this.applyArrived())
    live.on("paused", (err) => {
      if (err) return
      // Caught up with the server: what arrived is applied, and the status line says when. Back from a
      // failure (offline): the changes that waited go out now.
      const state = this.status.state
      if (state === "synced" || (state === "syncing" && !this.running))
        this.setStatus({ state: "synced", pending: this.status.pending, at: this.now() })
      else if (this.status.state === "offline" || this.status.state === "error") void this.syncOnce()
    })
    const stopped = (err: unknown) => {
      if (this.live !== live) return
      this.live = null
      this.setStatus({ ...describeSyncError(err), pending: this.status.pending, at: this.status.at })
    }
    live.on("denied", stopped)
    live.on("error", stopped)
    this.live = live
  }

  private stopLive(): void {
    const live = this.live
    this.live = null
    live?.cancel()
  }

  /** Documents the live pull wrote: applied in turn with the passes'; a settled conflict goes out at once. */
  private applyArrived(): void {
    if (this.applyQueued) return
    this.applyQueued = true
    void this.settleAndApply()
      .then((settled) => (settled > 0 ? this.syncOnce() : undefined))
      .catch((e: unknown) => console.warn("[huike] sync: applying what arrived failed:", e))
  }

  get configured(): boolean {
    return this.config !== null
  }

  private remoteOf(config: SyncConfig): Db {
    return remoteDatabase(this.opts.Pouch, config)
  }

  /** The next pass looks at every stored order. */
  private forgetSeed(): void {
    this.reseed = true
    void this.removeLocal(SEEDED).catch((e: unknown) => console.warn("[huike] sync:", e))
  }

  /**
   * One whole pass. A call while one runs is answered by the next pass, started when the running one
   * ends: the running pass may have sent its changes before the caller's change was written, so joining
   * it would leave that change for the next alarm. Calls meanwhile share that one follow-up pass.
   */
  syncOnce(): Promise<SyncStatus> {
    if (!this.running) {
      this.running = this.pass().finally(() => (this.running = null))
      return this.running
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null
        return this.syncOnce()
      })
    return this.queued
  }

  private async pass(): Promise<SyncStatus> {
    // Without a server nothing is recorded: a browser that does not share keeps one copy of its data.
    if (!this.remote || !this.config) return this.setStatus({ state: "off", pending: 0 })
    await this.seedOrders()
    await this.drainOutbox()
    await this.recordLocalChanges()
    if (this.config.paused)
      return this.setStatus({ state: "paused", pending: await this.pending(), at: this.status.at })
    // "Syncing…" while there is something to send, on a first sync, and once documents arrive (progress);
    // a pass that finds nothing new leaves the status line as it was.
    const pending = await this.pending()
    if (pending > 0 || this.status.state !== "synced")
      this.setStatus({ state: "syncing", pending, at: this.status.at })
    try {
      const pushed = await this.local.replicate.to(this.remote, { batch_size: PAGE })
      if (pushed.doc_write_failures > 0)
        throw new SyncRefusedError(`${pushed.doc_write_failures} documents refused`)
      // A big shop's first sync takes a while: the status line counts what arrived, then what is stored.
      const pull = this.local.replicate.from(this.remote, { batch_size: PAGE })
      pull.on("change", (info) => this.progress({ received: info.docs_written }))
      const pulled = await pull
      if (pulled.doc_write_failures > 0) throw new Error(`${pulled.doc_write_failures} documents not stored`)
      await this.settleAndApply()
      // Settling conflicts wrote winners and deleted losers: send them now rather than at the next pass.
      const seq = (await this.local.info()).update_seq
      await this.local.replicate.to(this.remote, { batch_size: PAGE })
      // Every local change up to `seq` is on the server (what pulling wrote came from it).
      await this.putLocal(PUSHED, { seq })
      // A live pull the server refused (a sign-in since fixed) starts again.
      this.startLive()
      return this.setStatus({ state: "synced", at: this.now(), pending: 0 })
    } catch (e) {
      // What arrived before the failure is still applied.
      await this.settleAndApply().catch(() => undefined)
      return this.setStatus({ ...describeSyncError(e), pending: await this.pending(), at: this.status.at })
    }
  }

  private progress(progress: NonNullable<SyncStatus["progress"]>): void {
    if (this.status.state === "syncing" || this.status.state === "synced")
      this.setStatus({ ...this.status, state: "syncing", progress })
  }

  private setStatus(s: SyncStatus): SyncStatus {
    this.status = s
    this.opts.onStatus?.(s)
    return s
  }

  /** Local changes the server has not seen yet. */
  async pending(): Promise<number> {
    const since = (await this.getLocal<{ seq: number | string }>(PUSHED))?.seq ?? 0
    const r = await this.local.changes({ since, limit: 100_000 })
    return r.results.filter((c) => !c.id.startsWith("_local/")).length
  }

  // ---- Local writes become documents ----

  /**
   * Orders captured or imported since the last pass (src/sync/outbox.ts): a document each, written when
   * they add something to it; a batch's row goes only once its documents are written.
   */
  private async drainOutbox(): Promise<void> {
    for (;;) {
      const rows = await outboxRows(this.db, 100)
      if (rows.length === 0) return
      const keys = [...new Set(rows.flatMap((r) => r.value.keys))]
      for (let i = 0; i < keys.length; i += PAGE) {
        const stored = await this.db.orders.bulkGet(keys.slice(i, i + PAGE))
        await this.recordSightings(
          stored.flatMap((o) => (o ? [{ order: capturedOf(o), seenAt: o.updatedAt }] : []))
        )
      }
      await this.db.settings.bulkDelete(rows.map((r) => r.key))
    }
  }

  private async recordSightings(sightings: readonly { order: CapturedOrder; seenAt: number }[]) {
    if (sightings.length === 0) return 0
    const byId = new Map<string, { order: CapturedOrder; seenAt: number }>()
    for (const o of sightings) byId.set(syncIds.order(orderKeyOf(o.order)), o)
    const ids = [...byId.keys()]
    const existing = await this.local.allDocs({ keys: ids, include_docs: true })
    const writes: Stored<OrderDoc>[] = []
    for (const row of existing.rows) {
      const { order, seenAt } = byId.get(row.key)!
      const mine: OrderDoc = { type: "order", order: { ...order }, seenAt }
      const stored = "doc" in row && row.doc ? (row.doc as unknown as Stored<OrderDoc>) : undefined
      if (!stored || stored._deleted) {
        writes.push({ _id: row.key, ...mine })
        continue
      }
      if (stableJson(stored.order) === stableJson(mine.order)) continue
      if (resolveConflict([docOf(stored) as OrderDoc, mine]) !== mine) continue
      writes.push({ _id: row.key, _rev: stored._rev, ...mine })
    }
    if (writes.length > 0) {
      const failed = (await this.local.bulkDocs(writes as never)).find((r) => "error" in r && r.error)
      if (failed) throw new Error(`could not record ${failed.id}: ${JSON.stringify(failed)}`)
    }
    return writes.length
  }

  /** Orders the store held before this browser joined the shop's server: documents once. */
  private async seedOrders(): Promise<void> {
    if (!this.reseed && (await this.getLocal(SEEDED))) return
    // Every stored order is looked at: the batches waiting in the outbox now are among them.
    const waiting = (await outboxRows(this.db, Infinity)).map((r) => r.key)
    let after: string | null = null
    for (;;) {
      const page: OrderRecord[] = await (after === null
        ? this.db.orders.orderBy(":id").limit(PAGE).toArray()
        : this.db.orders.where(":id").above(after).limit(PAGE).toArray())
      if (page.length === 0) break
      await this.recordSightings(page.map((o) => ({ order: capturedOf(o), seenAt: o.updatedAt })))
      after = page[page.length - 1].key
    }
    await this.putLocal(SEEDED, { at: this.now() })
    await this.db.settings.bulkDelete(waiting)
    this.reseed = false
  }

  /**
   * Notes, reminders, manual tags and shared settings as the store has them now, against their documents: a
   * difference the store made since it last applied that document is a local change, written as a new
   * version. (Extension pages write these tables directly, so the store itself is what is compared.)
   */
  async recordLocalChanges(): Promise<void> {
    const now = this.now()
    const unapplied = await this.unappliedIds()
    const writes: Stored<SyncDoc>[] = []
    const docsOf = async <T extends SyncDoc>(prefix: string) => {
      const r = await this.local.allDocs({ startkey: prefix, endkey: `${prefix}\ufff0`, include_docs: true })
      return new Map<string, Stored<T>>(r.rows.map((row) => [row.id, row.doc as unknown as Stored<T>]))
    }

    // Notes: a note without a sync id gets one (its document's id).
    const noteDocs = await docsOf<NoteDoc>("note:")
    const notes = await this.db.notes.toArray()
    const seenNotes = new Set<string>()
    for (const n of notes) {
      if (n.syncId === undefined) {
        n.syncId = this.newId()
        await this.db.notes.update(n.id!, { syncId: n.syncId })
      }
      const id = syncIds.note(n.syncId)
      seenNotes.add(id)
      if (unapplied.has(id)) continue
      const doc = noteDocs.get(id)
      const mine: NoteDoc = {
        type: "note",
        customerKey: n.customerKey,
        text: n.text,
        createdAt: n.createdAt,
        updatedAt: n.updatedAt
      }
      if (doc && doc.deletedAt === undefined && doc.text === n.text && doc.customerKey === n.customerKey)
        continue
      writes.push({ _id: id, ...(doc ? { _rev: doc._rev } : {}), ...mine })
    }
    for (const [id, doc] of noteDocs) {
      if (seenNotes.has(id) || unapplied.has(id) || doc.deletedAt !== undefined) continue
      writes.push({ ...doc, _conflicts: undefined, deletedAt: now } as Stored<NoteDoc>)
    }

    // Reminders: rule-made ones share the document every browser makes for the same dedupe key.
    const reminderDocs = await docsOf<ReminderDoc>("reminder:")
    for (const r of await this.db.reminders.toArray()) {
      if (r.dedupeKey === undefined && r.syncId === undefined) {
        r.syncId = this.newId()
        await this.db.reminders.update(r.id!, { syncId: r.syncId })
      }
      const id = syncIds.reminder(r)
      if (unapplied.has(id)) continue
      const doc = reminderDocs.get(id)
      if (doc && doc.status === r.status && doc.dueAt === r.dueAt && doc.text === r.text) continue
      const mine: ReminderDoc = {
        type: "reminder",
        customerKey: r.customerKey,
        shopKey: r.shopKey,
        dueAt: r.dueAt,
        text: r.text,
        status: r.status,
        ...(r.dedupeKey !== undefined ? { dedupeKey: r.dedupeKey } : {}),
        createdAt: r.createdAt,
        actionAt: doc ? now : r.createdAt
      }
      writes.push({ _id: id, ...(doc ? { _rev: doc._rev } : {}), ...mine })
    }

    // Manual tags: one document per tag on a customer.
    const tagDocs = await docsOf<TagDoc>("tag:")
    const waiting = new Set((await this.getLocal<{ ids: string[] }>(WAITING_TAGS))?.ids ?? [])
    const tags = new Map((await this.db.tags.toArray()).map((t) => [t.id!, t]))
    // Customers carry no tag index: read them all only when some tag exists to be on one.
    const tagged = tags.size > 0 ? await this.db.customers.filter((c) => c.tagIds.length > 0).toArray() : []
    const onNow = new Set<string>()
    for (const c of tagged)
      for (const tagId of c.tagIds) {
        const t = tags.get(tagId)
        if (!t) continue
        const id = syncIds.tag(c.key, t.name)
        onNow.add(id)
        const doc = tagDocs.get(id)
        if (unapplied.has(id) || doc?.assigned) continue
        const mine: TagDoc = {
          type: "tag",
          customerKey: c.key,
          shopKey: c.shopKey,
          name: t.name,
          color: t.color,
          assigned: true,
          at: now
        }
        writes.push({ _id: id, ...(doc ? { _rev: doc._rev } : {}), ...mine })
      }
    for (const [id, doc] of tagDocs) {
      if (!doc.assigned || onNow.has(id) || unapplied.has(id) || waiting.has(id)) continue
      writes.push({ ...doc, _conflicts: undefined, assigned: false, at: now } as Stored<TagDoc>)
    }

    // Shared settings, and each shop's zone and currency once the owner set them.
    const settingDocs = await docsOf<SettingDoc>("setting:")
    const waitingShops = new Set((await this.getLocal<{ ids: string[] }>(WAITING_SHOPS))?.ids ?? [])
    for (const shop of await this.db.shops.toArray()) {
      if (shop.settingsAt === undefined) continue
      const id = syncIds.setting(shopSettingKey(shop.key))
      const value: ShopSetting = { timeZone: shop.timeZone, currency: shop.currency }
      const doc = settingDocs.get(id)
      if (unapplied.has(id) || waitingShops.has(id)) continue
      if (doc && stableJson(doc.value) === stableJson(value)) continue
      const mine: SettingDoc = {
        type: "setting",
        key: shopSettingKey(shop.key),
        value,
        updatedAt: shop.settingsAt
      }
      writes.push({ _id: id, ...(doc ? { _rev: doc._rev } : {}), ...mine })
    }
    for (const row of await this.db.settings.bulkGet([...SHARED_SETTINGS])) {
      if (!row) continue
      const id = syncIds.setting(row.key)
      const doc = settingDocs.get(id)
      if (unapplied.has(id) || (doc && stableJson(doc.value) === stableJson(row.value))) continue
      const mine: SettingDoc = { type: "setting", key: row.key, value: row.value, updatedAt: now }
      writes.push({ _id: id, ...(doc ? { _rev: doc._rev } : {}), ...mine })
    }

    if (writes.length > 0) await this.local.bulkDocs(writes.map(withoutConflicts) as never)
  }

  // ---- Documents that arrived ----

  /** Ids changed locally since the store last applied documents (pulled, not yet written into the store). */
  private async unappliedIds(): Promise<Set<string>> {
    const since = (await this.getLocal<{ seq: number | string }>(APPLIED))?.seq ?? 0
    const r = await this.local.changes({ since, limit: 100_000 })
    return new Set(r.results.map((c) => c.id))
  }

  /**
   * Settles every conflicted document, then writes every change since the last pass into the store; one
   * call at a time. Resolves to the number of conflicts it settled (their winners are still to be sent).
   */
  settleAndApply(): Promise<number> {
    const run = this.applying.then(() => {
      this.applyQueued = false
      return this.settleAndApplyNow()
    })
    this.applying = run.catch(() => undefined)
    return run
  }

  private async settleAndApplyNow(): Promise<number> {
    let stored = 0
    let settled = 0
    for (;;) {
      const since = (await this.getLocal<{ seq: number | string }>(APPLIED))?.seq ?? 0
      const page = await this.local.changes({ since, limit: PAGE, include_docs: true, conflicts: true })
      if (page.results.length === 0) return settled
      const docs: Stored<SyncDoc>[] = []
      for (const change of page.results) {
        const doc = change.doc as unknown as Stored<SyncDoc> | undefined
        if (!doc || doc._deleted || change.id.startsWith("_design/")) continue
        if (doc._conflicts?.length) settled++
        docs.push(doc._conflicts?.length ? await this.settle(doc) : doc)
      }
      await this.apply(docs)
      stored += docs.length
      if (page.results.length === PAGE) this.progress({ stored })
      await this.putLocal(APPLIED, { seq: page.last_seq })
    }
  }

  /** Reads every version of a conflicted document, writes the rules' winner and deletes the others. */
  async settle(doc: Stored<SyncDoc>): Promise<Stored<SyncDoc>> {
    const losers = doc._conflicts ?? []
    const versions = [
      doc,
      ...(await Promise.all(losers.map((rev) => this.local.get(doc._id, { rev }))))
    ] as unknown as Stored<SyncDoc>[]
    const winner = resolveConflict(versions.map(docOf))
    const written: Stored<SyncDoc> = { ...winner, _id: doc._id, _rev: doc._rev }
    const result = await this.local.bulkDocs([
      written,
      ...losers.map((rev) => ({ _id: doc._id, _rev: rev, _deleted: true }))
    ] as never)
    const failed = result.find((r) => "error" in r && r.error)
    if (failed) throw new Error(`could not settle ${doc._id}: ${JSON.stringify(failed)}`)
    return written
  }

  private async apply(docs: readonly Stored<SyncDoc>[]): Promise<void> {
    const orders: CapturedOrder[] = []
    for (const d of docs) {
      if (d.type !== "order") continue
      const parsed = capturedOrderSchema.safeParse(d.order)
      if (parsed.success) orders.push(parsed.data)
      else
        console.warn(
          `[huike] sync: ignored ${d._id}, not an order Huike can read:`,
          parsed.error.issues[0]?.message
        )
    }
    // Orders first: a tag waits for its customer, whom the orders make.
    const byShop = new Map<string, CapturedOrder[]>()
    for (const o of orders) {
      const shop = `${o.platform}:${o.shopId}`
      byShop.set(shop, [...(byShop.get(shop) ?? []), o])
    }
    for (const shopOrders of byShop.values()) await this.opts.ingest(shopOrders)
    let settings = await this.applyShopSettings(
      docs.filter(
        (d): d is Stored<SettingDoc> => d.type === "setting" && d.key.startsWith(SHOP_SETTING_PREFIX)
      ),
      orders.length > 0
    )
    for (const d of docs) {
      if (d.type === "note") await this.applyNote(d)
      else if (d.type === "reminder") await this.applyReminder(d)
      else if (d.type === "setting" && SHARED_SETTINGS.includes(d.key)) {
        // This browser's own change comes back through the feed too: no second refigure for it.
        const mine = await this.db.settings.get(d.key)
        if (mine && stableJson(mine.value) === stableJson(d.value)) continue
        await this.db.settings.put({ key: d.key, value: d.value })
        settings = true
      }
    }
    await this.applyTags(
      docs.filter((d): d is Stored<TagDoc> => d.type === "tag"),
      orders.length > 0
    )
    if (settings) await this.opts.onSettings?.()
  }

  private async applyNote(d: Stored<NoteDoc>): Promise<void> {
    const syncId = d._id.slice("note:".length)
    const found = (await this.db.notes.where("customerKey").equals(d.customerKey).toArray()).find(
      (n) => n.syncId === syncId
    )
    if (d.deletedAt !== undefined) {
      if (found) await this.db.notes.delete(found.id!)
      return
    }
    const record: NoteRecord = {
      customerKey: d.customerKey,
      text: d.text,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      syncId
    }
    if (!found) await this.db.notes.add(record)
    else if (found.text !== d.text || found.updatedAt !== d.updatedAt)
      await this.db.notes.update(found.id!, record)
  }

  private async applyReminder(d: Stored<ReminderDoc>): Promise<void> {
    const syncId = d.dedupeKey === undefined ? d._id.slice("reminder:".length) : undefined
    const found: ReminderRecord | undefined =
      d.dedupeKey !== undefined
        ? await this.db.reminders.where("dedupeKey").equals(d.dedupeKey).first()
        : (await this.db.reminders.where("customerKey").equals(d.customerKey).toArray()).find(
            (r) => r.syncId === syncId
          )
    const state = { dueAt: d.dueAt, text: d.text, status: d.status }
    if (!found)
      await this.db.reminders.add({
        customerKey: d.customerKey,
        shopKey: d.shopKey,
        createdAt: d.createdAt,
        ...state,
        ...(d.dedupeKey !== undefined ? { dedupeKey: d.dedupeKey } : { syncId })
      })
    else if (found.dueAt !== d.dueAt || found.text !== d.text || found.status !== d.status)
      await this.db.reminders.update(found.id!, state)
  }

  /**
   * A shop's zone and currency, set in another browser: written into the shop's record (its figures are
   * then refigured). A shop whose orders have not arrived yet waits for them. True when a shop changed.
   */
  private async applyShopSettings(
    arrived: readonly Stored<SettingDoc>[],
    ordersArrived: boolean
  ): Promise<boolean> {
    const waitingIds = (await this.getLocal<{ ids: string[] }>(WAITING_SHOPS))?.ids ?? []
    if (arrived.length === 0 && (!ordersArrived || waitingIds.length === 0)) return false
    const todo = new Map<string, SettingDoc>()
    if (ordersArrived && waitingIds.length > 0)
      for (const row of (await this.local.allDocs({ keys: waitingIds, include_docs: true })).rows)
        if ("doc" in row && row.doc) todo.set(row.id, row.doc as unknown as SettingDoc)
    for (const d of arrived) todo.set(d._id, d)
    const waiting = new Set(waitingIds.filter((id) => !todo.has(id)))
    let changed = false
    for (const [id, d] of todo) {
      const parsed = shopSettingSchema.safeParse(d.value)
      if (!parsed.success) {
        console.warn(`[huike] sync: ignored ${id}, not a shop's zone and currency`)
        continue
      }
      const shopKey = d.key.slice(SHOP_SETTING_PREFIX.length)
      const shop = await this.db.shops.get(shopKey)
      if (!shop) {
        waiting.add(id)
        continue
      }
      const { timeZone, currency } = parsed.data
      if (shop.timeZone === timeZone && shop.currency === currency && shop.settingsAt !== undefined) continue
      await this.db.shops.update(shopKey, { timeZone, currency, settingsAt: d.updatedAt })
      changed = true
    }
    if (waiting.size > 0 || waitingIds.length > 0) await this.putLocal(WAITING_SHOPS, { ids: [...waiting] })
    return changed
  }

  /** Tags on customers this browser knows; the others wait (by id) until their orders arrive. */
  private async applyTags(arrived: readonly Stored<TagDoc>[], ordersArrived: boolean): Promise<void> {
    const waitingIds = (await this.getLocal<{ ids: string[] }>(WAITING_TAGS))?.ids ?? []
    if (arrived.length === 0 && (!ordersArrived || waitingIds.length === 0)) return
    const retry =
      ordersArrived && waitingIds.length > 0
        ? await this.local.allDocs({ keys: waitingIds, include_docs: true })
        : null
    const todo = new Map<string, TagDoc>()
    for (const row of retry?.rows ?? [])
      if ("doc" in row && row.doc) todo.set(row.id, row.doc as unknown as TagDoc)
    for (const d of arrived) todo.set(d._id, d)
    const waiting = new Set(waitingIds.filter((id) => !todo.has(id)))
    for (const [id, d] of todo) {
      const applied = await this.db.transaction("rw", this.db.customers, this.db.tags, async () => {
        const c = await this.db.customers.get(d.customerKey)
        if (!c) return false
        const shopTags = await this.db.tags.where("shopKey").equals(c.shopKey).toArray()
        let tagId = shopTags.find((t) => t.name === d.name)?.id
        if (tagId === undefined) {
          if (!d.assigned) return true
          tagId = (await this.db.tags.add({
            shopKey: c.shopKey,
            name: d.name,
            color: d.color || TAG_COLORS[0]
          })) as number
        }
        const has = c.tagIds.includes(tagId)
        if (d.assigned && !has) await this.db.customers.update(c.key, { tagIds: [...c.tagIds, tagId] })
        if (!d.assigned && has)
          await this.db.customers.update(c.key, { tagIds: c.tagIds.filter((x) => x !== tagId) })
        return true
      })
      if (!applied) waiting.add(id)
    }
    await this.putLocal(WAITING_TAGS, { ids: [...waiting] })
  }

  // ---- _local documents (never replicated) ----

  private async getLocal<T>(id: string): Promise<(T & { _rev: string }) | undefined> {
    try {
      return (await this.local.get(id)) as unknown as T & { _rev: string }
    } catch (e) {
      if ((e as { status?: number }).status === 404) return undefined
      throw e
    }
  }

  private async putLocal(id: string, value: Record<string, unknown>): Promise<void> {
    const old = await this.getLocal(id)
    await this.local.put({ ...value, _id: id, ...(old ? { _rev: old._rev } : {}) })
  }

  private async removeLocal(id: string): Promise<void> {
    const old = await this.getLocal(id)
    if (old) await this.local.remove(id, old._rev)
  }

  async close(): Promise<void> {
    this.stopLive()
    await this.remote?.close().catch(() => undefined)
    await this.local.close()
  }
}

/** The document without CouchDB's own fields. */
function docOf(stored: Stored<SyncDoc>): SyncDoc {
  const { _id: _i, _rev: _r, _conflicts: _c, _deleted: _d, ...doc } = stored
  return doc as SyncDoc
}

function withoutConflicts(d: Stored<SyncDoc>): Stored<SyncDoc> {
  const { _conflicts: _c, ...rest } = d
  return rest as Stored<SyncDoc>
}

function capturedOf(o: OrderRecord): CapturedOrder {
  const { key: _k, shopKey: _s, firstSeenAt: _f, updatedAt: _u, ...order } = o
  return order
}

/** The shop's database on its server; the password is sent to that origin only. */
function remoteDatabase(Pouch: PouchDB.Static, config: SyncConfig): Db {
  return new Pouch(`${config.server.replace(/\/+$/, "")}/${encodeURIComponent(config.database)}`, {
    adapter: "http",
    skip_setup: true,
    auth: { username: config.username, password: config.password }
  })
}

/** Checks the server, the database and the sign-in without replicating (or storing) anything. */
export async function testConnection(
  Pouch: PouchDB.Static,
  config: SyncConfig
): Promise<Pick<SyncStatus, "state" | "detail">> {
  const remote = remoteDatabase(Pouch, config)
  try {
    // A read of the documents: the members-only check applies to it on every CouchDB-compatible server.
    await remote.allDocs({ limit: 1 })
    return { state: "synced" }
  } catch (e) {
    return describeSyncError(e)
  } finally {
    await remote.close().catch(() => undefined)
  }
}
