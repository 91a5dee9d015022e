// De-identified display of contact details, as Chinese platforms' rules and GB/T 35273 expect: a phone
// number shows at most 5 digits (13*******23), a personal name hides one character (陈*平, 张*), an
// address keeps its region but not the street, an e-mail keeps its first character and domain.
// Unmasking is an explicit per-user setting; these functions only format.

/** "13812345623" -> "13*******23"; any digits beyond 5 are hidden, separators dropped. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "")
  if (digits.length === 0) return ""
  if (digits.length <= 4) return "*".repeat(digits.length)
  // Keep the first 3 and last 2 when possible (5 digits at most), never more than half the number.
  const keepHead = Math.min(3, Math.floor(digits.length / 4))
  const keepTail = Math.min(2, Math.floor(digits.length / 4))
  return (
    digits.slice(0, keepHead) +
    "*".repeat(digits.length - keepHead - keepTail) +
    digits.slice(digits.length - keepTail)
  )
}

/** "陈小平" -> "陈*平", "张三" -> "张*", "Alice Chen" -> "Alice C***". */
export function maskName(name: string): string {
  const s = name.trim()
  const chars = [...s]
  if (chars.length === 0) return ""
  if (/^[\p{Script=Han}·]+$/u.test(s)) {
    if (chars.length === 1) return "*"
    if (chars.length === 2) return chars[0] + "*"
    return chars[0] + "*".repeat(chars.length - 2) + chars[chars.length - 1]
  }
  const words = s.split(/\s+/)
  if (words.length === 1) return chars[0] + "*".repeat(Math.max(1, chars.length - 1))
  return [
    words[0],
    ...words.slice(1).map((w) => [...w][0] + "*".repeat(Math.max(1, [...w].length - 1)))
  ].join(" ")
}

/** "alice@example.com" -> "a****@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@")
  if (at <= 0) return "*".repeat(email.length)
  const local = [...email.slice(0, at)]
  return local[0] + "*".repeat(Math.max(1, local.length - 1)) + email.slice(at)
}

/** "浙江省 杭州市 西湖区 文三路 100号" -> "浙江省 杭州市 西湖区 ****": region kept, street detail hidden. */
export function maskAddress(address: string): string {
  const s = address.trim()
  const cn =
    /^((?:[^省市区县\s]+(?:省|自治区|市))?\s*(?:[^省市区县\s]+(?:市|州|盟))?\s*(?:[^省市区县\s]+(?:区|县|旗|市))?)/u.exec(
      s
    )
  if (cn && cn[1].trim().length > 0 && /[\p{Script=Han}]/u.test(cn[1])) return `${cn[1].trim()} ****`
  // Western addresses: keep the last two comma-separated parts (city, region/country).
  const parts = s.split(",").map((p) => p.trim())
  return parts.length >= 3 ? `****, ${parts.slice(-2).join(", ")}` : "****"
}

/** Platforms whose buyer nick is a public member name (会员名) the seller reaches the buyer by, not a
 *  personal name: shown as it is. Elsewhere the "nick" is a person's name (billing or order name). */
const MEMBER_NAME_PLATFORMS: ReadonlySet<string> = new Set(["taobao"])

/** A buyer key fit to show: an e-mail (Shopify, Amazon relay) masked, a mobile number masked (Huike keys
 *  no buyer on one, but a hand-mapped CSV might), anything else (member ids, nicks) as it is. */
export function maskBuyerId(buyerId: string): string {
  if (buyerId.includes("@")) return maskEmail(buyerId)
  if (/^(?:\+?86[\s-]?)?1[3-9]\d{9}$/.test(buyerId.replace(/[\s-]/g, ""))) return maskPhone(buyerId)
  return buyerId
}

/** How a buyer is named on the owner's pages and in exports: de-identified unless the owner chose full
 *  contacts (`mask` false). A member nick stays; a personal name hides characters; a bare key is masked. */
export function displayBuyer(
  buyer: { platform: string; buyerNick?: string; buyerId: string },
  mask: boolean
): string {
  if (!mask) return buyer.buyerNick || buyer.buyerId
  if (buyer.buyerNick)
    return MEMBER_NAME_PLATFORMS.has(buyer.platform) ? buyer.buyerNick : maskName(buyer.buyerNick)
  return maskBuyerId(buyer.buyerId)
}

/**
 * The last four digits of a phone number as an export writes it ("13812345678", "+1 (555) 010-4477",
 * "'13812345678", `="138…"`, a masked "138****5678"), or undefined when the text is no phone number: fewer
 * than seven digits-or-stars in all, letters in it, or not ending in four digits. Only the tail is kept.
 */
export function phoneTailOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  const text = raw
    .trim()
    .replace(/^="(.*)"$/, "$1")
    .replace(/^'/, "")
    .replace(/[\s\-().+]/g, "")
  if (!/^[\d*]{7,20}$/.test(text)) return undefined
  const tail = /(\d{4})$/.exec(text)
  return tail ? tail[1] : undefined
}
