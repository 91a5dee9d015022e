// Batched buyer lookups for the overlay: every chip asks for its buyer, and all the asks made before
// the next animation frame travel to the background as one message (one indexed read there).
import browser from "webextension-polyfill"
import type { Platform } from "../core/types"
import type { BuyerSummary, ErrorReply, LookupReply } from "../messages"

type Waiter = (summary: BuyerSummary | null) => void

export function createBuyerLookup(platform: Platform, shopId: () => string) {
  const cache = new Map<string, BuyerSummary | null>()
  let pending = new Map<string, Waiter[]>()
  let scheduled = false

  async function flush() {
    scheduled = false
    const batch = pending
    pending = new Map()
    const nicks = [...batch.keys()]
    let buyers: Record<string, BuyerSummary | null> = {}
    try {
      const reply = (await browser.runtime.sendMessage({
        type: "lookup",
        platform,
        shopId: shopId(),
        nicks
      })) as LookupReply | ErrorReply
      if (reply.ok) buyers = reply.buyers
    } catch (error) {
      console.warn("[huike] lookup failed:", error)
    }
    for (const [nick, waiters] of batch) {
      const summary = buyers[nick] ?? null
      cache.set(nick, summary)
      for (const w of waiters) w(summary)
    }
  }

  return {
    get(nick: string): Promise<BuyerSummary | null> {
      if (cache.has(nick)) return Promise.resolve(cache.get(nick) ?? null)
      return new Promise((resolve) => {
        const waiters = pending.get(nick) ?? []
        waiters.push(resolve)
        pending.set(nick, waiters)
        if (!scheduled) {
          scheduled = true
          requestAnimationFrame(() => void flush())
        }
      })
    },
    /** New data was stored: forget what we knew. */
    invalidate() {
      cache.clear()
    }
  }
}
