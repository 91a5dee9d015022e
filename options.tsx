// The options page: the owner's settings (language, shops' time zones and currencies, member ladder, reminder
// rules, contact masking, import, backup / restore / delete — src/ui/dashboard/OwnerOptions), and which
// self-hosted back offices (a Vendure admin on the shop's own origin) Huike may read. Nothing is allowed at
// install; each admin is one origin the user names here and Chrome confirms. The background registers the
// content scripts for the granted origins (src/adapters/vendure/site-access). Sites added for tags only (a
// helpdesk, a webmail) get the overlay alone: chips by known names, nothing read or captured. And the shop's
// CouchDB server this browser shares its customer book with (src/ui/sync/SyncSettings).
import { useEffect, useState } from "react"
import {
  adminOriginOf,
  grantedAdminPatterns,
  grantedTagSites,
  removeTagSite,
  requestTagSite,
  waitUntilWired
} from "~src/adapters/vendure/site-access"
import { OwnerOptions } from "~src/ui/dashboard/OwnerOptions"
import { PrivacySection } from "~src/ui/store/PrivacySection"
import { t } from "~src/ui/i18n"
import { SyncSettings } from "~src/ui/sync/SyncSettings"

const page: React.CSSProperties = {
  maxWidth: 720,
  margin: "24px auto",
  padding: "0 16px",
  font: '14px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif',
  color: "#262626"
}

export default function Options() {
  return (
    <main style={page}>
      <OwnerOptions />
      <OriginAccess
        texts={{
          title: "selfHostedTitle",
          intro: "selfHostedIntro",
          address: "selfHostedAddress",
          allow: "selfHostedAllow",
          wired: "selfHostedWired",
          none: "selfHostedNone"
        }}
        inputName="admin-address"
        placeholder="https://shop.example.com/admin"
        attrs={{ status: "data-status", list: "data-granted" }}
        granted={grantedAdminPatterns}
        // Chrome only asks from a click: the request goes before anything else awaits.
        request={(pattern) => chrome.permissions.request({ origins: [pattern] })}
        wired={(pattern) => waitUntilWired(pattern)}
        remove={(pattern) => chrome.permissions.remove({ origins: [pattern] }).then(() => undefined)}
      />
      {/* "Show Huike's tags on this site": the overlay alone, nothing read or captured there. */}
      <section data-tag-sites>
        <OriginAccess
          texts={{
            title: "tagSitesTitle",
            intro: "tagSitesIntro",
            address: "tagSitesAddress",
            allow: "tagSitesAllow",
            wired: "tagSitesWired",
            none: "tagSitesNone"
          }}
          inputName="tag-site-address"
          placeholder="https://support.example.com"
          attrs={{ status: "data-tag-status", list: "data-tag-sites-list" }}
          granted={grantedTagSites}
          request={requestTagSite}
          wired={(pattern) => waitUntilWired(pattern, 10_000, "tags")}
          remove={removeTagSite}
        />
      </section>
      <SyncSettings />
      <PrivacySection />
    </main>
  )
}

/**
 * One kind of origin the user lets Huike onto (a self-hosted admin, a site for tags only): an address asked
 * of Chrome for that one origin, the status of the last request, and the granted ones, each removable.
 */
function OriginAccess(props: {
  texts: { title: string; intro: string; address: string; allow: string; wired: string; none: string }
  inputName: string
  placeholder: string
  attrs: { status: string; list: string }
  granted: () => Promise<string[]>
  /** Called inside the click, before anything awaits: Chrome only asks from a user gesture. */
  request: (pattern: string) => Promise<boolean>
  wired: (pattern: string) => Promise<unknown>
  remove: (pattern: string) => Promise<void>
}) {
  const { texts, granted } = props
  const [address, setAddress] = useState("")
  const [patterns, setPatterns] = useState<string[]>([])
  const [status, setStatus] = useState("")
  const refresh = () => void granted().then(setPatterns)
  useEffect(refresh, [granted])

  const allow = () => {
    const origin = adminOriginOf(address)
    if (!origin) return setStatus(t("selfHostedBadAddress", [address]))
    void props.request(origin.pattern).then(async (ok) => {
      if (!ok) return setStatus(t("selfHostedRefused", [origin.origin]))
      await props.wired(origin.pattern)
      setStatus(t(texts.wired, [origin.origin]))
      refresh()
    })
  }

  return (
    <>
      <h1 style={{ fontSize: 20 }}>{t(texts.title)}</h1>
      <p>{t(texts.intro)}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          allow()
        }}>
        <label>
          {t(texts.address)}{" "}
          <input
            name={props.inputName}
            type="url"
            required
            size={40}
            placeholder={props.placeholder}
            value={address}
            onChange={(e) => setAddress(e.target.value)}
          />
        </label>{" "}
        <button type="submit">{t(texts.allow)}</button>
      </form>
      <p role="status" {...{ [props.attrs.status]: "" }}>
        {status}
      </p>
      {patterns.length === 0 ? (
        <p>{t(texts.none)}</p>
      ) : (
        <ul {...{ [props.attrs.list]: "" }}>
          {patterns.map((pattern) => (
            <li key={pattern}>
              <code>{pattern.replace(/\/\*$/, "")}</code>{" "}
              <button
                type="button"
                onClick={() =>
                  void props.remove(pattern).then(() => {
                    setStatus("")
                    refresh()
                  })
                }>
                {t("selfHostedRemove")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
