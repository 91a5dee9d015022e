// The buyer's member rights in the hover card and the side panel: the level's benefits, what the next level
// adds, a recent upgrade or a coming fall, and the chat sentence with a copy button. Benefits and the
// sentence come from src/core (benefitsOf, benefitPhrases, addedBenefits, memberSentence).
import { useState } from "react"
import { addedBenefits, benefitPhrases, benefitsOf, memberSentence, type Lang } from "../core"
import type { CustomerProfile, MemberRights as Rights } from "../messages"
import { t, uiLang } from "./i18n"

/** The sentence for the chat, in the shop's language (the ladder's, else the rep's). */
export function rightsSentence(p: CustomerProfile, rights: Rights): string {
  const lang: Lang = rights.lang ?? (uiLang().startsWith("zh") ? "zh" : "en")
  const needs = p.nextLevel
  return memberSentence({
    lang,
    currency: p.currency,
    level: { name: rights.level[lang], benefits: benefitsOf(rights.level, lang) },
    ...(rights.next && needs
      ? {
          next: {
            name: rights.next[lang],
            benefits: benefitsOf(rights.next, lang),
            spendNeeded: needs.spendNeeded,
            ordersNeeded: needs.ordersNeeded
          }
        }
      : {})
  })
}

export function MemberRights({ profile: p, rights }: { profile: CustomerProfile; rights: Rights }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null)
  const lang: Lang = uiLang().startsWith("zh") ? "zh" : "en"
  // Free text is in the shop's language; the structured benefits are named in the rep's.
  const shopLang: Lang = rights.lang ?? lang
  const mine = benefitsOf(rights.level, shopLang)
  const phrases = benefitPhrases(mine, lang)
  const next = rights.next ? benefitsOf(rights.next, shopLang) : null
  const adds = next ? benefitPhrases(addedBenefits(mine, next), lang) : []
  const sentence = rightsSentence(p, rights)

  async function copy() {
    try {
      await navigator.clipboard.writeText(sentence)
      setCopied("yes")
    } catch {
      setCopied("failed")
    }
  }

  return (
    <div data-huike-rights="" data-level={rights.level.id}>
      {rights.upgrade && (
        <div data-huike-upgrade="" style={{ color: "#389e0d" }}>
          {rights.upgrade.daysAgo === 0
            ? t("rightsUpgradedToday", [rights.upgrade.to[lang]])
            : rights.upgrade.daysAgo === 1
              ? t("rightsUpgradedYesterday", [rights.upgrade.to[lang]])
              : t("rightsUpgraded", [rights.upgrade.to[lang], String(rights.upgrade.daysAgo)])}
        </div>
      )}
      {rights.drop && (
        <div data-huike-drop="" style={{ color: "#d46b08" }}>
          {rights.drop.inDays === 1
            ? t("rightsDropTomorrow", [rights.drop.to[lang]])
            : t("rightsDrop", [rights.drop.to[lang], String(rights.drop.inDays)])}
        </div>
      )}
      <div>
        <strong>{t("rightsBenefits", [rights.level[lang]])}</strong>{" "}
        {mine.example && (
          <small data-huike-example="" style={{ color: "#8c8c8c" }}>
            {t("rightsExample")}
          </small>
        )}
      </div>
      {phrases.length > 0 ? (
        <ul data-huike-benefits="">
          {phrases.map((x, i) => (
            <li key={i}>{x}</li>
          ))}
        </ul>
      ) : (
        <div style={{ color: "#8c8c8c" }}>{t("rightsNone")}</div>
      )}
      {rights.next && adds.length > 0 && (
        <div data-huike-next-adds="">
          {t("rightsNextAdds", [rights.next[lang], adds.join(lang === "zh" ? "、" : ", ")])}
        </div>
      )}
      <div
        data-huike-sentence=""
        style={{
          background: "#f6ffed",
          border: "1px solid #b7eb8f",
          borderRadius: 4,
          padding: "4px 6px",
          margin: "4px 0"
        }}>
        {sentence}
      </div>
      <div className="actions" style={{ alignItems: "center" }}>
        <button data-huike-copy-sentence="" onClick={() => void copy()}>
          {t("rightsCopy")}
        </button>
        {copied && (
          <span role="status" style={{ color: copied === "yes" ? "#389e0d" : "#cf1322" }}>
            {t(copied === "yes" ? "rightsCopied" : "rightsCopyFailed")}
          </span>
        )}
      </div>
    </div>
  )
}
