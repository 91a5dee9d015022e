// Storage keys and timings of the sync, apart from config.ts so the popup's status line loads no zod.
/** chrome.storage.local: the shop server's address, database and sign-in (SyncConfig). */
export const SYNC_CONFIG_KEY = "huike.sync.config"
/** chrome.storage.local: the engine's last status (SyncStatus), for the options page and the popup. */
export const SYNC_STATUS_KEY = "huike.sync.status"
/** The alarm that syncs every few minutes while no Huike page keeps the worker awake. */
export const SYNC_ALARM = "huike-sync"
export const SYNC_EVERY_MINUTES = 5
/** The port Huike's pages, the side panel and back-office tabs hold open: while one is, sync is live. */
export const SYNC_LIVE_PORT = "huike-sync-live"
/** A page on that port says it is still there this often (which also keeps the worker awake). */
export const SYNC_LIVE_PING_MS = 20_000
/** A pass this long after the last local change: sooner while sync is live (changes come in bursts). */
export const SYNC_SETTLE_MS = { live: 1_000, idle: 3_000 } as const
