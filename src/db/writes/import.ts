// Layer: writes. Writing imported orders as import jobs (importChunk → finishImport), which the import page sends: a long
// import (a million orders) must survive the page closing or the service worker being stopped half-way.
// Each chunk commits together with the job's checkpoint in one transaction, so after a restart the sender
// asks importStatus where to resume: nothing lost, nothing doubled (orders are keyed by platform + shop +
// order id, so importing the same orders twice adds nothing). Chunks store orders only; finishImport then
// rescores the shops once, in chunks.
import type { CapturedOrder } from "../../core/types"
import type { HuikeDB, ImportJobRecord } from "../schema/database"
import { orderKeyOf } from "../schema/keys"
import { CAPTURE_TABLES, ingestOrders } from "./ingest"
import { invalidateShopMeans } from "../figures/means"
import { rescoreShop } from "../figures/rescore"
import { storedOrdersHook } from "./hooks"

export class ImportGapError extends Error {
  override name = "ImportGapError"
}

/**
 * Stores one chunk of an import job. `offset` is the chunk's position in the whole import: a chunk already
 * committed (offset below the checkpoint) is acknowledged without writing; one beyond it is refused.
 */
export async function importChunk(
  db: HuikeDB,
  chunk: { jobId: string; source: string; total: number; offset: number; orders: readonly CapturedOrder[] },
  now: number,
  /** This browser shares its orders (src/sync): the chunk's orders wait in the outbox, committed with it. */
  share = false
): Promise<ImportJobRecord> {
  const outbox = share ? storedOrdersHook() : null
  const tables = [...CAPTURE_TABLES, "importJobs", ...(outbox?.tables ?? [])]
  return db.transaction("rw", tables, async () => {
    const job: ImportJobRecord = (await db.importJobs.get(chunk.jobId)) ?? {
      id: chunk.jobId,
      shopKeys: [],
      source: chunk.source,
      total: chunk.total,
      done: 0,
      inserted: 0,
      updated: 0,
      status: "writing",
      startedAt: now,
      updatedAt: now
    }
    if (chunk.offset + chunk.orders.length <= job.done) return job
    if (chunk.offset !== job.done || job.status !== "writing") {
      throw new ImportGapError(
        `import ${chunk.jobId}: chunk at ${chunk.offset} does not follow the checkpoint at ${job.done} (${job.status})`
      )
    }
    const r = await ingestOrders(db, chunk.orders, { now, score: false })
    if (outbox) await outbox.write(db, chunk.orders.map(orderKeyOf), now)
    job.done += chunk.orders.length
    job.inserted += r.inserted
    // As the import page counts them: orders seen before, changed or not.
    job.updated += r.updated + r.unchanged
    job.total = Math.max(job.total, chunk.total)
    job.shopKeys = [...new Set([...job.shopKeys, ...r.changedShops])]
    job.updatedAt = now
    await db.importJobs.put(job)
    return job
  })
}

/** Scores the shops an import job wrote to and marks it done. Safe to run again after an interruption. */
export async function finishImport(
  db: HuikeDB,
  jobId: string,
  now: number,
  onProgress?: (done: number) => void
): Promise<ImportJobRecord> {
  const job = await db.importJobs.get(jobId)
  if (!job) throw new Error(`no import ${jobId}`)
  if (job.status === "done") return job
  await db.importJobs.update(jobId, { status: "scoring", updatedAt: now })
  for (const shopKey of job.shopKeys) {
    await rescoreShop(db, shopKey, {
      now,
      refigure: true,
      onProgress: (phase, done) => phase === "figures" && onProgress?.(done)
    })
  }
  invalidateShopMeans()
  const done: ImportJobRecord = { ...job, status: "done", updatedAt: now }
  await db.importJobs.put(done)
  return done
}

/** Where an import job stands (null: never started). */
export function importStatus(db: HuikeDB, jobId: string): Promise<ImportJobRecord | undefined> {
  return db.importJobs.get(jobId)
}
