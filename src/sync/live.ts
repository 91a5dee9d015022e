// Page side of live sync: Huike's pages (popup, options, dashboard, side panel) and the back-office
// content scripts hold a port to the background while this browser shares its customer book, so the
// background pulls the others' changes as they happen. The port says it is still there every 20 s (a
// message keeps an MV3 worker awake); if the worker stops anyway, the page connects again, which starts it.
// Chrome-only, no zod: content scripts load it.
import { SYNC_LIVE_PING_MS, SYNC_LIVE_PORT, SYNC_STATUS_KEY } from "./keys"

/** Holds the live port while sync is on (the background's status says so); returns a stop function. */
export function keepSyncLive(): () => void {
  let port: chrome.runtime.Port | null = null
  let ping: ReturnType<typeof setInterval> | undefined
  let retry: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  const disconnect = () => {
    clearInterval(ping)
    clearTimeout(retry)
    const p = port
    port = null
    p?.disconnect()
  }
  const connect = () => {
    if (stopped || port) return
    try {
      port = chrome.runtime.connect({ name: SYNC_LIVE_PORT })
    } catch {
      // The extension was reloaded or removed under this page: nothing to keep alive.
      stopped = true
      return
    }
    const mine = port
    mine.onDisconnect.addListener(() => {
      if (port !== mine) return
      clearInterval(ping)
      port = null
      // The worker stopped (or restarts): connecting again wakes it.
      retry = setTimeout(connect, 1_000)
    })
    ping = setInterval(() => {
      try {
        mine.postMessage("ping")
      } catch {
        /* disconnected: onDisconnect reconnects */
      }
    }, SYNC_LIVE_PING_MS)
  }
  const follow = (status: unknown) => {
    const on = !!status && (status as { state?: string }).state !== "off"
    if (on) connect()
    else disconnect()
  }
  const onChanged = (changes: Record<string, chrome.storage.StorageChange>, area: string) => {
    if (area === "local" && SYNC_STATUS_KEY in changes) follow(changes[SYNC_STATUS_KEY].newValue)
  }
  chrome.storage.onChanged.addListener(onChanged)
  void chrome.storage.local
    .get(SYNC_STATUS_KEY)
    .then((got) => follow(got[SYNC_STATUS_KEY]))
    .catch(() => undefined)
  return () => {
    stopped = true
    chrome.storage.onChanged.removeListener(onChanged)
    disconnect()
  }
}
