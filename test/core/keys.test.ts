import { describe, expect, it } from "vitest"
import { PairInterner } from "../../src/core/keys"

describe("PairInterner", () => {
  it("numbers distinct (a, b) pairs in first-seen order and keeps the parts apart", () => {
    const t = new PairInterner(2)
    expect(t.add("ab", "c")).toBe(0)
    expect(t.add("a", "bc")).toBe(1)
    expect(t.add("", "abc")).toBe(2)
    expect(t.add("ab", "c")).toBe(0)
    expect(t.size).toBe(3)
    expect(t.get("a", "bc")).toBe(1)
    expect(t.get("abc", "")).toBe(-1)
    expect([t.first, t.second]).toEqual([
      ["ab", "a", ""],
      ["c", "bc", "abc"]
    ])
  })

  it("stays exact through growth, for many keys and non-ASCII text", () => {
    const t = new PairInterner()
    const n = 50_000
    for (let i = 0; i < n; i++) expect(t.add(i % 3 === 0 ? "店铺" : "shop", `买家${i}`)).toBe(i)
    for (let i = n - 1; i >= 0; i--) expect(t.add(i % 3 === 0 ? "店铺" : "shop", `买家${i}`)).toBe(i)
    expect(t.size).toBe(n)
    expect(t.get("shop", "买家0")).toBe(-1)
  })
})
