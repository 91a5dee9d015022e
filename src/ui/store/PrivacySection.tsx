// The options page's privacy section: a link to the privacy policy this version ships with (tabs/privacy,
// PRIVACY.md) and the marketplace data rules.
import { t } from "../i18n"

export function PrivacySection() {
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
    </section>
  )
}
