// Where Huike runs is one decision: every page sellers open (../shared/MARKETPLACES.md, old and new) is
// claimed by an adapter, its origin is in the manifest's host permissions, and the interceptor, the
// capture script and the overlay all run there. Adding a host to one list and not the others fails here.
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { adapterForUrl, isMessageCentre } from "../../src/adapters/registry"

const root = resolve(__dirname, "../..")
const manifest = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as {
  manifest: { host_permissions: string[] }
}

/** A content script's `matches`, read from its source (the scripts touch the page when imported). */
function matchesOf(file: string): string[] {
  const source = readFileSync(resolve(root, file), "utf8")
  const list = /matches:\s*\[([^\]]*)\]/.exec(source)?.[1] ?? ""
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1])
}

const intercept = matchesOf("contents/intercept.ts")
const capture = matchesOf("contents/capture.ts")
// The overlay, and the same overlay in every frame of Shopify Inbox's web app (the admin embeds it).
const overlay = [...matchesOf("contents/overlay.tsx"), ...matchesOf("contents/inbox-frames.tsx")]

const covered = (patterns: readonly string[], url: string) =>
  patterns.some((p) => new URL(url).origin === new URL(p.replace("/*", "/")).origin)

// The pages sellers open, from MARKETPLACES.md.
const PAGES = [
  "https://myseller.taobao.com/home.htm/trade-platform/tp/sold",
  "https://qn.taobao.com/home.htm/trade-platform/tp/sold",
  "https://myseller.taobao.com/home.htm/app-customer-service/toolpage/Message",
  "https://trade.taobao.com/trade/itemlist/list_sold_items.htm",
  "https://trade.taobao.com/detail/orderDetail.htm?bizOrderId=3002237382410078542",
  "https://admin.shopify.com/store/huike-demo/orders",
  "https://sellercentral.amazon.com/orders-v3",
  "https://sellercentral.amazon.de/orders-v3/order/114-1234567-1234567"
]

// The message centres where reps answer buyers (MARKETPLACES.md; Shopify Inbox's web app from public code that
// drives it): tagged by known names, so the overlay must reach them; nothing is captured there.
const MESSAGE_CENTRES = [
  "https://sellercentral.amazon.com/messaging/inbox?fi=RESPONSE_NEEDED",
  "https://sellercentral.amazon.ca/messaging/contact?orderID=702-1234567-1234567&marketplaceID=A2EUQ1WTGCTBG2",
  "https://sellercentral.amazon.de/messaging/reviews?orderId=302-1234567-1234567&marketplaceId=A1PA6795UKMFR9",
  "https://inbox.shopify.com/store/huike-demo/conversations/unread",
  "https://inbox.shopify.com/store/huike-demo/conversations/open/019dcb4a-2bab-7859-b7b5-431636b6c52e",
  "https://myseller.taobao.com/home.htm/app-customer-service/toolpage/Message",
  "https://qn.taobao.com/home.htm/app-customer-service/toolpage/Message"
]

describe("hosts", () => {
  it("the interceptor and the capture script run on the same hosts, and the overlay on all of them", () => {
    expect(intercept.length).toBeGreaterThan(0)
    expect(capture).toEqual(intercept)
    for (const m of capture) expect(overlay, m).toContain(m)
  })

  it("every content script host is in the manifest's host permissions", () => {
    for (const m of new Set([...intercept, ...capture, ...overlay]))
      expect(manifest.manifest.host_permissions, m).toContain(m)
  })

  it.each(MESSAGE_CENTRES)("%s is a message centre the overlay reaches", (url) => {
    expect(isMessageCentre(new URL(url))).toBe(true)
    expect(covered(overlay, url)).toBe(true)
    expect(manifest.manifest.host_permissions).toContain(`${new URL(url).origin}/*`)
  })

  it.each(PAGES.filter((url) => !MESSAGE_CENTRES.includes(url)))("%s is no message centre", (url) => {
    expect(isMessageCentre(new URL(url))).toBe(false)
  })

  it.each(PAGES)("%s is claimed by an adapter and reached by every script", (url) => {
    expect(adapterForUrl(new URL(url))).not.toBeNull()
    expect(covered(intercept, url)).toBe(true)
    expect(covered(capture, url)).toBe(true)
    expect(covered(overlay, url)).toBe(true)
  })
})
