// The page side of the dashboard's analysis worker (analysis.worker.ts). Where a worker cannot start (a
// test environment without workers), the same analysis runs in the page.
import type { HuikeDB, ShopKey } from "../../db/store"
import {
  analyzeStoredShop,
  loadShopCustomers,
  saveSummary,
  scoringSettings,
  type CustomerRow,
  type PageView
} from "./owner-data"

export interface AnalysisRequest {
  id: number
  shopKey: ShopKey
  now: number
}

export type AnalysisReply =
  | { id: number; type: "progress"; loaded: number }
  | { id: number; type: "rows"; rows: CustomerRow[] }
  | { id: number; type: "done"; analysis: PageView["analysis"]; summary: PageView["summary"] }
  | { id: number; type: "error"; error: string }

let worker: Worker | null | undefined
let nextId = 1

function startWorker(): Worker | null {
  if (worker !== undefined) return worker
  try {
    worker = new Worker(new URL("./analysis.worker.ts", import.meta.url), { type: "module" })
  } catch (e) {
    console.warn("[huike] analysis worker unavailable, analysing in the page:", e)
    worker = null
  }
  return worker
}

/** Analyses a shop's stored customers; `onLoaded` follows the customer read. */
export function analyzeShopInWorker(
  db: HuikeDB,
  shopKey: ShopKey,
  now: number,
  onLoaded: (n: number) => void
): Promise<PageView> {
  const w = startWorker()
  if (!w) return analyzeInPage(db, shopKey, now, onLoaded)
  const id = nextId++
  const rows: CustomerRow[] = []
  return new Promise<PageView>((resolve, reject) => {
    const onMessage = (event: MessageEvent<AnalysisReply>) => {
      const reply = event.data
      if (reply.id !== id) return
      if (reply.type === "progress") return onLoaded(reply.loaded)
      if (reply.type === "rows") {
        for (const r of reply.rows) rows.push(r)
        return
      }
      w.removeEventListener("message", onMessage)
      if (reply.type === "done") resolve({ analysis: reply.analysis, rows, summary: reply.summary })
      else reject(new Error(reply.error))
    }
    w.addEventListener("message", onMessage)
    w.postMessage({ id, shopKey, now } satisfies AnalysisRequest)
  })
}

async function analyzeInPage(
  db: HuikeDB,
  shopKey: ShopKey,
  now: number,
  onLoaded: (n: number) => void
): Promise<PageView> {
  const shop = await db.shops.get(shopKey)
  if (!shop) throw new Error(`no shop ${shopKey}`)
  const [customers, settings] = await Promise.all([
    loadShopCustomers(db, shopKey, onLoaded),
    scoringSettings(db)
  ])
  const view = analyzeStoredShop(shop, customers, now, settings)
  await saveSummary(db, view.summary)
  return view
}
