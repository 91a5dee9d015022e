// The history reading on a sold-orders page (isolated content script): once the page has made its own list
// request, offers to read the whole history in a small bar (and in the popup, through chrome.storage.local);
// runs the reader (./reader.ts) with the page's own request repeated from the page's main world
// (./replay-main.ts), every answer going through the capture path (contents/capture.ts readAnswer).
//
// The checkpoint is kept in chrome.storage.local, not in the store: it is this browser's work in progress
// (never synced, backed up or exported), the content script and the popup read and watch it directly, it
// survives a reload, a closed tab and a stopped service worker, and a reading needs no store change. What was
// read is in the store already (ingest is idempotent by order key, so a page read twice is stored once).
import browser from "webextension-polyfill"
import type { MarketplaceAdapter } from "../adapters/types"
import type { CaptureReply, ErrorReply } from "../messages"
import type { ParseResult } from "../adapters/types"
import { t, uiLang } from "../ui/i18n"
import { mountHistoryBar, type HistoryBar } from "../ui/history-bar"
import { recordReadSpan } from "./coverage"
import {
  checkpointKey,
  controlKey,
  controlSchema,
  listRequestSeen,
  offerKey,
  ownerKey,
  PAUSE_OVERRIDE_KEY,
  replayAnswer,
  type HistoryOffer,
  type ReplayAnswer
} from "./messages"
import {
  newCheckpoint,
  PACES,
  runReading,
  type HistorySource,
  type ListPaging,
  type ListRequest,
  type PageOutcome,
  type Pace,
  type ReaderControl,
  type ReadingCheckpoint
} from "./reader"
import { dayStart, offerText, progressText } from "./text"

export type ReadAnswer = (
  answer: { url: string; body: unknown } | { url: string; unreadable: string },
  quiet: boolean
) => Promise<{ result: ParseResult; replies: (CaptureReply | ErrorReply)[] } | null>

/** A reading's owner that has not written for this long is gone (its tab closed or reloaded). */
const OWNER_STALE_MS = 20_000
const BEAT_MS = 5000
/** A repeated request that has not answered in this long counts as a network failure. */
const REPLAY_TIMEOUT_MS = 120_000

const store = browser.storage.local

async function get<T>(key: string): Promise<T | undefined> {
  return (await store.get(key))[key] as T | undefined
}

