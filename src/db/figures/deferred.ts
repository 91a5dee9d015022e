// Layer: figures. Deferred scoring in the background: captures store their orders and record what they changed
// (ingestOrders with score "defer"); this runs scorePending for those shops when captures pause (`quietMs`),
// at the latest `maxWaitMs` after the first unscored batch, and at once before anything reads the figures
// (flush). A buyer named by many batches in between is scored and written once, not once per batch.
import type { HuikeDB, ShopKey } from "../schema/database"
import { pendingShops, scorePendingBatches, type PendingBatch } from "./pending"

export interface DeferredScoringOptions {
  /** Score this long after the last capture (default 1 s). */
  quietMs?: number
  /**
   * ...but no later than this after the first capture left unscored (default 30 s): a stream of captures
   * without a read in between (a reader scores at once) is scored in few passes.
   */
  maxWaitMs?: number
  clock?: () => number
  /** Called after a shop's pending batches were scored (customers written). */
  onScored?: (shopKey: ShopKey) => void
  onError?: (error: unknown) => void
}

export class DeferredScoring {
  private readonly dirty = new Set<ShopKey>()
  /** The batches captured through this worker and not scored yet, by record id: no need to read them back. */
  private readonly held = new Map<number, PendingBatch>()
  private readonly running = new Map<ShopKey, Promise<void>>()
  private loaded: Promise<void> | null = null
  private timer: ReturnType<typeof setTimeout> | undefined
  private firstAt: number | null = null
  private readonly quietMs: number
  private readonly maxWaitMs: number
  private readonly clock: () => number

  constructor(
    private readonly db: HuikeDB,
    private readonly opts: DeferredScoringOptions = {}
  ) {
    this.quietMs = opts.quietMs ?? 1_000
    this.maxWaitMs = opts.maxWaitMs ?? 30_000
    this.clock = opts.clock ?? Date.now
  }

  /** A deferred capture changed these shops (its transaction has committed), recording these batches. */
  noteChange(shopKeys: readonly ShopKey[], batches: readonly PendingBatch[] = []): void {
    for (const b of batches) this.held.set(b.id, b)
    if (shopKeys.length === 0) return
    for (const s of shopKeys) this.dirty.add(s)
    const now = this.clock()
    this.firstAt ??= now
    if (this.timer !== undefined) clearTimeout(this.timer)
    const wait = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxWaitMs - now))
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.firstAt = null
      this.flush().catch((e: unknown) => this.opts.onError?.(e))
    }, wait)
  }

  /**
   * Scores what is pending for the shop (every shop without one) and resolves once its stored figures are
   * current. Cheap when nothing is pending: no database read after the first call.
   */
  async flush(shopKey?: ShopKey): Promise<void> {
    // Batches a previous worker left unscored: known from the database, once.
    this.loaded ??= pendingShops(this.db).then((shops) => {
      for (const s of shops) this.dirty.add(s)
    })
    await this.loaded
    const shops = shopKey === undefined ? [...new Set([...this.dirty, ...this.running.keys()])] : [shopKey]
    await Promise.all(shops.map((s) => this.flushShop(s)))
  }

  private flushShop(shopKey: ShopKey): Promise<void> {
    const before = this.running.get(shopKey)
    if (!this.dirty.has(shopKey)) return before ?? Promise.resolve()
    this.dirty.delete(shopKey)
    // Held batches whose records committed before this pass: scored by it, or already by someone else.
    const heldBefore = [...this.held].filter(([, b]) => b.shopKey === shopKey).map(([id]) => id)
    const run = (before ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => scorePendingBatches(this.db, shopKey, this.clock(), this.held))
      .then(
        ({ written, ids }) => {
          // Every batch of the shop up to the last one scored is done (a rescore may have scored some).
          const last = ids.reduce((m, id) => Math.max(m, id), -1)
          for (const [id, b] of this.held) if (b.shopKey === shopKey && id <= last) this.held.delete(id)
          for (const id of heldBefore) this.held.delete(id)
          if (written > 0) this.opts.onScored?.(shopKey)
        },
        (e: unknown) => {
          // Nothing of the pass was kept (one transaction): the batches stay pending for the next try.
          this.dirty.add(shopKey)
          throw e
        }
      )
    this.running.set(shopKey, run)
    void run
      .catch(() => undefined)
      .then(() => {
        if (this.running.get(shopKey) === run) this.running.delete(shopKey)
      })
    return run
  }

  /** Forget everything known (after delete-all or a restore): the next flush reads the database again. */
  reset(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.firstAt = null
    this.dirty.clear()
    this.held.clear()
    this.loaded = null
  }
}
