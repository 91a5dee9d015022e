import { describe, expect, it } from "vitest"
import en from "../../locales/en/messages.json"
import zh from "../../locales/zh_CN/messages.json"
import type { SyncStatus } from "../../src/sync/config"
import { syncStatusLine } from "../../src/ui/sync/status-line"

type Messages = Record<string, { message: string }>
const trOf =
  (m: Messages) =>
  (key: string, subs: (string | number)[] = []) =>
    m[key].message.replace(/\$(\d)/g, (_, i: string) => String(subs[Number(i) - 1]))
const NOW = Date.UTC(2026, 11, 2, 8, 0)

describe("the sync status line", () => {
  const line = (s: SyncStatus, m: Messages = en) => syncStatusLine(s, NOW, trOf(m))
  it("says how long ago the last sync was", () => {
    expect(line({ state: "synced", pending: 0, at: NOW - 2 * 60_000 - 5_000 })).toBe("Synced · 2 min ago")
    expect(line({ state: "synced", pending: 0, at: NOW - 20_000 })).toBe("Synced · just now")
    expect(line({ state: "synced", pending: 0, at: NOW - 3 * 3_600_000 })).toBe("Synced · 3 h ago")
    expect(line({ state: "synced", pending: 0, at: NOW - 2 * 60_000 }, zh)).toBe("已同步 · 2 分钟前")
  })
  it("counts the changes waiting while offline, and names a refused sign-in", () => {
    expect(line({ state: "offline", pending: 37 })).toBe("Offline, 37 changes waiting")
    expect(line({ state: "refused", pending: 0 })).toBe("Sign-in refused by the server")
    expect(line({ state: "refused", pending: 0 }, zh)).toBe("服务器拒绝登录")
  })
  it("shows a first sync's progress", () => {
    expect(line({ state: "syncing", pending: 0, progress: { received: 12_000 } })).toBe(
      "Syncing… 12,000 received"
    )
    expect(line({ state: "syncing", pending: 0, progress: { received: 12_000, stored: 500 } })).toBe(
      "Syncing… 500 stored"
    )
  })
  it("every sync string exists in both languages", () => {
    const keys = (m: Messages) =>
      Object.keys(m)
        .filter((k) => k.startsWith("sync"))
        .sort()
    expect(keys(zh)).toEqual(keys(en))
    expect(keys(en).length).toBeGreaterThan(20)
  })
})
