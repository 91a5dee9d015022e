// Two browsers' stores (fake-indexeddb) replicating through a real CouchDB-compatible server
// (express-pouchdb) started on a free port: what one writes the other shows, conflicts settle by the
// rules in src/core/sync-rules.ts, sign-in refusals and offline changes are reported.
import "../db/env"
import Dexie, { type ObservabilitySet } from "dexie"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB, customerKeyOf } from "../../src/db/store"
import { handleMessage, storeOrders, type HandlerHooks } from "../../background/handlers"
import { LADDER_KEY } from "../../src/db/schema/owner-settings"
import { storeCounts, forgetStoreCounts } from "../../src/db/reads/queries"
import { SyncEngine, testConnection } from "../../src/sync/engine"
import { touchesSharedData } from "../../src/sync/local-writes"
import type { SyncConfig, SyncStatus } from "../../src/sync/config"
import { startCouchServer, type CouchServer } from "./couch-server"
import { Pouch } from "./pouch"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
const DAY = 86_400_000

let server: CouchServer
let run = 0

beforeAll(async () => {
  server = await startCouchServer()
  for (const name of ["owner", "rep", "gone"]) await server.addUser(name, `${name}-pw`)
})
afterAll(() => server.close())

interface Browser {
  db: HuikeDB
  /** Replaced when the test stops the service worker (restart). */
  engine: SyncEngine
  hooks: HandlerHooks
  clock: { now: number }
  /** Every status the engine reported. */
  statuses: SyncStatus[]
  send(message: unknown): Promise<Record<string, unknown>>
}

let database = ""
beforeEach(async () => {
  database = `shop${++run}`
  await server.createDatabase(database, ["owner", "rep"])
  forgetStoreCounts()
})

function config(user: string, over: Partial<SyncConfig> = {}): SyncConfig {
  return { server: server.url, database, username: user, password: `${user}-pw`, ...over }
}

function browser(name: string, user = name): Browser {
  const db = new HuikeDB(`${name}-${run}`)
  const clock = { now: NOW }
  const statuses: SyncStatus[] = []
  const hooks: HandlerHooks = {
    fromExtensionPage: true,
    // As the background does: captured orders go in the sync outbox while this browser shares.
    shareOrders: () => br.engine.configured
  }
  const br: Browser = {
    db,
    engine: engineOf(db, `${name}-sync-${run}`, clock, statuses),
    hooks,
    clock,
    statuses,
    send: async (message) =>
      (await handleMessage(db, message, clock.now, hooks)) as unknown as Record<string, unknown>
  }
  br.engine.configure(config(user))
  return br
}

function engineOf(db: HuikeDB, localName: string, clock: { now: number }, statuses: SyncStatus[]) {
  return new SyncEngine(db, {
    Pouch,
    localName,
    now: () => clock.now,
    onStatus: (s) => statuses.push(s),
    // Orders that arrive take the capture's way in (without the hook: they are the server's already).
    ingest: async (orders) => void (await storeOrders(db, orders, clock.now, { fromExtensionPage: true }))
  })
}

/** The service worker stopped and started again: a new engine on the same two databases. */
async function restart(br: Browser, name: string, user: string): Promise<void> {
  const configured = br.engine.configured
  await br.engine.close()
  br.engine = engineOf(br.db, `${name}-sync-${run}`, br.clock, br.statuses)
  if (configured) br.engine.configure(config(user))
}

const order = (orderId: string, buyerId: string, over: Partial<CapturedOrder> = {}): CapturedOrder => ({
  platform: "taobao",
  shopId: "s",
  orderId,
  buyerId,
  buyerNick: buyerId,
  createdAt: NOW - 10 * DAY,
  status: "completed",
  amount: 10_000,
  refunded: 0,
  currency: "CNY",
  ...over
})

const capture = (orders: CapturedOrder[]) => ({
  type: "capture",
  platform: "taobao",
  pageKind: "order-list",
  url: "https://trade.taobao.com/trade/itemlist/list_sold_items.htm",
  shopId: "s",
  rowsSeen: orders.length,
  orders,
  problems: []
})

const key = (buyer: string) => customerKeyOf({ platform: "taobao", shopId: "s", buyerId: buyer })

