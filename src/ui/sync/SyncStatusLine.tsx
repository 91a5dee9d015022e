// One line saying where the shop's shared customer book stands; nothing when this browser does not sync.
import { useEffect, useState } from "react"
import type { SyncStatus } from "../../sync/config"
import { SYNC_STATUS_KEY } from "../../sync/keys"
import { keepSyncLive } from "../../sync/live"
import { tr } from "../dashboard/lang"
import { syncStatusLine } from "./status-line"

export function useSyncStatus(): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null)
  useEffect(() => {
    void chrome.storage.local
      .get(SYNC_STATUS_KEY)
      .then((got) => setStatus((got[SYNC_STATUS_KEY] as SyncStatus) ?? null))
    const listener = (changes: Record<string, chrome.storage.StorageChange>, area: string) => {
      if (area === "local" && SYNC_STATUS_KEY in changes)
        setStatus((changes[SYNC_STATUS_KEY].newValue as SyncStatus) ?? null)
    }
    chrome.storage.onChanged.addListener(listener)
    return () => chrome.storage.onChanged.removeListener(listener)
  }, [])
  return status
}

/** While this page is open and the browser shares its customer book, the others' changes arrive live. */
export function useSyncLive(): void {
  useEffect(() => keepSyncLive(), [])
}

export function SyncStatusLine({ showOff = false }: { showOff?: boolean }) {
  const status = useSyncStatus()
  useSyncLive()
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(id)
  }, [])
  if (!status || (status.state === "off" && !showOff)) return null
  const bad = status.state === "refused" || status.state === "error" || status.state === "offline"
  return (
    <p
      data-testid="sync-status"
      data-state={status.state}
      style={{ fontSize: 12, margin: "6px 0", color: bad ? "#cf1322" : "#595959" }}>
      {syncStatusLine(status, now, tr)}
    </p>
  )
}
