// The daily follow-up run: a chrome.alarms alarm shortly after local midnight runs the reminder rules
// (src/core/reminders) over every shop's stored customers, adds the reminders not made before (the store's
// unique dedupe key: a rule never makes the same reminder twice), shows a notification, puts the due count
// on the toolbar badge, and refreshes the dashboard's cached summary of shops whose orders changed.
import browser from "webextension-polyfill"
import {
  dayNumber,
  formatDayNumber,
  levelOutlook,
  purchaseDays,
  startOfDayKey,
  type MemberLadder
} from "~src/core"
import { dueReminders, reminderText, type ReminderCustomer, type ReminderRules } from "~src/core/reminders"
import type { CustomerRecord, HuikeDB, ReminderRecord, ShopRecord } from "~src/db/store"
import { fromTimeline } from "~src/db/figures/scoring"
import { loadLanguage, ownerLang, tr } from "~src/ui/dashboard/lang"
import {
  analyzeStoredShop,
  cachedSummary,
  loadShopCustomers,
  scoringSettings,
  saveSummary
} from "~src/ui/dashboard/owner-data"
import { LAST_RUN_KEY, REMINDER_ALARM, reminderRules } from "~src/ui/dashboard/settings"

const BADGE_ALARM = "huike-badge"

/** The level rules' input: the buyer's last upgrade and coming fall, replayed from their stored orders. */
function levelInput(
  c: CustomerRecord,
  shop: ShopRecord,
  ladder: MemberLadder,
  rules: ReminderRules,
  today: number
): Pick<ReminderCustomer, "levelUp" | "levelDrop"> {
  if (!c.timeline || c.orders === 0 || ladder.levels.length < 2) return {}
  const { days, amounts } = purchaseDays(fromTimeline(shop, c.buyerId, c.timeline), shop.timeZone)
  const o = levelOutlook(
    ladder,
    days,
    amounts,
    today,
    rules.downgrade.enabled ? rules.downgrade.withinDays : 0
  )
  const name = (i: number) => ({ id: ladder.levels[i].id, zh: ladder.levels[i].zh, en: ladder.levels[i].en })
  return {
    ...(rules.upgrade.enabled && o.lastUpgrade
      ? { levelUp: { day: o.lastUpgrade.day, to: name(o.lastUpgrade.to) } }
      : {}),
    ...(rules.downgrade.enabled && o.drop
      ? { levelDrop: { day: o.drop.day, from: name(o.drop.from), to: name(o.drop.to) } }
      : {})
  }
}

/** What the rules read about one stored customer, days in the shop's zone. */
function ruleInput(c: CustomerRecord, timeZone: string): ReminderCustomer {
  const completed: { orderId: string; day: number }[] = []
  const t = c.timeline
  if (t) {
    // The store keeps when an order was placed, not when it completed: the review clock starts then.
    for (let i = 0; i < t.id.length; i++) {
      if (t.status[i] === "c") completed.push({ orderId: t.id[i], day: dayNumber(t.at[i], timeZone) })
    }
  }
  return {
    key: c.key,
    shopKey: c.shopKey,
    ...(c.buyerNick ? { buyerNick: c.buyerNick } : {}),
    orders: c.orders,
    purchaseDays: c.purchaseDays,
    ...(c.firstOrderDay !== undefined ? { firstOrderDay: c.firstOrderDay } : {}),
    ...(c.lastOrderDay !== undefined ? { lastOrderDay: c.lastOrderDay } : {}),
    totalSpent: c.totalSpent,
    ...(c.segment ? { segment: c.segment } : {}),
    ...(c.pAlive !== undefined ? { pAlive: c.pAlive } : {}),
    completed
  }
}

/** Adds the shop's due reminders not made before; returns how many were added. */
async function runShop(
  db: HuikeDB,
  shop: ShopRecord,
  customers: CustomerRecord[],
  rules: ReminderRules,
  ladder: MemberLadder,
  now: number
) {
  const today = dayNumber(now, shop.timeZone)
  const levels = rules.upgrade.enabled || rules.downgrade.enabled
  const drafts = dueReminders(
    customers.map((c) => ({
      ...ruleInput(c, shop.timeZone),
      ...(levels ? levelInput(c, shop, ladder, rules, today) : {})
    })),
    today,
    rules
  )
  if (drafts.length === 0) return 0
  const lang = ownerLang()
  return db.transaction("rw", db.reminders, async () => {
    const keys = drafts.map((d) => d.dedupeKey)
    const made = new Set(
      (await db.reminders.where("dedupeKey").anyOf(keys).toArray()).map((r) => r.dedupeKey)
    )
    const fresh: ReminderRecord[] = drafts
      .filter((d) => !made.has(d.dedupeKey))
      .map((d) => ({
        customerKey: d.customerKey,
        shopKey: d.shopKey,
        dueAt: startOfDayKey(formatDayNumber(d.dueDay), shop.timeZone),
        text: reminderText(d, lang),
        status: "open",
        dedupeKey: d.dedupeKey,
        createdAt: now
      }))
    if (fresh.length) await db.reminders.bulkAdd(fresh)
    return fresh.length
  })
}