/** The figures the popup and chips read, without ids local to one browser. */
async function figures(b: Browser) {
  forgetStoreCounts()
  const counts = await storeCounts(b.db)
  const customers = (await b.db.customers.orderBy("key").toArray()).map((c) => ({
    key: c.key,
    orders: c.orders,
    totalSpent: c.totalSpent,
    repeatBuyer: c.repeatBuyer,
    memberLevel: c.memberLevel
  }))
  const days = (await b.db.dailyFigures.orderBy("key").toArray()).map(
    ({ key: k, orders, buyers, newBuyers }) => ({
      k,
      orders,
      buyers,
      newBuyers
    })
  )
  return { counts, customers, days }
}

describe("two browsers of one shop", () => {
  it("B shows A's captured orders with the same figures, and A's note", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    const orders = Array.from({ length: 300 }, (_, i) =>
      order(`o${i}`, `buyer${i % 70}`, { createdAt: NOW - (i % 40) * DAY, amount: 1_000 + i })
    )
    expect((await a.send(capture(orders))).ok).toBe(true)
    expect(
      (await a.send({ type: "addNote", customerKey: key("buyer3"), text: "prefers SF Express" })).ok
    ).toBe(true)
    expect((await a.engine.syncOnce()).state).toBe("synced")
    const st = await b.engine.syncOnce()
    expect(st).toMatchObject({ state: "synced", pending: 0 })
    // The first sync counted what arrived: 300 orders and the note.
    expect(b.statuses.filter((s) => s.state === "syncing").map((s) => s.progress?.received ?? 0)).toContain(
      301
    )
    expect(await figures(b)).toEqual(await figures(a))
    expect((await figures(b)).counts.orders).toBe(300)
    expect(
      (await b.db.notes.where("customerKey").equals(key("buyer3")).toArray()).map((n) => n.text)
    ).toEqual(["prefers SF Express"])
  })

  it("orders stored before this browser joined the shop's server are shared too", async () => {
    const a = new HuikeDB(`early-${run}`)
    await storeOrders(a, [order("o1", "x"), order("o2", "y")], NOW, {})
    const engine = new SyncEngine(a, { Pouch, localName: `early-sync-${run}`, ingest: async () => undefined })
    engine.configure(config("owner"))
    await engine.syncOnce()
    const b = browser("b2", "rep")
    await b.engine.syncOnce()
    expect(await b.db.orders.count()).toBe(2)
  })

  it("an order seen paid in one browser and completed in the other ends completed in both", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x", { status: "completed" })]))
    b.clock.now += 60_000 // B's page showed a stale state later
    await b.send(capture([order("o1", "x", { status: "paid" })]))
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    await a.engine.syncOnce()
    for (const br of [a, b])
      expect((await br.db.orders.toArray()).map((o) => o.status)).toEqual(["completed"])
    const onServer = await new Pouch(`${server.url}/${database}`, {
      auth: { username: "owner", password: "owner-pw" }
    }).get(`order:taobao:s:o1`, { conflicts: true })
    expect(onServer._conflicts ?? []).toEqual([])
    expect((onServer as unknown as { order: CapturedOrder }).order.status).toBe("completed")
  })

  it("two reps' notes on one buyer, written offline, both end in both browsers", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x")]))
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    await a.send({ type: "addNote", customerKey: key("x"), text: "from A" })
    await b.send({ type: "addNote", customerKey: key("x"), text: "from B" })
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    await a.engine.syncOnce()
    for (const br of [a, b]) {
      const texts = (await br.db.notes.where("customerKey").equals(key("x")).toArray())
        .map((n) => n.text)
        .sort()
      expect(texts).toEqual(["from A", "from B"])
    }
  })

  it("an edit racing a delete keeps the edited note in both browsers", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x")]))
    await a.send({ type: "addNote", customerKey: key("x"), text: "old" })
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    const [na] = await a.db.notes.toArray()
    const [nb] = await b.db.notes.toArray()
    a.clock.now += 1000
    await a.db.notes.update(na.id!, { text: "edited", updatedAt: a.clock.now })
    b.clock.now += 5000
    await b.db.notes.delete(nb.id!)
    await b.engine.syncOnce()
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    for (const br of [a, b]) expect((await br.db.notes.toArray()).map((n) => n.text)).toEqual(["edited"])
  })

  it("a delete alone reaches the other browser", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x")]))
    await a.send({ type: "addNote", customerKey: key("x"), text: "gone soon" })
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    expect(await b.db.notes.count()).toBe(1)
    await b.db.notes.clear()
    await b.engine.syncOnce()
    await a.engine.syncOnce()
    expect(await a.db.notes.count()).toBe(0)
  })

  // Both orders of the two actions: CouchDB's own pick (by revision hash) is right for only one of them.
  for (const [first, later] of [
    ["done", "snooze"],
    ["snooze", "done"]
  ] as const)
    it(`a reminder: ${first} in A, ${later} later in B ends as B left it in both`, async () => {
      const a = browser("a", "owner")
      const b = browser("b", "rep")
      await a.send(capture([order("o1", "x")]))
      await a.send({ type: "addReminder", customerKey: key("x"), dueAt: NOW + DAY, text: "call back" })
      await a.engine.syncOnce()
      await b.engine.syncOnce()
      const [ra] = await a.db.reminders.toArray()
      const [rb] = await b.db.reminders.toArray()
      expect(rb.text).toBe("call back")
      const act = (db: HuikeDB, id: number, what: "done" | "snooze") =>
        what === "done"
          ? db.reminders.update(id, { status: "done" })
          : db.reminders.update(id, { dueAt: NOW + 3 * DAY })
      a.clock.now += 1000
      await act(a.db, ra.id!, first)
      await a.engine.syncOnce() // A's action is recorded at its time
      b.clock.now += 2000
      await act(b.db, rb.id!, later)
      await b.engine.syncOnce()
      await a.engine.syncOnce()
      const expected = later === "done" ? ["done", NOW + DAY] : ["open", NOW + 3 * DAY]
      for (const br of [a, b]) {
        const [r] = await br.db.reminders.toArray()
        expect([r.status, r.dueAt]).toEqual(expected)
      }
    })

  it("a change written while a pass runs goes with the pass that Sync now starts after it", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x")]))
    const first = a.engine.syncOnce()
    // The running pass has recorded its local changes and is talking to the server.
    while (!a.statuses.some((s) => s.state === "syncing")) await new Promise((r) => setTimeout(r, 1))
    await a.send({ type: "addReminder", customerKey: key("x"), dueAt: NOW, text: "ask for a review" })
    const again = a.engine.syncOnce()
    const third = a.engine.syncOnce()
    expect(third).toBe(again) // calls meanwhile share one follow-up pass
    expect((await first).state).toBe("synced")
    expect((await again).state).toBe("synced")
    await b.engine.syncOnce()
    expect((await b.db.reminders.toArray()).map((r) => r.text)).toEqual(["ask for a review"])
  })

  it("B completes a reminder and A sees it done", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x")]))
    await a.send({ type: "addReminder", customerKey: key("x"), dueAt: NOW, text: "ask for a review" })
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    const [rb] = await b.db.reminders.toArray()
    b.clock.now += 1000
    await b.db.reminders.update(rb.id!, { status: "done" })
    await b.engine.syncOnce()
    await a.engine.syncOnce()
    expect((await a.db.reminders.toArray()).map((r) => r.status)).toEqual(["done"])
  })

  it("tag additions and removals by two reps merge", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x")]))
    await a.send({ type: "addTag", customerKey: key("x"), name: "old" })
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    const tagsOf = async (br: Browser) => {
      const c = await br.db.customers.get(key("x"))
      return (await br.db.tags.bulkGet(c!.tagIds)).map((t) => t!.name).sort()
    }
    expect(await tagsOf(b)).toEqual(["old"])
    a.clock.now += 1000
    await a.send({ type: "addTag", customerKey: key("x"), name: "VIP" })
    b.clock.now += 2000
    await b.send({ type: "addTag", customerKey: key("x"), name: "wholesale" })
    const c = await b.db.customers.get(key("x"))
    const old = (await b.db.tags.toArray()).find((t) => t.name === "old")!
    await b.db.customers.update(c!.key, { tagIds: c!.tagIds.filter((id) => id !== old.id) })
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    await a.engine.syncOnce()
    expect(await tagsOf(a)).toEqual(["VIP", "wholesale"])
    expect(await tagsOf(b)).toEqual(["VIP", "wholesale"])
  })

  it("a tag that arrives before its customer's orders waits for them", async () => {
    const a = browser("a", "owner")
    await a.send(capture([order("o1", "x")]))
    await a.send({ type: "addTag", customerKey: key("x"), name: "VIP" })
    await a.engine.syncOnce()
    const b = browser("b", "rep")
    // Replicate without applying, then apply the tag alone first: the customer is not there yet.
    await b.engine.local.replicate.from(`${server.url}/${database}`, {
      auth: { username: "rep", password: "rep-pw" }
    } as never)
    const tagDoc = await b.engine.local.get(`tag:${key("x")}|VIP`)
    await (b.engine as unknown as { apply(d: unknown[]): Promise<void> }).apply([tagDoc])
    expect(await b.db.customers.count()).toBe(0)
    await b.engine.syncOnce()
    const cust = await b.db.customers.get(key("x"))
    expect((await b.db.tags.bulkGet(cust!.tagIds)).map((t) => t!.name)).toEqual(["VIP"])
    // And the waiting tag was not taken for a local removal.
    await a.engine.syncOnce()
    const ca = await a.db.customers.get(key("x"))
    expect(ca!.tagIds.length).toBe(1)
  })

  it("the owner's member ladder reaches the rep; derived figures are not documents", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x")]))
    const ladder = { levels: [{ id: "gold", en: "Gold", zh: "金卡", minSpent: 1 }] }
    await a.db.settings.put({ key: LADDER_KEY, value: ladder })
    const refigured = { a: 0, b: 0 }
    ;(a.engine as unknown as { opts: { onSettings(): void } }).opts.onSettings = () => void refigured.a++
    ;(b.engine as unknown as { opts: { onSettings(): void } }).opts.onSettings = () => void refigured.b++
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    expect((await b.db.settings.get(LADDER_KEY))?.value).toEqual(ladder)
    // B refigures for the owner's ladder; A does not again for its own.
    expect(refigured).toEqual({ a: 0, b: 1 })
    const ids = (await a.engine.local.allDocs()).rows.map((r) => r.id.split(":")[0])
    expect(new Set(ids)).toEqual(new Set(["order", "setting"]))
  })
})