export function offerHistoryReading(opts: {
  adapter: MarketplaceAdapter
  history: HistorySource
  readAnswer: ReadAnswer
}): void {
  const { adapter, history, readAnswer } = opts
  const zh = () => uiLang().startsWith("zh")
  const viewLabel = (id: string) => {
    const v = history.views.find((x) => x.id === id)
    return v ? (zh() ? v.label.zh : v.label.en) : id
  }
  const token = crypto.randomUUID()
  let lastRequest: ListRequest | null = null
  let lastPaging: ListPaging | null = null
  let offered: HistoryOffer | null = null
  let running: { control: ReaderControl; done: Promise<ReadingCheckpoint> } | null = null
  let bar: HistoryBar | null = null
  let shown: ReadingCheckpoint | null = null
  const pending = new Map<string, (answer: ReplayAnswer) => void>()

  const shopId = () => adapter.readShopId(document) ?? `${adapter.platform}-shop`
  const shopKey = () => `${adapter.platform}:${shopId()}`
  const onListPage = () => adapter.detectPage(new URL(location.href)) === "order-list"

  const pace = async (slower: boolean): Promise<Pace> => {
    const override = await get<number>(PAUSE_OVERRIDE_KEY)
    if (typeof override === "number" && override >= 0) return { pauseMs: override, jitterMs: 0 }
    return slower ? PACES.slower : PACES.normal
  }

  const ensureBar = () =>
    (bar ??= mountHistoryBar(
      {
        start: t("historyStart"),
        pause: t("historyPause"),
        resume: t("historyResume"),
        cancel: t("historyCancel"),
        slower: t("historySlower"),
        until: t("historyUntil"),
        close: t("historyHide")
      },
      (action) => void act(action, bar?.options())
    ))

  const loadedAt = Date.now()
  const render = async () => {
    const stored = await get<ReadingCheckpoint>(checkpointKey(shopKey()))
    const cp = running && shown ? shown : stored
    if (cp && (cp.status === "running" || cp.status === "paused" || cp.status === "stopped")) {
      const elsewhere = cp.status === "running" && !running && (await ownerFresh())
      ensureBar().show({
        text: elsewhere ? t("historyElsewhere") : progressText(t, zh(), cp, history.timeZone, viewLabel),
        state: elsewhere ? "elsewhere" : cp.status,
        buttons: elsewhere ? [] : cp.status === "running" ? ["pause", "cancel"] : ["resume", "cancel"],
        options: false
      })
      return
    }
    // The end of a reading this visit saw: what was read (a cancelled one may start again).
    if (cp && cp.updatedAt >= loadedAt) {
      ensureBar().show({
        text: progressText(t, zh(), cp, history.timeZone, viewLabel),
        state: cp.status,
        buttons: cp.status === "cancelled" && offered ? ["start"] : [],
        options: cp.status === "cancelled" && !!offered
      })
      return
    }
    if (!offered || cp?.status === "done") return
    ensureBar().show({
      text: offerText(t, zh(), offered, await pace(false)),
      state: "offer",
      buttons: ["start"],
      options: true
    })
  }

  const ownerFresh = async () => {
    const owner = await get<{ token: string; beatAt: number }>(ownerKey(shopKey()))
    return !!owner && owner.token !== token && Date.now() - owner.beatAt < OWNER_STALE_MS
  }

  /** Claims the shop's reading for this tab: write, wait, read back (chrome.storage.local has no
   *  compare-and-set; two tabs claiming at once both read back the one that wrote last). */
  const claim = async (): Promise<boolean> => {
    if (await ownerFresh()) return false
    await store.set({ [ownerKey(shopKey())]: { token, beatAt: Date.now() } })
    await new Promise((r) => setTimeout(r, 300))
    const owner = await get<{ token: string }>(ownerKey(shopKey()))
    return owner?.token === token
  }

  const release = async () => {
    const owner = await get<{ token: string }>(ownerKey(shopKey()))
    if (owner?.token === token) await store.remove(ownerKey(shopKey()))
  }

  const readPage = (request: ListRequest): Promise<PageOutcome> =>
    new Promise<ReplayAnswer | null>((resolve) => {
      const id = crypto.randomUUID()
      const timer = setTimeout(() => {
        pending.delete(id)
        resolve(null)
      }, REPLAY_TIMEOUT_MS)
      pending.set(id, (answer) => {
        clearTimeout(timer)
        pending.delete(id)
        resolve(answer)
      })
      window.postMessage({ source: "huike-replay-ask", id, request }, location.origin)
    }).then(async (answer): Promise<PageOutcome> => {
      if (!answer) return { kind: "stop", reason: "network", detail: "no answer within 2 minutes" }
      if ("failed" in answer)
        return {
          kind: "stop",
          reason: answer.failed === "notJson" ? "unreadable" : answer.failed,
          detail: answer.detail
        }
      if ("unreadable" in answer) {
        await readAnswer({ url: answer.url, unreadable: answer.unreadable }, true)
        return { kind: "stop", reason: "unreadable", detail: answer.unreadable }
      }
      const paging = history.paging(answer.body)
      const read = await readAnswer({ url: answer.url, body: answer.body }, true)
      if (read?.result.notice === "throttled")
        return { kind: "stop", reason: "throttled", detail: read.result.problems[0] ?? "throttled" }
      if (!read || !paging)
        return { kind: "stop", reason: "unreadable", detail: "the answer is not an order list" }
      const failed = read.replies.find((r): r is ErrorReply => !r.ok)
      if (failed) return { kind: "stop", reason: "store", detail: failed.error.slice(0, 300) }
      const refusedInStore = read.replies.reduce((n, r) => n + (r.ok ? r.refused.length : 0), 0)
      return {
        kind: "page",
        paging,
        orderTimes: read.result.orders.map((o) => o.createdAt),
        rowsRefused: (read.result.refused?.length ?? 0) + refusedInStore
      }
    })

  const save = async (cp: ReadingCheckpoint): Promise<boolean> => {
    const owner = await get<{ token: string }>(ownerKey(shopKey()))
    if (owner?.token !== token) return false
    await store.set({
      [checkpointKey(cp.shopKey)]: cp,
      [ownerKey(cp.shopKey)]: { token, beatAt: Date.now() }
    })
    // What was read is a true known range from the first page on (a cancel keeps it). Not awaited: a worker
    // stopped while it held this message may never answer it, and the reading must not wait for that (each
    // later span contains this one, and recording only widens the shop's known range).
    void recordReadSpan(cp).catch((e: unknown) => console.warn("[huike] could not record the span read:", e))
    return true
  }

  const run = async (cp: ReadingCheckpoint) => {
    if (running) return
    if (!(await claim())) return void render()
    const control: ReaderControl = { wanted: "run" }
    const beat = setInterval(() => {
      void get<{ token: string }>(ownerKey(cp.shopKey)).then((owner) => {
        if (owner?.token === token) void store.set({ [ownerKey(cp.shopKey)]: { token, beatAt: Date.now() } })
      })
    }, BEAT_MS)
    const done = runReading(
      cp,
      {
        source: history,
        readPage,
        save,
        onProgress(next) {
          shown = next
          void render()
        },
        wait: (ms, interrupted) =>
          new Promise<void>((resolve) => {
            const t0 = Date.now()
            const tick = () => (interrupted() || Date.now() - t0 >= ms ? resolve() : setTimeout(tick, 100))
            tick()
          }),
        now: () => Date.now(),
        random: Math.random
      },
      control
    )
    running = { control, done }
    try {
      shown = await done
    } finally {
      clearInterval(beat)
      running = null
      await release()
      void render()
    }
  }

  const act = async (
    action: "start" | "pause" | "resume" | "cancel",
    options?: { slower: boolean; until?: string | number }
  ) => {
    const key = shopKey()
    if (action === "pause" || action === "cancel") {
      if (running) running.control.wanted = action
      else {
        const cp = await get<ReadingCheckpoint>(checkpointKey(key))
        if (cp && (action === "cancel" || cp.status === "running") && !(await ownerFresh())) {
          const next: ReadingCheckpoint = {
            ...cp,
            status: action === "cancel" ? "cancelled" : "paused",
            updatedAt: Date.now()
          }
          await store.set({ [checkpointKey(key)]: next })
          void render()
        }
      }
      return
    }
    if (action === "resume") {
      const cp = await get<ReadingCheckpoint>(checkpointKey(key))
      // The page's own request now (a fresher session) in place of the one the reading started from.
      if (cp) return run(lastRequest ? { ...cp, template: lastRequest } : cp)
      return
    }
    if (!lastRequest || !offered) return
    const existing = await get<ReadingCheckpoint>(checkpointKey(key))
    if (
      existing &&
      (existing.status === "running" || existing.status === "paused" || existing.status === "stopped")
    )
      return run({ ...existing, template: lastRequest })
    const cp = newCheckpoint({
      shopKey: key,
      platform: adapter.platform,
      shopId: shopId(),
      template: lastRequest,
      views: history.views,
      now: Date.now(),
      pace: await pace(options?.slower ?? false),
      // "Back to" a day: read until that day's first hour in the shop's zone.
      ...(options?.until !== undefined
        ? {
            until:
              typeof options.until === "string" ? dayStart(options.until, history.timeZone) : options.until
          }
        : {}),
      ...(lastPaging ? { first: lastPaging } : {})
    })
    await run(cp)
  }

  /** The page made its own list request and got a page of the list: offer, or go on with a reading. */
  const offer = async (request: ListRequest, paging: ListPaging) => {
    if (!onListPage()) return
    lastRequest = request
    lastPaging = paging
    offered = {
      shopKey: shopKey(),
      platform: adapter.platform,
      shopId: shopId(),
      totalOrders: paging.totalOrders,
      totalPages: paging.totalPages,
      moreViews: history.views.length - 1,
      url: location.href,
      at: Date.now()
    }
    await store.set({ [offerKey(offered.shopKey)]: offered })
    const cp = await get<ReadingCheckpoint>(checkpointKey(offered.shopKey))
    // A reading the user started and did not stop (a reload, a closed tab, a stopped worker) goes on.
    if (cp?.status === "running" && !running) {
      if (await ownerFresh()) {
        void render()
        const owner = await get<{ beatAt: number }>(ownerKey(offered.shopKey))
        setTimeout(
          () => void offer(request, paging),
          Math.max(1000, (owner?.beatAt ?? 0) + OWNER_STALE_MS - Date.now() + 500)
        )
        return
      }
      return void run({ ...cp, template: request })
    }
    void render()
  }

  let pendingRequest: ListRequest | null = null
  window.addEventListener("message", (event: MessageEvent) => {
    if (event.source !== window || event.origin !== location.origin) return
    const data = event.data as { source?: unknown } | null
    if (data?.source === "huike-list-request") {
      const seen = listRequestSeen.safeParse(data)
      if (!seen.success) return
      pendingRequest = history.isWholeListRequest(seen.data.request) ? seen.data.request : null
      return
    }
    if (data?.source === "huike-replay") {
      const answer = replayAnswer.safeParse(data)
      if (answer.success) pending.get(answer.data.id)?.(answer.data)
      return
    }
    if (data?.source === "huike-intercept" && pendingRequest && "body" in data) {
      const paging = history.paging((data as { body: unknown }).body)
      const request = pendingRequest
      if (paging && paging.currentPage >= 1) void offer(request, paging)
    }
  })

  // The popup's buttons (and a reading in another tab finishing) arrive through chrome.storage.local.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== "local") return
    const key = shopKey()
    const control = changes[controlKey(key)]?.newValue
    if (control !== undefined) {
      const parsed = controlSchema.safeParse(control)
      if (parsed.success) {
        const { action, slower, until } = parsed.data
        // Only the tab that reads (or, to start, a tab that offers) follows; others ignore it.
        if (action === "start" || action === "resume") {
          if (offered)
            void act(action, { slower: slower ?? false, ...(until !== undefined ? { until } : {}) })
        } else void act(action)
      }
    }
    if (changes[checkpointKey(key)] && !running && offered) void render()
  })

  window.addEventListener("pagehide", () => {
    if (running) void release()
  })
}
