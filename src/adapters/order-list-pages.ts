// Where each marketplace's sold-orders list is, for the links that send a seller there to read the history
// (welcome page, hover card). Page knowledge, so it lives with the adapters.
import type { Platform } from "../core/types"

/** The sold-orders list a seller opens, per marketplace (none for formats without a back office page). */
export const ORDER_LIST_PAGES: Partial<Record<Platform, string>> = {
  // Today's 千牛 web workbench (已卖出的宝贝); the classic list redirects accounts that moved to it.
  taobao: "https://myseller.taobao.com/home.htm/trade-platform/tp/sold",
  // The admin picks the store from the login (the store's handle is in the path after it).
  shopify: "https://admin.shopify.com/",
  amazon: "https://sellercentral.amazon.com/orders-v3"
}

export function orderListPage(platform: string): string | undefined {
  return ORDER_LIST_PAGES[platform as Platform]
}
