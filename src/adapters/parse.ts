// Small parsing helpers shared by the adapters: money text to minor units, local date-times to UTC ms.
import { bucketerFor, daysFromCivil, daysInMonth } from "../core/time"

/**
 * "1,403.99", "￥128.00", "¥ 0.5", "-3.20", "US $12.50", ".5" -> integer minor units. Exact decimal
 * arithmetic on the digits (no floating point); more precision than the currency has rounds half away
 * from zero. Returns null for text that is not a plain decimal amount.
 */
export function parseMoneyText(text: string, fractionDigits = 2): number | null {
  const cleaned = text.replace(/[\s,￥¥$€£]|CNY|RMB|USD|EUR|GBP|CAD|AUD|US|CA|AU/gi, "")
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(cleaned)
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null
  const [, sign, whole, frac = ""] = m
  const padded = (frac + "0".repeat(fractionDigits + 1)).slice(0, fractionDigits + 1)
  const base = Number(whole || "0") * 10 ** fractionDigits + Number(padded.slice(0, fractionDigits) || "0")
  const minor = base + (Number(padded[fractionDigits]) >= 5 ? 1 : 0)
  if (!Number.isSafeInteger(minor)) return null
  return sign === "-" && minor !== 0 ? -minor : minor
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

/** An ISO date or date-time to UTC ms; dates without an offset are local in `timeZone`. Null when malformed. */
export function parseIsoDateTime(cell: string, timeZone: string): number | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      cell.trim()
    ) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?()()$/.exec(cell.trim())
  if (!m) return null
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const hour = m[4] ? Number(m[4]) : 0
  const minute = m[5] ? Number(m[5]) : 0
  const second = m[6] ? Number(m[6]) : 0
  const ms = m[7] ? Math.floor(Number(("0." + m[7]).slice(0, 5)) * 1000) : 0
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  if (hour > 23 || minute > 59 || second > 59) return null
  const local =
    daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms
  const zone = m[8]
  if (zone === "Z") return local
  if (zone) {
    const sign = zone[0] === "-" ? -1 : 1
    const digits = zone.slice(1).replace(":", "")
    const offH = Number(digits.slice(0, 2))
    const offM = Number(digits.slice(2, 4))
    if (offH > 23 || offM > 59) return null
    return local - sign * (offH * 60 + offM) * 60_000
  }
  return bucketerFor(timeZone).localToUtc(local)
}
