// Layer: writes. What a rep adds to a customer by hand: notes, tags and follow-up reminders.
import type { HuikeDB } from "../schema/database"

export async function addNote(db: HuikeDB, customerKey: string, text: string, now: number): Promise<number> {
  if (!(await db.customers.get(customerKey))) throw new Error(`no customer ${customerKey}`)
  return (await db.notes.add({ customerKey, text, createdAt: now, updatedAt: now })) as number
}

/** Colours of a shop's tags, in the order they are made (the side panel makes tags with the same). */
export const TAG_COLORS = ["#cf1322", "#d46b08", "#389e0d", "#0958d9", "#531dab", "#8c8c8c"]

/** Puts the shop's tag called `name` on the customer, making the tag first if the shop has none by that name. */
export async function addTag(db: HuikeDB, customerKey: string, name: string): Promise<number> {
  return db.transaction("rw", db.customers, db.tags, async () => {
    const c = await db.customers.get(customerKey)
    if (!c) throw new Error(`no customer ${customerKey}`)
    const shopTags = await db.tags.where("shopKey").equals(c.shopKey).toArray()
    const id =
      shopTags.find((t) => t.name === name)?.id ??
      ((await db.tags.add({
        shopKey: c.shopKey,
        name,
        color: TAG_COLORS[shopTags.length % TAG_COLORS.length]
      })) as number)
    if (!c.tagIds.includes(id)) await db.customers.update(customerKey, { tagIds: [...c.tagIds, id] })
    return id
  })
}

export async function addReminder(
  db: HuikeDB,
  customerKey: string,
  dueAt: number,
  text: string,
  now: number
): Promise<number> {
  const c = await db.customers.get(customerKey)
  if (!c) throw new Error(`no customer ${customerKey}`)
  return (await db.reminders.add({
    customerKey,
    shopKey: c.shopKey,
    dueAt,
    text,
    status: "open",
    createdAt: now
  })) as number
}
