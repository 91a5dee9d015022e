import { describe, expect, it } from "vitest"
import { CHINA_OFFSET_MINUTES, parseFixedOffsetDateTime, parseMoneyText } from "../../src/adapters/parse"

describe("parseMoneyText", () => {
  it.each([
    ["128.00", 12800],
    ["1,403.99", 140399],
    ["￥0.5", 50],
    ["¥ 12", 1200],
    ["-3.20", -320],
    ["0.10", 10],
    ["19.999", 2000],
    ["19.990", 1999],
    ["US $12.50", 1250],
    [".5", 50],
    ["-0.004", 0]
  ])("%s -> %i minor units", (text, minor) => expect(parseMoneyText(text)).toBe(minor))

  it("uses the currency's minor digits", () => {
    expect(parseMoneyText("1,200", 0)).toBe(1200)
    expect(parseMoneyText("0.5", 0)).toBe(1)
    expect(parseMoneyText("1.2345", 3)).toBe(1235)
  })

  it.each(["", "abc", "1.2.3", "12,34x", "--1", ".", "-"])("rejects %j", (text) =>
    expect(parseMoneyText(text)).toBeNull()
  )
})

describe("parseFixedOffsetDateTime", () => {
  it("reads China time as UTC+8", () => {
    // 2024-01-15 10:32:11 in Beijing is 02:32:11 UTC.
    expect(parseFixedOffsetDateTime("2024-01-15 10:32:11", CHINA_OFFSET_MINUTES)).toBe(
      Date.UTC(2024, 0, 15, 2, 32, 11)
    )
    expect(parseFixedOffsetDateTime("2024/1/5 00:05", CHINA_OFFSET_MINUTES)).toBe(
      Date.UTC(2024, 0, 4, 16, 5, 0)
    )
    expect(parseFixedOffsetDateTime("2024-01-15", CHINA_OFFSET_MINUTES)).toBe(Date.UTC(2024, 0, 14, 16))
  })
  it.each(["2024-02-30 10:00:00", "2024-13-01", "15/01/2024", "2024-01-15 25:00:00", ""])(
    "rejects %j",
    (text) => expect(parseFixedOffsetDateTime(text, 0)).toBeNull()
  )
})
