// Batched buyer lookups for the overlay: the names a page scan finds travel to the background as one
// message (one indexed read there), answered names are remembered for the page's lifetime, and a name
// already on its way is not asked for twice.
//
// Hints: figures known without a fresh answer — the shop's recent buyers prefetched at page start
// (prefetch()), and answers from before new data was stored (invalidate() keeps them as hints). A chip may
// be drawn from a hint at once, but a hint is never taken for an answer: cached() does not return it and
// getMany() asks for it, so the chip is checked by the normal lookup and redrawn if its figures changed.
import browser from "webextension-polyfill"
import type { Platform } from "../core/types"
import type { BuyerSummary, ErrorReply, LookupReply, RecentBuyersReply } from "../messages"

/** The background's limit per message (src/messages lookupMessage). */
const MAX_NICKS_PER_MESSAGE = 1000
/** Recent buyers per prefetch message (the background's limit is 500): each answer is a short task here. */
const PREFETCH_PAGE = 250

export function createBuyerLookup(platform: Platform, shopId: () => string) {
  const cache = new Map<string, BuyerSummary | null>()
  /** Figures known without a fresh answer: drawn at once, always checked (see the top of this file). */
  const hints = new Map<string, BuyerSummary>()
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

    /** Figures to draw before the answer comes (prefetched or from before new data): check with getMany. */
    hint(nick: string): BuyerSummary | undefined {
      return hints.get(nick)
    },

    /**
     * Fills the hints with the shop's `max` most recently active buyers, a page of them per message, one
     * message after another (each answer is parsed and stored in its own short task). Resolves with how
     * many were hinted.
     */
    async prefetch(max: number): Promise<number> {
      let count = 0
      for (let offset = 0; offset < max; offset += PREFETCH_PAGE) {
        let reply: RecentBuyersReply | ErrorReply
        try {
          reply = (await browser.runtime.sendMessage({
            type: "recentBuyers",
            platform,
            shopId: shopId(),
            offset,
            limit: Math.min(PREFETCH_PAGE, max - offset)
          })) as RecentBuyersReply | ErrorReply
        } catch (error) {
          console.warn("[huike] prefetch failed:", error)
          return count
        }
        if (!reply.ok) {
          console.warn("[huike] prefetch refused:", reply.error)
          return count
        }
        for (const b of reply.buyers) {
          // An answer already here is newer than the prefetched list.
          if (!cache.has(b.buyerNick)) hints.set(b.buyerNick, b)
          count++
        }
        if (!reply.more) break
      }
      return count
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

    /** New data was stored: what we knew is asked again, and meanwhile kept as hints. */
    invalidate() {
      generation++
      for (const [nick, summary] of cache) if (summary) hints.set(nick, summary)
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
          if (generation === asked) {
            cache.set(nick, summary)
            hints.delete(nick)
          }
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
