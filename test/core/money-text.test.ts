// The chips' money short-cut writes what Intl.NumberFormat would, in every case it takes on.
import { describe, expect, it } from "vitest"
import { moneyText } from "../../src/core/money-text"
import { minorDigits } from "../../src/core/segments"

function intl(minor: number, currency: string, lang: string): string {
  const digits = minorDigits(currency)
  const major = minor / 10 ** digits
  return new Intl.NumberFormat(lang, {
    style: "currency",
    currency,
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: Number.isInteger(major) ? 0 : digits,
    maximumFractionDigits: digits
  }).format(major)
}

describe("moneyText", () => {
  const amounts = [
    0, 1, 5, 10, 99, 100, 101, 999, 1_000, 12_345, 100_000, 123_456, 230_000, 1_234_567, 99_999_999
  ]
  const currencies = ["CNY", "JPY", "USD", "CAD", "AUD", "HKD", "SGD", "MXN", "EUR", "GBP", "INR", "KRW"]
  for (const lang of ["en", "en-US", "zh", "zh-CN"])
    it(`equals Intl in ${lang}`, () => {
      for (const currency of currencies)
        for (const a of [...amounts, ...amounts.map((x) => -x).filter((x) => x !== 0), 123_456_789_012])
          expect(moneyText(a, currency, lang), `${a} ${currency}`).toBe(intl(a, currency, lang))
      // A seeded spread of amounts as well.
      let s = 7
      for (let i = 0; i < 2_000; i++) {
        s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff
        const a = s % 10_000_000
        expect(moneyText(a, "CNY", lang)).toBe(intl(a, "CNY", lang))
      }
    })

  it("leaves to Intl what it does not know: other languages, currencies, odd amounts", () => {
    expect(moneyText(123_456, "CNY", "de")).toBeNull()
    expect(moneyText(123_456, "CNY", "en-IN")).toBeNull()
    expect(moneyText(123_456, "CHF", "en")).toBeNull()
    expect(moneyText(12.5, "USD", "en")).toBeNull()
    expect(moneyText(-0, "USD", "en")).toBeNull()
    expect(moneyText(Number.NaN, "USD", "en")).toBeNull()
  })
})
