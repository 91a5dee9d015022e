// The page's main world side of the history reading (loaded by contents/intercept.ts): notes how the page
// asked for its list (address, method, headers, form) and, when the isolated script asks, repeats that
// request with the page's own fetch, session and origin, then hands the answer back decoded as the page's
// own answers are. It repeats only addresses an adapter reads; everything else is refused.
import { decodeAnswerBytes } from "../adapters/encoding"
import type { ListRequest } from "./reader"

const MAX_BODY = 20_000

function post(message: object) {
  window.postMessage(message, location.origin)
}

export function tellRequest(request: ListRequest) {
  post({ source: "huike-list-request", request })
}

function headersOf(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  new Headers(init ?? {}).forEach((value, name) => {
    out[name] = value
  })
  return out
}

function bodyText(body: unknown): string | null | undefined {
  if (body === undefined || body === null) return null
  if (typeof body === "string") return body.length <= MAX_BODY ? body : undefined
  if (body instanceof URLSearchParams) return bodyText(body.toString())
  // A body Huike cannot repeat exactly (a stream, a file): the request is not offered for reading.
  return undefined
}

/** How a fetch() call asked, when its address is one the adapters read (else null). Never throws. */
export async function fetchInit(
  args: Parameters<typeof fetch>,
  base: string,
  wanted: (url: string) => boolean
): Promise<ListRequest | null> {
  try {
    const [input, init] = args
    const url = new URL(input instanceof Request ? input.url : String(input), base).href
    if (!wanted(url)) return null
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase()
    const headers = {
      ...(input instanceof Request ? headersOf(input.headers) : {}),
      ...headersOf(init?.headers)
    }
    let body = bodyText(init?.body)
    if (init?.body === undefined && input instanceof Request && method !== "GET")
      body = bodyText(await input.clone().text())
    if (body === undefined) return null
    return { url, method, headers, body }
  } catch {
    return null
  }
}

const xhrAsks = new WeakMap<XMLHttpRequest, ListRequest>()
const originalSetHeader = XMLHttpRequest.prototype.setRequestHeader
const originalSend = XMLHttpRequest.prototype.send

/** Follows one XHR to a wanted address: its headers and body, told once it loaded. */
export function recordXhr(xhr: XMLHttpRequest, method: string, url: string) {
  xhrAsks.set(xhr, { url, method: method.toUpperCase(), headers: {}, body: null })
  xhr.addEventListener("load", () => {
    const request = xhrAsks.get(xhr)
    if (request) tellRequest(request)
  })
}

XMLHttpRequest.prototype.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
  const request = xhrAsks.get(this)
  if (request) request.headers[name.toLowerCase()] = value
  return originalSetHeader.call(this, name, value)
}
XMLHttpRequest.prototype.send = function (
  this: XMLHttpRequest,
  body?: Document | XMLHttpRequestBodyInit | null
) {
  const request = xhrAsks.get(this)
  if (request) {
    const text = bodyText(body)
    if (text === undefined) xhrAsks.delete(this)
    else request.body = text
  }
  return originalSend.call(this, body)
}

function isAsk(data: unknown): data is { id: string; request: ListRequest } {
  if (typeof data !== "object" || data === null) return false
  const d = data as Record<string, unknown>
  const r = d.request as Record<string, unknown> | undefined
  return (
    d.source === "huike-replay-ask" &&
    typeof d.id === "string" &&
    typeof r === "object" &&
    r !== null &&
    typeof r.url === "string" &&
    typeof r.method === "string" &&
    typeof r.headers === "object" &&
    r.headers !== null &&
    (typeof r.body === "string" || r.body === null)
  )
}

/** Answers the isolated script's asks to repeat a list request. */
export function wireReplay(originalFetch: typeof fetch, wanted: (url: string) => boolean) {
  window.addEventListener("message", (event: MessageEvent) => {
    if (event.source !== window || event.origin !== location.origin || !isAsk(event.data)) return
    const { id, request } = event.data
    const answer = (rest: object) => post({ source: "huike-replay", id, url: request.url, ...rest })
    if (!wanted(request.url)) return answer({ failed: "http", detail: "not a list address Huike reads" })
    void (async () => {
      let response: Response
      try {
        response = await originalFetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          credentials: "include"
        })
      } catch (error) {
        return answer({ failed: "network", detail: String(error).slice(0, 500) })
      }
      const contentType = response.headers.get("content-type")
      const landed = response.url ? new URL(response.url) : null
      // Taobao sends an ended session to its login page (a redirect to login.taobao.com, an HTML page).
      if ((landed && /(^|\.)login\./.test(landed.hostname)) || /text\/html/i.test(contentType ?? ""))
        return answer({ failed: "login", detail: `answered with a page (${response.url || request.url})` })
      if (!response.ok) return answer({ failed: "http", detail: `HTTP ${response.status}` })
      let bytes: ArrayBuffer
      try {
        bytes = await response.arrayBuffer()
      } catch (error) {
        return answer({ failed: "network", detail: String(error).slice(0, 500) })
      }
      const decoded = decodeAnswerBytes(new Uint8Array(bytes), contentType)
      if ("unreadable" in decoded) return answer({ unreadable: decoded.unreadable })
      try {
        answer({ body: JSON.parse(decoded.text) as unknown })
      } catch {
        answer({ failed: "notJson", detail: `not JSON: ${decoded.text.slice(0, 80)}` })
      }
    })()
  })
}
