// Calendar days in a shop's time zone. Timestamps are UTC ms; a "day number" is the count of days since
// 1970-01-01 of the local calendar date, so day arithmetic is integer subtraction.
//
// Intl.DateTimeFormat per order is far too slow for a million orders, so `DayBucketer` asks Intl once per
// UTC hour for the zone offset and caches it. Every zone transition in the tz database falls on a whole
// quarter hour, so an hour whose start and end offsets agree has one offset throughout; an hour with a
// transition inside it is marked and its timestamps go to Intl directly. Tests check this against Intl.

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const DENSE_HOURS = 1 << 17
const UNKNOWN_OFFSET = 1e15

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short"
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Throws a RangeError for an unknown IANA zone name. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone)
}

/** Zone offset in ms (local − UTC) at a UTC instant, straight from Intl. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return 0
  const whole = Math.floor(utcMs / 1000) * 1000
  let year = 0
  let month = 0
  let day = 0
  let hour = 0
  let minute = 0
  let second = 0
  let bc = false
  for (const part of formatterFor(timeZone).formatToParts(whole)) {
    switch (part.type) {
      case "year":
        year = Number(part.value)
        break
      case "month":
        month = Number(part.value)
        break
      case "day":
        day = Number(part.value)
        break
      case "hour":
        hour = Number(part.value)
        break
      case "minute":
        minute = Number(part.value)
        break
      case "second":
        second = Number(part.value)
        break
      case "era":
        bc = part.value.startsWith("B")
        break
    }
  }
  if (bc) year = 1 - year
  // Date.UTC maps years 0–99 to 1900s; a 400-year cycle has a whole number of days, so shift and back.
  return Date.UTC(year + 400, month - 1, day, hour, minute, second) - 146_097 * DAY_MS - whole
}

/** Day number (days since 1970-01-01) of a proleptic Gregorian date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

/** [year, month 1–12, day 1–31] of a day number. */
export function civilFromDays(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day]
}

const pad2 = (n: number): string => (n < 10 ? "0" + n : String(n))

/** "YYYY-MM-DD" of a day number. */
export function formatDayNumber(dayNumber: number): string {
  const [y, m, d] = civilFromDays(dayNumber)
  const ys = y >= 0 && y < 10_000 ? String(y).padStart(4, "0") : String(y)
  return `${ys}-${pad2(m)}-${pad2(d)}`
}

/** Day number of "YYYY-MM-DD", or null when it is not a real calendar date. */
export function parseDayKey(key: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return daysFromCivil(year, month, day)
}

export function daysInMonth(year: number, month: number): number {
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  )
}

/** Month index (year * 12 + month − 1) of a day number; consecutive months differ by one. */
export function monthIndexOfDay(dayNumber: number): number {
  const [y, m] = civilFromDays(dayNumber)
  return y * 12 + m - 1
}

export function formatMonthIndex(monthIndex: number): string {
  const y = Math.floor(monthIndex / 12)
  return `${String(y).padStart(4, "0")}-${pad2(monthIndex - y * 12 + 1)}`
}

/** Maps UTC instants to local day numbers in one zone, caching the offset per UTC hour. */
export class DayBucketer {
  readonly timeZone: string
  private readonly fixedOffset: number | null
  private readonly hourOffsets = new Map<number, number>()
  private lastHour = Number.NaN
  private lastOffset = 0
  // Dense cache of DENSE_HOURS hours from denseBase (about 15 years): a typed-array read instead of a Map
  // lookup for the hours almost every order falls in. UNKNOWN_OFFSET marks an hour not looked up yet.
  private dense: Float64Array | null = null
  private denseBase = 0

  constructor(timeZone: string) {
    assertTimeZone(timeZone)
    this.timeZone = timeZone
    this.fixedOffset = timeZone === "UTC" || timeZone === "Etc/UTC" ? 0 : null
  }

