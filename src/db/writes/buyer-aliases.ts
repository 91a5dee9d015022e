// Layer: writes. One buyer, one customer, even when a page masks their name. A masked sighting ("t**1") is filed under a
// stand-in made from the platform's buyer id ("#2079908227", src/core/buyer-identity.ts). The full name
// is learnt from a sighting that shows it together with that id (an unmasked answer), or on the same order
// (the order export, which carries full nicks but no ids). From then on:
// - later masked sightings of that id are filed under the full name before they are stored;
// - the stand-in's customer joins the full name's: its orders are re-keyed, its scoring pending or not is
//   done with theirs, and its notes, tags, reminders and level history move over (mergeTaobaoBuyerKeys's
//   moveAttachments), after which the stand-in goes.
// All of it inside the batch's own transaction, as part of the one ingest path every order takes.
import { isStandIn, standInBuyerId } from "../../core/buyer-identity"
import type { CapturedOrder } from "../../core/types"
import type { BuyerAliasRecord, CustomerRecord, OrderRecord, ShopKey } from "../schema/database"
import { pendingChanges, scoreChanged } from "../figures/pending"
import { moveAttachments, type MergeTables } from "./merge-customers"

/** The tables alias resolution and merging touch, beyond the ingest's own. */
export const ALIAS_TABLES = ["buyerAliases", "notes", "reminders"] as const

export type AliasTables = MergeTables & Pick<import("../schema/database").HuikeDB, "buyerAliases">

/** stand-in buyer id -> the full name's buyer id, for one shop. */
export type StandInMerges = Map<string, string>

const aliasKey = (shopKey: ShopKey, platformBuyerId: string) => `${shopKey}:${platformBuyerId}`

/**
 * Before a batch is stored: masked sightings of buyers whose full name is known are filed under it, and
 * sightings that show a full name with its platform id teach it. Rewrites `group` in place; returns the
 * stand-ins that must now join a full name's customer. Reads nothing for a batch without platform ids.
 */
export async function resolveBuyerAliases(
  t: AliasTables,
  shopKey: ShopKey,
  group: Map<string, CapturedOrder>,
  now: number
): Promise<StandInMerges> {
  const merges: StandInMerges = new Map()
  const ids = new Set<string>()
  for (const o of group.values()) if (o.platformBuyerId !== undefined) ids.add(o.platformBuyerId)
  if (ids.size === 0) return merges
  const idList = [...ids]
  const known = new Map<string, BuyerAliasRecord>()
  ;(await t.buyerAliases.bulkGet(idList.map((id) => aliasKey(shopKey, id)))).forEach((a) => {
    if (a) known.set(a.platformBuyerId, a)
  })
  const learnt = new Map<string, BuyerAliasRecord>()
  for (const [key, o] of group) {
    const id = o.platformBuyerId!
    if (id === undefined) continue
    const alias = learnt.get(id) ?? known.get(id)
    if (isStandIn(o)) {
      if (alias) group.set(key, { ...o, buyerId: alias.buyerId, buyerNick: alias.buyerId })
      continue
    }
    if (alias?.buyerId === o.buyerId) continue
    // A new id, or a renamed buyer (a rename starts a new customer; later masked sightings follow the new name).
    learnt.set(id, { key: aliasKey(shopKey, id), shopKey, platformBuyerId: id, buyerId: o.buyerId, at: now })
    if (!alias) merges.set(standInBuyerId(id), o.buyerId)
  }
  if (learnt.size) await t.buyerAliases.bulkPut([...learnt.values()])
  return merges
}

/**
 * An order stored before and seen again: a masked sighting never takes an order away from the full name it
 * is filed under (the export's), and a full name seen on an order filed under a stand-in teaches the alias.
 * Returns the sighting to store (with the platform id kept) and, when learnt, the stand-in to merge.
 */
export function reconcileSighting(
  stored: OrderRecord,
  seen: CapturedOrder
): { order: CapturedOrder; learnt?: LearntAlias } {
  const platformBuyerId = seen.platformBuyerId ?? stored.platformBuyerId
  const order: CapturedOrder =
    platformBuyerId !== undefined && seen.platformBuyerId === undefined ? { ...seen, platformBuyerId } : seen
  if (isStandIn(seen) && !isStandIn(stored)) {
    const kept = { ...order, buyerId: stored.buyerId }
    if (stored.buyerNick !== undefined) kept.buyerNick = stored.buyerNick
    return { order: kept, learnt: { platformBuyerId: seen.platformBuyerId!, buyerId: stored.buyerId } }
  }
  if (isStandIn(stored) && !isStandIn(order))
    return { order, learnt: { platformBuyerId: stored.platformBuyerId!, buyerId: order.buyerId } }
  return { order }
}