/** Open reminders due by now, every shop. */
export function dueCount(db: HuikeDB, now: number): Promise<number> {
  return db.reminders.where("[status+dueAt]").between(["open", 0], ["open", now], true, true).count()
}

export async function updateBadge(db: HuikeDB, now = Date.now()): Promise<number> {
  const due = await dueCount(db, now)
  await browser.action.setBadgeBackgroundColor({ color: "#d63031" })
  await browser.action.setBadgeText({ text: due === 0 ? "" : due > 999 ? "999+" : String(due) })
  return due
}

let running: Promise<void> | null = null

/** One run over every shop. Runs never overlap: a second call while one runs waits for it. */
export function runReminders(db: HuikeDB, now = Date.now()): Promise<void> {
  running ??= (async () => {
    await loadLanguage().catch(() => undefined)
    const rules = await reminderRules(db)
    const settings = await scoringSettings(db)
    let created = 0
    for (const shop of await db.shops.toArray()) {
      const customers = await loadShopCustomers(db, shop.key)
      created += await runShop(db, shop, customers, rules, settings.ladder, now)
      // The dashboard opens on this summary; refresh it when the shop's orders changed since.
      try {
        const cached = await cachedSummary(db, shop.key)
        if (
          !cached ||
          cached.rev !== (shop.rev ?? 0) ||
          cached.asOfDay !== formatDayNumber(dayNumber(now, shop.timeZone))
        ) {
          await saveSummary(db, analyzeStoredShop(shop, customers, now, settings).summary)
        }
      } catch (e) {
        console.warn("[huike] dashboard summary failed:", e)
      }
    }
    const due = await updateBadge(db, now)
    if (created > 0) {
      const icon = browser.runtime.getManifest().icons?.["128"]
      await browser.notifications
        .create(REMINDER_ALARM, {
          type: "basic",
          iconUrl: icon ? browser.runtime.getURL(icon) : "",
          title: tr("extShortName"),
          message: tr("ownerNotifyNew", [created, due])
        })
        .catch((e: unknown) => console.warn("[huike] notification failed:", e))
    }
    const last = (await browser.storage.local.get(LAST_RUN_KEY))[LAST_RUN_KEY] as
      { runs?: number } | undefined
    await browser.storage.local.set({
      [LAST_RUN_KEY]: { at: now, created, due, runs: (last?.runs ?? 0) + 1 }
    })
  })().finally(() => {
    running = null
  })
  return running
}

/** The next run: five minutes after the browser's local midnight. */
function nextRunAt(now: number): number {
  const d = new Date(now)
  d.setHours(24, 5, 0, 0)
  return d.getTime()
}

/** Called once by the service worker. */
export function wireReminders(db: HuikeDB): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REMINDER_ALARM) {
      void runReminders(db)
        .catch((e: unknown) => console.warn("[huike] reminder run failed:", e))
        .finally(() => void browser.alarms.create(REMINDER_ALARM, { when: nextRunAt(Date.now()) }))
    } else if (alarm.name === BADGE_ALARM) {
      void updateBadge(db).catch(() => undefined)
    }
  })
  browser.notifications?.onClicked.addListener((id) => {
    if (id === REMINDER_ALARM)
      void browser.tabs.create({ url: browser.runtime.getURL("tabs/dashboard.html") })
  })
  void (async () => {
    if (!(await browser.alarms.get(REMINDER_ALARM))) {
      // First start (or the alarm was lost): the next local midnight, then daily.
      await browser.alarms.create(REMINDER_ALARM, { when: nextRunAt(Date.now()) })
    }
    if (!(await browser.alarms.get(BADGE_ALARM))) {
      await browser.alarms.create(BADGE_ALARM, { periodInMinutes: 60 })
    }
    await updateBadge(db)
  })().catch((e: unknown) => console.warn("[huike] could not schedule reminders:", e))
}
