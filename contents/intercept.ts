// Runs in the page's own world, before the page's scripts: watches the page's fetch and XHR answers and
// hands the ones an adapter reads to Huike's isolated content script. It only reads; it never changes
// what the page sends or receives.
import type { PlasmoCSConfig } from "plasmo"
import { API_PATTERNS } from "~src/adapters/api-patterns"

export const config: PlasmoCSConfig = {
  matches: [
    "https://trade.taobao.com/*",
    "https://trade.tmall.com/*",
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

function hand(url: string, text: string) {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return
  }
  window.postMessage({ source: "huike-intercept", url, body }, location.origin)
}

const originalFetch = window.fetch
window.fetch = async function (this: unknown, ...args: Parameters<typeof fetch>) {
  const response = await originalFetch.apply(this, args)
  try {
    const url = new URL(
      response.url || String(args[0] instanceof Request ? args[0].url : args[0]),
      location.href
    ).href
    if (wanted(url)) {
      response
        .clone()
        .text()
        .then((text) => hand(url, text))
        .catch(() => undefined)
    }
  } catch {
    // Never let Huike break the page's own request.
  }
  return response
}

const originalOpen = XMLHttpRequest.prototype.open
XMLHttpRequest.prototype.open = function (
  this: XMLHttpRequest,
  method: string,
  url: string | URL,
  ...rest: unknown[]
) {
  const absolute = new URL(String(url), location.href).href
  if (wanted(absolute)) {
    this.addEventListener("load", () => {
      if (this.responseType === "" || this.responseType === "text") hand(absolute, this.responseText)
      else if (this.responseType === "json")
        window.postMessage({ source: "huike-intercept", url: absolute, body: this.response }, location.origin)
    })
  }
  return (originalOpen as (...a: unknown[]) => void).call(this, method, url, ...rest)
} as typeof XMLHttpRequest.prototype.open
