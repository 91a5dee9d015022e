// UI strings come from chrome.i18n (locales/en, locales/zh_CN), following the browser's language.
import browser from "webextension-polyfill"

export function t(key: string, substitutions?: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key
}

/** Minor units -> "¥2,300" / "¥2,300.50" in the UI language. */
export function formatMoney(minor: number, currency: string): string {
  const locale = browser.i18n.getUILanguage()
  const major = minor / 100
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: Number.isInteger(major) ? 0 : 2,
    maximumFractionDigits: 2
  }).format(major)
}
