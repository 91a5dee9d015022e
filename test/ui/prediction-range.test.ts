// The hover card's and side panel's 12-month range: "2–5 orders, ¥900–¥2,300" in the reader's language, one
// figure when the range is a single value, orders alone without a value range or when none is expected.
import { beforeEach, describe, expect, it, vi } from "vitest"

let language = "en"
vi.mock("webextension-polyfill", () => ({
  default: {
    i18n: { getMessage: () => "", getUILanguage: () => "en" },
    storage: {
      local: { get: () => Promise.resolve({ "huike.language": language }) },
      onChanged: { addListener: () => undefined }
    }
  }
}))
const { loadLanguage } = await import("../../src/ui/i18n")
const { rangeText } = await import("../../src/ui/PredictionRange")

describe("rangeText", () => {
  beforeEach(async () => {
    language = "en"
    await loadLanguage()
  })

  it("gives orders and value as ranges", () => {
    const text = rangeText({
      currency: "CNY",
      range12m: { orders: { low: 2, high: 5 }, value: { low: 90_012, high: 230_049 } }
    })
    expect(text).toBe("2–5 orders, ¥900–¥2,300")
  })

  it("gives one figure when the range is one value, and orders alone when none is expected", () => {
    expect(
      rangeText({
        currency: "USD",
        range12m: { orders: { low: 1, high: 1 }, value: { low: 4_000, high: 4_000 } }
      })
    ).toBe("1 order, $40")
    expect(
      rangeText({ currency: "USD", range12m: { orders: { low: 0, high: 0 }, value: { low: 0, high: 0 } } })
    ).toBe("0 orders")
    expect(rangeText({ currency: "USD", range12m: { orders: { low: 0, high: 2 } } })).toBe("0–2 orders")
    expect(rangeText({ currency: "USD" })).toBeNull()
  })

  it("speaks Chinese when the owner chose it", async () => {
    language = "zh_CN"
    await loadLanguage()
    expect(
      rangeText({
        currency: "CNY",
        range12m: { orders: { low: 2, high: 5 }, value: { low: 90_000, high: 230_000 } }
      })
    ).toBe("2–5 单，¥900–¥2,300")
  })
})
