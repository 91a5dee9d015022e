// Money as the chips show it ("¥2,300", "$1,234.50"), without Intl for the common cases. The first
// Intl.NumberFormat a page's script makes costs 40–200 ms of one task in Chromium (measured in the tagging
// bench's traces: the first chip of every page paid it), so the UI languages Huike ships (en, zh-CN) and
// the marketplaces' currencies are written here; anything else is left to Intl (null). The output equals
// Intl.NumberFormat(lang, { style: "currency", currencyDisplay: "narrowSymbol", minimumFractionDigits: 0
// or the currency's digits }) — test/core/money-text.test.ts compares the two.
import { minorDigits } from "./segments"

/** Narrow symbols, the same in en and zh-CN. */
const NARROW: Readonly<Record<string, string>> = {
  CNY: "¥",
  JPY: "¥",
  USD: "$",
  CAD: "$",
  AUD: "$",
  HKD: "$",
  SGD: "$",
  MXN: "$",
  EUR: "€",
  GBP: "£",
  INR: "₹",
  KRW: "₩"
}

/** Languages whose currency format is the symbol, then the digits grouped by three with commas. */
const LANGS: ReadonlySet<string> = new Set(["en", "en-US", "zh", "zh-CN"])

/**
 * Integer minor units as the chips show them in `lang` — fraction digits only when there is a fraction —
 * or null where this short-cut does not apply (then Intl formats it).
 */
export function moneyText(minor: number, currency: string, lang: string): string | null {
  const symbol = NARROW[currency]
  if (
    symbol === undefined ||
    !LANGS.has(lang) ||
    !Number.isSafeInteger(minor) ||
    Object.is(minor, -0) ||
    Math.abs(minor) >= 1e15
  )
    return null
  const digits = minorDigits(currency)
  const scale = 10 ** digits
  const abs = Math.abs(minor)
  const whole = Math.floor(abs / scale)
  const fraction = abs % scale
  let text = String(whole)
  for (let at = text.length - 3; at > 0; at -= 3) text = `${text.slice(0, at)},${text.slice(at)}`
  if (fraction > 0) text += `.${String(fraction).padStart(digits, "0")}`
  return `${minor < 0 ? "-" : ""}${symbol}${text}`
}
