// Every marketplace adapter Huike has. Adding a marketplace = one folder + one line here.
import { taobaoAdapter } from "./taobao"
import type { MarketplaceAdapter, PageKind } from "./types"

export const adapters: readonly MarketplaceAdapter[] = [taobaoAdapter]

export function adapterForUrl(url: URL): { adapter: MarketplaceAdapter; pageKind: PageKind } | null {
  for (const adapter of adapters) {
    const pageKind = adapter.detectPage(url)
    if (pageKind) return { adapter, pageKind }
  }
  return null
}
