// Isolated-world capture: takes the API answers the interceptor saw, lets the page's adapter read
// them, and sends the orders to the background. A page the adapter claims but cannot read is logged
// with its problems, so the popup can warn instead of showing silently missing data.
import type { PlasmoCSConfig } from "plasmo"
import browser from "webextension-polyfill"
import { adapterForUrl } from "~src/adapters/registry"
import type { ParseResult } from "~src/adapters/types"
import { rememberAnsweredOrders } from "~src/ui/answer-mentions"
import { captureBatches, pageNotRecognised, wholeCaptureRefusal } from "~src/capture-batches"
import {
  CAPTURED_EVENT,
  interceptedAnswer,
  type CaptureMessage,
  type CaptureReply,
  type ErrorReply
} from "~src/messages"
import { t, uiLang } from "~src/ui/i18n"
import { refusalReasonsText } from "~src/ui/refusal-text"
import { keepSyncLive } from "~src/sync/live"
import { offerHistoryReading, type ReadAnswer } from "~src/history/page-reading"

export const config: PlasmoCSConfig = {
  matches: [
    "https://trade.taobao.com/*",
    "https://trade.tmall.com/*",
    "https://myseller.taobao.com/*",
    "https://qn.taobao.com/*",
    "https://admin.shopify.com/*",
    "https://sellercentral.amazon.com/*",
    "https://sellercentral.amazon.ca/*",
    "https://sellercentral.amazon.co.uk/*",
    "https://sellercentral.amazon.de/*",
    "https://sellercentral.amazon.fr/*",
    "https://sellercentral.amazon.it/*",
    "https://sellercentral.amazon.es/*",
    "https://sellercentral.amazon.co.jp/*",
    "https://sellercentral.amazon.in/*",
    "https://sellercentral.amazon.com.au/*"
  ],
  run_at: "document_start"
}

const match = adapterForUrl(new URL(location.href))

/** One line at the top of the page when capturing stopped for a reason the user must act on. */
function tellUser(text: string) {
  if (document.querySelector("huike-notice")) return
  const host = document.createElement("huike-notice")
  const note = document.createElement("div")
  note.setAttribute("role", "alert")
  note.setAttribute("data-huike-notice", "")
  note.textContent = text
  note.style.cssText =
    "position:fixed;top:8px;left:50%;transform:translateX(-50%);z-index:2147483647;max-width:640px;" +
    "padding:8px 12px;background:#fff7e6;color:#ad4e00;border:1px solid #ffd591;border-radius:6px;" +
    'font:13px/1.5 -apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;box-shadow:0 2px 8px #0002'
  host.attachShadow({ mode: "open" }).appendChild(note)
  document.documentElement.appendChild(host)
}

/** A message the worker neither answered nor refused in this long was lost with it (it stopped mid-way). */
const SEND_TIMEOUT_MS = 60_000

const sendOnce = (message: CaptureMessage) =>
  new Promise<CaptureReply | ErrorReply>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no answer from Huike's background")), SEND_TIMEOUT_MS)
    ;(browser.runtime.sendMessage(message) as Promise<CaptureReply | ErrorReply>).then(
      (reply) => {
        clearTimeout(timer)
        resolve(reply)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      }
    )
  })

async function send(message: CaptureMessage): Promise<CaptureReply | ErrorReply> {
  try {
    const reply = await sendOnce(message).catch(async () => {
      // MV3 stops an idle worker, sometimes while it holds a message: ask once more (it starts again). An
      // order sent twice is stored once (ingest is idempotent by order key).
      await new Promise((r) => setTimeout(r, 300))
      return sendOnce(message)
    })
    if (!reply.ok) console.warn("[huike] capture refused:", reply.error)
    // A full disk, an updated Huike, every order refused: the rows on this page were not stored, and the
    // user must know.
    const refusal = wholeCaptureRefusal(message, reply)
    if (refusal && "error" in refusal) tellUser(`Huike: ${refusal.error}`)
    else if (refusal) {
      const reasons = refusalReasonsText(refusal.reasons, t, uiLang().startsWith("zh"))
      tellUser(t("refusedPageNotice", [String(refusal.refusedAll), reasons]))
    }
    document.dispatchEvent(new CustomEvent(CAPTURED_EVENT))
    return reply
  } catch (error) {
    // Typically "Extension context invalidated" after an update: the page must be reloaded.
    console.warn("[huike] could not reach the extension:", error)
    tellUser("Huike was updated or restarted: reload this page to keep capturing. Nothing stored was lost.")
    return { ok: false, error: String(error), code: "stale" }
  }
}

/** Quiet time after the last page change before rows on screen without data count as a failed read. */
const SETTLE_MS = 3000

