// Batched buyer lookups for the overlay: the names a page scan finds travel to the background as one
// message (one indexed read there), answered names are remembered for the page's lifetime, and a name
// already on its way is not asked for twice.
import browser from "webextension-polyfill"
import type { Platform } from "../core/types"
import type { BuyerSummary, ErrorReply, LookupReply } from "../messages"

/** The background's limit per message (src/messages lookupMessage). */
const MAX_NICKS_PER_MESSAGE = 1000

export function createBuyerLookup(platform: Platform, shopId: () => string) {
  const cache = new Map<string, BuyerSummary | null>()
  const inFlight = new Map<string, Promise<BuyerSummary | null>>()
  // Bumped by invalidate(): an answer that left before new data was stored is not cached.
  let generation = 0

  async function ask(nicks: string[]): Promise<Record<string, BuyerSummary | null>> {
    try {
      const reply = (await browser.runtime.sendMessage({
        type: "lookup",
        platform,
        shopId: shopId(),
        nicks
      })) as LookupReply | ErrorReply
      if (reply.ok) return reply.buyers
      console.warn("[huike] lookup refused:", reply.error)
    } catch (error) {
      console.warn("[huike] lookup failed:", error)
    }
    return {}
  }

  return {
    /** What is known without asking (undefined: not asked yet). */
    cached(nick: string): BuyerSummary | null | undefined {
      return cache.get(nick)
    },

    /**
     * Summaries for these names: unknown ones in one message per 1,000 names. An answer that left before
     * new data was stored (invalidate() ran while it travelled) is asked again, so a chip drawn from it does
     * not keep showing a buyer as new after the page's own capture landed.
     */
    async getMany(nicks: readonly string[]): Promise<Map<string, BuyerSummary | null>> {
      for (let tries = 0; ; tries++) {
        const asked = generation
        const answers = await getOnce(nicks)
        if (generation === asked || tries === 3) return answers
      }
    },

    /** New data was stored: forget what we knew. */
    invalidate() {
      generation++
      cache.clear()
      inFlight.clear()
    }
  }

  async function getOnce(nicks: readonly string[]): Promise<Map<string, BuyerSummary | null>> {
    const missing = [...new Set(nicks)].filter((n) => !cache.has(n) && !inFlight.has(n))
    const asked = generation
    for (let i = 0; i < missing.length; i += MAX_NICKS_PER_MESSAGE) {
      const chunk = missing.slice(i, i + MAX_NICKS_PER_MESSAGE)
      const answer = ask(chunk)
      for (const nick of chunk) {
        const one: Promise<BuyerSummary | null> = answer.then((buyers) => {
          const summary = buyers[nick] ?? null
          if (generation === asked) cache.set(nick, summary)
          if (inFlight.get(nick) === one) inFlight.delete(nick)
          return summary
        })
        inFlight.set(nick, one)
      }
    }
    const result = new Map<string, BuyerSummary | null>()
    await Promise.all(
      nicks.map(async (nick) => {
        result.set(nick, cache.has(nick) ? (cache.get(nick) ?? null) : ((await inFlight.get(nick)) ?? null))
      })
    )
    return result
  }
}
