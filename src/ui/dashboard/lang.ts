// The owner's pages follow the browser's language unless the options page chose one: chrome.i18n cannot
// switch at run time, so a chosen language's messages are read from the extension's own _locales file.
import browser from "webextension-polyfill"
import { minorDigits, type Lang } from "../../core/segments"

export const LANGUAGE_KEY = "huike.language"
export type LanguageChoice = "auto" | "en" | "zh_CN"

type Messages = Record<string, { message: string }>
let chosen: Messages | null = null
let chosenLang: Lang | null = null

export async function languageChoice(): Promise<LanguageChoice> {
  const got = await browser.storage.local.get(LANGUAGE_KEY)
  const v = got[LANGUAGE_KEY]
  return v === "en" || v === "zh_CN" ? v : "auto"
}

/** Loads the chosen language's messages (call once before the first render). */
export async function loadLanguage(): Promise<void> {
  const choice = await languageChoice().catch(() => "auto" as const)
  if (choice === "auto") return
  const res = await fetch(browser.runtime.getURL(`_locales/${choice}/messages.json`))
  chosen = (await res.json()) as Messages
  chosenLang = choice === "zh_CN" ? "zh" : "en"
}

/** A UI string; $1, $2 … take the substitutions. */
export function tr(key: string, subs: (string | number)[] = []): string {
  const m = chosen?.[key]?.message
  if (m !== undefined) return m.replace(/\$(\d)/g, (_, i: string) => String(subs[Number(i) - 1] ?? ""))
  return browser.i18n.getMessage(key, subs.map(String)) || key
}

/** "zh" or "en": the language of the words src/core writes (segment names, reminder lines). */
export function ownerLang(): Lang {
  if (chosenLang) return chosenLang
  return browser.i18n.getUILanguage().toLowerCase().startsWith("zh") ? "zh" : "en"
}

/** BCP 47 tag for number and date formatting. */
export const ownerLocale = (): string => (ownerLang() === "zh" ? "zh-CN" : "en-US")

export const pct = (x: number, digits = 1): string =>
  (x * 100).toLocaleString(ownerLocale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }) +
  "%"

/** Minor units as money in the owner's language, e.g. ¥2,300. */
export function money(minor: number, currency: string, digits = 2): string {
  const minor10 = minorDigits(currency)
  const scale = 10 ** minor10
  return new Intl.NumberFormat(ownerLocale(), {
    style: "currency",
    currency,
    currencyDisplay: "narrowSymbol",
    maximumFractionDigits: Math.min(digits, minor10),
    minimumFractionDigits: 0
  }).format(minor / scale)
}

export const segName = (id: string): string => tr(`seg_${id.replace(/-/g, "_")}`)
export const levelName = (id: string): string => {
  const s = tr(`level_${id}`)
  return s === `level_${id}` ? id : s
}
