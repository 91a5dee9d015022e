// Reading a shop's whole order history, marketplace-neutral: the scheduler (which page of which view next,
// newest to oldest, one request at a time, a pause between), the checkpoint it keeps after every page, the
// progress it reports and the reasons it stops. What a list request looks like and how its pages are counted
// is the adapter's (src/adapters/<marketplace>/history.ts, the HistorySource interface); where the checkpoint
// is kept, how a page is asked for and how the pause is waited are passed in, so this file runs in Node tests
// as it runs in the page's content script.

/** A list request as the page made it: repeated with only the page (and the view) changed. */
export interface ListRequest {
  url: string
  method: string
  headers: Record<string, string>
  body: string | null
}

/** What one answer says about the list it is a page of. */
export interface ListPaging {
  currentPage: number
  totalPages: number
  totalOrders: number
}

/** One view of the list the reading walks, newest first (e.g. "the last three months", "older orders"). */
export interface HistoryView {
  id: string
  label: { en: string; zh: string }
}

/** What an adapter knows about its sold-orders list requests (page knowledge stays in the adapter). */
export interface HistorySource {
  /** The shop's time zone, for the days the reading names ("back to 2019-03-02"). */
  timeZone: string
  /** The views to read, newest first; the first is the one the page opens on. */
  views: readonly HistoryView[]
  /** Whether this request is the list's own request, unfiltered (a search or a status tab is not the whole
   *  history), and so one a reading may repeat. */
  isWholeListRequest(request: ListRequest): boolean
  /** The page counts an answer carries; null when it carries none (not a list answer). */
  paging(body: unknown): ListPaging | null
  /** The page's own request with only the view and the page number changed. */
  requestFor(template: ListRequest, viewId: string, page: number): ListRequest
}

/** Why a reading stopped before its end. Each is said to the user with how to go on; none is retried. */
export type StopReason =
  /** The marketplace answered with its anti-crawler check (Taobao's rgv587_flag). */
  | "throttled"
  /** The answer was a login page: the session ended. */
  | "login"
  /** The answer's bytes or its JSON could not be read. */
  | "unreadable"
  /** The server answered with an HTTP error. */
  | "http"
  /** The extension could not store what was read (a full disk, an updated Huike). */
  | "store"
  /** The tab went away or the network failed mid-request. */
  | "network"

export type ReadingStatus = "running" | "paused" | "stopped" | "done" | "cancelled"

export interface ViewProgress {
  id: string
  /** Known once the view's first page answered. */
  totalPages?: number
  totalOrders?: number
  pagesRead: number
  /** Why this view could not be read (the reading went on without it), e.g. an older-orders view the
   *  marketplace answered with something unreadable. */
  notRead?: string
}

/** Everything needed to resume a reading where it stopped; saved after every page. */
export interface ReadingCheckpoint {
  version: 1
  shopKey: string
  platform: string
  shopId: string
  template: ListRequest
  status: ReadingStatus
  /** Index into `views` of the view being read, and the next page of it to ask for (1-based). */
  viewIndex: number
  nextPage: number
  views: ViewProgress[]
  pagesRead: number
  /** Orders the answers held that were read (stored or already stored), and rows refused. */
  ordersRead: number
  rowsRefused: number
  /** The contiguous span read so far: from `coveredTo` (the reading's start: the newest page then) back to
   *  `coveredFrom` (the oldest order read). `reachedStart`: the last page of the last view was read. */
  coveredFrom?: number
  coveredTo: number
  reachedStart: boolean
  /** The user's "back to" date (UTC ms): the reading ends once it has read past it. */
  until?: number
  /** Pause between requests, ms, and its jitter (± ms). */
  pace: Pace
  /** Mean time one request took (for "time left"). */
  requestMs?: number
  stop?: { reason: StopReason; detail: string; view: string; page: number; at: number }
  startedAt: number
  updatedAt: number
}

export interface Pace {
  pauseMs: number
  jitterMs: number
}

