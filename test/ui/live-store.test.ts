// Open screens read again after writes to the tables they show (a first sync's thousands of writes a
// second become one read per quiet moment, at least one per maxWait).
import "../db/env"
import { afterEach, describe, expect, it } from "vitest"
import { HuikeDB } from "../../src/db/store"
import { onStoreChange } from "../../src/ui/live-store"

const dbs: HuikeDB[] = []
afterEach(() => {
  for (const db of dbs.splice(0)) db.close()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe("a screen following the store", () => {
  it("reads again after a note or tag is written, not after a setting it does not show", async () => {
    const db = new HuikeDB(`live-store-${Math.random()}`)
    dbs.push(db)
    await db.open()
    let reads = 0
    const stop = onStoreChange(db.name, ["notes", "tags"], () => reads++, { waitMs: 20, maxWaitMs: 200 })
    try {
      await db.settings.put({ key: "owner.summary.x", value: {} })
      await sleep(60)
      expect(reads).toBe(0)
      await db.notes.add({ customerKey: "k", text: "arrived", createdAt: 0, updatedAt: 0 })
      await expect.poll(() => reads).toBe(1)
      await db.tags.add({ shopKey: "s", name: "VIP", color: "#000" })
      await expect.poll(() => reads).toBe(2)
      // Another database's writes are not this screen's.
      const other = new HuikeDB(`live-store-other-${Math.random()}`)
      dbs.push(other)
      await other.notes.add({ customerKey: "k", text: "elsewhere", createdAt: 0, updatedAt: 0 })
      await sleep(60)
      expect(reads).toBe(2)
    } finally {
      stop()
    }
    await db.notes.add({ customerKey: "k", text: "after", createdAt: 0, updatedAt: 0 })
    await sleep(60)
    expect(reads).toBe(2)
  })

  it("a stream of writes reads again at least every maxWait, and once after it ends", async () => {
    const db = new HuikeDB(`live-stream-${Math.random()}`)
    dbs.push(db)
    await db.open()
    let reads = 0
    const stop = onStoreChange(db.name, ["notes"], () => reads++, { waitMs: 80, maxWaitMs: 150 })
    try {
      const until = Date.now() + 600
      let i = 0
      while (Date.now() < until) {
        await db.notes.add({ customerKey: "k", text: `n${i++}`, createdAt: 0, updatedAt: 0 })
        await sleep(10)
      }
      const during = reads
      expect(during).toBeGreaterThanOrEqual(2)
      await sleep(150)
      expect(reads).toBe(during + 1)
    } finally {
      stop()
    }
  })
})