if (match) {
  // A back office open: the shop's shared customer book syncs live meanwhile (when this browser shares it).
  keepSyncLive()
  const { adapter } = match
  // Single-page admins navigate without reloading: name the page the user is on now.
  const pageKindNow = () => adapter.detectPage(new URL(location.href)) ?? match.pageKind
  // One visit per route of a single-page app (the 千牛 workbench moves between its pages with history
  // changes): the "rows without data" check starts again on each, and applies only to order pages.
  let visit = { path: location.pathname, reportedUnread: false, answered: false }
  let lastAnswerAt = -Infinity
  const currentVisit = () => {
    if (visit.path !== location.pathname)
      visit = { path: location.pathname, reportedUnread: false, answered: false }
    return visit
  }
  // The page shows order rows but none of the data it loaded reached us (its API moved, or the answer
  // changed beyond recognition): say so once, so the popup warns instead of showing missing data.
  let timer: ReturnType<typeof setTimeout> | undefined
  const checkRowsWithoutData = () => {
    const now = currentVisit()
    if (now.reportedUnread || now.answered || pageKindNow() === "chat") return
    // An answer read just before the route changed covers what the new route shows.
    if (performance.now() - lastAnswerAt < SETTLE_MS * 2) return
    const rows = adapter.countDomRows(document)
    if (rows === 0) return
    now.reportedUnread = true
    void send({
      type: "capture",
      platform: adapter.platform,
      pageKind: pageKindNow(),
      url: location.href,
      shopId: adapter.readShopId(document) ?? `${adapter.platform}-shop`,
      rowsSeen: rows,
      orders: [],
      problems: [
        `${adapter.name.en} ${pageKindNow()} page not recognised: 0 of ${rows} orders read (the page shows them, but Huike did not see the data they were loaded from)`
      ]
    })
  }
  new MutationObserver(() => {
    clearTimeout(timer)
    timer = setTimeout(checkRowsWithoutData, SETTLE_MS)
  }).observe(document, { childList: true, subtree: true })

  /** Stores what one read of the page's data gave, with its problems, and logs the visit. `quiet`: the
   *  history reading's bar says what happened (a throttled answer), not a notice of its own. */
  const report = (result: ParseResult, shopId: string, quiet = false) => {
    lastAnswerAt = performance.now()
    currentVisit().answered = true
    const pageKind = result.pageKind ?? pageKindNow()
    const problems = [...result.problems]
    // Taobao refusing (throttling) is not a changed layout: the seller waits, nothing is wrong with Huike.
    if (result.notice === "throttled") {
      if (!quiet) tellUser(t("noticeThrottled"))
    } else if (pageNotRecognised(result)) {
      problems.unshift(
        `${adapter.name.en} ${pageKind} page not recognised: 0 of ${result.rowsSeen} orders read`
      )
    }
    // A large answer goes in batches within the message limits, one after the other (one log line).
    const batches = captureBatches(
      { platform: adapter.platform, pageKind, url: location.href, shopId },
      { ...result, problems },
      { batchId: crypto.randomUUID() }
    )
    return (async () => {
      const replies: (CaptureReply | ErrorReply)[] = []
      for (const batch of batches) replies.push(await send(batch))
      return replies
    })()
  }

  /** One answer of the page's data (the page's own, or the history reading's repeat of it) through the
   *  capture path: read by the adapter, stored, logged. */
  const readAnswer: ReadAnswer = async (answer, quiet) => {
    const shopId = adapter.readShopId(document) ?? `${adapter.platform}-shop`
    if ("unreadable" in answer) {
      // Bytes that did not decode cleanly: reading them would store garbled nicks as new buyers.
      if (!adapter.apiPatterns.some((p) => p.test(answer.url))) return null
      const problem = `${adapter.name.en} answer unreadable: ${answer.unreadable}. Nothing was stored from it.`
      if (!quiet)
        tellUser(t("noticeUnreadable", [uiLang().startsWith("zh") ? adapter.name.zh : adapter.name.en]))
      const result: ParseResult = { orders: [], rowsSeen: 0, problems: [problem] }
      return { result, replies: await report(result, shopId, quiet) }
    }
    const result = adapter.parseApiResponse(answer.url, answer.body, shopId)
    if (!result) return null
    // Pages whose rows' markup is unknown get their chips from the orders the answers named (the page's own
    // answers: a history reading's pages are not on screen).
    if (!quiet && adapter.tagsRowsFromAnswers?.(new URL(location.href))) rememberAnsweredOrders(result.orders)
    return { result, replies: await report(result, shopId, quiet) }
  }

  window.addEventListener("message", (event: MessageEvent) => {
    if (event.source !== window || event.origin !== location.origin) return
    const parsed = interceptedAnswer.safeParse(event.data)
    if (!parsed.success) return
    void readAnswer(parsed.data, false)
  })

  // The whole order history, read on the user's word (src/history): offered once the page made its own list
  // request; every answer it reads comes back through readAnswer above.
  if (adapter.history) offerHistoryReading({ adapter, history: adapter.history, readAnswer })

  // Pages that carry their orders in their own HTML (an order detail page's inline data).
  const readPage = () => {
    const shopId = adapter.readShopId(document) ?? `${adapter.platform}-shop`
    const result = adapter.readPageOrders?.(document, shopId)
    if (result) report(result, shopId)
  }
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", readPage, { once: true })
  else readPage()
}