/** About 3 s between requests (2–4 s), as a seller paging by hand would; "slower" about 10 s. */
export const PACES = {
  normal: { pauseMs: 3000, jitterMs: 1000 },
  slower: { pauseMs: 10_000, jitterMs: 3000 }
} as const satisfies Record<string, Pace>

/** What asking for one page gave. */
export type PageOutcome =
  | {
      kind: "page"
      paging: ListPaging
      /** createdAt (UTC ms) of every order read from this page. */
      orderTimes: number[]
      rowsRefused: number
    }
  | { kind: "stop"; reason: StopReason; detail: string }

export function newCheckpoint(opts: {
  shopKey: string
  platform: string
  shopId: string
  template: ListRequest
  views: readonly HistoryView[]
  now: number
  pace?: Pace
  until?: number
  first?: ListPaging
}): ReadingCheckpoint {
  return {
    version: 1,
    shopKey: opts.shopKey,
    platform: opts.platform,
    shopId: opts.shopId,
    template: opts.template,
    status: "running",
    viewIndex: 0,
    nextPage: 1,
    views: opts.views.map((v, i) => ({
      id: v.id,
      pagesRead: 0,
      ...(i === 0 && opts.first
        ? { totalPages: opts.first.totalPages, totalOrders: opts.first.totalOrders }
        : {})
    })),
    pagesRead: 0,
    ordersRead: 0,
    rowsRefused: 0,
    coveredTo: opts.now,
    reachedStart: false,
    ...(opts.until !== undefined ? { until: opts.until } : {}),
    pace: opts.pace ?? PACES.normal,
    startedAt: opts.now,
    updatedAt: opts.now
  }
}

/** The next request to make, or null when the reading has nothing left (then it is done). */
export function nextRequest(
  source: HistorySource,
  cp: ReadingCheckpoint
): { request: ListRequest; view: string; page: number } | null {
  const view = cp.views[cp.viewIndex]
  if (!view) return null
  return { request: source.requestFor(cp.template, view.id, cp.nextPage), view: view.id, page: cp.nextPage }
}

/**
 * The checkpoint after one page's outcome (pure). A stop keeps the place so a resume asks for the same page
 * again; a page moves on to the next page, or the next view after the last page, or ends the reading.
 * An older view whose very first answer cannot be read is marked not read and skipped: what it holds is
 * said, never guessed, and the span read stays the true one.
 */
export function afterPage(cp: ReadingCheckpoint, outcome: PageOutcome, now: number): ReadingCheckpoint {
  const view = cp.views[cp.viewIndex]
  const next: ReadingCheckpoint = { ...cp, views: cp.views.map((v) => ({ ...v })), updatedAt: now }
  if (outcome.kind === "stop") {
    const skippable =
      cp.viewIndex > 0 &&
      view.pagesRead === 0 &&
      cp.nextPage === 1 &&
      (outcome.reason === "unreadable" || outcome.reason === "http")
    if (skippable) {
      next.views[cp.viewIndex].notRead = `${outcome.reason}: ${outcome.detail}`
      return moveToNextView(next, false)
    }
    next.status = "stopped"
    next.stop = { reason: outcome.reason, detail: outcome.detail, view: view.id, page: cp.nextPage, at: now }
    return next
  }
  delete next.stop
  const v = next.views[cp.viewIndex]
  v.totalPages = outcome.paging.totalPages
  v.totalOrders = outcome.paging.totalOrders
  v.pagesRead++
  next.pagesRead++
  next.ordersRead += outcome.orderTimes.length
  next.rowsRefused += outcome.rowsRefused
  if (outcome.orderTimes.length > 0) {
    const oldest = Math.min(...outcome.orderTimes)
    next.coveredFrom = next.coveredFrom === undefined ? oldest : Math.min(next.coveredFrom, oldest)
  }
  if (next.until !== undefined && next.coveredFrom !== undefined && next.coveredFrom <= next.until) {
    next.status = "done"
    return next
  }
  // An empty page or the last one ends the view (an answer may say a page past its end is its last).
  if (outcome.orderTimes.length + outcome.rowsRefused === 0 || cp.nextPage >= outcome.paging.totalPages)
    return moveToNextView(next, true)
  next.nextPage = cp.nextPage + 1
  return next
}

