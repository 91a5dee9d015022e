// Chips next to every buyer name the page's adapter finds, each in Plasmo's Shadow DOM so neither the
// page's styles nor ours leak across.
import type { PlasmoCSConfig, PlasmoCSUIProps, PlasmoGetInlineAnchorList, PlasmoGetStyle } from "plasmo"
import { useEffect, useState } from "react"
import { adapterForUrl } from "~src/adapters/registry"
import { CAPTURED_EVENT, type BuyerSummary } from "~src/messages"
import { BuyerChip, chipStyle } from "~src/ui/BuyerChip"
import { createBuyerLookup } from "~src/ui/buyer-lookup"

export const config: PlasmoCSConfig = {
  matches: [
    "https://trade.taobao.com/*",
    "https://trade.tmall.com/*",
    "https://admin.shopify.com/*",
    "https://sellercentral.amazon.com/*",
    "https://sellercentral.amazon.ca/*",
    "https://sellercentral.amazon.co.uk/*",
    "https://sellercentral.amazon.de/*",
    "https://sellercentral.amazon.fr/*",
    "https://sellercentral.amazon.it/*",
    "https://sellercentral.amazon.es/*",
    "https://sellercentral.amazon.co.jp/*",
    "https://sellercentral.amazon.in/*",
    "https://sellercentral.amazon.com.au/*"
  ]
}

const match = adapterForUrl(new URL(location.href))
const lookup = match
  ? createBuyerLookup(
      match.adapter.platform,
      () => match.adapter.readShopId(document) ?? `${match.adapter.platform}-shop`
    )
  : null

export const getInlineAnchorList: PlasmoGetInlineAnchorList = async () =>
  match
    ? match.adapter
        .findBuyerMentions(document)
        .map((m) => ({ element: m.element, insertPosition: "afterend" as const }))
    : []

export const getShadowHostId = () => "huike-chip"

export const getStyle: PlasmoGetStyle = () => {
  const style = document.createElement("style")
  style.textContent = chipStyle
  return style
}

function useCaptureVersion() {
  const [version, setVersion] = useState(0)
  useEffect(() => {
    const onCaptured = () => {
      lookup?.invalidate()
      setVersion((v) => v + 1)
    }
    document.addEventListener(CAPTURED_EVENT, onCaptured)
    return () => document.removeEventListener(CAPTURED_EVENT, onCaptured)
  }, [])
  return version
}

export default function Overlay({ anchor }: PlasmoCSUIProps) {
  const nick = (anchor?.element && match?.adapter.buyerOfMention(anchor.element)?.buyerNick) || ""
  const [summary, setSummary] = useState<BuyerSummary | null | undefined>(undefined)
  const version = useCaptureVersion()
  useEffect(() => {
    if (!nick || !lookup) return
    let live = true
    void lookup.get(nick).then((s) => live && setSummary(s))
    return () => {
      live = false
    }
  }, [nick, version])
  return nick ? <BuyerChip nick={nick} summary={summary} /> : null
}
