// Buyers whose name a page masks. Taobao's workbench asks for hidden nicks (isHideNick=true): "t**1" can
// stand for many buyers, so a masked name is never a customer key. Such a buyer is keyed on a stand-in
// made from the platform's numeric buyer id ("#2079908227") until their full name is seen with that id
// (an unmasked answer) or on the same order (the order export): then the stand-in's customer joins the
// full name's (src/db/buyer-aliases.ts), and later masked sightings go straight to the full name.

/** A masked name: it hides characters behind "*". */
export function isMaskedName(name: string): boolean {
  return name.includes("*")
}

/** The customer key of a buyer known only by the platform's buyer id. No member name starts with "#". */
export function standInBuyerId(platformBuyerId: string): string {
  return `#${platformBuyerId}`
}

/** True when an order is filed under its buyer's stand-in (its name came masked). */
export function isStandIn(order: { buyerId: string; platformBuyerId?: string }): boolean {
  return order.platformBuyerId !== undefined && order.buyerId === standInBuyerId(order.platformBuyerId)
}

/** True for a stand-in key as standInBuyerId makes it (a lookup may name a buyer by it). */
export function isStandInId(buyerId: string): boolean {
  return /^#\d{1,30}$/.test(buyerId)
}
