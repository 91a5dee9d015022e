// The known-names index: built from the store, kept current by captures and imports, rebuilt after
// delete-all, and the background's resolution of candidate texts (one buyer, a shared name, no one).
import "./env"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { SavedNameAdds, SavedNameFilter } from "../../src/core/known-names"
import { MAX_ADDS, NameFilter } from "../../src/core/known-names"
import type { CapturedOrder } from "../../src/core/types"
import { HuikeDB } from "../../src/db/store"
import { handleMessage } from "../../background/handlers"
import { ingestOrders } from "../../src/db/writes/ingest"
import { buildNameFilter, NameIndex, resolveNames } from "../../src/db/reads/name-index"
import { DELETE_ALL_CONFIRMATION } from "../../src/messages"

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0)
const DAY = 86_400_000

function order(o: Partial<CapturedOrder> & { orderId: string; buyerId: string }): CapturedOrder {
  return {
    platform: "taobao",
    shopId: "s1",
    createdAt: NOW - 10 * DAY,
    status: "completed",
    amount: 10_000,
    refunded: 0,
    currency: "CNY",
    ...o
  }
}

const taobao = [
  order({ orderId: "3001234567890001", buyerId: "小明同学", buyerNick: "小明同学" }),
  order({
    orderId: "3001234567890002",
    buyerId: "小明同学",
    buyerNick: "小明同学",
    createdAt: NOW - 3 * DAY
  }),
  order({ orderId: "3001234567890003", buyerId: "tb_lucy88", buyerNick: "tb_lucy88" }),
  // A masked nick: never an identifying text (it stands for many buyers).
  order({ orderId: "3001234567890004", buyerId: "#55501", buyerNick: "陈**平", platformBuyerId: "55501" })
]
const shopify = [
  order({
    platform: "shopify",
    shopId: "acme",
    orderId: "1001",
    buyerId: "gid-1",
    buyerNick: "Jane Smith",
    buyerEmail: "Jane@Example.com",
    currency: "USD"
  }),
  // Another customer with the same name: "Jane Smith" names two buyers of this shop.
  order({
    platform: "shopify",
    shopId: "acme",
    orderId: "1002",
    buyerId: "gid-2",
    buyerNick: "Jane Smith",
    buyerEmail: "jane.smith@other.org",
    currency: "USD"
  })
]

let db: HuikeDB
let n = 0
beforeEach(async () => {
  db = new HuikeDB(`names-${n++}`)
  await db.open()
})
afterEach(async () => {
  await db.delete()
})

/** A NameIndex saving into memory, as the background saves into chrome.storage.local. */
function memoryIndex(start?: SavedNameFilter, startAdds?: SavedNameAdds) {
  const box: { saved?: SavedNameFilter; adds?: SavedNameAdds; saves: number; addSaves: number } = {
    saved: start,
    adds: startAdds,
    saves: 0,
    addSaves: 0
  }
  const index = new NameIndex(db, {
    load: () => Promise.resolve(box.saved),
    save: (s, adds) => {
      box.saved = s
      box.adds = adds
      box.saves++
      return Promise.resolve()
    },
    loadAdds: () => Promise.resolve(box.adds),
    saveAdds: (adds) => {
      box.adds = adds
      box.addSaves++
      return Promise.resolve()
    }
  })
  return { index, box }
}

describe("buildNameFilter", () => {
  it("holds the nicks, names, e-mails and order numbers of every shop, never a masked nick", async () => {
    await ingestOrders(db, [...taobao, ...shopify], { now: NOW })
    const filter = await buildNameFilter(db)
    for (const t of ["小明同学", "tb_lucy88", "Jane Smith", "jane@example.com", "3001234567890003"])
      expect(filter.has(t), t).toBe(true)
    // "1001" is too short to be looked up at all (digits-only texts: 8 or more), so it is not filed.
    for (const t of ["陈**平", "#55501", "1001", "小红", "Jane Smyth"]) expect(filter.has(t), t).toBe(false)
  })
})

