// Layer: migrations. Schema v4's data step: one Taobao buyer, one customer. Before v4 the sold-orders list and the order
// detail page keyed a buyer on the numeric buyer.id while the order export keyed them on the member nick,
// so a buyer imported and then captured was two customers. Now every Taobao order is keyed on the nick; this
// re-keys what was stored under a numeric id and merges the two customers: orders (their primary keys,
// platform:shop:orderId, do not change), tags, notes, reminders and member-level history end up on the nick's
// customer, nothing lost and nothing twice, and the merged figures and daily shop figures are recomputed.
// It runs inside the upgrade transaction (or a restore's), so it awaits IndexedDB work only: the scoring in
// between is synchronous. Shop-wide figures (RFM breakpoints, model fits) are left to a rescore the caller asks
// for, for the shops returned.
import type { Transaction } from "dexie"
import type { CapturedOrder } from "../../core/types"
import type { CustomerRecord, OrderRecord, ShopKey } from "../schema/database"
import { RESCORE_SHOPS_KEY } from "../schema/database"
import { pendingChanges, scoreChanged } from "../figures/pending"
import { moveAttachments, type MergeTables } from "../writes/merge-customers"
import { lookupKeysOf } from "../schema/keys"
import { scanShopOrders } from "../schema/shop-orders"
import { memberLadder } from "../schema/owner-settings"
import { toTimeline } from "../figures/scoring"

const NUMERIC_ID = /^\d+$/

/**
 * Re-keys every Taobao order stored under a numeric buyer id to its member nick and merges the customers;
 * returns the shops it changed. Idempotent: a second run finds nothing to do.
 */
export async function mergeTaobaoBuyerKeys(t: MergeTables, now: number): Promise<ShopKey[]> {
  const ladder = await memberLadder(t)
  const changedShops: ShopKey[] = []
  for (const shop of await t.shops.where("platform").equals("taobao").toArray()) {
    const shopKey = shop.key
    const keyOf = (buyerId: string) => `${shopKey}:${buyerId}`
    const digitKeyed = await ordersKeyedOnDigits(t, shopKey)
    const byOldId = new Map<string, OrderRecord[]>()
    for (const o of digitKeyed) {
      if (!NUMERIC_ID.test(o.buyerId)) continue
      const list = byOldId.get(o.buyerId)
      if (list) list.push(o)
      else byOldId.set(o.buyerId, [o])
    }
    const nickOf = (o: OrderRecord) => o.buyerNick?.trim() ?? ""
    // A digits-only key whose orders all name it as their nick is a nick's own customer (digits-only nicks
    // exist), not a page's numeric id.
    const isNickKey = (key: string) => byOldId.get(key)?.every((o) => nickOf(o) === key) ?? false
    // An old id whose every order names a nick other than the id moves; one with an order that names none
    // (there is no key to move it to) stays as it is, whole. Decided on this snapshot, nothing removed while
    // deciding: an id whose nick is another numeric id's key (two buyers, ids and digit nicks crossed) stays
    // too, or two buyers' notes would end up on one customer.
    const moving = new Map<string, OrderRecord[]>()
    for (const [oldId, orders] of byOldId) {
      const movable = orders.every((o) => {
        const nick = nickOf(o)
        return nick !== "" && nick !== oldId && (!byOldId.has(nick) || isNickKey(nick))
      })
      if (movable) moving.set(oldId, orders)
    }
    // Numeric-id customers whose orders all moved to the nick before (an export imported after the pages,
    // then a full rescore that only visits buyers with orders): what the user attached to them joins the
    // nick's customer, and the empty customer goes. Their figures count nowhere (no orders).
    const ghosts = new Map<string, string>()
    for (const c of await t.customers
      .where(":id")
      .between(`${shopKey}:0`, `${shopKey}:9\uffff`, true, true)
      .toArray()) {
      const nick = c.buyerNick?.trim() ?? ""
      if (c.shopKey !== shopKey || !NUMERIC_ID.test(c.buyerId) || byOldId.has(c.buyerId)) continue
      if (nick === "" || nick === c.buyerId || (byOldId.has(nick) && !isNickKey(nick))) continue
      ghosts.set(c.buyerId, nick)
    }
    if (ghosts.size > 0) {
      const targets = await t.customers.bulkGet([...ghosts.values()].map(keyOf))
      const byKey = new Map(targets.flatMap((c) => (c ? [[c.key, c]] : [])))
      const ghostCustomers = await t.customers.bulkGet([...ghosts.keys()].map(keyOf))
      const moves = new Map<string, string>()
      ;[...ghosts].forEach(([oldId, nick], i) => {
        const into = byKey.get(keyOf(nick))
        const ghost = ghostCustomers[i]
        // Only into a customer that exists: otherwise the empty record stays as it is.
        if (!into || !ghost) return
        into.tagIds = [...new Set([...into.tagIds, ...ghost.tagIds])]
        moves.set(keyOf(oldId), into.key)
      })
      if (moves.size > 0) {
        await t.customers.bulkPut([...byKey.values()])
        await moveAttachments(t, moves)
        changedShops.push(shopKey)
      }
    }
    if (moving.size === 0) continue

    const oldIds = [...moving.keys()]
    const oldCustomers = await t.customers.bulkGet(oldIds.map(keyOf))
    // The customer's notes go to the nick of the buyer's latest order (the nick the customer shows).
    const targetOf = new Map<string, string>()
    oldIds.forEach((oldId, i) => {
      const stored = oldCustomers[i]?.buyerNick?.trim()
      const nicks = new Set(moving.get(oldId)!.map(nickOf))
      targetOf.set(oldId, stored && nicks.has(stored) ? stored : nickOf(latestOrder(moving.get(oldId)!)))
    })
    const rekeyed: OrderRecord[] = []
    for (const orders of moving.values())
      for (const o of orders) rekeyed.push({ ...o, buyerId: nickOf(o), buyerNick: nickOf(o) })
    const nicks = [...new Set(rekeyed.map((o) => o.buyerId))]
    const nickCustomers = new Map(
      (await t.customers.bulkGet(nicks.map(keyOf))).flatMap((c) => (c ? [[c.key, c]] : []))
    )

    // The nick's customer takes the old customer's tags (and, when there is none yet, the rest of what
    // scoring keeps: level, nick and e-mail with their dates); its figures come from the scoring below.
    const premerged = new Map<string, CustomerRecord>()
    oldIds.forEach((oldId, i) => {
      const old = oldCustomers[i]
      if (!old) return
      const key = keyOf(targetOf.get(oldId)!)
      const into = premerged.get(key) ?? nickCustomers.get(key)
      if (into) {
        premerged.set(key, { ...into, tagIds: [...new Set([...into.tagIds, ...old.tagIds])] })
      } else {
        const buyerId = targetOf.get(oldId)!
        const copy: CustomerRecord = { ...old, key, buyerId, buyerNick: buyerId, timeline: toTimeline([]) }
        copy.lookupKeys = lookupKeysOf(copy)
        premerged.set(key, copy)
      }
    })
    if (premerged.size) await t.customers.bulkPut([...premerged.values()])

    // Batches captured but not scored yet are scored here too (scoring them later would put their orders back
    // under the old ids): the re-keyed orders on top, every buyer they name.
    const pending = await t.pendingScoring.where("shopKey").equals(shopKey).toArray()
    const fromBatches = await pendingChanges(t, shop, pending)
    const changed = new Map<string, CapturedOrder>(fromBatches.changed.map((o) => [o.orderId, o]))
    const buyers = new Set<string>([...oldIds, ...nicks, ...fromBatches.buyers])
    for (const o of rekeyed) changed.set(o.orderId, o)
    shop.rev = (shop.rev ?? 0) + 1
    shop.changedAt = now
    // Scored before the orders are rewritten: an old customer without a timeline is read from them.
    await scoreChanged(t, shop, [...changed.values()], buyers, now, ladder)
    await t.orders.bulkPut(rekeyed)
    if (pending.length) await t.pendingScoring.bulkDelete(pending.map((p) => p.id!))

    // Everything the user attached to the old customer, re-pointed; then the old customer goes.
    await moveAttachments(t, new Map(oldIds.map((oldId) => [keyOf(oldId), keyOf(targetOf.get(oldId)!)])))
    if (!changedShops.includes(shopKey)) changedShops.push(shopKey)
  }
  if (changedShops.length) {
    const earlier = (await t.settings.get(RESCORE_SHOPS_KEY))?.value
    const all = new Set([...(Array.isArray(earlier) ? (earlier as ShopKey[]) : []), ...changedShops])
    await t.settings.put({ key: RESCORE_SHOPS_KEY, value: [...all] })
  }
  return changedShops
}

