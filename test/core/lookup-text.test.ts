// Reading what a rep pastes or copies (src/core/lookup-text): the text, and what kind of thing it names.
import { describe, expect, it } from "vitest"
import { readLookupText, MAX_LOOKUP_LENGTH } from "../../src/core/lookup-text"

const read = (raw: string) => {
  const r = readLookupText(raw)
  return r.ok ? { text: r.text, kind: r.kind } : r.reason
}

describe("readLookupText", () => {
  it("trims stray whitespace and joins inner runs into one space", () => {
    expect(read("  \t小雨同学 \r\n")).toEqual({ text: "小雨同学", kind: "name" })
    expect(read(" Jane \u3000  Smith ")).toEqual({ text: "Jane Smith", kind: "name" })
  })

  it("reads full-width letters and digits as ASCII (NFKC)", () => {
    expect(read("ｔｂ＿ｓｈｏｐ１２３")).toEqual({ text: "tb_shop123", kind: "name" })
    expect(read("３３０１２３４５６７８９０１２３４５６")).toEqual({
      text: "3301234567890123456",
      kind: "order"
    })
  })

  it('unwraps a spreadsheet\'s order number: ="…", a leading apostrophe or tab, quotes', () => {
    expect(read('="3301234567890123456"')).toEqual({ text: "3301234567890123456", kind: "order" })
    expect(read("＝＂3301234567890123456＂")).toEqual({ text: "3301234567890123456", kind: "order" })
    expect(read("'3301234567890123456")).toEqual({ text: "3301234567890123456", kind: "order" })
    expect(read("\t3301234567890123456")).toEqual({ text: "3301234567890123456", kind: "order" })
    expect(read("“小雨同学”")).toEqual({ text: "小雨同学", kind: "name" })
  })

  it("drops a leading label and keeps what it labels", () => {
    expect(read("订单号：3301234567890123456")).toEqual({ text: "3301234567890123456", kind: "order" })
    expect(read("买家昵称: 小雨同学")).toEqual({ text: "小雨同学", kind: "name" })
    expect(read("Order ID: 114-1234567-1234567")).toEqual({ text: "114-1234567-1234567", kind: "order" })
    expect(read("手机尾号：1234")).toEqual({ text: "1234", kind: "phoneTail" })
    // A label's word inside a name is the name.
    expect(read("买家小雨")).toEqual({ text: "买家小雨", kind: "name" })
  })

  it("joins a number grouped with spaces or hyphens, but keeps Amazon's order form", () => {
    expect(read("3301 2345 6789 0123 456")).toEqual({ text: "3301234567890123456", kind: "order" })
    expect(read("114-1234567-1234567")).toEqual({ text: "114-1234567-1234567", kind: "order" })
  })

  it("tells e-mails (lower-cased), phone tails, order numbers and names apart", () => {
    expect(read(" Amy@Example.COM ")).toEqual({ text: "amy@example.com", kind: "email" })
    expect(read("１２３４")).toEqual({ text: "1234", kind: "phoneTail" })
    expect(read("12345678")).toEqual({ text: "12345678", kind: "order" })
    // Digits too short for an order and not a phone tail: looked up as a name (a buyer id may be one).
    expect(read("123456")).toEqual({ text: "123456", kind: "name" })
    expect(read("#1001")).toEqual({ text: "#1001", kind: "name" })
  })

  it("reads the first non-empty line of several, and drops zero-width characters", () => {
    expect(read("\n\n小雨同学\n在线")).toEqual({ text: "小雨同学", kind: "name" })
    expect(read("\u200b小雨\u200d同学\ufeff")).toEqual({ text: "小雨同学", kind: "name" })
  })

  it("keeps the text as typed beside the NFKC one, for a stored name that is itself full-width", () => {
    const r = readLookupText(" ＡＢＣ小店 ")
    expect(r).toEqual({ ok: true, text: "ABC小店", asTyped: "ＡＢＣ小店", kind: "name" })
  })

  it("says why nothing can be looked up: empty, or too long to name anyone", () => {
    expect(read("")).toBe("empty")
    expect(read(" \n\t\u200b ")).toBe("empty")
    expect(read('=""')).toBe("empty")
    expect(read("x".repeat(MAX_LOOKUP_LENGTH + 1))).toBe("tooLong")
    expect(read("x".repeat(MAX_LOOKUP_LENGTH))).toEqual({ text: "x".repeat(MAX_LOOKUP_LENGTH), kind: "name" })
  })
})
