// The sync status as one line ("Synced · 2 min ago", "Offline, 37 changes waiting", "Sign-in refused by
// the server"), for the options page and the popup.
import type { SyncStatus } from "../../sync/config"

type Tr = (key: string, subs?: (string | number)[]) => string

const MINUTE = 60_000

export function syncStatusLine(status: SyncStatus, now: number, tr: Tr): string {
  switch (status.state) {
    case "off":
      return tr("syncOff")
    case "paused":
      return tr("syncPaused", [status.pending])
    case "syncing":
      if (status.progress?.stored !== undefined)
        return tr("syncStoring", [status.progress.stored.toLocaleString()])
      if (status.progress?.received) return tr("syncReceiving", [status.progress.received.toLocaleString()])
      return tr("syncSyncing")
    case "synced": {
      if (status.at === undefined) return tr("syncConnected")
      const minutes = Math.max(0, Math.floor((now - status.at) / MINUTE))
      if (minutes < 1) return tr("syncSyncedNow")
      if (minutes < 60) return tr("syncSyncedMinutes", [minutes])
      if (minutes < 48 * 60) return tr("syncSyncedHours", [Math.floor(minutes / 60)])
      return tr("syncSyncedDays", [Math.floor(minutes / 1440)])
    }
    case "offline":
      return tr("syncOffline", [status.pending])
    case "refused":
      return tr("syncRefused")
    case "error":
      return tr("syncError", [status.detail ?? "?"])
  }
}
