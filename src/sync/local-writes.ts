// Which committed writes to the store (Dexie's storagemutated parts, from this context or, through Dexie's
// BroadcastChannel, from the extension's pages) change something the shop's server gets: notes, reminders,
// tags, customers (their tags), shops (zone and currency) and the shared settings — not the settings pages
// keep for themselves (the dashboard's cached summary, the language), which would start passes for nothing.
import { RangeSet, rangesOverlap, type ObservabilitySet } from "dexie"
import { DB_NAME } from "../db/store"
import { SHARED_SETTINGS } from "./engine"

const TABLES = ["notes", "reminders", "tags", "customers", "shops"]
const sharedKeys = new RangeSet().addKeys([...SHARED_SETTINGS])

export function touchesSharedData(parts: ObservabilitySet, dbName = DB_NAME): boolean {
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
