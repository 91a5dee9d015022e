// The overlay's batched lookups: one message per batch, answers remembered, and an answer that left before
// the page's own capture landed is asked again (the chip it would draw would show the buyer as new). The
// prefetch of the shop's recent buyers fills hints: drawn at once, but never taken for an answer.
import { beforeEach, describe, expect, it, vi } from "vitest"
import type { BuyerSummary } from "../../src/messages"

interface Sent {
  msg: { type: string; nicks: string[]; offset?: number; limit?: number }
  nicks: string[]
  /** Answers a lookup. */
  resolve: (buyers: Record<string, BuyerSummary | null>) => void
  /** Answers any message with this reply. */
  reply: (reply: unknown) => void
}
const sent: Sent[] = []
vi.mock("webextension-polyfill", () => ({
  default: {
    runtime: {
      sendMessage: (msg: Sent["msg"]) =>
        new Promise((resolve) =>
          sent.push({
            msg,
            nicks: msg.nicks,
            resolve: (buyers) => resolve({ ok: true, buyers }),
            reply: resolve
          })
        )
    }
  }
}))
const { createBuyerLookup } = await import("../../src/ui/buyer-lookup")

const summary = (nick: string, orders: number): BuyerSummary => ({
  customerKey: `taobao:s:${nick}`,
  remindersDue: 0,
  buyerNick: nick,
  orders,
  totalSpent: orders * 100,
  currency: "CNY",
  repeatBuyer: orders > 1,
  daysSinceLastOrder: 1
})

/** Lets the lookup's promise chain run until its next message is sent. */
const settle = () => new Promise((r) => setTimeout(r, 0))

describe("buyer lookup", () => {
  beforeEach(() => {
    sent.length = 0
  })

  it("asks once per batch and answers repeated names from what it knows", async () => {
    const lookup = createBuyerLookup("taobao", () => "s")
    const first = lookup.getMany(["a", "b", "a"])
    await settle()
    expect(sent.map((s) => s.nicks)).toEqual([["a", "b"]])
    sent[0].resolve({ a: summary("a", 2), b: null })
    const answers = await first
    expect(answers.get("a")?.orders).toBe(2)
    expect(answers.get("b")).toBeNull()
    expect(lookup.cached("a")?.orders).toBe(2)
    await lookup.getMany(["a", "b"])
    expect(sent).toHaveLength(1)
  })

  it("asks again when new data was stored while an answer travelled, and keeps the newer one", async () => {
    const lookup = createBuyerLookup("taobao", () => "s")
    const pending = lookup.getMany(["new-buyer"])
    await settle()
    // The page's capture lands before the lookup's answer (which was read before it): chips must not
    // keep that answer.
    lookup.invalidate()
    sent[0].resolve({ "new-buyer": null })
    await settle()
    expect(sent).toHaveLength(2)
    expect(lookup.cached("new-buyer")).toBeUndefined()
    sent[1].resolve({ "new-buyer": summary("new-buyer", 1) })
    expect((await pending).get("new-buyer")?.orders).toBe(1)
    expect(lookup.cached("new-buyer")?.orders).toBe(1)
  })

  it("prefetches the shop's recent buyers page by page into hints, which are drawn but always asked for", async () => {
    const lookup = createBuyerLookup("taobao", () => "s")
    const done = lookup.prefetch(600)
    await settle()
    expect(sent.map((s) => s.msg)).toEqual([
      { type: "recentBuyers", platform: "taobao", shopId: "s", offset: 0, limit: 250 }
    ])
    sent[0].reply({ ok: true, buyers: [summary("a", 2), summary("b", 1)], more: true })
    await settle()
    expect(sent[1].msg).toMatchObject({ type: "recentBuyers", offset: 250, limit: 250 })
    // The list ends before the 600 asked for: no third message.
    sent[1].reply({ ok: true, buyers: [summary("c", 5)], more: false })
    expect(await done).toBe(3)
    expect(sent).toHaveLength(2)
    expect(lookup.hint("a")?.orders).toBe(2)
    expect(lookup.hint("c")?.orders).toBe(5)
    expect(lookup.hint("x")).toBeUndefined()
    // A hint is not an answer: cached() does not return it, and getMany() asks the background.
    expect(lookup.cached("a")).toBeUndefined()
    const checked = lookup.getMany(["a", "c"])
    await settle()
    expect(sent[2].msg).toMatchObject({ type: "lookup", nicks: ["a", "c"] })
    // "a" ordered again since the prefetch: the answer wins and the hint goes.
    sent[2].resolve({ a: summary("a", 3), c: summary("c", 5) })
    expect((await checked).get("a")?.orders).toBe(3)
    expect(lookup.cached("a")?.orders).toBe(3)
    expect(lookup.hint("a")).toBeUndefined()
  })

  it("keeps an answer over a prefetched hint that arrives after it, and stops on a refusal", async () => {
    const lookup = createBuyerLookup("taobao", () => "s")
    const asked = lookup.getMany(["a"])
    await settle()
    sent[0].resolve({ a: summary("a", 4) })
    await asked
    const done = lookup.prefetch(2000)
    await settle()
    sent[1].reply({ ok: true, buyers: [summary("a", 2), summary("b", 1)], more: true })
    await settle()
    sent[2].reply({ ok: false, error: "stale" })
    expect(await done).toBe(2)
    expect(sent).toHaveLength(3)
    expect(lookup.hint("a")).toBeUndefined()
    expect(lookup.cached("a")?.orders).toBe(4)
    expect(lookup.hint("b")?.orders).toBe(1)
  })

  it("keeps what it knew as hints when new data is stored, and asks again", async () => {
    const lookup = createBuyerLookup("taobao", () => "s")
    const first = lookup.getMany(["a", "gone"])
    await settle()
    sent[0].resolve({ a: summary("a", 1), gone: null })
    await first
    lookup.invalidate()
    expect(lookup.cached("a")).toBeUndefined()
    // Drawable at once, with the figures from before the capture; a name with no figures is no hint.
    expect(lookup.hint("a")?.orders).toBe(1)
    expect(lookup.hint("gone")).toBeUndefined()
    const again = lookup.getMany(["a"])
    await settle()
    expect(sent).toHaveLength(2)
    sent[1].resolve({ a: summary("a", 2) })
    expect((await again).get("a")?.orders).toBe(2)
    expect(lookup.hint("a")).toBeUndefined()
  })
})
