// Service worker: owns the database and answers the content scripts and extension pages.
import browser from "webextension-polyfill"
import { keepSelfHostedScriptsInSync } from "~src/adapters/vendure/site-access"
import { HuikeDB, RESCORE_ALL_KEY } from "~src/db/store"
import { DeferredScoring } from "~src/db/figures/deferred"
import { handleMessage } from "~background/handlers"
import { NAME_INDEX_ADDS_KEY, NAME_INDEX_KEY, NameIndex } from "~src/db/reads/name-index"
import { finishImport } from "~src/db/writes/import"
import { RESCORE_SHOPS_KEY } from "~src/db/store"
import { ensureScoringSettings } from "~src/db/schema/owner-settings"
import { invalidateShopMeans } from "~src/db/figures/means"
import { RescoreScheduler } from "~src/db/figures/rescore"
import { FOCUS_KEY, SEARCH_KEY } from "~src/messages"
import { syncMessage } from "~src/sync/messages"
import { lookupCopiedMessage } from "~src/ui/copied-lookup"
import { wireCopiedLookup } from "./copied-lookup"
import { wireReminders } from "./reminders"
import { wireSync } from "./sync"

const db = new HuikeDB(undefined, {
  // Newer Huike code upgraded the database under us: this worker stops writing (every message is answered
  // with "reload"), and Chrome replaces it with the new one.
  onStale: () =>
    console.warn("[huike] the database was upgraded by a newer Huike; this worker stopped writing")
})
const scheduler = new RescoreScheduler(db, {
  onError: (e) => console.warn("[huike] background rescore failed:", e)
})
// Captures store their orders at once; their buyers are scored in batches when captures pause, and before
// any read.
const scoring = new DeferredScoring(db, {
  onScored: () => invalidateShopMeans(),
  onError: (e) => console.warn("[huike] scoring captured orders failed:", e)
})
// Follow-up reminders: the daily rules run, notification and badge.
wireReminders(db)
// The shop's shared customer book: replication with the shop's CouchDB, when the options page set one.
const sync = wireSync(db, { scheduler, scoring })
// Self-hosted admins (Vendure): content scripts on exactly the origins the user allowed.
keepSelfHostedScriptsInSync()
// The copied-text lookup (千牛 desktop client): the shortcut reads the clipboard and opens the buyer-card window.
const copiedLookup = wireCopiedLookup()

// The known-names filter content scripts tag by, kept in chrome.storage.local (they read and watch it):
// the whole filter, saved after a build, and the small record of what was added since.
const names = new NameIndex(db, {
  load: async () => (await chrome.storage.local.get(NAME_INDEX_KEY))[NAME_INDEX_KEY],
  save: (saved, adds) => chrome.storage.local.set({ [NAME_INDEX_KEY]: saved, [NAME_INDEX_ADDS_KEY]: adds }),
  loadAdds: async () => (await chrome.storage.local.get(NAME_INDEX_ADDS_KEY))[NAME_INDEX_ADDS_KEY],
  saveAdds: (adds) => chrome.storage.local.set({ [NAME_INDEX_ADDS_KEY]: adds })
})
void names.current().catch((e: unknown) => console.warn("[huike] could not build the name index:", e))

const extensionOrigin = new URL(browser.runtime.getURL("/")).origin

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  // Only this extension's own scripts may talk to the database.
  if (sender.id !== browser.runtime.id) return undefined
  const fromExtensionPage = !!sender.url && new URL(sender.url).origin === extensionOrigin
  // "Sync now" and "Test connection", from the options page only.
  const syncAsk = syncMessage.safeParse(message)
  if (syncAsk.success) return fromExtensionPage ? sync.answer(syncAsk.data) : undefined
  // The card window's "Allow" and "Look up copied text": the shortcut's own lookup, from Huike's pages only.
  if (lookupCopiedMessage.safeParse(message).success)
    return fromExtensionPage
      ? copiedLookup.lookupCopied().then(
          () => ({ ok: true }),
          (e: unknown) => ({ ok: false, error: String(e) })
        )
      : undefined
  const reply = handleMessage(db, message, Date.now(), {
    scheduler,
    scoring,
    fromExtensionPage,
    shareOrders: sync.shareOrders,
    onOrdersStored: sync.onOrdersStored,
    names,
    async onSearch(query) {
      const tabId = sender.tab?.id
      const opening =
        tabId !== undefined ? chrome.sidePanel?.open({ tabId }).catch(() => undefined) : undefined
      await browser.storage.session.set({ [SEARCH_KEY]: { query, at: Date.now() } })
      await opening
    },
    async onFocus(customerKey, openPanel) {
      const tabId = sender.tab?.id
      // Opening needs the rep's click, which the message carries, so it goes first (before any await);
      // a refusal only leaves the panel closed.
      const opening =
        openPanel && tabId !== undefined
          ? chrome.sidePanel?.open({ tabId }).catch(() => undefined)
          : undefined
      await browser.storage.session.set({ [FOCUS_KEY]: { customerKey, at: Date.now() } })
      await opening
    }
  })
  const type = (message as { type?: unknown } | null)?.type
  if (type === "addNote" || type === "addReminder" || type === "addTag") void reply.then(() => sync.soon())
  return reply
})

/** Work a previous worker left behind: a migration's or restore's rescore, an import stopped mid-scoring. */
async function resumeBackgroundWork(): Promise<void> {
  await db.open()
  // The owner's ladder and thresholds before any rescore below (a message would load them, but may come later).
  await ensureScoringSettings(db)
  await scoring.flush()
  // A migration's or restore's full rescore (every shop), and shops a migration changed in place (the merge
  // scored the moved buyers from their stored timelines, which a v3 store could hold stale): every figure
  // again from the orders, then the shop-wide scores.
  const all = await db.settings.get(RESCORE_ALL_KEY)
  if (all?.value === true) {
    await refigureShops(RESCORE_ALL_KEY, await db.shops.toCollection().primaryKeys())
    // Every shop done: the migration's list (a restored v3 backup asks for both) needs no second pass.
    await db.settings.delete(RESCORE_SHOPS_KEY)
  }
  const some = await db.settings.get(RESCORE_SHOPS_KEY)
  if (some !== undefined)
    await refigureShops(RESCORE_SHOPS_KEY, Array.isArray(some.value) ? (some.value as string[]) : [])
  for (const job of await db.importJobs.where("status").equals("scoring").toArray()) {
    await finishImport(db, job.id, Date.now())
  }
}

/** Rescores these shops from their orders, then drops the setting that asked for it. */
async function refigureShops(setting: string, shopKeys: readonly string[]): Promise<void> {
  for (const shopKey of shopKeys) await scheduler.rescoreNow(shopKey, { refigure: true })
  await db.settings.delete(setting)
}

void resumeBackgroundWork().catch((e: unknown) =>
  console.warn("[huike] could not resume background work:", e)
)
void navigator.storage?.persist?.()
