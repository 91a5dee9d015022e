// Which of the profile's shops an export file's orders belong to. A marketplace names a shop differently
// in different places: Taobao's order export carries the shop's title (店铺名称, or nothing at all) while its
// pages name the seller's account, so a seller importing last year's export after capturing today's list
// would get two shops — and every returning buyer counted twice — unless the file goes to the shop the
// pages already filled. The import page shows this choice before anything is written.
import type { Platform } from "./types"

export interface ShopRef {
  platform: Platform
  shopId: string
}

export interface ShopChoice {
  /** The file's shop (the first one when it names several: the choice applies to one shop only). */
  file: ShopRef
  /** The profile's shops of the same platform, in the order given. */
  known: ShopRef[]
  /** The suggested target: the file's own shop when the profile holds it (or holds none of that platform,
   *  or several), else the one shop of that platform the profile holds. */
  suggested: ShopRef
}

/** The choice to offer for a file whose orders name `fileShops`; null when there is nothing to choose. */
export function shopChoice(
  fileShops: readonly ShopRef[],
  profileShops: readonly ShopRef[]
): ShopChoice | null {
  const distinct = [...new Map(fileShops.map((s) => [`${s.platform}:${s.shopId}`, s])).values()]
  if (distinct.length !== 1) return null
  const file = distinct[0]
  const known = profileShops.filter((s) => s.platform === file.platform)
  if (known.length === 0 || known.some((s) => s.shopId === file.shopId)) return null
  return { file, known, suggested: known.length === 1 ? known[0] : file }
}

/** The orders filed under `target` instead of the file's shop (a new array; nothing else changes). */
export function fileUnder<T extends ShopRef>(orders: readonly T[], target: ShopRef): T[] {
  return orders.map((o) => (o.platform === target.platform ? { ...o, shopId: target.shopId } : o))
}
