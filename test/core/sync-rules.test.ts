import { describe, expect, it } from "vitest"
import {
  MixedConflictError,
  ORDER_BUNDLE_BUCKETS,
  laterEntry,
  mergeOrderBundles,
  resolveConflict,
  syncIds,
  type OrderBundleDoc,
  type OrderEntry,
  type NoteDoc,
  type OrderDoc,
  type ReminderDoc,
  type SettingDoc,
  type SyncDoc,
  type TagDoc
} from "../../src/core/sync-rules"
import type { CapturedOrder, OrderStatus } from "../../src/core/types"

const order = (status: OrderStatus, seenAt: number, refunded = 0): OrderDoc => ({
  type: "order",
  seenAt,
  order: {
    platform: "taobao",
    shopId: "s",
    orderId: "1001",
    buyerId: "小明",
    createdAt: 1_700_000_000_000,
    status,
    amount: 12_300,
    refunded,
    currency: "CNY"
  }
})

const note = (text: string, updatedAt: number, deletedAt?: number): NoteDoc => ({
  type: "note",
  customerKey: "taobao:s:小明",
  text,
  createdAt: 1000,
  updatedAt,
  ...(deletedAt !== undefined ? { deletedAt } : {})
})

const reminder = (status: "open" | "done", dueAt: number, actionAt: number): ReminderDoc => ({
  type: "reminder",
  customerKey: "taobao:s:小明",
  shopKey: "taobao:s",
  dueAt,
  text: "ask for a review",
  status,
  createdAt: 1000,
  actionAt
})

const tag = (assigned: boolean, at: number): TagDoc => ({
  type: "tag",
  customerKey: "taobao:s:小明",
  shopKey: "taobao:s",
  name: "VIP",
  color: "#cf1322",
  assigned,
  at
})

/** The winner must not depend on which version CouchDB happened to make the winning revision. */
function bothWays<T extends SyncDoc>(a: T, b: T): T {
  const one = resolveConflict([a, b])
  const other = resolveConflict([b, a])
  expect(other).toBe(one)
  return one
}

describe("orders seen in two states", () => {
  it("keeps the later state even when the earlier one was seen later", () => {
    const completed = order("completed", 1000)
    const paidSeenLater = order("paid", 5000)
    expect(bothWays(completed, paidSeenLater).order.status).toBe("completed")
  })
  it("never takes a closed (refunded) order back to paid or shipped", () => {
    expect(bothWays(order("closed", 1000, 12_300), order("paid", 9000)).order.status).toBe("closed")
    expect(bothWays(order("closed", 1000, 12_300), order("shipped", 9000)).order.status).toBe("closed")
  })
  it("walks the whole life in order", () => {
    const life: OrderStatus[] = ["unpaid", "paid", "shipped", "completed", "closed"]
    for (let i = 0; i < life.length; i++)
      for (let j = i + 1; j < life.length; j++)
        expect(bothWays(order(life[i], 9000), order(life[j], 1)).order.status).toBe(life[j])
  })
  it("at the same state keeps the larger refund, then the later sighting", () => {
    expect(bothWays(order("completed", 9000, 0), order("completed", 1000, 500)).order.refunded).toBe(500)
    expect(bothWays(order("paid", 1000), order("paid", 2000)).seenAt).toBe(2000)
  })
  it("picks one of three the same whatever their order", () => {
    const vs = [order("paid", 3000), order("shipped", 1000), order("completed", 2000, 100)]
    const winners = [vs, [vs[2], vs[0], vs[1]], [vs[1], vs[2], vs[0]]].map((v) => resolveConflict(v))
    expect(new Set(winners).size).toBe(1)
    expect(winners[0].order.status).toBe("completed")
  })
})

describe("notes", () => {
  it("two reps' notes on one buyer are two documents", () => {
    expect(syncIds.note("a-1")).not.toBe(syncIds.note("b-1"))
  })
  it("an edit racing a delete keeps the edited note, whichever came later", () => {
    const edited = note("prefers SF Express", 2000)
    expect(bothWays(edited, note("old", 1000, 3000))).toBe(edited)
    expect(bothWays(note("old", 1000, 500), edited)).toBe(edited)
  })
  it("two edits: the later one", () => {
    expect(bothWays(note("first", 2000), note("second", 3000)).text).toBe("second")
  })
  it("two deletes: stays deleted", () => {
    expect(bothWays(note("x", 1000, 2000), note("x", 1000, 3000)).deletedAt).toBe(3000)
  })
  it("identical times settle on the same note in every browser", () => {
    const w = bothWays(note("a", 2000), note("b", 2000))
    expect(["a", "b"]).toContain(w.text)
  })
})

