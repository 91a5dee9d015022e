// The shop's shared customer book (src/sync), in Node: two browsers' stores on fake-indexeddb, their sync
// databases on PouchDB's in-memory adapter (the extension's are IndexedDB), replicating through the
// CouchDB-compatible test server (express-pouchdb, in memory) on a free local port — the same engine and
// ingest code the extension runs, not a browser:
// - sync.initial100kOrdersSec: A holds 100,000 imported orders (import chunks, as the import page sends
//   them, into the sync outbox); from A's first pass until B's figures are current: A writes the orders'
//   documents and sends them, B receives them, stores them through the capture's ingest path with deferred
//   scoring, scores them and runs the shop-wide rescore. Phases are reported beside it (…Sec).
// - sync.noteRoundTripMs: with B live (as while a Huike page is open), a note A adds until B's store holds
//   it: the background's wait after a local change while live (SYNC_SETTLE_MS.live), A's pass, B's live
//   pull and apply. Median of 5, on the 100,000-order shop.
// HUIKE_BENCH_SYNC_ORDERS changes the order count (for a quick run); the metric names stay.
import "../db/env"
import { spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { HuikeDB, customerKeyOf, shopKeyOf } from "../../src/db/store"
import { DeferredScoring } from "../../src/db/figures/deferred"
import { handleMessage, storeOrders, type HandlerHooks } from "../../background/handlers"
import { storeCounts, forgetStoreCounts } from "../../src/db/reads/queries"
import { RescoreScheduler } from "../../src/db/figures/rescore"
import type { CapturedOrder } from "../../src/core/types"
import { SYNC_SETTLE_MS } from "../../src/sync/keys"
import { SyncEngine } from "../../src/sync/engine"
import type { SyncStatus } from "../../src/sync/config"
import { startCouchServer, type CouchServer } from "../sync/couch-server"
import { Pouch } from "../sync/pouch"
import { failIfForced, quantile, round, type BenchSuite } from "./suite"

const ORDERS = Number(process.env.HUIKE_BENCH_SYNC_ORDERS ?? 100_000)
const CHUNK = 5_000
const DAY = 86_400_000
const SHOP = "bench-sync"

interface Side {
  db: HuikeDB
  engine: SyncEngine
  scoring: DeferredScoring
  scheduler: RescoreScheduler
  hooks: HandlerHooks
  statuses: { at: number; status: SyncStatus }[]
}

function side(name: string, server: CouchServer, user: string): Side {
  const db = new HuikeDB(`bench-sync-${name}-${Date.now()}`)
  const scoring = new DeferredScoring(db)
  const scheduler = new RescoreScheduler(db)
  const statuses: Side["statuses"] = []
  const deps = { scheduler, scoring }
  const engine: SyncEngine = new SyncEngine(db, {
    Pouch,
    localName: `bench-sync-${name}-${Date.now()}`,
    onStatus: (status) => statuses.push({ at: performance.now(), status }),
    ingest: async (orders) => void (await storeOrders(db, orders, Date.now(), deps))
  })
  engine.configure({ server: server.url, database: "shop", username: user, password: `${user}-pw` })
  const hooks: HandlerHooks = { ...deps, fromExtensionPage: true, shareOrders: () => engine.configured }
  return { db, engine, scoring, scheduler, hooks, statuses }
}

function orders(total: number): CapturedOrder[] {
  let s = 99
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 2147483648
  const statuses = ["completed", "completed", "completed", "shipped", "paid", "closed"] as const
  const now = Date.now()
  const buyers = Math.round(total / 5)
  return Array.from({ length: total }, (_, k) => {
    const b = Math.floor(rnd() * rnd() * buyers)
    const amount = 1000 + Math.floor(rnd() * 60000)
    return {
      platform: "taobao",
      shopId: SHOP,
      orderId: String(5_000_000_000_000_000n + BigInt(k)),
      buyerId: `买家${b.toString(36)}`,
      buyerNick: `买家${b.toString(36)}`,
      createdAt: now - Math.floor((k / total) * 730 * DAY) - Math.floor(rnd() * 3_600_000),
      status: statuses[Math.floor(rnd() * statuses.length)],
      amount,
      refunded: rnd() < 0.05 ? Math.floor(amount / 2) : 0,
      currency: "CNY"
    }
  })
}

async function send(s: Side, message: unknown): Promise<Record<string, unknown>> {
  const reply = (await handleMessage(s.db, message, Date.now(), s.hooks)) as unknown as Record<
    string,
    unknown
  >
  if (reply.ok !== true) throw new Error(`refused: ${JSON.stringify(reply).slice(0, 300)}`)
  return reply
}

/** The measurement itself, in a child process (see `suite` below). */
const measure: BenchSuite = {
  async run(log) {
    log(
      `  Node: fake-indexeddb stores, PouchDB memory adapter for the sync databases, express-pouchdb server; ${ORDERS} orders`
    )
    const server = await startCouchServer()
    const closing: Side[] = []
    try {
      await server.addUser("owner", "owner-pw")
      await server.addUser("rep", "rep-pw")
      await server.createDatabase("shop", ["owner", "rep"])
      const a = side("a", server, "owner")
      const b = side("b", server, "rep")
      closing.push(a, b)
      // Both joined the shop's server before A's import (so A's orders go through the outbox).
      await a.engine.syncOnce()
      await b.engine.syncOnce()

      const all = orders(ORDERS)
      const t = performance.now()
      const jobId = "bench-sync-import"
      for (let offset = 0; offset < ORDERS; offset += CHUNK)
        await send(a, {
          type: "importChunk",
          jobId,
          source: "bench",
          total: ORDERS,
          offset,
          orders: all.slice(offset, offset + CHUNK)
        })
      await send(a, { type: "importFinish", jobId })
      log(`  A imported ${ORDERS} orders in ${round((performance.now() - t) / 1000, 1)} s (not counted)`)

      // From A's pass until B's figures are current.
      const t0 = performance.now()
      const sentA = await a.engine.syncOnce()
      if (sentA.state !== "synced") throw new Error(`A's pass ended ${JSON.stringify(sentA)}`)
      const tA = performance.now()
      const gotB = await b.engine.syncOnce()
      if (gotB.state !== "synced") throw new Error(`B's pass ended ${JSON.stringify(gotB)}`)
      const tB = performance.now()
      await b.scoring.flush()
      const tScored = performance.now()
      await b.scheduler.rescoreNow(shopKeyOf("taobao", SHOP))
      const tDone = performance.now()
      // B's pull ends where its store writes begin (the status line's "stored" progress).
      const firstStored = b.statuses.find((s) => s.at > tA && s.status.progress?.stored !== undefined)?.at
      const initialSec = (tDone - t0) / 1000
      forgetStoreCounts()
      const [countsA, countsB] = [await storeCounts(a.db), await storeCounts(b.db)]
      if (JSON.stringify(countsA) !== JSON.stringify(countsB))
        throw new Error(`B's counts ${JSON.stringify(countsB)} are not A's ${JSON.stringify(countsA)}`)
      log(
        `  sync.initial100kOrdersSec ${round(initialSec, 1)} s (target ≤ 120 s): counts equal ${JSON.stringify(countsB)}`
      )
      // A's pass says "syncing" once its documents are written, before it sends them.
      const aSending = a.statuses.find((s) => s.at > t0 && s.status.state === "syncing")?.at ?? tA
      const phases = {
        "sync.initial.aRecordSec": (aSending - t0) / 1000,
        "sync.initial.aPushSec": (tA - aSending) / 1000,
        "sync.initial.bPullSec": ((firstStored ?? tB) - tA) / 1000,
        "sync.initial.bStoreSec": (tB - (firstStored ?? tA)) / 1000,
        "sync.initial.bScoreSec": (tScored - tB) / 1000,
        "sync.initial.bRescoreSec": (tDone - tScored) / 1000
      }
      for (const [k, v] of Object.entries(phases)) log(`    ${k} ${round(v, 1)} s`)

      // A note, A to a live B, on the same shop.
      b.engine.setLive(true)
      const buyer = all[0]
      const key = customerKeyOf(buyer)
      const trips: number[] = []
      const passes: number[] = []
      for (let i = 0; i < 5; i++) {
        const text = `bench note ${i}`
        const start = performance.now()
        await send(a, { type: "addNote", customerKey: key, text })
        // The background's pass, that long after a local change while live.
        await new Promise((r) => setTimeout(r, SYNC_SETTLE_MS.live))
        const passStart = performance.now()
        await a.engine.syncOnce()
        passes.push(performance.now() - passStart)
        for (;;) {
          if ((await b.db.notes.where("customerKey").equals(key).toArray()).some((n) => n.text === text))
            break
          if (performance.now() - start > 30_000) throw new Error("the note never reached B")
          await new Promise((r) => setTimeout(r, 5))
        }
        trips.push(performance.now() - start)
      }
      b.engine.setLive(false)
      trips.sort((x, y) => x - y)
      passes.sort((x, y) => x - y)
      const noteMs = quantile(trips, 0.5)
      const passMs = quantile(passes, 0.5)
      log(`    sync.note.aPassMs ${round(passMs, 0)} ms (A's whole pass, median)`)
      log(
        `  sync.noteRoundTripMs ${round(noteMs, 0)} ms median of 5 (target ≤ 3,000 ms; ${SYNC_SETTLE_MS.live} ms of it the background's wait after a change)`
      )
      return {
        "sync.initial100kOrdersSec": round(initialSec, 1),
        ...Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v, 1)])),
        "sync.noteRoundTripMs": round(noteMs, 0),
        "sync.note.aPassMs": round(passMs, 0)
      }
    } finally {
      for (const s of closing) {
        s.engine.setLive(false)
        s.scheduler.cancel()
        await s.scheduler.idle()
        await s.scoring.flush().catch(() => undefined)
        await s.engine.close().catch(() => undefined)
        s.db.close()
      }
      await server.close()
    }
  }
}

