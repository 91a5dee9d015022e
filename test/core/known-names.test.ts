// The rule for which texts may name a buyer, and the filter content scripts test page texts against.
import { describe, expect, it } from "vitest"
import {
  base64ToBytes,
  bytesToBase64,
  isIdentifyingText,
  NameFilter,
  normalizeName
} from "../../src/core/known-names"

describe("isIdentifyingText (too short, too common)", () => {
  it.each([
    // CJK: two characters or more.
    ["小明", true],
    ["明", false],
    // Other texts: four characters or more.
    ["Jane", true],
    ["Jon", false],
    ["tb_a", true],
    // Digits only: an order number of 8 digits or more, nothing shorter (prices, dates, counts).
    ["12345678", true],
    ["1234567", false],
    ["2026", false],
    // Masked names stand for many buyers.
    ["陈**平", false],
    ["t**1", false],
    // The stoplist, whatever the case.
    ["客服", false],
    ["买家", false],
    ["Admin", false],
    ["customer", false],
    ["Customer", false],
    ["jane@example.com", true],
    ["x".repeat(101), false],
    ["", false]
  ])("%s: %s", (text, expected) => expect(isIdentifyingText(normalizeName(text))).toBe(expected))

  it("normalizes width, spaces and e-mail case", () => {
    expect(normalizeName("  Jane \n  Smith ")).toBe("Jane Smith")
    expect(normalizeName("ＡＢＣ１２３")).toBe("ABC123")
    expect(normalizeName(" Jane@Example.COM ")).toBe("jane@example.com")
    // A name keeps its case (nicks are case-sensitive keys).
    expect(normalizeName("Jane")).toBe("Jane")
  })
})

describe("NameFilter", () => {
  it("holds every text added, and few of those not added (false positives near the planned 1%)", () => {
    const filter = NameFilter.create(20_000)
    for (let i = 0; i < 20_000; i++) filter.add(`buyer-${i}`)
    let missed = 0
    for (let i = 0; i < 20_000; i++) if (!filter.has(`buyer-${i}`)) missed++
    expect(missed).toBe(0)
    let wrong = 0
    for (let i = 0; i < 20_000; i++) if (filter.has(`stranger-${i}`)) wrong++
    expect(wrong / 20_000).toBeLessThan(0.02)
    // ~10 bits a text.
    expect(filter.bytes).toBeLessThanOrEqual(20_000 * 1.25 + 4)
  })

  it("an empty filter holds nothing", () => {
    const filter = NameFilter.create(100)
    expect(["小明", "Jane Smith", "12345678"].some((t) => filter.has(t))).toBe(false)
  })

  it("survives saving and loading (what chrome.storage.local keeps), and refuses a damaged save", () => {
    const filter = NameFilter.create(1_000)
    for (const t of ["小明", "Jane Smith", "12345678901"]) filter.add(t)
    const saved = JSON.parse(JSON.stringify(filter.save())) as unknown
    const loaded = NameFilter.load(saved)!
    expect(loaded.has("小明") && loaded.has("Jane Smith") && loaded.has("12345678901")).toBe(true)
    expect(loaded.has("小红")).toBe(false)
    expect(loaded.count).toBe(3)
    expect(NameFilter.load({ ...(saved as object), data: "AAAA" })).toBeNull()
    expect(NameFilter.load({ ...(saved as object), v: 2 })).toBeNull()
    expect(NameFilter.load(undefined)).toBeNull()
  })

  it("says when it holds more than twice the texts it was planned for", () => {
    const filter = NameFilter.create(10)
    for (let i = 0; i < 20; i++) filter.add(`b${i}`)
    expect(filter.full).toBe(false)
    filter.add("one more")
    expect(filter.full).toBe(true)
  })

  it("base64 round-trips every length", () => {
    for (let n = 0; n < 10; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255)
      expect([...base64ToBytes(bytesToBase64(bytes))]).toEqual([...bytes])
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"))
    }
  })
})

describe("isIdentifyingText counts characters, not UTF-16 units", () => {
  it.each([
    // Two CJK extension B characters (surrogate pairs): two CJK characters.
    ["𠀀𠀁", true],
    ["𠀀", false],
    // Emoji: one character each, so three are too few and four enough.
    ["😀😀😀", false],
    ["😀😀😀😀", true],
    ["ab😀", false]
  ])("%s: %s", (text, expected) => expect(isIdentifyingText(normalizeName(text))).toBe(expected))
})
