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
    case "syncing": {
      // The latest step of the pass: sending, then receiving, then storing what arrived.
      const p = status.progress ?? {}
      const n = (x: number) => x.toLocaleString()
      if (p.stored) {
        const of = Math.max(p.received ?? 0, p.stored)
        return p.received ? tr("syncStoringOf", [n(p.stored), n(of)]) : tr("syncStoring", [n(p.stored)])
      }
      if (p.expected)
        return tr("syncReceivingOf", [n(p.received ?? 0), n(Math.max(p.expected, p.received ?? 0))])
      if (p.received) return tr("syncReceiving", [n(p.received)])
      if (p.toSend) return tr("syncSending", [n(p.sent ?? 0), n(Math.max(p.toSend, p.sent ?? 0))])
      return tr("syncSyncing")
    }
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
