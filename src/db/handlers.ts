// The background's answers to the messages content scripts and extension pages send. Kept apart from
// the service-worker entry so unit tests drive exactly the code the extension runs.
import {
  huikeMessage,
  type CaptureReply,
  type DoneReply,
  type ErrorReply,
  type LookupReply,
  type ProfileReply,
  type StatsReply
} from "../messages"
import { shopKeyOf, type HuikeDB } from "./database"
import { ingestOrders } from "./ingest"
import { addNote, addReminder, customerProfile, invalidateShopMeans } from "./profile"
import { lookupBuyersByNick, storeCounts } from "./queries"

export type Reply = CaptureReply | LookupReply | StatsReply | ProfileReply | DoneReply | ErrorReply

/** What the service worker does outside the database (the side panel follows the focused customer). */
export interface HandlerHooks {
  onFocus?(customerKey: string, openPanel: boolean): Promise<void>
}

export async function handleMessage(
  db: HuikeDB,
  raw: unknown,
  now: number,
  hooks: HandlerHooks = {}
): Promise<Reply> {
  const parsed = huikeMessage.safeParse(raw)
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(message)"}: ${i.message}`)
      .join("; ")
    console.warn("[huike] dropped a malformed message:", where)
    return { ok: false, error: `malformed message: ${where}` }
  }
  const msg = parsed.data
  switch (msg.type) {
    case "capture": {
      const wrongShop = msg.orders.find((o) => o.shopId !== msg.shopId || o.platform !== msg.platform)
      if (wrongShop)
        return { ok: false, error: `order ${wrongShop.orderId} does not belong to shop ${msg.shopId}` }
      const result = await ingestOrders(db, msg.orders, { now, shopName: msg.shopId })
      if (result.rowsStored > 0) invalidateShopMeans()
      await db.captureLog.add({
        at: now,
        platform: msg.platform,
        pageKind: msg.pageKind,
        url: msg.url,
        shopKey: shopKeyOf(msg.platform, msg.shopId),
        rowsSeen: msg.rowsSeen,
        rowsStored: result.rowsStored,
        problems: msg.problems
      })
      return { ok: true, rowsStored: result.rowsStored, inserted: result.inserted, updated: result.updated }
    }
    case "lookup":
      return {
        ok: true,
        buyers: await lookupBuyersByNick(db, shopKeyOf(msg.platform, msg.shopId), msg.nicks, now)
      }
    case "stats": {
      const counts = await storeCounts(db)
      const last = await db.captureLog.orderBy("at").last()
      return {
        ok: true,
        ...counts,
        lastCapture: last
          ? {
              at: last.at,
              platform: last.platform,
              rowsSeen: last.rowsSeen,
              rowsStored: last.rowsStored,
              problems: last.problems
            }
          : null
      }
    }
    case "profile":
      return { ok: true, profile: await customerProfile(db, msg.customerKey, now) }
    case "addNote":
      try {
        return { ok: true, id: await addNote(db, msg.customerKey, msg.text, now) }
      } catch (e) {
        return { ok: false, error: (e as Error).message }
      }
    case "addReminder":
      try {
        return { ok: true, id: await addReminder(db, msg.customerKey, msg.dueAt, msg.text, now) }
      } catch (e) {
        return { ok: false, error: (e as Error).message }
      }
    case "focus":
      await hooks.onFocus?.(msg.customerKey, msg.openPanel)
      return { ok: true }
  }
}
