// The shop's shared customer book in the service worker: the sync engine (src/sync/engine.ts) with
// PouchDB's IndexedDB and http adapters, configured from chrome.storage.local. A pass runs when the
// worker starts, when the settings change, soon after a local change (a capture or import, a note,
// reminder, tag or shared setting written here or by an extension page), on "Sync now", and every few
// minutes on an alarm (which also wakes a stopped worker). Each pass resumes from its checkpoints.
// While a Huike page, the side panel or a back-office tab holds the live port (src/sync/live.ts), the
// engine also pulls the others' changes as they happen, and local changes go out a second after them.
// Captured orders wait in the sync outbox, committed with them, so a worker stopped before its pass
// loses none of them.
import Dexie from "dexie"
import PouchDB from "pouchdb-core"
import idbAdapter from "pouchdb-adapter-idb"
import httpAdapter from "pouchdb-adapter-http"
import replication from "pouchdb-replication"
import type { HuikeDB } from "~src/db/store"
import type { DeferredScoring } from "~src/db/figures/deferred"
import { storeOrders } from "~background/handlers"
import { forgetScoringSettings, loadScoringSettings } from "~src/db/schema/owner-settings"
import { invalidateShopMeans } from "~src/db/figures/means"
import type { RescoreScheduler } from "~src/db/figures/rescore"
import {
  SYNC_ALARM,
  SYNC_CONFIG_KEY,
  SYNC_EVERY_MINUTES,
  SYNC_LIVE_PORT,
  SYNC_SETTLE_MS,
  SYNC_STATUS_KEY,
  syncConfigSchema,
  type SyncConfig,
  type SyncStatus
} from "~src/sync/config"
import { SyncEngine, testConnection } from "~src/sync/engine"
import { touchesSharedData } from "~src/sync/local-writes"
import type { SyncMessage } from "~src/sync/messages"

const Pouch = PouchDB.plugin(idbAdapter).plugin(httpAdapter).plugin(replication)

export interface SyncWiring {
  /** For the capture and import handlers: whether their orders go in the sync outbox. */
  shareOrders(): Promise<boolean>
  /** For the capture and import handlers: orders stored locally (and in the outbox). */
  onOrdersStored(): void
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
  /** Live ports of open Huike pages and back-office tabs. */
  const ports = new Set<chrome.runtime.Port>()
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
    engine.setLive(ports.size > 0)
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
    const wait = engine?.isLive ? SYNC_SETTLE_MS.live : SYNC_SETTLE_MS.idle
    timer = setTimeout(() => void pass().catch((err) => console.warn("[huike] sync failed:", err)), wait)
  }

  void chrome.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_EVERY_MINUTES })
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void pass().catch((err) => console.warn("[huike] sync failed:", err))
  })
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && SYNC_CONFIG_KEY in changes) soon()
  })
  // Extension pages (side panel, popup, options, dashboard) write notes, reminders, tags and settings
  // themselves; Dexie tells every context of the extension about each committed write (this worker's own
  // too: a pass after those finds nothing to send). The pass compares the store with the documents.
  Dexie.on("storagemutated", (parts) => {
    if (engine?.configured && touchesSharedData(parts, db.name)) soon()
  })
  // Pages and back-office tabs open: live. A ping on the port keeps this worker awake meanwhile.
  chrome.runtime.onConnect.addListener((port) => {
    if (port.name !== SYNC_LIVE_PORT || port.sender?.id !== chrome.runtime.id) return
    ports.add(port)
    port.onMessage.addListener(() => undefined)
    port.onDisconnect.addListener(() => {
      ports.delete(port)
      engine?.setLive(ports.size > 0)
    })
    if (engine) engine.setLive(true)
    else void readConfig().then((config) => engineFor(config))
  })
  soon()

  return {
    soon: () => {
      if (engine?.configured) soon()
    },
    async shareOrders() {
      return (engine ?? engineFor(await readConfig()))?.configured === true
    },
    onOrdersStored() {
      if (engine?.configured) soon()
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
