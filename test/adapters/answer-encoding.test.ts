// Intercepted API answers are decoded as the browser would: by the declared charset, else strict UTF-8,
// else GB18030; text with replacement characters is reported unreadable, never parsed.
import { describe, expect, it } from "vitest"
import { checkedAnswer, declaredCharset, decodeAnswerBytes } from "../../src/adapters/encoding"
import { encodeGbk } from "../fixtures/gbk"

const json = JSON.stringify({ mainOrders: [{ buyer: { nick: "小鱼儿爱听歌" } }] })
const utf8 = new TextEncoder().encode(json)
const gbk = encodeGbk(json)

describe("declaredCharset", () => {
  it.each([
    ["application/json; charset=GBK", "gbk"],
    ['text/html;charset="utf-8"', "utf-8"],
    ["application/json;charset=gb18030 ", "gb18030"],
    ["application/json", null],
    [null, null]
  ])("%s -> %s", (header, charset) => expect(declaredCharset(header)).toBe(charset))
})

describe("decodeAnswerBytes", () => {
  it("decodes by the declared charset", () => {
    expect(decodeAnswerBytes(gbk, "application/json; charset=GBK")).toEqual({ text: json, charset: "gbk" })
    expect(decodeAnswerBytes(gbk, "application/json; charset=GB18030")).toEqual({
      text: json,
      charset: "gb18030"
    })
    expect(decodeAnswerBytes(utf8, "application/json;charset=UTF-8")).toEqual({
      text: json,
      charset: "utf-8"
    })
  })

  it("sniffs strict UTF-8, then GB18030, when no charset is declared", () => {
    expect(decodeAnswerBytes(utf8, "application/json")).toEqual({ text: json, charset: "utf-8" })
    expect(decodeAnswerBytes(gbk, "application/json")).toEqual({ text: json, charset: "gb18030" })
    expect(decodeAnswerBytes(gbk, null)).toEqual({ text: json, charset: "gb18030" })
  })

  it("reports GBK bytes declared as UTF-8 as unreadable instead of storing garbled nicks", () => {
    const r = decodeAnswerBytes(gbk, "application/json; charset=utf-8")
    expect(r).toEqual({ unreadable: expect.stringContaining("not valid utf-8") })
  })

  it("reports an unknown declared charset", () => {
    expect(decodeAnswerBytes(utf8, "application/json; charset=x-klingon")).toEqual({
      unreadable: expect.stringContaining("x-klingon")
    })
  })

  it("reports undeclared bytes that are neither UTF-8 nor GB18030", () => {
    // 0x81 0x30 0x81 0x7f: a four-byte GB18030 sequence cut wrong, and not UTF-8 either.
    expect(decodeAnswerBytes(Uint8Array.of(0x7b, 0x81, 0x30, 0x81, 0x7f, 0x7d), null)).toEqual({
      unreadable: expect.stringContaining("neither UTF-8 nor GB18030")
    })
  })
})

describe("checkedAnswer", () => {
  it("passes clean text and refuses text the browser decoded with replacements", () => {
    expect(checkedAnswer(json, "utf-8")).toEqual({ text: json, charset: "utf-8" })
    expect(checkedAnswer(new TextDecoder().decode(gbk), "utf-8")).toHaveProperty("unreadable")
  })
})
