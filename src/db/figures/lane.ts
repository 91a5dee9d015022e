// Layer: figures. The name lane: the lookups a page is waiting on (a chip, the page buyer's panel) go ahead of
// shop-wide work. A rescore after an import runs for minutes at 200,000 buyers, a transaction of a few
// thousand customers after another; a lookup that came meanwhile waited behind all of them (IndexedDB runs a
// read after the writes asked for before it). Shop-wide work now asks `afterLookups()` before each
// transaction: while a lookup is being answered it waits, so a lookup waits for one chunk at most.

let answering = 0
let waiting: (() => void)[] = []

/** Runs a lookup a page is waiting on; shop-wide work starts no new chunk until it is answered. */
export async function lookupFirst<T>(work: () => Promise<T>): Promise<T> {
  answering++
  try {
    return await work()
  } finally {
    if (--answering === 0) {
      const go = waiting
      waiting = []
      for (const resolve of go) resolve()
    }
  }
}

/**
 * Called by shop-wide work between its transactions (never inside one): gives the worker's event loop a
 * turn, so messages that arrived are taken up, then waits while any lookup is being answered.
 */
export async function afterLookups(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0))
  while (answering > 0) await new Promise<void>((resolve) => waiting.push(resolve))
}

/** How many lookups are being answered (tests). */
export const lookupsAnswering = () => answering
