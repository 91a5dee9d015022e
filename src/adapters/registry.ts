// Every marketplace adapter Huike has. Adding a marketplace = one folder + one line here.
import { amazonAdapter } from "./amazon"
import { shopifyAdapter } from "./shopify"
import { taobaoAdapter } from "./taobao"
import type { MarketplaceAdapter, PageBuyer, PageKind } from "./types"
import { vendureAdapter } from "./vendure"

export const adapters: readonly MarketplaceAdapter[] = [
  taobaoAdapter,
  shopifyAdapter,
  amazonAdapter,
  // Last: it claims /admin pages by path alone, on self-hosted origins the user allowed.
  vendureAdapter
]

export function adapterForUrl(url: URL): { adapter: MarketplaceAdapter; pageKind: PageKind } | null {
  for (const adapter of adapters) {
    const pageKind = adapter.detectPage(url)
    if (pageKind) return { adapter, pageKind }
  }
  return null
}

/** True on a marketplace's message centre (Buyer-Seller Messaging, Shopify Inbox, the 千牛 message page). */
export function isMessageCentre(url: URL): boolean {
  return adapters.some((adapter) => adapter.isMessageCentre?.(url) === true)
}

/** The buyer this page's address names (a thread's order, an order or customer page), and whose platform. */
export function pageBuyerOf(url: URL): { adapter: MarketplaceAdapter; buyer: PageBuyer } | null {
  for (const adapter of adapters) {
    const buyer = adapter.pageBuyer?.(url)
    if (buyer) return { adapter, buyer }
  }
  return null
}
