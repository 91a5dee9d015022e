// Storage keys and timings of the sync, apart from config.ts so the popup's status line loads no zod.
/** chrome.storage.local: the shop server's address, database and sign-in (SyncConfig). */
export const SYNC_CONFIG_KEY = "huike.sync.config"
/** chrome.storage.local: the engine's last status (SyncStatus), for the options page and the popup. */
export const SYNC_STATUS_KEY = "huike.sync.status"
/** The alarm that syncs every few minutes while no Huike page keeps the worker awake. */
export const SYNC_ALARM = "huike-sync"
export const SYNC_EVERY_MINUTES = 5