function moveToNextView(cp: ReadingCheckpoint, viewEnded: boolean): ReadingCheckpoint {
  cp.viewIndex++
  cp.nextPage = 1
  if (cp.viewIndex >= cp.views.length) {
    cp.status = "done"
    // The shop's start is reached only when every view was read to its end.
    cp.reachedStart = viewEnded && cp.views.every((v) => v.notRead === undefined)
  }
  return cp
}

/** Pages still to read as far as known, and whether views remain whose size is not known yet. */
export function pagesLeft(cp: ReadingCheckpoint): { pages: number; unknownViews: number } {
  let pages = 0
  let unknownViews = 0
  cp.views.forEach((v, i) => {
    if (i < cp.viewIndex || v.notRead !== undefined) return
    if (v.totalPages === undefined) return void unknownViews++
    pages += Math.max(0, v.totalPages - (i === cp.viewIndex ? cp.nextPage - 1 : 0))
  })
  if (cp.status === "done" || cp.status === "cancelled") return { pages: 0, unknownViews: 0 }
  return { pages, unknownViews }
}

/** Estimated ms to read `pages` pages at this pace (a request's own time measured, else 1 s). */
export function timeFor(pages: number, pace: Pace, requestMs = 1000): number {
  return pages * (pace.pauseMs + requestMs)
}

/** The pause before the next request: the pace's pause ± its jitter. */
export function pauseBefore(pace: Pace, random: () => number): number {
  return Math.max(0, Math.round(pace.pauseMs + (random() * 2 - 1) * pace.jitterMs))
}

export interface ReaderDeps {
  source: HistorySource
  /** Asks for one page and passes the answer through the capture path; never throws. */
  readPage(request: ListRequest): Promise<PageOutcome>
  /** Saves the checkpoint; false when this reader no longer owns the reading (another tab took it over, or
   *  the user cancelled from elsewhere): it then stops without writing again. */
  save(cp: ReadingCheckpoint): Promise<boolean>
  /** Called after every page and stop, for the bar and the popup. */
  onProgress?(cp: ReadingCheckpoint): void
  /** Waits `ms`, or less when `interrupted()` turns true (a pause, a cancel). */
  wait(ms: number, interrupted: () => boolean): Promise<void>
  now(): number
  random(): number
}

/** What the user asked for while the reader runs: it is looked at before every request. */
export interface ReaderControl {
  wanted: "run" | "pause" | "cancel"
}

/**
 * Runs a reading from its checkpoint until it is done, stopped, paused or cancelled; returns the last
 * checkpoint (saved). One request at a time; after each page the checkpoint is saved before the pause.
 */
export async function runReading(
  start: ReadingCheckpoint,
  deps: ReaderDeps,
  control: ReaderControl
): Promise<ReadingCheckpoint> {
  let cp: ReadingCheckpoint = { ...start, status: "running" }
  delete cp.stop
  if (!(await deps.save(cp))) return cp
  deps.onProgress?.(cp)
  for (;;) {
    if (control.wanted !== "run") {
      cp = { ...cp, status: control.wanted === "pause" ? "paused" : "cancelled", updatedAt: deps.now() }
      await deps.save(cp)
      deps.onProgress?.(cp)
      return cp
    }
    const step = nextRequest(deps.source, cp)
    if (!step) {
      cp = { ...cp, status: "done", updatedAt: deps.now() }
      await deps.save(cp)
      deps.onProgress?.(cp)
      return cp
    }
    const t0 = deps.now()
    const outcome = await deps.readPage(step.request)
    const took = deps.now() - t0
    cp = afterPage(cp, outcome, deps.now())
    if (outcome.kind === "page")
      cp.requestMs = cp.requestMs === undefined ? took : Math.round(cp.requestMs * 0.8 + took * 0.2)
    if (!(await deps.save(cp))) return cp
    deps.onProgress?.(cp)
    if (cp.status !== "running") return cp
    await deps.wait(pauseBefore(cp.pace, deps.random), () => control.wanted !== "run")
  }
}
