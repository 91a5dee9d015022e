// Store benchmarks in real headless Chromium with the production build (built first when missing). Every
// figure is measured from one of Huike's own extension pages, through the same messages the extension uses:
// - ingest: 100,000 orders as capture messages of BATCH orders (message → zod validation → upsert), one after
//   another as a capturing tab sends them, timed until the background's deferred scoring of the touched
//   buyers and days has finished (a lookup waits for it): orders stored and scored per second; then the
//   shop-wide rescore the background would start once captures pause, awaited and timed on its own;
// - the physical reference, in the same run: the same records put one by one into a plain IndexedDB object
//   store (keyPath only, no index), one readwrite transaction per batch of the same size;
// - lookup: the overlay's message for 100 buyer nicks, median of 30 after a first run (the same names, which
//   the background answers from its cache), and of 30 sets of 100 names never asked before (read from
//   IndexedDB: store.lookup100NewBuyersMs);
// - the floor: the customer records the ingest's scoring wrote, put by the same plain loop (one record per
//   buyer is the least incremental scoring can leave), against the reference;
// - store size: navigator.storage.estimate() before and after the 100,000 orders;
// - import: 1,000,000 orders as checkpointed import chunks of 5,000, then the import's full scoring
//   (HUIKE_BENCH_IMPORT=0 skips it).
import type { Page } from "playwright-core"
import { ensureBuild } from "../browser/build"
import { launchWithExtension } from "../e2e/browser"
import { failIfForced, quantile, round, type BenchSuite } from "./suite"

const INGEST_ORDERS = Number(process.env.HUIKE_BENCH_ORDERS ?? 100_000)
const BATCH = 1_000
const IMPORT_ORDERS = 1_000_000
const IMPORT_CHUNK = 5_000

// In-page code is plain JavaScript text: the TypeScript runner's helpers do not exist in the page.
// gen(n, shopId, buyers, seed, from): n orders (newest first), a skewed buyer distribution, two years.
const GEN = `function gen(n, shopId, buyers, seed, from) {
  let s = seed
  // A 31-bit LCG computed exactly (Math.imul): the plain product lost bits past 2^53 and cycled, so 100,000
  // orders named ~5,400 of 20,000 buyers and 1,000,000 about 45,000 of 200,000.
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 2147483648)
  const statuses = ["completed", "completed", "completed", "completed", "shipped", "paid", "closed", "unpaid"]
  const now = Date.UTC(2026, 10, 1)
  const out = new Array(n)
  for (let i = 0; i < n; i++) {
    const k = from + i
    const b = Math.floor((SKEW ? rnd() * rnd() : rnd()) * buyers)
    const amount = 1000 + Math.floor(rnd() * 60000)
    const o = {
      platform: "taobao",
      shopId,
      orderId: String(3000000000000000000n + BigInt(k)),
      buyerId: "u" + b,
      buyerNick: "买家" + b.toString(36),
      createdAt: now - Math.floor((k / (from + n + 1)) * 730 * 86400000),
      status: statuses[Math.floor(rnd() * statuses.length)],
      amount,
      refunded: rnd() < 0.05 ? Math.floor(amount / 2) : 0,
      currency: "CNY",
      items: [{ title: "黑胶唱片 No." + (k % 500), quantity: 1 + (k % 3), price: amount }]
    }
    out[i] = o
  }
  return out
}`

