// UI strings come from chrome.i18n (locales/en, locales/zh_CN), following the browser's language.
import browser from "webextension-polyfill"
import { minorDigits } from "../core/segments"

export function t(key: string, substitutions?: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key
}

/** The UI language ("en", "zh-CN" ...), following the browser. */
let lang: string | null = null
export function uiLang(): string {
  lang ??= browser.i18n.getUILanguage()
  return lang
}

/** Minor units -> "¥2,300" / "¥2,300.50" / "¥1,200" (JPY has no minor unit) in the UI language. */
export function formatMoney(minor: number, currency: string): string {
  const locale = uiLang()
  const digits = minorDigits(currency)
  const major = minor / 10 ** digits
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: Number.isInteger(major) ? 0 : digits,
    maximumFractionDigits: digits
  }).format(major)
}
