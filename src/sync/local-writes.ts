// Which committed writes to the store (Dexie's storagemutated parts, from this context or, through Dexie's
// BroadcastChannel, from the extension's pages) change something the shop's server gets: notes, reminders,
// tags, customers (their tags), shops (zone and currency) and the shared settings — not the settings pages
// keep for themselves (the dashboard's cached summary, the language), which would start passes for nothing.
// Nor the sync engine's own writes of what arrived from the server (they are the server's already): while
// it applies them (`applyingArrivals`), writes in this context start no pass; the engine looks for a
// page's change made meanwhile itself once it is done (`suppressedWhileApplying`).
import { RangeSet, rangesOverlap, type ObservabilitySet } from "dexie"
import { DB_NAME } from "../db/store"
import { SHARED_SETTINGS } from "./shared-settings"

const TABLES = ["notes", "reminders", "tags", "customers", "shops"]
const sharedKeys = new RangeSet().addKeys([...SHARED_SETTINGS])

let applying = 0
let suppressed = false

/** Runs the engine's application of arrived documents; says whether shared writes were seen meanwhile. */
export async function applyingArrivals<T>(
  apply: () => Promise<T>
): Promise<{ result: T; suppressed: boolean }> {
  if (applying++ === 0) suppressed = false
  try {
    const result = await apply()
    return { result, suppressed }
  } finally {
    applying--
  }
}

export function touchesSharedData(parts: ObservabilitySet, dbName = DB_NAME): boolean {
  if (!touches(parts, dbName)) return false
  if (applying === 0) return true
  suppressed = true
  return false
}

function touches(parts: ObservabilitySet, dbName: string): boolean {
  const prefix = `idb://${dbName}/`
  for (const [part, ranges] of Object.entries(parts)) {
    if (!part.startsWith(prefix)) continue
    const [table, index] = part.slice(prefix.length).split("/")
    if (TABLES.includes(table)) return true
    // The settings' primary-key part names the keys written (a range for a clear or a bulk delete).
    if (table === "settings" && index === "" && rangesOverlap(ranges, sharedKeys)) return true
  }
  return false
}
