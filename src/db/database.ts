// Huike's one local database. It lives in the extension's own origin (background and extension
// pages), never in a content script, whose IndexedDB would belong to the marketplace page.
// Every schema version stays listed here, oldest first, so any older database upgrades in place.
import Dexie, { type EntityTable } from "dexie"
import type { CapturedOrder, Platform } from "../core/types"

export const DB_NAME = "huike"

/** "platform:shopId" — shops from different platforms never mix. */
export type ShopKey = string

export interface ShopRecord {
  key: ShopKey
  platform: Platform
  shopId: string
  name: string
  /** IANA zone the shop's days are counted in. */
  timeZone: string
  currency: string
  firstSeenAt: number
}

export interface OrderRecord extends CapturedOrder {
  /** "platform:shopId:orderId": seeing an order again replaces it, never adds it twice. */
  key: string
  shopKey: ShopKey
  firstSeenAt: number
  updatedAt: number
}

export interface CustomerRecord {
  /** "platform:shopId:buyerId". */
  key: string
  shopKey: ShopKey
  platform: Platform
  shopId: string
  buyerId: string
  buyerNick?: string
  buyerEmail?: string
  orders: number
  purchaseDays: number
  totalSpent: number
  currency: string
  firstOrderAt: number | null
  /** 0 when the customer has no valid purchase yet (IndexedDB cannot index null). */
  lastOrderAt: number
  averageOrderValue: number
  refundRate: number
  repeatBuyer: boolean
  segment?: string
  memberLevel?: string
  tagIds: number[]
  updatedAt: number
}

export interface NoteRecord {
  id?: number
  customerKey: string
  text: string
  createdAt: number
  updatedAt: number
}

export interface TagRecord {
  id?: number
  shopKey: ShopKey
  name: string
  color: string
}

export interface ReminderRecord {
  id?: number
  customerKey: string
  shopKey: ShopKey
  dueAt: number
  text: string
  status: "open" | "done"
  /** Rule-made reminders carry a key so a rule never makes the same reminder twice. */
  dedupeKey?: string
  createdAt: number
}

export interface LevelChangeRecord {
  id?: number
  customerKey: string
  at: number
  from: string | null
  to: string
}

export interface DailyFiguresRecord {
  /** "shopKey|YYYY-MM-DD" in the shop's time zone. */
  key: string
  shopKey: ShopKey
  day: string
  orders: number
  buyers: number
  newBuyers: number
  returningBuyers: number
}

export interface CaptureLogRecord {
  id?: number
  at: number
  platform: Platform
  pageKind: string
  url: string
  shopKey: ShopKey
  rowsSeen: number
  rowsStored: number
  problems: string[]
}

export interface SettingRecord {
  key: string
  value: unknown
}

export class HuikeDB extends Dexie {
  shops!: EntityTable<ShopRecord, "key">
  orders!: EntityTable<OrderRecord, "key">
  customers!: EntityTable<CustomerRecord, "key">
  notes!: EntityTable<NoteRecord, "id">
  tags!: EntityTable<TagRecord, "id">
  reminders!: EntityTable<ReminderRecord, "id">
  levelHistory!: EntityTable<LevelChangeRecord, "id">
  dailyFigures!: EntityTable<DailyFiguresRecord, "key">
  captureLog!: EntityTable<CaptureLogRecord, "id">
  settings!: EntityTable<SettingRecord, "key">

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options)
    this.version(1).stores({
      shops: "key, platform",
      orders: "key, shopKey, [shopKey+buyerId], [shopKey+createdAt]",
      customers:
        "key, [shopKey+buyerId], [shopKey+buyerNick], [shopKey+buyerEmail], [shopKey+segment], [shopKey+memberLevel], [shopKey+lastOrderAt], *tagIds",
      notes: "++id, customerKey",
      tags: "++id, shopKey",
      reminders: "++id, customerKey, [status+dueAt], &dedupeKey",
      levelHistory: "++id, customerKey",
      dailyFigures: "key, [shopKey+day]",
      captureLog: "++id, at",
      settings: "key"
    })
  }
}

export const shopKeyOf = (platform: Platform, shopId: string): ShopKey => `${platform}:${shopId}`
export const orderKeyOf = (o: Pick<CapturedOrder, "platform" | "shopId" | "orderId">) =>
  `${o.platform}:${o.shopId}:${o.orderId}`
export const customerKeyOf = (o: Pick<CapturedOrder, "platform" | "shopId" | "buyerId">) =>
  `${o.platform}:${o.shopId}:${o.buyerId}`
