// The chip's honest flags: "New" only when the shop's known range says so, "First seen" (quieter) otherwise,
// a repeat count "since" a month when the range is partial; counted words in the chip's title and the
// side panel ("1 order", "last bought yesterday").
// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest"
import en from "../../locales/en/messages.json"
import zh from "../../locales/zh_CN/messages.json"
import type { BuyerSummary } from "../../src/messages"

const lang: string = "en"
vi.mock("webextension-polyfill", () => ({
  default: {
    i18n: {
      getMessage: (key: string, subs: string[] = []) =>
        ((lang === "en" ? en : zh) as Record<string, { message: string }>)[key]?.message.replace(
          /\$(\d)/g,
          (_: string, i: string) => subs[Number(i) - 1] ?? ""
        ) ?? "",
      getUILanguage: () => lang
    },
    storage: { local: { get: () => Promise.resolve({}) }, onChanged: { addListener: () => undefined } }
  }
}))

const { renderChip } = await import("../../src/ui/chip-dom")
const { lastBoughtText, ordersText } = await import("../../src/ui/plural-text")

const buyer = (over: Partial<BuyerSummary>): BuyerSummary => ({
  buyerNick: "leo桂1978",
  orders: 1,
  totalSpent: 8_800,
  currency: "CNY",
  repeatBuyer: false,
  daysSinceLastOrder: 3,
  ...over
})

function chip(summary: BuyerSummary) {
  const el = document.createElement("span")
  renderChip(el, summary.buyerNick, summary)
  return el
}

describe("renderChip flags", () => {
  it("says New only when the background does not mark the buyer first seen", () => {
    const known = chip(buyer({ firstSeen: false }))
    expect(known.textContent).toBe("New · ¥88")
    expect(known.className).toContain("huike-chip--new")
    expect(known.getAttribute("data-first-seen")).toBe("false")
    expect(known.title).toBe("1 order, ¥88 spent")
  })

  it("says First seen, in the quieter style, and why in its title", () => {
    const el = chip(buyer({ firstSeen: true, sinceMonth: "2026-09" }))
    expect(el.textContent).toBe("First seen · ¥88")
    expect(el.className).toContain("huike-chip--first-seen")
    expect(el.className).not.toContain("huike-chip--new")
    expect(el.title).toContain("only from 2026-09")
    expect(chip(buyer({ firstSeen: true })).title).toContain("pages you opened")
  })

  it("counts a repeat buyer since a month when the range is partial", () => {
    const el = chip(
      buyer({ orders: 3, repeatBuyer: true, totalSpent: 30_000, firstSeen: true, sinceMonth: "2024-06" })
    )
    expect(el.textContent).toBe("Repeat ×3 since 2024-06 · ¥300")
    expect(el.className).toContain("huike-chip--repeat")
    expect(chip(buyer({ orders: 3, repeatBuyer: true, firstSeen: false })).textContent).toMatch(
      /^Repeat ×3 ·/
    )
  })
})

describe("counted words", () => {
  it("English: one and other", () => {
    expect(ordersText(1)).toBe("1 order")
    expect(ordersText(2)).toBe("2 orders")
    expect(lastBoughtText(0)).toBe("last bought today")
    expect(lastBoughtText(1)).toBe("last bought yesterday")
    expect(lastBoughtText(21)).toBe("last bought 21 days ago")
    expect(lastBoughtText(null)).toBe("—")
  })

  it("every new key exists in both languages", () => {
    const keys = (m: object) => new Set(Object.keys(m))
    const enKeys = keys(en)
    const zhKeys = keys(zh)
    for (const k of [
      "chipFirstSeen",
      "chipRepeatSince",
      "countOrders_one",
      "lastBoughtDaysAgo_other",
      "welcomeTitle"
    ]) {
      expect(enKeys.has(k)).toBe(true)
      expect(zhKeys.has(k)).toBe(true)
    }
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([])
  })
})
