// Huike's panel for the buyer a page's address names: in its own Shadow DOM outside the page's markup, one at
// a time (a thread switch replaces it), page strings as text only, and the quiet "not in Huike yet" note.
// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest"
import en from "../../locales/en/messages.json"
import type { BuyerSummary } from "../../src/messages"

vi.mock("webextension-polyfill", () => ({
  default: {
    i18n: {
      getMessage: (key: string, subs: string[] = []) =>
        ((en as Record<string, { message: string }>)[key]?.message ?? "").replace(
          /\$(\d)/g,
          (_: string, i: string) => subs[Number(i) - 1] ?? ""
        ),
      getUILanguage: () => "en"
    },
    storage: { local: { get: () => Promise.resolve({}) }, onChanged: { addListener: () => undefined } }
  }
}))
const { PAGE_BUYER_TAG, showPageBuyer } = await import("../../src/ui/page-buyer")

const summary = (nick: string, orders: number): BuyerSummary => ({
  customerKey: `amazon:amazon.com:${nick}`,
  buyerNick: nick,
  orders,
  totalSpent: orders * 2_500,
  currency: "USD",
  repeatBuyer: orders > 1,
  daysSinceLastOrder: 3
})

const panels = () => [...document.querySelectorAll(PAGE_BUYER_TAG)]
const box = () => panels()[0]?.shadowRoot?.querySelector("[data-huike-page-buyer]")

describe("showPageBuyer", () => {
  it("shows the buyer's chip under the order's label, outside the page's markup", () => {
    document.body.replaceChildren(document.createElement("main"))
    const shown = showPageBuyer({
      state: "buyer",
      summary: summary("Ann Lee", 3),
      orderId: "114-0000001-0000002"
    })
    expect(panels()).toHaveLength(1)
    expect(shown?.host.parentElement).toBe(document.documentElement)
    expect(document.body.querySelector(PAGE_BUYER_TAG)).toBeNull()
    expect(box()?.getAttribute("data-huike-page-buyer")).toBe("buyer")
    expect(box()?.firstChild?.textContent).toBe("Buyer of order 114-0000001-0000002")
    expect(shown?.chip?.getAttribute("data-nick")).toBe("Ann Lee")
    expect(shown?.chip?.getAttribute("data-orders")).toBe("3")
  })

  it("a thread switch replaces the panel (a new host each time), null removes it", () => {
    const first = showPageBuyer({ state: "buyer", summary: summary("Ann Lee", 3) })!.host
    const second = showPageBuyer({ state: "buyer", summary: summary("Bo Chan", 1) })!.host
    expect(panels()).toEqual([second])
    expect(first.isConnected).toBe(false)
    expect(box()?.firstChild?.textContent).toBe("This page's buyer")
    expect(showPageBuyer(null)).toBeNull()
    expect(panels()).toEqual([])
  })

  it("an order not stored: a quiet status, no chip, naming the order only when sellers know it by that number", () => {
    const named = showPageBuyer({ state: "not-stored", orderId: "114-9999999-9999999" })
    expect(named?.chip).toBeNull()
    expect(box()?.getAttribute("role")).toBe("status")
    expect(box()?.textContent).toBe("Order 114-9999999-9999999 is not in Huike yet")
    expect(box()?.querySelector("[data-huike-chip]")).toBeNull()
    showPageBuyer({ state: "not-stored" })
    expect(box()?.textContent).toBe("This page's order is not in Huike yet")
  })

  it("page strings stay text: a hostile name or order id is never parsed as HTML", () => {
    const hostile = `<img src=x onerror="window.__pwned=1">`
    showPageBuyer({ state: "buyer", summary: summary(hostile, 2), orderId: hostile })
    expect(box()?.querySelector("img")).toBeNull()
    expect(box()?.textContent).toContain(hostile)
    showPageBuyer({ state: "not-stored", orderId: hostile })
    expect(box()?.querySelector("img")).toBeNull()
  })
})
