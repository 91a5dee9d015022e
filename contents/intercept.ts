// Runs in the page's own world, before the page's scripts: watches the page's fetch and XHR answers and
// hands the ones an adapter reads to Huike's isolated content script. It only reads; it never changes
// what the page sends or receives. The answers may come from another site (the 千牛 workbench fetches its
// sold orders from trade.taobao.com): they are read wherever they come from, as the page reads them.
//
// Text is decoded as the browser would (src/adapters/encoding.ts): a fetch answer by its declared
// charset, else strict UTF-8, else GB18030; an XHR's responseText as the browser decoded it; an XHR read
// as bytes (arraybuffer, blob) like a fetch. An answer that cannot be read cleanly is reported, not parsed.
//
// For the history reading (src/history), it also tells the isolated script how the page asked (address,
// method, headers, form) and, when asked, repeats that request from the page — the page's own session — and
// hands the answer back the same way (src/history/replay-main.ts).
import type { PlasmoCSConfig } from "plasmo"
import { checkedAnswer, declaredCharset, decodeAnswerBytes, type DecodedAnswer } from "~src/adapters/encoding"
import { API_PATTERNS } from "~src/adapters/api-patterns"
import { fetchInit, recordXhr, tellRequest, wireReplay } from "~src/history/replay-main"

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
  world: "MAIN",
  run_at: "document_start"
}

const wanted = (url: string) => API_PATTERNS.some((p) => p.test(url))

function post(message: object) {
  window.postMessage({ source: "huike-intercept", ...message }, location.origin)
}

function hand(url: string, decoded: DecodedAnswer) {
  if ("unreadable" in decoded) return post({ url, unreadable: decoded.unreadable })
  let body: unknown
  try {
    body = JSON.parse(decoded.text)
  } catch {
    // Not JSON (an HTML error page, a login redirect): nothing an adapter reads.
    return
  }
  post({ url, body })
}

const handBytes = (url: string, bytes: ArrayBuffer, contentType: string | null) =>
  hand(url, decodeAnswerBytes(new Uint8Array(bytes), contentType))

const originalFetch = window.fetch
window.fetch = async function (this: unknown, ...args: Parameters<typeof fetch>) {
  // How the page asked (for the history reading): read before the request, as the page built it.
  const asked = fetchInit(args, location.href, wanted)
  const response = await originalFetch.apply(this, args)
  try {
    const url = new URL(
      response.url || String(args[0] instanceof Request ? args[0].url : args[0]),
      location.href
    ).href
    if (wanted(url)) {
      void asked.then((request) => request && tellRequest(request))
      response
        .clone()
        .arrayBuffer()
        .then((bytes) => handBytes(url, bytes, response.headers.get("content-type")))
        .catch(() => undefined)
    }
  } catch {
    // Never let Huike break the page's own request.
  }
  return response
}

function readXhr(xhr: XMLHttpRequest, url: string) {
  const type = xhr.responseType
  const contentType = xhr.getResponseHeader("content-type")
  if (type === "" || type === "text") {
    // The browser decoded it by the declared charset (UTF-8 when none): its replacement characters say
    // the bytes were something else.
    return hand(url, checkedAnswer(xhr.responseText, declaredCharset(contentType) ?? "utf-8"))
  }
  if (type === "json") return post({ url, body: xhr.response as unknown })
  if (type === "arraybuffer" && xhr.response instanceof ArrayBuffer)
    return handBytes(url, xhr.response, contentType)
  if (type === "blob" && xhr.response instanceof Blob)
    void xhr.response
      .arrayBuffer()
      .then((bytes) => handBytes(url, bytes, contentType))
      .catch(() => undefined)
}

const originalOpen = XMLHttpRequest.prototype.open
XMLHttpRequest.prototype.open = function (
  this: XMLHttpRequest,
  method: string,
  url: string | URL,
  ...rest: unknown[]
) {
  try {
    const absolute = new URL(String(url), location.href).href
    if (wanted(absolute)) {
      recordXhr(this, method, absolute)
      this.addEventListener("load", () => {
        try {
          readXhr(this, absolute)
        } catch {
          // Never let Huike break the page's own request.
        }
      })
    }
  } catch {
    // An address the page's own open() will refuse.
  }
  return (originalOpen as (...a: unknown[]) => void).call(this, method, url, ...rest)
} as typeof XMLHttpRequest.prototype.open

wireReplay(originalFetch, wanted)