  /** Offset (local − UTC, ms) at an instant. */
  offsetAt(utcMs: number): number {
    if (this.fixedOffset !== null) return this.fixedOffset
    const hour = Math.floor(utcMs / HOUR_MS)
    if (hour === this.lastHour) return this.lastOffset
    if (this.dense === null) {
      this.dense = new Float64Array(DENSE_HOURS).fill(UNKNOWN_OFFSET)
      this.denseBase = hour - DENSE_HOURS / 2
    }
    const slot = hour - this.denseBase
    let offset: number
    if (slot >= 0 && slot < DENSE_HOURS) {
      offset = this.dense[slot]
      if (offset === UNKNOWN_OFFSET) {
        offset = this.hourOffset(hour)
        this.dense[slot] = offset
      }
    } else {
      const cached = this.hourOffsets.get(hour)
      if (cached === undefined) {
        offset = this.hourOffset(hour)
        this.hourOffsets.set(hour, offset)
      } else {
        offset = cached
      }
    }
    if (Number.isNaN(offset)) return zoneOffsetMs(utcMs, this.timeZone)
    this.lastHour = hour
    this.lastOffset = offset
    return offset
  }

  /** The offset throughout a UTC hour, or NaN when a transition falls inside it. */
  private hourOffset(hour: number): number {
    const start = zoneOffsetMs(hour * HOUR_MS, this.timeZone)
    const end = zoneOffsetMs(hour * HOUR_MS + HOUR_MS - 1000, this.timeZone)
    // NaN marks an hour with a transition inside it: those instants are resolved one by one.
    return start === end ? start : Number.NaN
  }

  /** Local calendar day number of a UTC instant. */
  dayNumber(utcMs: number): number {
    return Math.floor((utcMs + this.offsetAt(utcMs)) / DAY_MS)
  }

  dayKey(utcMs: number): string {
    return formatDayNumber(this.dayNumber(utcMs))
  }

  /** UTC instant of local midnight starting a day (the first instant of that local date). */
  startOfDay(dayNumber: number): number {
    return this.localToUtc(dayNumber * DAY_MS)
  }

  /**
   * UTC instant of a local wall-clock time given as ms since 1970-01-01T00:00 local. A wall time that a
   * spring-forward gap skips maps to the instant after the gap; an ambiguous one to its earlier instant.
   */
  localToUtc(localMs: number): number {
    if (this.fixedOffset !== null) return localMs - this.fixedOffset
    // The offset at the instant is one of the offsets in force a day either side of it.
    const before = this.offsetAt(localMs - DAY_MS)
    const after = this.offsetAt(localMs + DAY_MS)
    const candidates = before === after ? [before] : [Math.max(before, after), Math.min(before, after)]
    for (const off of candidates) {
      const utc = localMs - off
      if (this.offsetAt(utc) === off) return utc
    }
    // In a gap: no candidate round-trips; the instant after the gap is local − (offset before the gap).
    return localMs - Math.min(before, after)
  }
}

const bucketers = new Map<string, DayBucketer>()

/** A shared bucketer per zone (offset caches are worth keeping between calls). */
export function bucketerFor(timeZone: string): DayBucketer {
  let b = bucketers.get(timeZone)
  if (!b) {
    b = new DayBucketer(timeZone)
    bucketers.set(timeZone, b)
  }
  return b
}

/** "YYYY-MM-DD" of a UTC instant in an IANA time zone. */
export function dayKey(utcMs: number, timeZone: string): string {
  return bucketerFor(timeZone).dayKey(utcMs)
}

/** Local day number of a UTC instant in an IANA time zone. */
export function dayNumber(utcMs: number, timeZone: string): number {
  return bucketerFor(timeZone).dayNumber(utcMs)
}

/**
 * Whole calendar days from one instant to another in the shop's zone: an order at 23:00 yesterday is
 * "1 day ago" at 09:00 today, as the reminder rules and the scoring count it (never negative).
 */
export function calendarDaysSince(thenMs: number, nowMs: number, timeZone: string): number {
  const b = bucketerFor(timeZone)
  return Math.max(0, b.dayNumber(nowMs) - b.dayNumber(thenMs))
}

/** UTC ms of local midnight starting "YYYY-MM-DD" in a zone; throws on a malformed date. */
export function startOfDayKey(key: string, timeZone: string): number {
  const day = parseDayKey(key)
  if (day === null) throw new RangeError(`not a calendar date: ${key}`)
  return bucketerFor(timeZone).startOfDay(day)
}

export { DAY_MS }
