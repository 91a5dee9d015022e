// The owner's settings, kept in the store's settings table (extension pages and the background read them).
import { DEFAULT_REMINDER_RULES, type ReminderRules } from "../../core/reminders"
import type { HuikeDB } from "../../db/store"

/** Exports mask contact fields unless this is false. */
export const MASK_KEY = "owner.maskContacts"
/** The owner's reminder rules. */
export const RULES_KEY = "owner.reminderRules"
/** The daily reminder run's alarm; creating it with `when: now` runs the rules at once. */
export const REMINDER_ALARM = "huike-reminders"
/** chrome.storage.local: what the last reminder run did ({ at, created, due, runs }). */
export const LAST_RUN_KEY = "huike.reminders.lastRun"

export async function reminderRules(db: HuikeDB): Promise<ReminderRules> {
  const row = await db.settings.get(RULES_KEY)
  const saved = row?.value as Partial<ReminderRules> | undefined
  return structuredClone({ ...DEFAULT_REMINDER_RULES, ...saved })
}