describe("a stopped service worker and live changes", () => {
  it("orders a capture stored just before the worker stopped are sent by the next worker", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o0", "x")]))
    expect((await a.engine.syncOnce()).state).toBe("synced")
    // A capture commits; the worker is stopped before any pass (or anything after the commit) runs.
    const orders = Array.from({ length: 40 }, (_, i) => order(`o${i + 1}`, `buyer${i % 7}`))
    expect((await a.send(capture(orders))).ok).toBe(true)
    await restart(a, "a", "owner")
    expect(await a.engine.syncOnce()).toMatchObject({ state: "synced", pending: 0 })
    await b.engine.syncOnce()
    expect(await b.db.orders.count()).toBe(41)
    expect(await figures(b)).toEqual(await figures(a))
    // The outbox is empty once its orders are documents.
    expect(await a.db.settings.where("key").startsWith("sync.outbox.").count()).toBe(0)
  })

  it("import chunks stored just before the worker stopped are sent by the next worker", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.engine.syncOnce()
    const orders = Array.from({ length: 30 }, (_, i) => order(`i${i}`, `buyer${i % 5}`))
    const job = { type: "importChunk", jobId: "job1", source: "orders.csv", total: 30 }
    expect((await a.send({ ...job, offset: 0, orders: orders.slice(0, 20) })).ok).toBe(true)
    expect((await a.send({ ...job, offset: 20, orders: orders.slice(20) })).ok).toBe(true)
    await restart(a, "a", "owner")
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    expect(await b.db.orders.count()).toBe(30)
  })

  it("orders stored while disconnected are sent after reconnecting, even across a worker restart", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x")]))
    await a.engine.syncOnce()
    a.engine.configure(null)
    await a.send(capture([order("o2", "y")]))
    await restart(a, "a", "owner")
    a.engine.configure(config("owner"))
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    expect(await b.db.orders.count()).toBe(2)
  })

  it("live: a note A sends reaches B's store without B starting a pass", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x")]))
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    b.engine.setLive(true)
    expect(b.engine.isLive).toBe(true)
    await a.send({ type: "addNote", customerKey: key("x"), text: "live note" })
    await a.send(capture([order("o2", "x")]))
    await a.engine.syncOnce()
    await expect
      .poll(async () => (await b.db.notes.toArray()).map((n) => n.text), { timeout: 10_000 })
      .toEqual(["live note"])
    await expect.poll(() => b.db.orders.count(), { timeout: 10_000 }).toBe(2)
    b.engine.setLive(false)
    expect(b.engine.isLive).toBe(false)
    // Not live: the next note waits for B's pass.
    await a.send({ type: "addNote", customerKey: key("x"), text: "second" })
    await a.engine.syncOnce()
    await new Promise((r) => setTimeout(r, 500))
    expect(await b.db.notes.count()).toBe(1)
    await b.engine.syncOnce()
    expect(await b.db.notes.count()).toBe(2)
  })
})

