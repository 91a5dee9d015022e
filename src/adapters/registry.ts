// Every marketplace adapter Huike has. Adding a marketplace = one folder + one line here.
import { amazonAdapter } from "./amazon"
import { shopifyAdapter } from "./shopify"
import { taobaoAdapter } from "./taobao"
import type { MarketplaceAdapter, PageKind } from "./types"

export const adapters: readonly MarketplaceAdapter[] = [taobaoAdapter, shopifyAdapter, amazonAdapter]

export function adapterForUrl(url: URL): { adapter: MarketplaceAdapter; pageKind: PageKind } | null {
  for (const adapter of adapters) {
    const pageKind = adapter.detectPage(url)
    if (pageKind) return { adapter, pageKind }
  }
  return null
}
