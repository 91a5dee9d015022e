// The options page's privacy section: a link to the privacy policy this version ships with (tabs/privacy,
// PRIVACY.md), and the marketplace data rules (src/core/retention.ts): how many days Amazon buyers' personal
// fields are kept after the order (1 to the policy's 30). Saving applies it at once (the background forgets what
// has passed the new limit and says how much); the background also applies it daily and to every order that
// comes in.
import { useEffect, useState } from "react"
import type { ErrorReply, RetentionReply } from "~src/messages"
import { t } from "../i18n"

const ask = (message: { type: "retentionGet" } | { type: "retentionSet"; amazonDays: number }) =>
  chrome.runtime.sendMessage(message) as Promise<RetentionReply | ErrorReply>

export function PrivacySection() {
  const [rules, setRules] = useState<RetentionReply | null>(null)
  const [days, setDays] = useState("")
  const [status, setStatus] = useState("")

  useEffect(() => {
    void ask({ type: "retentionGet" }).then((r) => {
      if (!r.ok) return setStatus(r.error)
      setRules(r)
      setDays(String(r.amazonDays))
    })
  }, [])

  const save = () => {
    const max = rules?.maxDays ?? 30
    const n = Number(days)
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > max)
      return setStatus(t("retentionBad", [days, String(max)]))
    void ask({ type: "retentionSet", amazonDays: n }).then((r) => {
      if (!r.ok) return setStatus(r.error)
      setRules(r)
      setStatus(
        t("retentionSaved", [
          String(r.amazonDays),
          String(r.lastRun?.orders ?? 0),
          String(r.lastRun?.customers ?? 0)
        ])
      )
    })
  }

  return (
    <section data-privacy-section>
      <h1 style={{ fontSize: 20 }}>{t("privacyTitle")}</h1>
      <p>
        {t("privacyIntro")}{" "}
        <a
          href={chrome.runtime.getURL("tabs/privacy.html")}
          target="_blank"
          rel="noreferrer"
          data-privacy-link>
          {t("privacyLink")}
        </a>
      </p>
      <h2 style={{ fontSize: 16 }}>{t("retentionTitle")}</h2>
      <p>{t("retentionAmazon", [String(rules?.maxDays ?? 30)])}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          save()
        }}>
        <label>
          {t("retentionDays")}{" "}
          <input
            data-testid="retention-days"
            type="number"
            min={1}
            max={rules?.maxDays ?? 30}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </label>{" "}
        <button type="submit" data-testid="retention-save" disabled={!rules}>
          {t("retentionSave")}
        </button>
      </form>
      <p role="status" data-testid="retention-status">
        {status}
      </p>
      {rules?.lastRun && (
        <p data-testid="retention-last-run">
          {t("retentionLastRun", [
            new Date(rules.lastRun.at).toLocaleString(),
            String(rules.lastRun.orders),
            String(rules.lastRun.customers)
          ])}
        </p>
      )}
      <p>{t("retentionOthers")}</p>
    </section>
  )
}
