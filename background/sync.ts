// The shop's shared customer book in the service worker: the sync engine (src/sync/engine.ts) with
// PouchDB's IndexedDB and http adapters, configured from chrome.storage.local. It runs a pass when the
// worker starts, when the settings change, a few seconds after a capture or import, on "Sync now", and
// every few minutes on an alarm (which also wakes a stopped worker). Each pass resumes from its
// checkpoints. Notes, reminders and tags that extension pages write themselves go with the next pass.
// (Listening to Dexie's storagemutated for them made store.e2e's full-disk snapshot differ: not yet.)
import PouchDB from "pouchdb-core"
import idbAdapter from "pouchdb-adapter-idb"
import httpAdapter from "pouchdb-adapter-http"
import replication from "pouchdb-replication"
import type { HuikeDB } from "~src/db/database"
import type { DeferredScoring } from "~src/db/deferred"
import { storeOrders } from "~src/db/handlers"
import { forgetScoringSettings, loadScoringSettings } from "~src/db/owner-settings"
import { invalidateShopMeans } from "~src/db/profile"
import type { RescoreScheduler } from "~src/db/rescore"
import {
  SYNC_ALARM,
  SYNC_CONFIG_KEY,
  SYNC_EVERY_MINUTES,
  SYNC_STATUS_KEY,
  syncConfigSchema,
  type SyncConfig,
  type SyncStatus
} from "~src/sync/config"
import { SyncEngine, testConnection } from "~src/sync/engine"
import type { SyncMessage } from "~src/sync/messages"

const Pouch = PouchDB.plugin(idbAdapter).plugin(httpAdapter).plugin(replication)
/** A pass this long after the last local change (changes come in bursts: a page of orders, a note). */
const SETTLE_MS = 3_000

export interface SyncWiring {
  /** For the capture and import handlers: orders stored locally. */
  onOrdersStored(orders: readonly import("~src/core/types").CapturedOrder[], now: number): Promise<void>
  answer(msg: SyncMessage): Promise<SyncStatus>
  /** A note, reminder or tag was added through a message: a pass in a few seconds. */
  soon(): void
}

export function wireSync(
  db: HuikeDB,
  deps: { scheduler: RescoreScheduler; scoring: DeferredScoring }
): SyncWiring {
  let engine: SyncEngine | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  const saveStatus = (status: SyncStatus) =>
    void chrome.storage.local.set({ [SYNC_STATUS_KEY]: status }).catch(() => undefined)

  // Only a browser that shares opens the sync database: one that does not keeps a single copy.
  const engineFor = (config: SyncConfig | null): SyncEngine | null => {
    if (!config && !engine) return null
    engine ??= new SyncEngine(db, {
      Pouch,
      ingest: async (orders) => void (await storeOrders(db, orders, Date.now(), deps)),
      onSettings: async () => {
        forgetScoringSettings()
        await loadScoringSettings(db)
        for (const shopKey of await db.shops.toCollection().primaryKeys())
          await deps.scheduler.rescoreNow(shopKey, { refigure: true })
        invalidateShopMeans()
      },
      onStatus: saveStatus
    })
    engine.configure(config)
    return engine
  }

  const readConfig = async (): Promise<SyncConfig | null> => {
    const raw = (await chrome.storage.local.get(SYNC_CONFIG_KEY))[SYNC_CONFIG_KEY]
    const parsed = syncConfigSchema.safeParse(raw)
    return parsed.success ? parsed.data : null
  }

  const pass = async (): Promise<SyncStatus> => {
    const e = engineFor(await readConfig())
    if (!e) {
      const off: SyncStatus = { state: "off", pending: 0 }
      saveStatus(off)
      return off
    }
    return e.syncOnce()
  }
  const soon = () => {
    clearTimeout(timer)
    timer = setTimeout(() => void pass().catch((err) => console.warn("[huike] sync failed:", err)), SETTLE_MS)
  }

  void chrome.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_EVERY_MINUTES })
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void pass().catch((err) => console.warn("[huike] sync failed:", err))
  })
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && SYNC_CONFIG_KEY in changes) soon()
  })
  // Extension pages (side panel, popup, options) write notes, reminders, tags and settings themselves.
  soon()

  return {
    soon: () => {
      if (engine?.configured) soon()
    },
    async onOrdersStored(orders, now) {
      const e = engine ?? engineFor(await readConfig())
      if (!e?.configured) return
      try {
        await e.recordOrders(orders, now)
      } catch (err) {
        // The capture is stored; the next pass compares every stored order with the documents instead.
        e.forgetSeed()
        console.warn("[huike] could not record orders for the shop's server:", err)
      }
      soon()
    },
    async answer(msg) {
      if (msg.type === "syncNow") {
        clearTimeout(timer)
        return pass()
      }
      return { ...(await testConnection(Pouch, msg.config)), pending: engine?.status.pending ?? 0 }
    }
  }
}
