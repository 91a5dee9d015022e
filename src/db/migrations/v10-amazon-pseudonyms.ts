// Layer: migrations. Schema v10's data step: Amazon buyers keyed on their pseudonym, not on their relay e-mail. Before v10 an
// Amazon order's buyer key was Amazon's relay address itself (an address that reaches the buyer), so it could
// never be forgotten as Amazon's Data Protection Policy asks (src/core/retention.ts). Now the adapters key
// Amazon buyers on amazonBuyerKey(address); this re-keys what was stored under an address: the orders (their
// primary keys, platform:shop:orderId, do not change; the address stays as the order's buyerEmail until the
// retention pass forgets it), and the customer with everything attached to it — tags, notes, reminders,
// member-level history — moves to the pseudonym's customer, nothing lost and nothing twice; the moved buyers'
// figures and the daily shop figures are recomputed here, the shop-wide scores by the background after open
// (RESCORE_SHOPS_KEY). Same shape as schema v4's Taobao merge (v4-merge-taobao-buyers.ts), whose helpers it uses.
// Idempotent: a second run finds no address-keyed buyer. Runs inside the upgrade transaction (or a restore's),
// so it awaits IndexedDB work only.
import type { Transaction } from "dexie"
import { amazonBuyerKey } from "../../core/retention"
import type { CapturedOrder } from "../../core/types"
import { pendingChanges, scoreChanged } from "../figures/pending"
import { toTimeline } from "../figures/scoring"
import type { CustomerRecord, OrderRecord, ShopKey } from "../schema/database"
import { RESCORE_SHOPS_KEY } from "../schema/database"
import { lookupKeysOf } from "../schema/keys"
import { memberLadder } from "../schema/owner-settings"
import { scanShopOrders, shopPage } from "../schema/shop-orders"
import { moveAttachments, type MergeTables } from "../writes/merge-customers"
import { upgradeTables } from "./v4-merge-taobao-buyers"

const keyedOnAddress = (buyerId: string) => buyerId.includes("@")

/** Re-keys every Amazon buyer stored under a relay address to its pseudonym; returns the shops it changed. */
export async function pseudonymizeAmazonBuyers(t: MergeTables, now: number): Promise<ShopKey[]> {
  const ladder = await memberLadder(t)
  const changedShops: ShopKey[] = []
  for (const shop of await t.shops.where("platform").equals("amazon").toArray()) {
    const shopKey = shop.key
    const keyOf = (buyerId: string) => `${shopKey}:${buyerId}`
    const legacy: OrderRecord[] = []
    await scanShopOrders(t.orders, shopKey, (o) => {
      if (keyedOnAddress(o.buyerId)) legacy.push(o)
    })
    // Customers keyed on an address, with or without orders left (read in pages to the end).
    const oldIds = new Set(legacy.map((o) => o.buyerId))
    for (let after: string | null = null; ;) {
      const page: CustomerRecord[] = await shopPage(t.customers, shopKey, after, 2_000)
      if (page.length === 0) break
      for (const c of page) if (c.shopKey === shopKey && keyedOnAddress(c.buyerId)) oldIds.add(c.buyerId)
      after = page[page.length - 1].key
    }
    if (oldIds.size === 0) continue

    const newIdOf = new Map([...oldIds].map((id) => [id, amazonBuyerKey(id)]))
    const rekeyed = legacy.map((o): OrderRecord => ({
      ...o,
      buyerId: newIdOf.get(o.buyerId)!,
      buyerEmail: o.buyerEmail ?? o.buyerId.toLowerCase()
    }))
    const oldCustomers = await t.customers.bulkGet([...oldIds].map(keyOf))
    const newIds = [...new Set(newIdOf.values())]
    const existing = new Map(
      (await t.customers.bulkGet(newIds.map(keyOf))).flatMap((c) => (c ? [[c.key, c]] : []))
    )
    // The pseudonym's customer takes the old customer's tags (and, when there is none yet, the rest of what
    // scoring keeps: level, nick and e-mail with their dates); its figures come from the scoring below.
    const premerged = new Map<string, CustomerRecord>()
    ;[...oldIds].forEach((oldId, i) => {
      const old = oldCustomers[i]
      if (!old) return
      const buyerId = newIdOf.get(oldId)!
      const key = keyOf(buyerId)
      const into = premerged.get(key) ?? existing.get(key)
      if (into) premerged.set(key, { ...into, tagIds: [...new Set([...into.tagIds, ...old.tagIds])] })
      else {
        const copy: CustomerRecord = {
          ...old,
          key,
          buyerId,
          buyerEmail: old.buyerEmail ?? oldId.toLowerCase(),
          timeline: toTimeline([])
        }
        copy.lookupKeys = lookupKeysOf(copy)
        premerged.set(key, copy)
      }
    })
    if (premerged.size) await t.customers.bulkPut([...premerged.values()])

    // Batches captured but not scored yet are scored here too, with the re-keyed orders on top.
    const pending = await t.pendingScoring.where("shopKey").equals(shopKey).toArray()
    const fromBatches = await pendingChanges(t, shop, pending)
    const changed = new Map<string, CapturedOrder>(fromBatches.changed.map((o) => [o.orderId, o]))
    const buyers = new Set<string>([...oldIds, ...newIds, ...fromBatches.buyers])
    for (const o of rekeyed) changed.set(o.orderId, o)
    shop.rev = (shop.rev ?? 0) + 1
    shop.changedAt = now
    await scoreChanged(t, shop, [...changed.values()], buyers, now, ladder)
    if (rekeyed.length) await t.orders.bulkPut(rekeyed)
    if (pending.length) await t.pendingScoring.bulkDelete(pending.map((p) => p.id!))
    await moveAttachments(t, new Map([...oldIds].map((oldId) => [keyOf(oldId), keyOf(newIdOf.get(oldId)!)])))
    changedShops.push(shopKey)
  }
  if (changedShops.length) {
    const earlier = (await t.settings.get(RESCORE_SHOPS_KEY))?.value
    const all = new Set([...(Array.isArray(earlier) ? (earlier as ShopKey[]) : []), ...changedShops])
    await t.settings.put({ key: RESCORE_SHOPS_KEY, value: [...all] })
  }
  return changedShops
}

/** The registered step: the re-key inside schema v10's upgrade transaction. */
export function v10AmazonPseudonyms(tx: Transaction): Promise<ShopKey[]> {
  return pseudonymizeAmazonBuyers(upgradeTables(tx), Date.now())
}
