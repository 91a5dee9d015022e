// Messages of the history reading between the page's main world (contents/intercept.ts, which sees and
// repeats the page's own list request) and the isolated content script (which runs the reader), and the
// chrome.storage.local keys the reading keeps its checkpoint and controls in. Schema-checked where received:
// the page's own scripts can post on the same window.
import * as z from "zod"

const request = z.strictObject({
  url: z.string().max(2000),
  method: z.string().max(10),
  headers: z.record(z.string().max(100), z.string().max(2000)),
  body: z.string().max(20_000).nullable()
})

/** Main world -> isolated: the page asked one of its list addresses with this request. */
export const listRequestSeen = z.strictObject({
  source: z.literal("huike-list-request"),
  request
})

/** Isolated -> main world: repeat this request (its address must be one the adapters read). */
export const replayAsk = z.strictObject({
  source: z.literal("huike-replay-ask"),
  id: z.string().min(1).max(100),
  request
})
export type ReplayAsk = z.infer<typeof replayAsk>

/** Main world -> isolated: what the repeated request gave. */
export const replayAnswer = z.union([
  z.strictObject({
    source: z.literal("huike-replay"),
    id: z.string(),
    url: z.string().max(2000),
    body: z.unknown()
  }),
  z.strictObject({
    source: z.literal("huike-replay"),
    id: z.string(),
    url: z.string().max(2000),
    unreadable: z.string().max(500)
  }),
  z.strictObject({
    source: z.literal("huike-replay"),
    id: z.string(),
    url: z.string().max(2000),
    failed: z.enum(["login", "http", "network", "notJson"]),
    detail: z.string().max(500)
  })
])
export type ReplayAnswer = z.infer<typeof replayAnswer>

/** chrome.storage.local: a shop's reading checkpoint (src/history/reader ReadingCheckpoint). */
export const checkpointKey = (shopKey: string) => `huike.history.reading.${shopKey}`
/** chrome.storage.local: what the user asked for from the popup ({ action, at }); the page's reader follows. */
export const controlKey = (shopKey: string) => `huike.history.control.${shopKey}`
/** chrome.storage.local: an open sold-orders page's offer ({ shopKey, totalOrders, totalPages, views, at }). */
export const offerKey = (shopKey: string) => `huike.history.offer.${shopKey}`
/** chrome.storage.local: a reading's owner ({ token, beatAt }): never two readings of one shop at once. */
export const ownerKey = (shopKey: string) => `huike.history.owner.${shopKey}`
/** chrome.storage.local: ms between requests, overriding the pace (the demo and the tests against their own
 *  imitation; not in the UI). */
export const PAUSE_OVERRIDE_KEY = "huike.history.pauseMs"
export const HISTORY_PREFIX = "huike.history."

export const controlSchema = z.strictObject({
  action: z.enum(["start", "pause", "resume", "cancel"]),
  at: z.number(),
  slower: z.boolean().optional(),
  until: z.number().optional()
})
export type HistoryControl = z.infer<typeof controlSchema>

export interface HistoryOffer {
  shopKey: string
  platform: string
  shopId: string
  totalOrders: number
  totalPages: number
  /** Views after the first whose size is not known until read (Taobao's older orders). */
  moreViews: number
  url: string
  at: number
}
