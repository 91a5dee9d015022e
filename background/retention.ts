// The marketplace data rules' schedule (src/core/retention.ts, src/db/writes/retention.ts): every order is
// already stored under them when it comes in; this forgets what has passed its limit since — when the service
// worker starts (after any migration), and once a day on an alarm, which also wakes a stopped worker. A pass
// that forgot names or e-mails rebuilds the known-names filter without them.
import type { NameIndex } from "~src/db/reads/name-index"
import type { HuikeDB } from "~src/db/store"
import { forgetExpired, loadRetention } from "~src/db/writes/retention"

export const RETENTION_ALARM = "huike-retention"
const DAILY_MINUTES = 24 * 60

export function wireRetention(db: HuikeDB, names: NameIndex): { run(): Promise<void> } {
  const run = async () => {
    await db.open()
    await loadRetention(db)
    const r = await forgetExpired(db, Date.now())
    if (r.orders + r.customers > 0) await names.rebuild()
  }
  const runLogged = () =>
    void run().catch((e: unknown) => console.warn("[huike] the marketplace data rules' pass failed:", e))
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETENTION_ALARM) runLogged()
  })
  void chrome.alarms.get(RETENTION_ALARM).then((alarm) => {
    if (!alarm) void chrome.alarms.create(RETENTION_ALARM, { periodInMinutes: DAILY_MINUTES })
  })
  return { run }
}
