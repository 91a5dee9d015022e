// The "back to" day of a history reading starts at that day's midnight in the shop's zone, across clock changes.
import { expect, it } from "vitest"
import { dayStart } from "../../src/history/text"
it("dayStart", () => {
  expect(new Date(dayStart("2026-03-02", "Asia/Shanghai")).toISOString()).toBe("2026-03-01T16:00:00.000Z")
  expect(new Date(dayStart("2026-03-08", "America/New_York")).toISOString()).toBe("2026-03-08T05:00:00.000Z")
  expect(new Date(dayStart("2026-03-09", "America/New_York")).toISOString()).toBe("2026-03-09T04:00:00.000Z")
})
