// Layer: entry. Backup, restore and delete-all. A backup is dexie-export-import's JSON of every table; restoring clears
// the tables and writes the backup's records unchanged, so the figures read back are the stored ones (no
// rescoring needed). A backup from an older schema is brought up to this one on the way in, the same way
// the schema upgrade does; one from a newer schema is refused before anything is cleared.
import { exportDB, importInto, peakImportFile } from "dexie-export-import"
import { lookupKeysOf } from "./schema/keys"
import { NewerDatabaseError, RESCORE_ALL_KEY, type CustomerRecord, type HuikeDB } from "./schema/database"
import { mergeTaobaoBuyerKeys } from "./migrations/v4-merge-taobao-buyers"
import { forgetShopMeans } from "./figures/means"

export interface BackupProgress {
  done: number
  total: number
}

export function exportBackup(db: HuikeDB, onProgress?: (p: BackupProgress) => void): Promise<Blob> {
  return exportDB(db, {
    numRowsPerChunk: 2000,
    progressCallback: (p) => {
      onProgress?.({ done: p.completedRows, total: p.totalRows ?? p.completedRows })
      return true
    }
  })
}

export class NotABackupError extends Error {
  override name = "NotABackupError"
}

export async function restoreBackup(
  db: HuikeDB,
  backup: Blob,
  onProgress?: (p: BackupProgress) => void
): Promise<{ version: number; rows: number }> {
  let meta: Awaited<ReturnType<typeof peakImportFile>>
  try {
    meta = await peakImportFile(backup)
  } catch (e) {
    throw new NotABackupError(`not a Huike backup: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (meta.formatName !== "dexie" || !meta.data.tables.some((t) => t.name === "orders")) {
    throw new NotABackupError("not a Huike backup: it has no orders table")
  }
  const version = meta.data.databaseVersion
  if (version > db.verno) throw new NewerDatabaseError(version, db.verno)
  const old = version < db.verno
  let rows = 0
  await importInto(db, backup, {
    clearTablesBeforeImport: true,
    acceptVersionDiff: true,
    acceptMissingTables: true,
    acceptNameDiff: true,
    ...(old
      ? {
          transform: (table: string, value: unknown) =>
            table === "customers"
              ? { value: { ...(value as CustomerRecord), lookupKeys: lookupKeysOf(value as CustomerRecord) } }
              : { value }
        }
      : {}),
    progressCallback: (p) => {
      rows = p.completedRows
      onProgress?.({ done: p.completedRows, total: p.totalRows ?? p.completedRows })
      return true
    }
  })
  if (old) {
    // The full rescore is asked for first: it runs even if the merge below fails.
    await db.settings.put({ key: RESCORE_ALL_KEY, value: true })
    // What schema v4's upgrade does to a stored database, done to a restored older backup too.
    if (version < 4) await db.transaction("rw", db.tables, () => mergeTaobaoBuyerKeys(db, Date.now()))
  }
  forgetShopMeans()
  return { version, rows }
}

/** Empties every table (the database itself stays, at its version). */
export async function deleteAllData(db: HuikeDB): Promise<void> {
  await db.transaction("rw", db.tables, async () => {
    await Promise.all(db.tables.map((t) => t.clear()))
  })
  forgetShopMeans()
}
