// Layer: writes. What a layer above the store adds to the transaction that stores a capture's or an import's
// orders. The sync layer registers its outbox here (src/sync/outbox.ts), so the orders and their outbox entry
// commit together while the store never imports src/sync.
import type { HuikeDB } from "../schema/database"

export interface StoredOrdersHook {
  /** The tables `write` touches: the storing transaction takes them in its scope. */
  tables: readonly string[]
  /** Runs inside the storing transaction, with the stored orders' keys. */
  write(db: HuikeDB, orderKeys: readonly string[], now: number): Promise<void>
}

let hook: StoredOrdersHook | null = null

/** Registers the hook (the sync layer's outbox); registering again replaces it. */
export function registerStoredOrdersHook(h: StoredOrdersHook): void {
  hook = h
}

/**
 * The registered hook. A caller asked to share its orders when none is registered is a wiring bug: it fails
 * rather than store orders that would never be shared.
 */
export function storedOrdersHook(): StoredOrdersHook {
  if (!hook)
    throw new Error("orders should be shared, but no stored-orders hook is registered (src/sync/outbox)")
  return hook
}