describe("live, when the server comes back", () => {
  it("what waited offline goes out without anyone asking for a pass", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x")]))
    await a.engine.syncOnce()
    a.engine.setLive(true)
    await server.stop()
    try {
      await a.send({ type: "addNote", customerKey: key("x"), text: "written offline" })
      expect(await a.engine.syncOnce()).toMatchObject({ state: "offline", pending: 1 })
    } finally {
      await server.start()
    }
    // A's live pull retries, finds the server and A's waiting note goes out with the pass it starts.
    await expect
      .poll(
        async () => {
          await b.engine.syncOnce()
          return (await b.db.notes.toArray()).map((n) => n.text)
        },
        { timeout: 15_000, interval: 500 }
      )
      .toEqual(["written offline"])
    expect(a.engine.status).toMatchObject({ state: "synced", pending: 0 })
    a.engine.setLive(false)
  })
})

describe("a shop's time zone and currency", () => {
  const setZone = async (br: Browser, timeZone: string, currency: string) => {
    await br.db.shops.update("taobao:s", { timeZone, currency, settingsAt: br.clock.now })
  }

  it("set by the owner, they reach a rep who captured the shop with the defaults, and stay", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x")]))
    await b.send(capture([order("o2", "y")]))
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    const defaults = await b.db.shops.get("taobao:s")
    expect(defaults?.settingsAt).toBeUndefined()
    a.clock.now += 60_000
    await setZone(a, "America/New_York", "USD")
    const refigured = { a: 0, b: 0 }
    ;(a.engine as unknown as { opts: { onSettings(): void } }).opts.onSettings = () => void refigured.a++
    ;(b.engine as unknown as { opts: { onSettings(): void } }).opts.onSettings = () => void refigured.b++
    await a.engine.syncOnce()
    // B's own defaults are not a setting: they never overwrite the owner's.
    b.clock.now += 120_000
    await b.engine.syncOnce()
    await a.engine.syncOnce()
    for (const br of [a, b])
      expect(await br.db.shops.get("taobao:s")).toMatchObject({
        timeZone: "America/New_York",
        currency: "USD"
      })
    expect(refigured).toEqual({ a: 0, b: 1 })
    // Then the rep changes them: the later change wins in both.
    b.clock.now += 60_000
    await setZone(b, "Asia/Tokyo", "JPY")
    await b.engine.syncOnce()
    await a.engine.syncOnce()
    expect(await a.db.shops.get("taobao:s")).toMatchObject({ timeZone: "Asia/Tokyo", currency: "JPY" })
  })

  it("a shop's setting that arrives before the shop's orders waits for them", async () => {
    const a = browser("a", "owner")
    await a.send(capture([order("o1", "x")]))
    await setZone(a, "Europe/Berlin", "EUR")
    await a.engine.syncOnce()
    const b = browser("b", "rep")
    await b.engine.local.replicate.from(`${server.url}/${database}`, {
      auth: { username: "rep", password: "rep-pw" }
    } as never)
    const doc = await b.engine.local.get(`setting:shop:taobao:s`)
    await (b.engine as unknown as { apply(d: unknown[]): Promise<void> }).apply([doc])
    expect(await b.db.shops.count()).toBe(0)
    await b.engine.syncOnce()
    expect(await b.db.shops.get("taobao:s")).toMatchObject({ timeZone: "Europe/Berlin", currency: "EUR" })
    // Waiting was not taken for B's own (default) setting.
    await a.engine.syncOnce()
    expect(await a.db.shops.get("taobao:s")).toMatchObject({ timeZone: "Europe/Berlin" })
  })
})