/**
 * The run's own process stays clean: the measurement runs in a child Node process, killed once it has
 * reported. (After a 20,000-order run fake-indexeddb keeps working through its queue for minutes, with
 * nothing left to close, which would keep `npm run bench` from ending.)
 */
const suite: BenchSuite = {
  async run(log) {
    failIfForced("sync")
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
      env: { ...process.env, [CHILD_ENV]: "1" },
      stdio: ["ignore", "pipe", "inherit"]
    })
    let result: Record<string, number> | null = null
    let failure: string | null = null
    const lines = createInterface({ input: child.stdout })
    const ended = new Promise<void>((done) => child.on("exit", () => done()))
    for await (const line of lines) {
      if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length)) as Record<string, number>
      else if (line.startsWith(FAILED)) failure = line.slice(FAILED.length)
      else log(line)
      if (result || failure) break
    }
    child.kill("SIGKILL")
    await ended
    if (failure) throw new Error(failure)
    if (!result) throw new Error("the sync bench's process ended without a result")
    return result
  }
}

const CHILD_ENV = "HUIKE_BENCH_SYNC_CHILD"
const RESULT = "@@result "
const FAILED = "@@failed "
if (process.env[CHILD_ENV] === "1") {
  const write = (line: string) => process.stdout.write(line + "\n")
  measure.run(write).then(
    (r) => write(RESULT + JSON.stringify(r)),
    (e: unknown) =>
      write(FAILED + (e instanceof Error ? (e.stack ?? e.message).replace(/\n/g, " | ") : String(e)))
  )
}

export default suite
