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
  it("shows a sync's progress: sending, receiving of about the server's count, storing", () => {
    expect(line({ state: "syncing", pending: 100_000, progress: { sent: 34_000, toSend: 100_000 } })).toBe(
      "Sending 34,000 of 100,000"
    )
    expect(
      line({
        state: "syncing",
        pending: 0,
        progress: { sent: 100_000, toSend: 100_000, received: 12_000, expected: 100_000 }
      })
    ).toBe("Receiving 12,000 of about 100,000")
    // More arrived than the estimate: the estimate is never below what arrived.
    expect(line({ state: "syncing", pending: 0, progress: { received: 101_000, expected: 100_000 } })).toBe(
      "Receiving 101,000 of about 101,000"
    )
    expect(line({ state: "syncing", pending: 0, progress: { received: 12_000 } })).toBe("Receiving 12,000")
    expect(
      line({ state: "syncing", pending: 0, progress: { received: 12_000, expected: 12_000, stored: 500 } })
    ).toBe("Storing 500 of 12,000 received")
    expect(line({ state: "syncing", pending: 0, progress: { stored: 500 } })).toBe("Syncing… 500 stored")
    expect(line({ state: "syncing", pending: 9 })).toBe("Syncing…")
    expect(line({ state: "syncing", pending: 0, progress: { sent: 3, toSend: 10 } }, zh)).toBe(
      "正在发送 3 / 10 项"
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