describe("NameIndex", () => {
  it("adds what captures bring (through the handler) and saves it, without rebuilding", async () => {
    await ingestOrders(db, taobao, { now: NOW })
    const { index, box } = memoryIndex()
    await index.current()
    const capture = {
      type: "capture",
      platform: "taobao",
      pageKind: "order-list",
      url: "https://trade.taobao.com/x",
      shopId: "s1",
      rowsSeen: 1,
      orders: [order({ orderId: "3001234567899999", buyerId: "新来的买家乙", buyerNick: "新来的买家乙" })],
      problems: []
    }
    expect((await handleMessage(db, capture, NOW, { names: index })).ok).toBe(true)
    await new Promise((r) => setTimeout(r, 0))
    await index.saveNow()
    const saved = NameFilter.load(box.saved)!
    expect(saved.has("新来的买家乙")).toBe(true)
    expect(saved.has("3001234567899999")).toBe(true)
    expect(saved.has("小明同学")).toBe(true)
  })

  it("saves a capture's texts as a small adds record, not the whole filter again", async () => {
    await ingestOrders(db, taobao, { now: NOW })
    const { index, box } = memoryIndex()
    await index.saveNow()
    expect(box.saves).toBe(1)
    const base = box.saved!
    const tab = NameFilter.load(base)!
    let applied = tab.applyAdds(box.adds)
    expect(applied).toBe(0)
    await index.note([
      order({ orderId: "3001234567800001", buyerId: "第一位新买家", buyerNick: "第一位新买家" })
    ])
    await index.saveNow()
    await index.note([
      order({ orderId: "3001234567800002", buyerId: "第二位新买家", buyerNick: "第二位新买家" })
    ])
    await index.saveNow()
    // The whole filter was not saved again (every open tab would get it): two adds records were.
    expect(box.saves).toBe(1)
    expect(box.saved).toBe(base)
    expect(box.addSaves).toBe(2)
    expect(box.adds).toMatchObject({ base: base.id, count: 4 })
    // ~8 bytes a text (as base64), however large the filter.
    expect(box.adds!.data.length).toBeLessThanOrEqual(4 * 11)
    // A tab applies only what it has not applied yet.
    applied = tab.applyAdds(box.adds, applied)
    expect(applied).toBe(4)
    expect(tab.count).toBe(NameFilter.load(base)!.count + 4)
    for (const t of ["第一位新买家", "第二位新买家", "3001234567800002"]) expect(tab.has(t), t).toBe(true)
    // Adds saved after another filter are never applied.
    const other = NameFilter.load({ ...base, id: "another" })!
    expect(other.applyAdds(box.adds)).toBe(-1)
    expect(other.has("第一位新买家")).toBe(false)
  })

  it("a new worker takes the saved filter with its adds, and saves the whole filter once the adds grow large", async () => {
    // A filter planned for a large shop (so MAX_ADDS texts do not outgrow it).
    const large = NameFilter.create(4 * MAX_ADDS)
    large.id = "large"
    large.add("小明同学")
    const first = memoryIndex(large.save())
    await first.index.note([
      order({ orderId: "3001234567800001", buyerId: "新买家甲", buyerNick: "新买家甲" })
    ])
    await first.index.saveNow()
    expect(first.box.saves).toBe(0)
    const second = memoryIndex(first.box.saved, first.box.adds)
    expect((await second.index.current()).has("新买家甲")).toBe(true)
    const many = Array.from({ length: MAX_ADDS / 2 }, (_, i) =>
      order({ orderId: `77${String(i).padStart(8, "0")}`, buyerId: `b${i}`, buyerNick: `买家${i}号` })
    )
    await second.index.note(many)
    await second.index.saveNow()
    // Past MAX_ADDS texts: the whole filter (new id) with an empty adds record for it.
    expect(second.box.saves).toBe(1)
    expect(second.box.saved!.id).not.toBe(first.box.saved!.id)
    expect(second.box.adds).toMatchObject({ base: second.box.saved!.id, count: 0 })
    const tab = NameFilter.load(second.box.saved)!
    for (const t of ["新买家甲", "买家7号", "小明同学"]) expect(tab.has(t), t).toBe(true)
  })

  it("loads a saved filter instead of building one, and rebuilds after delete-all", async () => {
    await ingestOrders(db, taobao, { now: NOW })
    const first = memoryIndex()
    await first.index.saveNow()
    // A new worker: the saved filter is taken as it is (a name only it holds proves it was not rebuilt).
    const saved = NameFilter.load(first.box.saved)!
    saved.add("only-in-the-save")
    const second = memoryIndex(saved.save())
    expect((await second.index.current()).has("only-in-the-save")).toBe(true)
    const reply = await handleMessage(db, { type: "deleteAllData", confirm: DELETE_ALL_CONFIRMATION }, NOW, {
      names: second.index,
      fromExtensionPage: true
    })
    expect(reply.ok).toBe(true)
    const after = NameFilter.load(second.box.saved)!
    expect(after.has("小明同学")).toBe(false)
    expect(after.has("only-in-the-save")).toBe(false)
  })

  it("rebuilds larger once it holds more than twice what it was planned for", async () => {
    const { index } = memoryIndex()
    const small = await index.current()
    const planned = small.capacity
    const many = Array.from({ length: 2 * planned + 1 }, (_, i) =>
      order({ orderId: `88${String(i).padStart(8, "0")}`, buyerId: `买家${i}号`, buyerNick: `买家${i}号` })
    )
    await ingestOrders(db, many, { now: NOW })
    await index.note(many)
    const grown = await index.current()
    expect(grown).not.toBe(small)
    expect(grown.capacity).toBeGreaterThan(planned)
    expect(grown.has("买家7号")).toBe(true)
  })
})

