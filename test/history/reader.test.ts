// The generic history reader (src/history/reader.ts) against a fake list of two views: the order it asks in,
// the checkpoint it keeps, and how it stops, pauses, resumes and ends.
import { describe, expect, it } from "vitest"
import {
  afterPage,
  newCheckpoint,
  pagesLeft,
  runReading,
  type HistorySource,
  type ListRequest,
  type PageOutcome,
  type ReaderControl,
  type ReadingCheckpoint
} from "../../src/history/reader"

const DAY = 86_400_000
const NOW = Date.UTC(2026, 11, 5)

/** A shop with `recent` and `older` orders, one a day back from NOW, `size` per page. */
function fakeList(recent: number, older: number, size = 10) {
  const views = {
    recent: Array.from({ length: recent }, (_, i) => NOW - (i + 1) * DAY),
    older: [] as number[]
  }
  views.older = Array.from({ length: older }, (_, i) => NOW - (recent + i + 1) * DAY)
  const source: HistorySource = {
    timeZone: "Asia/Shanghai",
    views: [
      { id: "recent", label: { en: "recent", zh: "近" } },
      { id: "older", label: { en: "older", zh: "早" } }
    ],
    isWholeListRequest: () => true,
    paging: () => null,
    requestFor: (template, view, page) => ({ ...template, body: `${view}:${page}` })
  }
  const asked: string[] = []
  const stops = new Map<string, PageOutcome>()
  const readPage = async (request: ListRequest): Promise<PageOutcome> => {
    const key = request.body!
    asked.push(key)
    const stop = stops.get(key)
    if (stop) {
      stops.delete(key)
      return stop
    }
    const [view, page] = key.split(":")
    const all = views[view as "recent" | "older"]
    const totalPages = Math.max(1, Math.ceil(all.length / size))
    const p = Number(page)
    return {
      kind: "page",
      paging: { currentPage: p, totalPages, totalOrders: all.length },
      orderTimes: all.slice((p - 1) * size, p * size),
      rowsRefused: 0
    }
  }
  return { source, readPage, asked, stops, views }
}

const template: ListRequest = { url: "https://x.test/list", method: "POST", headers: {}, body: "" }

function reader(list: ReturnType<typeof fakeList>, opts: { ownerLost?: () => boolean } = {}) {
  const saved: ReadingCheckpoint[] = []
  let clock = NOW
  return {
    saved,
    deps: {
      source: list.source,
      readPage: list.readPage,
      save: async (cp: ReadingCheckpoint) => {
        if (opts.ownerLost?.()) return false
        saved.push(structuredClone(cp))
        return true
      },
      wait: async () => undefined,
      now: () => (clock += 10),
      random: () => 0.5
    }
  }
}

const start = (list: ReturnType<typeof fakeList>) =>
  newCheckpoint({
    shopKey: "taobao:shop",
    platform: "taobao",
    shopId: "shop",
    template,
    views: list.source.views,
    now: NOW,
    pace: { pauseMs: 0, jitterMs: 0 }
  })