describe("access and connectivity", () => {
  it("a wrong password is reported as a refused sign-in, and nothing is applied", async () => {
    const a = browser("a", "owner")
    a.engine.configure(config("owner", { password: "wrong" }))
    await a.send(capture([order("o1", "x")]))
    const st = await a.engine.syncOnce()
    expect(st.state).toBe("refused")
    expect(st.pending).toBe(1)
    expect((await testConnection(Pouch, config("owner"))).state).toBe("synced")
    expect((await testConnection(Pouch, config("owner", { password: "wrong" }))).state).toBe("refused")
    expect((await testConnection(Pouch, config("owner", { database: "nosuch" }))).state).toBe("error")
  })

  it("a person removed from the database stops syncing at the next pass and is told why", async () => {
    const a = browser("a", "owner")
    const g = browser("g", "gone")
    await server.setMembers(database, ["owner", "rep", "gone"])
    await a.send(capture([order("o1", "x")]))
    await a.engine.syncOnce()
    expect((await g.engine.syncOnce()).state).toBe("synced")
    expect(await g.db.orders.count()).toBe(1)
    await server.setMembers(database, ["owner", "rep"])
    await a.send(capture([order("o2", "y")]))
    await a.engine.syncOnce()
    expect((await g.engine.syncOnce()).state).toBe("refused")
    expect(await g.db.orders.count()).toBe(1)
  })

  it("offline: changes wait and are counted, then sent once the server answers", async () => {
    const a = browser("a", "owner")
    a.engine.configure(config("owner", { server: "http://127.0.0.1:9" }))
    await a.send(capture([order("o1", "x"), order("o2", "y")]))
    await a.send({ type: "addNote", customerKey: key("x"), text: "offline note" })
    const st = await a.engine.syncOnce()
    expect(st).toMatchObject({ state: "offline", pending: 3 })
    a.engine.configure(config("owner"))
    expect(await a.engine.syncOnce()).toMatchObject({ state: "synced", pending: 0 })
    const b = browser("b", "rep")
    await b.engine.syncOnce()
    expect(await b.db.orders.count()).toBe(2)
    expect((await b.db.notes.toArray()).map((n) => n.text)).toEqual(["offline note"])
  })

  it("syncing twice adds nothing", async () => {
    const a = browser("a", "owner")
    const b = browser("b", "rep")
    await a.send(capture([order("o1", "x")]))
    await a.send({ type: "addNote", customerKey: key("x"), text: "n" })
    for (let i = 0; i < 2; i++) {
      await a.engine.syncOnce()
      await b.engine.syncOnce()
    }
    const info = await a.engine.local.info()
    await a.engine.syncOnce()
    await b.engine.syncOnce()
    expect((await a.engine.local.info()).doc_count).toBe(info.doc_count)
    expect(await b.db.notes.count()).toBe(1)
    expect(await b.db.orders.count()).toBe(1)
  })
})

