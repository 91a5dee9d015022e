// Layer: schema. The registry of the schema's data steps. A version that moves data (src/db/migrations/v4-…)
// names its step here by number; the step itself registers from src/db/migrations/index.ts, which
// src/db/store.ts loads before any database is opened. So the schema calls a step without importing it, and a
// database opened without the steps registered fails its upgrade (nothing is changed) instead of skipping it.
import type { Transaction } from "dexie"

/** A version's data step: runs inside Dexie's upgrade transaction, awaiting IndexedDB work only. */
export type DataStep = (tx: Transaction) => Promise<unknown>

const steps = new Map<number, DataStep>()

export class MissingDataStepError extends Error {
  override name = "MissingDataStepError"
  constructor(readonly version: number) {
    super(
      `schema v${version} has a data step that is not registered: open the database through src/db/store.ts`
    )
  }
}

/** Registers `version`'s data step (once; registering another step for the same version is a bug). */
export function registerDataStep(version: number, step: DataStep): void {
  const known = steps.get(version)
  if (known && known !== step) throw new Error(`schema v${version}: a second data step registered`)
  steps.set(version, step)
}

/** Runs `version`'s registered data step in the upgrade transaction. */
export function runDataStep(version: number, tx: Transaction): Promise<unknown> {
  const step = steps.get(version)
  if (!step) return Promise.reject(new MissingDataStepError(version))
  return step(tx)
}
