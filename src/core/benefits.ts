// Member rights in words: each benefit as a short phrase, what the next level adds, and the one sentence a
// rep pastes into the chat ("您是我们的金卡会员，本单可享包邮和 95 折…" / "As a Gold member you get free
// shipping and 5% off…"). Pure: the caller passes the level names, benefits and money still needed.
import type { LevelBenefits } from "./levels"
import { formatMoney, minorDigits, type Lang } from "./segments"

/** "95 折" for 5% off, "9 折" for 10%, "88 折" for 12%. */
export function zheOf(discountPercent: number): string {
  const paid = Math.round((100 - discountPercent) * 100) / 100
  if (paid % 10 === 0) return `${paid / 10} 折`
  return Number.isInteger(paid) ? `${paid} 折` : `${paid / 10} 折`
}

const PHRASES = {
  freeShipping: { zh: "包邮", en: "free shipping" },
  birthdayGift: { zh: "生日礼物", en: "a birthday gift" },
  priority: { zh: "订单优先处理", en: "priority handling of your orders" }
} as const

/** The benefits that apply to the order at hand: free shipping, the discount. */
function orderPhrases(b: LevelBenefits, lang: Lang): string[] {
  const out: string[] = []
  if (b.freeShipping) out.push(PHRASES.freeShipping[lang])
  if (b.discountPercent) out.push(lang === "zh" ? zheOf(b.discountPercent) : `${b.discountPercent}% off`)
  return out
}

/** The member's other benefits: priority handling, the birthday gift, the owner's free text. */
function memberPhrases(b: LevelBenefits, lang: Lang): string[] {
  const out: string[] = []
  if (b.priority) out.push(PHRASES.priority[lang])
  if (b.birthdayGift) out.push(PHRASES.birthdayGift[lang])
  for (const text of b.text) if (text.trim()) out.push(text.trim())
  return out
}

/** Every benefit as a phrase, order benefits first: what the card lists. */
export function benefitPhrases(b: LevelBenefits, lang: Lang): string[] {
  return [...orderPhrases(b, lang), ...memberPhrases(b, lang)]
}

/** What `next` gives that `current` does not: a bigger discount, a flag, a free text not already there. */
export function addedBenefits(current: LevelBenefits, next: LevelBenefits): LevelBenefits {
  const had = new Set(current.text.map((x) => x.trim()))
  const added: LevelBenefits = { text: next.text.filter((x) => x.trim() && !had.has(x.trim())) }
  if (next.discountPercent && next.discountPercent > (current.discountPercent ?? 0))
    added.discountPercent = next.discountPercent
  if (next.freeShipping && !current.freeShipping) added.freeShipping = true
  if (next.birthdayGift && !current.birthdayGift) added.birthdayGift = true
  if (next.priority && !current.priority) added.priority = true
  return added
}

const CJK = /[\u3400-\u9fff]/
const LATIN = /[A-Za-z0-9¥$€£%]/

/** Chinese text joined with a space where Han characters meet Latin letters or figures ("包邮和 95 折"). */
function zhJoin(...parts: string[]): string {
  let out = ""
  for (const p of parts) {
    if (!p) continue
    const a = out.slice(-1)
    const b = p[0]
    out += (CJK.test(a) && LATIN.test(b)) || (LATIN.test(a) && CJK.test(b)) ? ` ${p}` : p
  }
  return out
}

/** "a、b和c" / "a, b and c". */
function joinPhrases(parts: readonly string[], lang: Lang): string {
  if (parts.length <= 1) return parts.join("")
  if (lang === "zh") {
    const head = parts.slice(0, -1).flatMap((x, i) => (i ? ["、", x] : [x]))
    return zhJoin(...head, "和", parts[parts.length - 1])
  }
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`
}

/** A level name as a member: "金卡" → "金卡会员" (a name already ending in 会员 stays), "Gold" → "Gold member". */
function memberOf(name: string, lang: Lang): string {
  if (lang === "zh") return name.endsWith("会员") ? name : `${name}会员`
  return /\bmember$/i.test(name) ? name : `${name} member`
}

/** Money still to spend, rounded up to a whole major unit (so "spend ¥1,200 more" is never short). */
function moneyUp(minor: number, currency: string): string {
  const scale = 10 ** minorDigits(currency)
  return formatMoney(Math.ceil(minor / scale) * scale, currency)
}

export interface MemberSentenceInput {
  lang: Lang
  currency: string
  /** The buyer's level: its name in `lang` and its benefits. */
  level: { name: string; benefits: LevelBenefits }
  /** The next level up, if any, with what reaching it needs (spend or orders within the window). */
  next?: { name: string; benefits: LevelBenefits; spendNeeded: number; ordersNeeded: number }
}

/**
 * The chat sentence for a member: their level and what it gives them on this order and beyond, then what
 * the next level adds and what reaching it takes.
 */
export function memberSentence({ lang, currency, level, next }: MemberSentenceInput): string {
  const zh = lang === "zh"
  const onOrder = orderPhrases(level.benefits, lang)
  const beyond = memberPhrases(level.benefits, lang)
  const who = memberOf(level.name, lang)
  let s: string
  if (zh) {
    s = zhJoin("您是我们的", who)
    if (onOrder.length) s = zhJoin(s, "，本单可享", joinPhrases(onOrder, lang))
    if (beyond.length) s = zhJoin(s, onOrder.length ? "，还有" : "，可享", joinPhrases(beyond, lang))
    if (!onOrder.length && !beyond.length) s += "，感谢您一直以来的支持"
    s += "。"
  } else {
    s = `As a ${who}`
    if (onOrder.length) s += ` you get ${joinPhrases(onOrder, lang)} on this order`
    if (beyond.length) s += `${onOrder.length ? ", plus" : " you get"} ${joinPhrases(beyond, lang)}`
    if (!onOrder.length && !beyond.length) s += ", thank you for your continued support"
    s += "."
  }
  if (!next) return s
  const needs: string[] = []
  if (next.spendNeeded > 0)
    needs.push(
      zh
        ? zhJoin("再消费", moneyUp(next.spendNeeded, currency))
        : `spend ${moneyUp(next.spendNeeded, currency)} more`
    )
  if (next.ordersNeeded > 0)
    needs.push(
      zh
        ? zhJoin("再下", String(next.ordersNeeded), "单")
        : `place ${next.ordersNeeded} more order${next.ordersNeeded === 1 ? "" : "s"}`
    )
  if (needs.length === 0) return s
  const added = benefitPhrases(addedBenefits(level.benefits, next.benefits), lang)
  const nextWho = memberOf(next.name, lang)
  if (zh) {
    s = zhJoin(s, ...needs.flatMap((x, i) => (i ? ["或", x] : [x])), "即可升级为", nextWho)
    s = added.length ? zhJoin(s, "，尊享", joinPhrases(added, lang), "。") : `${s}。`
  } else {
    const first = needs.join(" or ")
    s += ` ${first[0].toUpperCase()}${first.slice(1)} to become a ${nextWho}`
    s += added.length ? ` and also get ${joinPhrases(added, lang)}.` : "."
  }
  return s
}
