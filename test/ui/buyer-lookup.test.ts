// The overlay's batched lookups: one message per batch, answers remembered, and an answer that left before
// the page's own capture landed is asked again (the chip it would draw would show the buyer as new).
import { beforeEach, describe, expect, it, vi } from "vitest"
import type { BuyerSummary } from "../../src/messages"

const sent: { nicks: string[]; resolve: (buyers: Record<string, BuyerSummary | null>) => void }[] = []
vi.mock("webextension-polyfill", () => ({
  default: {
    runtime: {
      sendMessage: (msg: { nicks: string[] }) =>
        new Promise((resolve) =>
          sent.push({ nicks: msg.nicks, resolve: (buyers) => resolve({ ok: true, buyers }) })
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
})
