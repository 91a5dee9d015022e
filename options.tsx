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
  const [address, setAddress] = useState("")
  const [granted, setGranted] = useState<string[]>([])
  const [status, setStatus] = useState("")
  const refresh = () => void grantedAdminPatterns().then(setGranted)
  useEffect(refresh, [])

  const allow = () => {
    const admin = adminOriginOf(address)
    if (!admin) return setStatus(t("selfHostedBadAddress", [address]))
    // Chrome only asks from a click: request before anything else awaits.
    void chrome.permissions.request({ origins: [admin.pattern] }).then(async (ok) => {
      if (!ok) return setStatus(t("selfHostedRefused", [admin.origin]))
      await waitUntilWired(admin.pattern)
      setStatus(t("selfHostedWired", [admin.origin]))
      refresh()
    })
  }

  const remove = (pattern: string) =>
    void chrome.permissions.remove({ origins: [pattern] }).then(() => {
      setStatus("")
      refresh()
    })

  return (
    <main style={page}>
      <OwnerOptions />
      <h1 style={{ fontSize: 20 }}>{t("selfHostedTitle")}</h1>
      <p>{t("selfHostedIntro")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          allow()
        }}>
        <label>
          {t("selfHostedAddress")}{" "}
          <input
            name="admin-address"
            type="url"
            required
            size={40}
            placeholder="https://shop.example.com/admin"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
          />
        </label>{" "}
        <button type="submit">{t("selfHostedAllow")}</button>
      </form>
      <p role="status" data-status>
        {status}
      </p>
      {granted.length === 0 ? (
        <p>{t("selfHostedNone")}</p>
      ) : (
        <ul data-granted>
          {granted.map((pattern) => (
            <li key={pattern}>
              <code>{pattern.replace(/\/\*$/, "")}</code>{" "}
              <button type="button" onClick={() => remove(pattern)}>
                {t("selfHostedRemove")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <TagSites />
      <SyncSettings />
    </main>
  )
}

/** "Show Huike's tags on this site": one origin at a time, asked of Chrome, removable. */
function TagSites() {
  const [address, setAddress] = useState("")
  const [sites, setSites] = useState<string[]>([])
  const [status, setStatus] = useState("")
  const refresh = () => void grantedTagSites().then(setSites)
  useEffect(refresh, [])

  const allow = () => {
    const site = adminOriginOf(address)
    if (!site) return setStatus(t("selfHostedBadAddress", [address]))
    void requestTagSite(site.pattern).then(async (ok) => {
      if (!ok) return setStatus(t("selfHostedRefused", [site.origin]))
      await waitUntilWired(site.pattern, 10_000, "tags")
      setStatus(t("tagSitesWired", [site.origin]))
      refresh()
    })
  }

  return (
    <section data-tag-sites>
      <h1 style={{ fontSize: 20 }}>{t("tagSitesTitle")}</h1>
      <p>{t("tagSitesIntro")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          allow()
        }}>
        <label>
          {t("tagSitesAddress")}{" "}
          <input
            name="tag-site-address"
            type="url"
            required
            size={40}
            placeholder="https://support.example.com"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
          />
        </label>{" "}
        <button type="submit">{t("tagSitesAllow")}</button>
      </form>
      <p role="status" data-tag-status>
        {status}
      </p>
      {sites.length === 0 ? (
        <p>{t("tagSitesNone")}</p>
      ) : (
        <ul data-tag-sites-list>
          {sites.map((pattern) => (
            <li key={pattern}>
              <code>{pattern.replace(/\/\*$/, "")}</code>{" "}
              <button
                type="button"
                onClick={() =>
                  void removeTagSite(pattern).then(() => {
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
    </section>
  )
}