const INGEST = `async ({ total, batch, skew }) => {
  const SKEW = skew
  ${GEN}
  // A plain put() loop into a fresh database (keyPath "key", optionally one multi-entry index), one
  // readwrite transaction per \`batch\` records: its milliseconds. The database is deleted afterwards.
  async function plainPutMs(name, records, batch, multiEntry) {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open(name, 1)
      req.onupgradeneeded = () => {
        const store = req.result.createObjectStore("records", { keyPath: "key" })
        if (multiEntry) store.createIndex(multiEntry, multiEntry, { multiEntry: true })
      }
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    const t0 = performance.now()
    for (let i = 0; i < records.length; i += batch) {
      await new Promise((resolve, reject) => {
        const tx = db.transaction("records", "readwrite")
        const store = tx.objectStore("records")
        for (let j = i; j < Math.min(records.length, i + batch); j++) store.put(records[j])
        tx.oncomplete = resolve
        tx.onerror = () => reject(tx.error)
      })
    }
    const ms = performance.now() - t0
    db.close()
    await new Promise((r) => { const d = indexedDB.deleteDatabase(name); d.onsuccess = d.onerror = r })
    return ms
  }
  const orders = gen(total, "bench-shop", total / 5, 7, 0)
  const before = (await navigator.storage.estimate()).usage || 0
  const t0 = performance.now()
  for (let i = 0; i < total; i += batch) {
    const reply = await chrome.runtime.sendMessage({
      type: "capture", platform: "taobao", pageKind: "order-list",
      url: "https://trade.taobao.com/trade/itemlist/list_sold_items.htm", shopId: "bench-shop",
      rowsSeen: batch, orders: orders.slice(i, i + batch), problems: []
    })
    if (!reply || !reply.ok) throw new Error("capture refused: " + JSON.stringify(reply))
  }
  const captureMs = performance.now() - t0
  // The background scores captured buyers in batched passes after the capture replied: the clock runs
  // until a reader sees every figure current (a lookup waits for the pending pass), so ms is the time
  // until all 100,000 orders are stored AND scored.
  const last = orders[total - 1]
  const probe = await chrome.runtime.sendMessage({ type: "lookup", platform: "taobao", shopId: "bench-shop",
    nicks: [last.buyerNick] })
  const ms = performance.now() - t0
  const scoredBuyer = probe.ok && probe.buyers[last.buyerNick]
  if (!scoredBuyer || !(scoredBuyer.orders >= 1)) throw new Error("the last order's buyer is not scored: " + JSON.stringify(probe))
  // The shop-wide rescore the background would start once captures pause, run now and awaited, so the
  // reference below runs beside an idle background (and its duration is reported).
  const s0 = performance.now()
  const rescored = await chrome.runtime.sendMessage({ type: "rescore", platform: "taobao", shopId: "bench-shop" })
  if (!rescored || !rescored.ok) throw new Error("rescore refused: " + JSON.stringify(rescored))
  const rescoreMs = performance.now() - s0
  await new Promise((r) => setTimeout(r, 2000))
  const after = (await navigator.storage.estimate()).usage || 0

  // The physical reference: the same records, plain put() loop, one transaction per batch.
  const records = orders.map((o) => ({ ...o, key: "taobao:bench-shop:" + o.orderId, shopKey: "taobao:bench-shop",
    firstSeenAt: 0, updatedAt: 0 }))
  const rawMs = await plainPutMs("huike-bench-raw", records, batch, null)

  // The floor under the capture path: incremental scoring must leave one record per buyer, indexed by the
  // names the overlay asks for. The records the ingest's scoring wrote, read from Huike's database (this
  // page shares the extension's origin), put the same plain way in one transaction into a store with the
  // same multi-entry index.
  const customers = await new Promise((resolve, reject) => {
    const req = indexedDB.open("huike")
    req.onsuccess = () => {
      const db = req.result
      const get = db.transaction("customers").objectStore("customers")
        .getAll(IDBKeyRange.bound("taobao:bench-shop:", "taobao:bench-shop:\uffff"))
      get.onsuccess = () => { db.close(); resolve(get.result) }
      get.onerror = () => { db.close(); reject(get.error) }
    }
    req.onerror = () => reject(req.error)
  })
  const rawCustomersMs = await plainPutMs("huike-bench-raw-customers", customers, customers.length, "lookupKeys")

  const nicks = [...new Set(orders.slice(0, 5000).map((o) => o.buyerNick))].slice(0, 100)
  const lookups = []
  for (let run = 0; run < 31; run++) {
    const l0 = performance.now()
    const reply = await chrome.runtime.sendMessage({ type: "lookup", platform: "taobao", shopId: "bench-shop", nicks })
    lookups.push(performance.now() - l0)
    if (!reply.ok || Object.values(reply.buyers).some((b) => b === null)) throw new Error("lookup missed a buyer")
  }
  // Names never asked before (nothing cached for them): 30 sets of 100 other buyers.
  const asked = new Set(nicks)
  const others = [...new Set(orders.map((o) => o.buyerNick))].filter((n) => !asked.has(n))
  const cold = []
  for (let run = 0; run < 30 && (run + 1) * 100 <= others.length; run++) {
    const set = others.slice(run * 100, run * 100 + 100)
    const l0 = performance.now()
    const reply = await chrome.runtime.sendMessage({ type: "lookup", platform: "taobao", shopId: "bench-shop", nicks: set })
    cold.push(performance.now() - l0)
    if (!reply.ok || Object.values(reply.buyers).some((b) => b === null)) throw new Error("lookup missed a buyer")
  }
  return { ms, captureMs, rescoreMs, rawMs, customers: customers.length, rawCustomersMs, bytes: after - before, lookups, cold, buyers: new Set(orders.map((o) => o.buyerId)).size }
}`

const IMPORT = `async ({ total, chunk }) => {
  const SKEW = true
  ${GEN}
  const jobId = "bench-import-" + Date.now()
  const t0 = performance.now()
  let generating = 0
  for (let offset = 0; offset < total; offset += chunk) {
    const g0 = performance.now()
    const orders = gen(Math.min(chunk, total - offset), "bench-import", total / 5, 11 + offset, offset)
    generating += performance.now() - g0
    const reply = await chrome.runtime.sendMessage({ type: "importChunk", jobId, source: "bench", total, offset, orders })
    if (!reply.ok) throw new Error("import chunk refused: " + JSON.stringify(reply))
  }
  const written = performance.now() - t0 - generating
  const s0 = performance.now()
  const done = await chrome.runtime.sendMessage({ type: "importFinish", jobId })
  if (!done.ok || done.job.status !== "done" || done.job.done !== total) throw new Error("import did not finish: " + JSON.stringify(done))
  const scoring = performance.now() - s0
  return { written, scoring }
}`

async function evaluate<T>(page: Page, fn: string, arg: unknown): Promise<T> {
  return (await page.evaluate(`(${fn})(${JSON.stringify(arg)})`)) as T
}