describe("reminders", () => {
  it("done by one rep, snoozed later by another: the snooze stands", () => {
    const w = bothWays(reminder("done", 1000, 5000), reminder("open", 90_000, 6000))
    expect(w.status).toBe("open")
    expect(w.dueAt).toBe(90_000)
  })
  it("snoozed, then done later: done", () => {
    expect(bothWays(reminder("open", 90_000, 5000), reminder("done", 1000, 6000)).status).toBe("done")
  })
  it("at the same instant: done", () => {
    expect(bothWays(reminder("open", 90_000, 5000), reminder("done", 1000, 5000)).status).toBe("done")
  })
  it("rule-made reminders share one document across browsers; manual ones do not", () => {
    expect(syncIds.reminder({ dedupeKey: "review|o1" })).toBe(syncIds.reminder({ dedupeKey: "review|o1" }))
    expect(syncIds.reminder({ syncId: "a" })).not.toBe(syncIds.reminder({ syncId: "b" }))
  })
})

describe("tags", () => {
  it("additions and removals of different tags are different documents, so both stand", () => {
    const customer = "taobao:s:小明"
    expect(syncIds.tag(customer, "VIP")).not.toBe(syncIds.tag(customer, "wholesale"))
  })
  it("the same tag put on and taken off: the later action", () => {
    expect(bothWays(tag(true, 1000), tag(false, 2000)).assigned).toBe(false)
    expect(bothWays(tag(true, 3000), tag(false, 2000)).assigned).toBe(true)
  })
  it("at the same instant: on", () => {
    expect(bothWays(tag(true, 1000), tag(false, 1000)).assigned).toBe(true)
  })
})

describe("settings and misuse", () => {
  it("settings: the later change", () => {
    const a: SettingDoc = { type: "setting", key: "owner.x", value: { a: 1 }, updatedAt: 1 }
    const b: SettingDoc = { type: "setting", key: "owner.x", value: { a: 2 }, updatedAt: 2 }
    expect(bothWays(a, b).value).toEqual({ a: 2 })
  })
  it("refuses versions of different kinds and an empty list", () => {
    expect(() => resolveConflict<SyncDoc>([tag(true, 1), note("x", 1)])).toThrow(MixedConflictError)
    expect(() => resolveConflict([])).toThrow(RangeError)
  })
})

describe("order bundles", () => {
  const o = (
    orderId: string,
    status: OrderStatus,
    seenAt: number,
    createdAt = Date.UTC(2026, 10, 1, 3)
  ): OrderEntry => ({
    order: {
      platform: "taobao",
      shopId: "s",
      orderId,
      buyerId: "b",
      createdAt,
      status,
      amount: 100,
      refunded: 0,
      currency: "CNY"
    },
    seenAt
  })
  const bundle = (...entries: OrderEntry[]): OrderBundleDoc => ({
    type: "orders",
    orders: Object.fromEntries(entries.map((e) => [e.order.orderId, e]))
  })

  it("an order's bundle id follows from the order alone: its shop, UTC day and a bucket of its id", () => {
    const a = o("3002237382410078542", "paid", 1)
    const id = syncIds.orderBundle(a.order)
    expect(id).toMatch(/^orders:taobao:s:20758:[0-7]$/)
    const completed: CapturedOrder = { ...a.order, status: "completed" }
    expect(syncIds.orderBundle(completed)).toBe(id)
    // Another day, another bundle; many order ids spread over the buckets.
    expect(syncIds.orderBundle({ ...a.order, createdAt: a.order.createdAt + 86_400_000 })).not.toBe(id)
    const buckets = new Set(
      Array.from({ length: 200 }, (_, i) =>
        syncIds.orderBundle({ ...a.order, orderId: `${3e18 + i * 7919}` })
      )
    )
    expect(buckets.size).toBe(ORDER_BUNDLE_BUCKETS)
  })

  it("two versions merge order by order, each by the order's own rule, in either order", () => {
    const mine = bundle(o("1", "completed", 10), o("2", "paid", 50), o("3", "paid", 5))
    const theirs = bundle(o("1", "paid", 99), o("2", "shipped", 20), o("4", "paid", 7))
    const merged = mergeOrderBundles(mine, theirs)
    expect(merged).toEqual(mergeOrderBundles(theirs, mine))
    expect(Object.fromEntries(Object.entries(merged.orders).map(([id, e]) => [id, e.order.status]))).toEqual({
      "1": "completed",
      "2": "shipped",
      "3": "paid",
      "4": "paid"
    })
    // As CouchDB's conflict settlement sees them: the same winner whatever order the versions come in.
    const third = bundle(o("2", "completed", 1))
    const one = resolveConflict<SyncDoc>([mine, theirs, third])
    expect(one).toEqual(resolveConflict<SyncDoc>([third, mine, theirs]))
    expect((one as OrderBundleDoc).orders["2"].order.status).toBe("completed")
  })

  it("one order seen by two browsers is one entry; the same sighting twice changes nothing", () => {
    const seen = o("1", "paid", 10)
    expect(mergeOrderBundles(bundle(seen), bundle(seen))).toEqual(bundle(seen))
    expect(laterEntry(seen, o("1", "paid", 11)).seenAt).toBe(11)
    expect(() => resolveConflict<SyncDoc>([bundle(seen), order("paid", 1)])).toThrow(MixedConflictError)
  })
})
