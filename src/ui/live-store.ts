// Open screens follow the store: Dexie tells every context of the extension about each committed write
// (its storagemutated event, carried between the service worker and the pages by Dexie's own
// BroadcastChannel), so a note, tag, reminder or figure that the sync engine stores in the background shows
// in an open side panel, popup or dashboard without a reload. Screens read through messages and workers,
// not liveQuery, so they are told "read again" (debounced: a first sync writes thousands of times a second).
import Dexie, { type ObservabilitySet } from "dexie"
import { useEffect, useState } from "react"

/** Whether a write touched one of these tables of the database `dbName`. */
export function touchesTables(parts: ObservabilitySet, dbName: string, tables: readonly string[]): boolean {
  const prefix = `idb://${dbName}/`
  for (const part of Object.keys(parts)) {
    if (!part.startsWith(prefix)) continue
    if (tables.includes(part.slice(prefix.length).split("/")[0])) return true
  }
  return false
}

export interface Debounce {
  /** Quiet time after the last write before reading again. */
  waitMs: number
  /** While writes keep coming (a first sync), read again at least this often. */
  maxWaitMs: number
}

const DEFAULT_DEBOUNCE: Debounce = { waitMs: 200, maxWaitMs: 1_500 }

/** Calls `onChange` after writes to `tables` (debounced); returns the unsubscribe function. */
export function onStoreChange(
  dbName: string,
  tables: readonly string[],
  onChange: () => void,
  debounce: Debounce = DEFAULT_DEBOUNCE
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let firstAt: number | null = null
  const fire = () => {
    timer = undefined
    firstAt = null
    onChange()
  }
  const listener = (parts: ObservabilitySet) => {
    if (!touchesTables(parts, dbName, tables)) return
    const now = Date.now()
    firstAt ??= now
    clearTimeout(timer)
    timer = setTimeout(fire, Math.max(0, Math.min(debounce.waitMs, firstAt + debounce.maxWaitMs - now)))
  }
  Dexie.on("storagemutated", listener)
  return () => {
    clearTimeout(timer)
    Dexie.on("storagemutated").unsubscribe(listener)
  }
}

/** A number that goes up after writes to `tables`: add it to an effect's dependencies to read again. */
export function useStoreVersion(dbName: string, tables: readonly string[], debounce?: Debounce): number {
  const [version, setVersion] = useState(0)
  const key = tables.join(",")
  useEffect(
    () => onStoreChange(dbName, key.split(","), () => setVersion((v) => v + 1), debounce),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [dbName, key]
  )
  return version
}
