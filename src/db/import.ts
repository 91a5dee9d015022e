// Writing an imported file: all of it or nothing. The whole file goes through the capture pipeline's
// upsert (ingestOrders) in chunks inside ONE transaction, so a failure anywhere rolls every chunk back,
// and importing the same file twice adds nothing (orders are keyed by platform + shop + order id).
import type { CapturedOrder } from "../core/types"
import type { HuikeDB } from "./database"
import { ingestOrders } from "./ingest"
import { invalidateShopMeans } from "./profile"

export interface ImportWriteResult {
  inserted: number
  updated: number
}

const CHUNK = 2_000

export async function importOrders(
  db: HuikeDB,
  orders: readonly CapturedOrder[],
  opts: { now: number; onProgress?: (done: number, total: number) => void }
): Promise<ImportWriteResult> {
  let inserted = 0
  let updated = 0
  await db.transaction("rw", [db.shops, db.orders, db.customers], async () => {
    for (let i = 0; i < orders.length; i += CHUNK) {
      const r = await ingestOrders(db, orders.slice(i, i + CHUNK), { now: opts.now })
      inserted += r.inserted
      updated += r.updated
      opts.onProgress?.(Math.min(orders.length, i + CHUNK), orders.length)
    }
  })
  invalidateShopMeans()
  return { inserted, updated }
}