/** The latest order (scoring's rule for the nick: latest createdAt, then the larger nick). */
function latestOrder(orders: readonly OrderRecord[]): OrderRecord {
  return orders.reduce((a, b) =>
    b.createdAt > a.createdAt || (b.createdAt === a.createdAt && (b.buyerNick ?? "") > (a.buyerNick ?? ""))
      ? b
      : a
  )
}

/**
 * The shop's orders whose buyer id starts with a digit (numeric ids; nicks starting with a digit come along
 * and are skipped by the caller). The v4 upgrade has orders' buyer index (v5 dropped it) and reads it; a
 * restored backup is merged at the current schema, by a pass over the shop's orders.
 */
async function ordersKeyedOnDigits(t: MergeTables, shopKey: ShopKey): Promise<OrderRecord[]> {
  if (t.orders.schema.idxByName["[shopKey+buyerId]"]) {
    return t.orders
      .where("[shopKey+buyerId]")
      .between([shopKey, "0"], [shopKey, "9\uffff"], true, true)
      .toArray()
  }
  const found: OrderRecord[] = []
  await scanShopOrders(t.orders, shopKey, (o) => {
    if (/^\d/.test(o.buyerId)) found.push(o)
  })
  return found
}

/** Dexie's transaction-bound tables of a schema upgrade, typed as the database's. */
export function upgradeTables(tx: Transaction): MergeTables {
  const table = <K extends keyof MergeTables>(name: K) => tx.table(name) as unknown as MergeTables[K]
  return {
    shops: table("shops"),
    orders: table("orders"),
    customers: table("customers"),
    dailyFigures: table("dailyFigures"),
    levelHistory: table("levelHistory"),
    shopScores: table("shopScores"),
    pendingScoring: table("pendingScoring"),
    notes: table("notes"),
    reminders: table("reminders"),
    settings: table("settings")
  }
}

/** The step as the schema runs it, in the v4 upgrade's transaction. */
export function v4MergeTaobaoBuyers(tx: Transaction): Promise<ShopKey[]> {
  return mergeTaobaoBuyerKeys(upgradeTables(tx), Date.now())
}