const suite: BenchSuite = {
  async run(log) {
    ensureBuild(log)
    const metrics: Record<string, number> = {}
    // No back office is needed: everything goes through the extension's own pages.
    failIfForced("store")
    const browser = await launchWithExtension({ hostResolverRules: "MAP huike-bench.invalid 127.0.0.1" })
    try {
      const page = await browser.openExtensionPage("popup.html")
      const r = await evaluate<{
        ms: number
        captureMs: number
        rescoreMs: number
        rawMs: number
        customers: number
        rawCustomersMs: number
        buyers: number
        bytes: number
        lookups: number[]
        cold: number[]
      }>(page, INGEST, {
        total: INGEST_ORDERS,
        batch: BATCH
      })
      const ingest = INGEST_ORDERS / (r.ms / 1000)
      const raw = INGEST_ORDERS / (r.rawMs / 1000)
      metrics["store.ingestOrdersPerSec"] = Math.round(ingest)
      metrics["store.rawIdbOrdersPerSec"] = Math.round(raw)
      log(
        `  ingest ${INGEST_ORDERS.toLocaleString("en")} orders of ${r.buyers.toLocaleString("en")} buyers through capture messages of ${BATCH}: ` +
          `${Math.round(ingest).toLocaleString("en")} orders/s (${round(r.ms / 1000, 1)} s until every figure ` +
          `is current; the capture replies took ${round(r.captureMs / 1000, 1)} s of it, ` +
          `${round(r.rawMs / r.captureMs, 2)} × the reference below on their own)`
      )
      log(
        `  then the shop-wide rescore (means, RFM breakpoints, model fits, every customer's segment): ` +
          `${round(r.rescoreMs / 1000, 1)} s, outside the ingest figure (the background runs it once captures pause)`
      )
      log(
        `  plain IndexedDB put loop, same records and batches: ${Math.round(raw).toLocaleString("en")} orders/s ` +
          `→ capture path ${round(ingest / raw, 2)} × the reference (target ≥ 0.8)`
      )
      // What no capture path can go below: the orders' reference plus one plain put per customer record.
      metrics["store.rawIdbCustomersMs"] = Math.round(r.rawCustomersMs)
      log(
        `  the ${r.customers.toLocaleString("en")} customer records scoring wrote, in a plain put loop (one ` +
          `transaction, their multi-entry name index): ${round(r.rawCustomersMs / 1000, 2)} s → even with ` +
          `free messages, validation and scoring, a capture path that stores them is at most ` +
          `${round(r.rawMs / (r.rawMs + r.rawCustomersMs), 2)} × the reference; after these capture replies, ` +
          `with free scoring, at most ${round(r.rawMs / (r.captureMs + r.rawCustomersMs), 2)} ×`
      )
      if (r.bytes > 0) {
        metrics["store.bytesPer100kOrders"] = Math.round((r.bytes * 100_000) / INGEST_ORDERS)
        log(
          `  storage estimate grew ${(r.bytes / 1e6).toFixed(1)} MB for ${INGEST_ORDERS.toLocaleString("en")} orders`
        )
      } else log("  storage estimate did not move: store size not measured")
      const warm = r.lookups.slice(1).sort((a, b) => a - b)
      metrics["store.lookup100BuyersMs"] = round(quantile(warm, 0.5), 2)
      log(
        `  lookup of 100 buyer nicks (message round trip, names and due reminders): first ${round(r.lookups[0], 1)} ms ` +
          `(the first after the ingest), then the same names again: median ${round(quantile(warm, 0.5), 2)} ms, ` +
          `p95 ${round(quantile(warm, 0.95), 2)} ms (target ≤ 10 ms; the background answers repeated names from ` +
          `its cache, valid until a customer is written)`
      )
      const cold = [...r.cold].sort((a, b) => a - b)
      if (cold.length > 0) {
        metrics["store.lookup100NewBuyersMs"] = round(quantile(cold, 0.5), 2)
        log(
          `  lookup of 100 buyer nicks never asked before (${cold.length} sets, read from IndexedDB): ` +
            `median ${round(quantile(cold, 0.5), 2)} ms, p95 ${round(quantile(cold, 0.95), 2)} ms`
        )
      }

      if (process.env.HUIKE_BENCH_IMPORT !== "0") {
        const imp = await evaluate<{ written: number; scoring: number }>(page, IMPORT, {
          total: IMPORT_ORDERS,
          chunk: IMPORT_CHUNK
        })
        const sec = (imp.written + imp.scoring) / 1000
        metrics["store.import1MOrdersSec"] = round(sec, 1)
        log(
          `  import of ${IMPORT_ORDERS.toLocaleString("en")} orders: ${round(sec, 1)} s ` +
            `(chunks written ${round(imp.written / 1000, 1)} s, full scoring ${round(imp.scoring / 1000, 1)} s; target ≤ 180 s)`
        )
      } else log("  1M-order import skipped (HUIKE_BENCH_IMPORT=0)")
      return metrics
    } finally {
      await browser.close()
    }
  }
}

export default suite
