// What the in-page bar and the popup say about a shop's history reading, in the reader's language (the
// strings are in locales/*/messages.json, keys history*). One place, so both say the same.
import { pagesLeft, timeFor, type Pace, type ReadingCheckpoint } from "./reader"

export type Translate = (key: string, subs?: string[]) => string

const number = (n: number, zh: boolean) => n.toLocaleString(zh ? "zh-CN" : "en-US")
const minutes = (ms: number) => String(Math.max(1, Math.ceil(ms / 60_000)))

/** "2019-03-02": a day in the shop's time zone. */
export const shopDay = (ms: number, timeZone: string) =>
  new Date(ms).toLocaleDateString("sv-SE", { timeZone })

/** The start (UTC ms) of a day "YYYY-MM-DD" in a time zone. */
export function dayStart(day: string, timeZone: string): number {
  const guess = Date.parse(`${day}T00:00:00Z`)
  const wall = (ms: number) =>
    Date.parse(new Date(ms).toLocaleString("sv-SE", { timeZone }).replace(" ", "T") + "Z")
  // The zone's offset at that moment (once more after moving, for a day a clock change starts).
  let start = guess - (wall(guess) - guess)
  start = guess - (wall(start) - start)
  return start
}

/** The offer: "Read the whole order history (about N orders, about M minutes)". */
export function offerText(
  t: Translate,
  zh: boolean,
  offer: { totalOrders: number; totalPages: number; moreViews: number },
  pace: Pace
): string {
  const m = minutes(timeFor(offer.totalPages, pace))
  return offer.moreViews > 0
    ? t("historyOfferMore", [number(offer.totalOrders, zh), m])
    : t("historyOffer", [number(offer.totalOrders, zh), m])
}

/** Where a reading stands, in one or two sentences. */
export function progressText(
  t: Translate,
  zh: boolean,
  cp: ReadingCheckpoint,
  timeZone: string,
  viewLabel: (id: string) => string
): string {
  const read = number(cp.ordersRead, zh)
  const back = cp.coveredFrom !== undefined ? shopDay(cp.coveredFrom, timeZone) : "—"
  const notRead = cp.views
    .filter((v) => v.notRead !== undefined)
    .map((v) => t("historyNotRead", [viewLabel(v.id), v.notRead!]))
    .join(" ")
  const suffix = notRead ? ` ${notRead}` : ""
  switch (cp.status) {
    case "running":
    case "paused": {
      const left = pagesLeft(cp)
      const totalKnown = cp.pagesRead + left.pages
      const pages = `${number(cp.pagesRead, zh)}/${number(totalKnown, zh)}${left.unknownViews > 0 ? "+" : ""}`
      const key = cp.status === "running" ? "historyRunning" : "historyPaused"
      return (
        t(key, [pages, read, minutes(timeFor(left.pages, cp.pace, cp.requestMs))]) +
        (left.unknownViews > 0 ? ` ${t("historyMoreViews")}` : "") +
        suffix
      )
    }
    case "stopped": {
      const stop = cp.stop!
      const page = zh
        ? `${viewLabel(stop.view)}第 ${number(stop.page, zh)} 页`
        : `page ${number(stop.page, zh)} of ${viewLabel(stop.view)}`
      if (stop.reason === "throttled") return t("historyStopThrottled", [page, read])
      if (stop.reason === "login") return t("historyStopLogin", [page, read])
      if (stop.reason === "unreadable") return t("historyStopUnreadable", [page, read, stop.detail])
      return t("historyStopOther", [page, read, stop.detail])
    }
    case "done":
      return (
        (cp.reachedStart
          ? t("historyDoneStart", [read, back])
          : cp.until !== undefined
            ? t("historyDoneUntil", [read, back])
            : t("historyDone", [read, back])) + suffix
      )
    case "cancelled":
      return t("historyCancelled", [read, back]) + suffix
  }
}
