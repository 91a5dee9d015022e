// Every marketplace adapter Huike has. Adding a marketplace = one folder + one line here.
import { amazonAdapter } from "./amazon"
import { shopifyAdapter } from "./shopify"
import { taobaoAdapter } from "./taobao"
import type { MarketplaceAdapter, PageKind } from "./types"
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
