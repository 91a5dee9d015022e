// DayBucketer caches zone offsets per UTC hour (a dense typed array around the first instant it sees, a Map
// beyond it); its day numbers must equal Intl's calendar date for every instant, across DST transitions.
import { describe, expect, it } from "vitest"
import { DayBucketer, daysFromCivil } from "../../src/core/time"

function intlDay(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric"
  })
    .formatToParts(utcMs)
    .reduce<Record<string, number>>((acc, p) => ((acc[p.type] = Number(p.value)), acc), {})
  return daysFromCivil(parts.year, parts.month, parts.day)
}

describe("DayBucketer", () => {
  for (const zone of ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe"]) {
    it(`matches Intl in ${zone}, near and far from the cached range`, () => {
      const b = new DayBucketer(zone)
      let seed = 99
      const rand = (): number => {
        seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
        return seed / 2 ** 32
      }
      const base = Date.UTC(2024, 2, 10)
      const instants: number[] = [base]
      // Every 15 minutes around the 2024 spring and autumn transitions, then random instants over 60 years.
      for (const t0 of [Date.UTC(2024, 2, 9), Date.UTC(2024, 9, 5), Date.UTC(2024, 10, 2)]) {
        for (let k = 0; k < 4 * 24 * 3; k++) instants.push(t0 + k * 900_000)
      }
      for (let i = 0; i < 400; i++)
        instants.push(Date.UTC(1980, 0, 1) + Math.floor(rand() * 60 * 365.25 * 86_400_000))
      for (const t of instants) expect(b.dayNumber(t), new Date(t).toISOString()).toBe(intlDay(t, zone))
    })
  }
})
