// Small parsing helpers shared by the adapters: money text to minor units, local date-times to UTC ms.

/**
 * "1,403.99", "￥128.00", "¥ 0.5", "-3.20" -> integer minor units, without floating-point rounding.
 * Returns null for text that is not a plain decimal amount.
 */
export function parseMoneyText(text: string, fractionDigits = 2): number | null {
  const cleaned = text.replace(/[\s,￥¥$€£]|CNY|RMB|USD/gi, "")
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(cleaned)
  if (!m) return null
  const [, sign, whole, frac = ""] = m
  if (frac.length > fractionDigits && /[1-9]/.test(frac.slice(fractionDigits))) {
    // More precision than the currency has: round half away from zero.
    const scaled = Number(`${whole}.${frac}`) * 10 ** fractionDigits
    return (sign === "-" ? -1 : 1) * Math.round(scaled)
  }
  const minor =
    Number(whole) * 10 ** fractionDigits +
    Number((frac + "0".repeat(fractionDigits)).slice(0, fractionDigits))
  if (!Number.isSafeInteger(minor)) return null
  return sign === "-" ? -minor : minor
}

/**
 * "YYYY-MM-DD HH:MM[:SS]" (or with "/" or "T") in a zone with a fixed UTC offset -> UTC ms.
 * Chinese marketplaces print China time (UTC+8, no daylight saving since 1991).
 */
export function parseFixedOffsetDateTime(text: string, offsetMinutes: number): number | null {
  const m = /^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/.exec(text)
  if (!m) return null
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = m
  const month = Number(mo)
  const day = Number(d)
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return null
  const utc = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s))
  if (new Date(utc).getUTCDate() !== day) return null
  return utc - offsetMinutes * 60_000
}

export const CHINA_OFFSET_MINUTES = 8 * 60