/** A platform buyer id and the full name it was seen with. */
export interface LearntAlias {
  platformBuyerId: string
  buyerId: string
}

/** Records aliases learnt from stored orders (reconcileSighting) and returns the stand-ins to merge. */
export async function learnAliases(
  t: AliasTables,
  shopKey: ShopKey,
  learnt: readonly LearntAlias[],
  now: number
): Promise<StandInMerges> {
  const merges: StandInMerges = new Map()
  if (learnt.length === 0) return merges
  const records = new Map<string, BuyerAliasRecord>()
  for (const l of learnt)
    records.set(l.platformBuyerId, {
      key: aliasKey(shopKey, l.platformBuyerId),
      shopKey,
      platformBuyerId: l.platformBuyerId,
      buyerId: l.buyerId,
      at: now
    })
  await t.buyerAliases.bulkPut([...records.values()])
  for (const r of records.values()) merges.set(standInBuyerId(r.platformBuyerId), r.buyerId)
  return merges
}

/**
 * Each stand-in's customer joins its full name's: its orders re-keyed (read through its timeline and the
 * shop's pending batches), every pending batch of the shop scored with them (scoring them later would put
 * the orders back on the stand-in), then notes, reminders, level history and tags moved and the stand-in
 * removed. Stand-ins with neither customer nor orders are skipped.
 */
export async function mergeStandIns(
  t: AliasTables,
  shopKey: ShopKey,
  merges: StandInMerges,
  now: number,
  /** The batch just stored (an unscored import's orders are in no timeline or pending batch yet). */
  batch: Iterable<CapturedOrder> = []
): Promise<void> {
  if (merges.size === 0) return
  const shop = await t.shops.get(shopKey)
  if (!shop) return
  const keyOf = (buyerId: string) => `${shopKey}:${buyerId}`
  const standIns = [...merges.keys()]
  const standInCustomers = new Map<string, CustomerRecord>()
  ;(await t.customers.bulkGet(standIns.map(keyOf))).forEach((c) => {
    if (c) standInCustomers.set(c.buyerId, c)
  })
  const pending = await t.pendingScoring.where("shopKey").equals(shopKey).toArray()
  const fromBatches = await pendingChanges(t, shop, pending)
  // The stand-ins' orders: those their customers list, and those captured but not scored yet.
  const orderIds = new Set<string>()
  for (const c of standInCustomers.values()) for (const id of c.timeline?.id ?? []) orderIds.add(id)
  for (const o of [...fromBatches.changed, ...batch]) if (merges.has(o.buyerId)) orderIds.add(o.orderId)
  const ids = [...orderIds]
  const stored = await t.orders.bulkGet(ids.map((id) => `${shopKey}:${id}`))
  const rekeyed: OrderRecord[] = []
  const withOrders = new Set<string>()
  for (const o of stored) {
    const to = o ? merges.get(o.buyerId) : undefined
    if (!o || to === undefined) continue
    withOrders.add(o.buyerId)
    rekeyed.push({ ...o, buyerId: to, buyerNick: to, updatedAt: now })
  }
  const moving = standIns.filter((s) => standInCustomers.has(s) || withOrders.has(s))
  if (moving.length === 0) return

  const changed = new Map<string, CapturedOrder>(fromBatches.changed.map((o) => [o.orderId, o]))
  for (const o of rekeyed) changed.set(o.orderId, o)
  const buyers = new Set<string>([...fromBatches.buyers, ...moving, ...moving.map((s) => merges.get(s)!)])
  shop.rev = (shop.rev ?? 0) + 1
  shop.changedAt = now
  // Scored before the orders are rewritten (as the v4 merge does), then the batches are done.
  await scoreChanged(t, shop, [...changed.values()], buyers, now)
  if (rekeyed.length) await t.orders.bulkPut(rekeyed)
  if (pending.length) await t.pendingScoring.bulkDelete(pending.map((p) => p.id!))

  // The full name's customer takes the stand-in's tags; everything else attached moves with the key.
  const targets = await t.customers.bulkGet(moving.map((s) => keyOf(merges.get(s)!)))
  const tagged: CustomerRecord[] = []
  moving.forEach((s, i) => {
    const into = targets[i]
    const from = standInCustomers.get(s)
    if (!into || !from || from.tagIds.length === 0) return
    tagged.push({ ...into, tagIds: [...new Set([...into.tagIds, ...from.tagIds])] })
  })
  if (tagged.length) await t.customers.bulkPut(tagged)
  await moveAttachments(t, new Map(moving.map((s) => [keyOf(s), keyOf(merges.get(s)!)])))
}