describe("which local writes start a pass", () => {
  it("notes, reminders, tags, customers, shops and the shared settings do; a page's own settings do not", async () => {
    const db = new HuikeDB(`writes-${run}`)
    await db.open()
    const seen: boolean[] = []
    const listener = (parts: ObservabilitySet) => {
      if (Object.keys(parts).some((p) => p.startsWith(`idb://${db.name}/`)))
        seen.push(touchesSharedData(parts, db.name))
    }
    Dexie.on("storagemutated", listener)
    try {
      const wrote = async (write: () => Promise<unknown>) => {
        seen.length = 0
        await write()
        await new Promise((r) => setTimeout(r, 20))
        return seen.some(Boolean)
      }
      expect(await wrote(() => db.settings.put({ key: "owner.summary.taobao:s", value: {} }))).toBe(false)
      expect(await wrote(() => db.settings.put({ key: "sync.outbox.1", value: { keys: [], at: 0 } }))).toBe(
        false
      )
      expect(await wrote(() => db.settings.put({ key: LADDER_KEY, value: { levels: [] } }))).toBe(true)
      expect(
        await wrote(() => db.notes.add({ customerKey: "k", text: "t", createdAt: 0, updatedAt: 0 }))
      ).toBe(true)
      expect(
        await wrote(() =>
          db.reminders.add({
            customerKey: "k",
            shopKey: "s",
            dueAt: 0,
            text: "t",
            status: "open",
            createdAt: 0
          })
        )
      ).toBe(true)
      expect(await wrote(() => db.tags.add({ shopKey: "s", name: "VIP", color: "#000" }))).toBe(true)
    } finally {
      Dexie.on("storagemutated").unsubscribe(listener)
      db.close()
    }
  })
})
