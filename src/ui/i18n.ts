// UI strings for the chips, hover card and side panel: chrome.i18n (locales/en, locales/zh_CN), following
// the browser's language unless the options page chose one. chrome.i18n cannot switch at run time, so a
// chosen language's strings come from the same locale files, bundled here (a content script may not read
// the extension's files).
import browser from "webextension-polyfill"
import en from "../../locales/en/messages.json"
import zhCN from "../../locales/zh_CN/messages.json"
import { moneyText } from "../core/money-text"
import { minorDigits } from "../core/segments"
import { LANGUAGE_KEY, languageChoice } from "./dashboard/lang"

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>
const bundled: Record<"en" | "zh_CN", Messages> = { en, zh_CN: zhCN }

let chosen: { messages: Messages; locale: string } | null = null
// A page may show hundreds of chips: the same few strings and money formats are looked up once each.
const strings = new Map<string, string>()
const moneyFormats = new Map<string, Intl.NumberFormat>()

/** Reads the language chosen in the options page; call before the first render (and after a change). */
export async function loadLanguage(): Promise<void> {
  const choice = await languageChoice().catch(() => "auto" as const)
  chosen =
    choice === "auto" ? null : { messages: bundled[choice], locale: choice === "zh_CN" ? "zh-CN" : "en" }
  strings.clear()
  moneyFormats.clear()
}

/** Calls `onChange` after the options page changed the language (the strings are loaded by then). */
export function onLanguageChange(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === "local" && LANGUAGE_KEY in changes) void loadLanguage().then(onChange)
  }
  browser.storage.onChanged.addListener(listener)
  return () => browser.storage.onChanged.removeListener(listener)
}

/** chrome.i18n's substitution rules: named placeholders ($count$) resolve to their content, then $1 … $9. */
function substitute(entry: Messages[string], subs: readonly string[]): string {
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const p = entry.placeholders?.[name] ?? entry.placeholders?.[name.toLowerCase()]
    return p ? p.content : whole
  })
  return named.replace(/\$(\d)/g, (_, i: string) => subs[Number(i) - 1] ?? "")
}

export function t(key: string, substitutions?: string[]): string {
  const id = substitutions ? `${key}\u0000${substitutions.join("\u0001")}` : key
  let text = strings.get(id)
  if (text === undefined) {
    const entry = chosen?.messages[key]
    text = entry ? substitute(entry, substitutions ?? []) : browser.i18n.getMessage(key, substitutions) || key
    if (strings.size > 5000) strings.clear()
    strings.set(id, text)
  }
  return text
}

/** The UI language ("en", "zh-CN" ...): the chosen one, or the browser's. */
let browserLang: string | null = null
export function uiLang(): string {
  return chosen?.locale ?? (browserLang ??= browser.i18n.getUILanguage())
}

/** Minor units -> "¥2,300" / "¥2,300.50" / "¥1,200" (JPY has no minor unit) in the UI language. */
export function formatMoney(minor: number, currency: string): string {
  // The common cases without Intl: a page's first Intl.NumberFormat costs one long task (money-text.ts).
  const quick = moneyText(minor, currency, uiLang())
  if (quick !== null) return quick
  const digits = minorDigits(currency)
  const major = minor / 10 ** digits
  const minimum = Number.isInteger(major) ? 0 : digits
  const id = `${currency}:${minimum}`
  let format = moneyFormats.get(id)
  if (!format) {
    format = new Intl.NumberFormat(uiLang(), {
      style: "currency",
      currency,
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: minimum,
      maximumFractionDigits: digits
    })
    moneyFormats.set(id, format)
  }
  return format.format(major)
}