describe("resolveNames", () => {
  beforeEach(async () => {
    await ingestOrders(db, [...taobao, ...shopify], { now: NOW })
  })

  it("resolves a nick, an order number and an e-mail to their buyer's chip figures", async () => {
    const r = await resolveNames(db, ["小明同学", "3001234567890003", "JANE@example.com"], NOW)
    expect(r["小明同学"]).toMatchObject({
      buyer: { customerKey: "taobao:s1:小明同学", orders: 2, totalSpent: 20_000, repeatBuyer: true }
    })
    expect(r["3001234567890003"]).toMatchObject({ buyer: { customerKey: "taobao:s1:tb_lucy88", orders: 1 } })
    expect(r["JANE@example.com"]).toMatchObject({
      buyer: { customerKey: "shopify:acme:gid-1", currency: "USD" }
    })
  })

  it("a name two buyers share is shared, never one of them", async () => {
    const r = await resolveNames(db, ["Jane Smith"], NOW)
    expect(r["Jane Smith"]).toEqual({ shared: 2, name: "Jane Smith" })
  })

  it("the same nick in two shops is one buyer in each, not shared: the chip is the latest buyer's", async () => {
    await ingestOrders(
      db,
      [
        order({
          shopId: "s2",
          orderId: "3009999999990001",
          buyerId: "小明同学",
          buyerNick: "小明同学",
          createdAt: NOW - DAY
        }),
        order({ shopId: "s2", orderId: "3009999999990002", buyerId: "tb_lucy88", buyerNick: "tb_lucy88" }),
        order({ shopId: "s2", orderId: "3009999999990003", buyerId: "tb_lucy88-2", buyerNick: "tb_lucy88" })
      ],
      { now: NOW }
    )
    const r = await resolveNames(db, ["小明同学", "tb_lucy88"], NOW)
    // Last bought in s2 (a day ago; in s1 three days ago).
    expect(r["小明同学"]).toMatchObject({ buyer: { customerKey: "taobao:s2:小明同学", orders: 1 } })
    // Two buyers of s2 share it (one more in s1 does not make it three).
    expect(r["tb_lucy88"]).toEqual({ shared: 2, name: "tb_lucy88" })
  })

  it("a false positive of the filter, a too-short text or a masked nick resolves to no one", async () => {
    const r = await resolveNames(db, ["Jane Smyth", "1001", "陈**平", "客服"], NOW)
    expect(r).toEqual({ "Jane Smyth": null, "1001": null, "陈**平": null, 客服: null })
  })

  it("is answered to a content script's message, checked by its schema", async () => {
    const ok = await handleMessage(db, { type: "resolveNames", texts: ["tb_lucy88"] }, NOW)
    expect(ok).toMatchObject({ ok: true, names: { tb_lucy88: { buyer: { orders: 1 } } } })
    const bad = await handleMessage(db, { type: "resolveNames", texts: [] }, NOW)
    expect(bad).toMatchObject({ ok: false, code: "malformed" })
  })
})