describe("runReading", () => {
  it("reads every page of every view, newest to oldest, once each, and reaches the shop's start", async () => {
    const list = fakeList(25, 31)
    const { deps, saved } = reader(list)
    const end = await runReading(start(list), deps, { wanted: "run" })
    expect(list.asked).toEqual([
      "recent:1",
      "recent:2",
      "recent:3",
      "older:1",
      "older:2",
      "older:3",
      "older:4"
    ])
    expect(end).toMatchObject({ status: "done", reachedStart: true, pagesRead: 7, ordersRead: 56 })
    expect(end.coveredFrom).toBe(Math.min(...list.views.older))
    // Saved after every page, each a true span: from the oldest order read so far to the start.
    expect(saved.length).toBe(1 + 7)
    const froms = saved.map((c) => c.coveredFrom).filter((x) => x !== undefined)
    expect(froms).toEqual([...froms].sort((a, b) => b! - a!))
    expect(pagesLeft(end)).toEqual({ pages: 0, unknownViews: 0 })
  })

  it("stops at a throttled page k with its place kept, never retrying; a resume reads the rest once", async () => {
    const list = fakeList(25, 31)
    list.stops.set("older:2", { kind: "stop", reason: "throttled", detail: "rgv587_flag" })
    const { deps } = reader(list)
    const stopped = await runReading(start(list), deps, { wanted: "run" })
    expect(stopped.status).toBe("stopped")
    expect(stopped.stop).toMatchObject({ reason: "throttled", view: "older", page: 2 })
    expect(stopped).toMatchObject({ viewIndex: 1, nextPage: 2, ordersRead: 35, reachedStart: false })
    expect(list.asked.filter((a) => a === "older:2")).toHaveLength(1)
    const end = await runReading(stopped, deps, { wanted: "run" })
    expect(end).toMatchObject({ status: "done", reachedStart: true, ordersRead: 56 })
    expect(end.stop).toBeUndefined()
    // Every page once, the throttled one asked again on resume.
    expect(list.asked).toEqual([
      "recent:1",
      "recent:2",
      "recent:3",
      "older:1",
      "older:2",
      "older:2",
      "older:3",
      "older:4"
    ])
  })

  it("pauses and cancels when asked, keeping the span read", async () => {
    const list = fakeList(40, 0)
    const control: ReaderControl = { wanted: "run" }
    const { deps } = reader(list)
    const paused = await runReading(
      start(list),
      { ...deps, wait: async () => void (control.wanted = "pause") },
      control
    )
    expect(paused).toMatchObject({ status: "paused", pagesRead: 1, nextPage: 2 })
    control.wanted = "run"
    const cancelled = await runReading(
      paused,
      { ...deps, wait: async () => void (control.wanted = "cancel") },
      control
    )
    expect(cancelled).toMatchObject({
      status: "cancelled",
      pagesRead: 2,
      ordersRead: 20,
      reachedStart: false
    })
    expect(cancelled.coveredFrom).toBe(list.views.recent[19])
  })

  it("marks an older view it cannot read as not read, ends without claiming the shop's start", async () => {
    const list = fakeList(12, 30)
    list.stops.set("older:1", {
      kind: "stop",
      reason: "unreadable",
      detail: "the answer is not an order list"
    })
    const { deps } = reader(list)
    const end = await runReading(start(list), deps, { wanted: "run" })
    expect(end).toMatchObject({ status: "done", reachedStart: false, ordersRead: 12 })
    expect(end.views[1].notRead).toBe("unreadable: the answer is not an order list")
    expect(end.coveredFrom).toBe(Math.min(...list.views.recent))
  })

  it("stops at a login page anywhere, even on an older view's first page", async () => {
    const list = fakeList(12, 30)
    list.stops.set("older:1", { kind: "stop", reason: "login", detail: "answered with a page" })
    const { deps } = reader(list)
    const end = await runReading(start(list), deps, { wanted: "run" })
    expect(end).toMatchObject({ status: "stopped", stop: { reason: "login", view: "older", page: 1 } })
  })

  it("ends once it has read past the date the user chose", async () => {
    const list = fakeList(25, 31)
    const { deps } = reader(list)
    const cp = { ...start(list), until: NOW - 15 * DAY }
    const end = await runReading(cp, deps, { wanted: "run" })
    expect(list.asked).toEqual(["recent:1", "recent:2"])
    expect(end).toMatchObject({ status: "done", reachedStart: false, ordersRead: 20 })
  })

  it("stops without writing again when another tab took the reading over", async () => {
    const list = fakeList(40, 0)
    let saves = 0
    const { deps } = reader(list, { ownerLost: () => ++saves > 2 })
    const end = await runReading(start(list), deps, { wanted: "run" })
    expect(list.asked).toEqual(["recent:1", "recent:2"])
    expect(end.status).toBe("running")
  })
})

describe("afterPage", () => {
  it("an empty page ends its view, even when the answer counts more pages", () => {
    const list = fakeList(10, 10)
    const cp = afterPage(
      start(list),
      {
        kind: "page",
        paging: { currentPage: 1, totalPages: 5, totalOrders: 50 },
        orderTimes: [],
        rowsRefused: 0
      },
      NOW
    )
    expect(cp).toMatchObject({ viewIndex: 1, nextPage: 1, status: "running" })
  })
})
