// Self-hosted back offices (a Vendure admin) live on the shop's own origin, which no manifest can list.
// Huike asks for none of them at install: the user names their admin in the options page, Chrome asks
// them to allow that one origin (`optional_host_permissions`), and the background registers Huike's
// content scripts for exactly the origins granted so far — and unregisters them when access is removed.
//
// Sites the seller adds only for tags (a helpdesk, a webmail: options → "Show Huike's tags on this site") are
// granted the same way, and listed under TAG_SITES_KEY: there only the overlay (chips by known names, the
// hover card) is registered — no capture, no interceptor, nothing read from the site.

import { syncServerPattern } from "../../sync/config"
import { SYNC_CONFIG_KEY } from "../../sync/keys"

const PREFIX = "huike-selfhosted-"
/** The id Plasmo registers the main-world interceptor (contents/intercept.ts) under. */
const MAIN_WORLD_SCRIPT_ID = "contentsIntercept"

/** "https://shop.example.com/admin/orders" -> its origin and the host permission to ask for. */
export function adminOriginOf(text: string): { origin: string; pattern: string } | null {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return null
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname) return null
  return { origin: url.origin, pattern: `${url.origin}/*` }
}

/** chrome.storage.local key: the patterns of sites added for tags only. */
export const TAG_SITES_KEY = "huike.tagSites"
/** The id the overlay's registration on tag-only sites carries. */
const TAGS_SCRIPT_ID = `${PREFIX}tags`

/** Patterns of the sites added for tags only (granted or not yet). */
export async function savedTagSites(): Promise<string[]> {
  const value = (await chrome.storage.local.get(TAG_SITES_KEY))[TAG_SITES_KEY] as unknown
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []
}

/** Host permissions the user granted beyond the marketplaces the manifest lists (and the shop's sync server). */
async function grantedPatterns(): Promise<string[]> {
  const builtIn = new Set(chrome.runtime.getManifest().host_permissions ?? [])
  const syncServer = await syncServerPattern()
  const { origins = [] } = await chrome.permissions.getAll()
  return origins.filter((o) => !builtIn.has(o) && o !== syncServer).sort()
}

/** Granted self-hosted back offices (every granted origin but the tag-only sites). */
export async function grantedAdminPatterns(): Promise<string[]> {
  const tagSites = new Set(await savedTagSites())
  return (await grantedPatterns()).filter((p) => !tagSites.has(p))
}

/** Granted tag-only sites. */
export async function grantedTagSites(): Promise<string[]> {
  const tagSites = new Set(await savedTagSites())
  return (await grantedPatterns()).filter((p) => tagSites.has(p))
}

/**
 * For the options page, inside the click: notes `pattern` as a tag-only site first (so the background never
 * wires the full scripts there), then asks Chrome for it; a refusal forgets it again.
 */
export function requestTagSite(pattern: string): Promise<boolean> {
  const noted = savedTagSites().then((list) =>
    chrome.storage.local.set({ [TAG_SITES_KEY]: [...new Set([...list, pattern])] })
  )
  // Chrome only asks from a click: the request goes before anything awaits.
  const asked = chrome.permissions.request({ origins: [pattern] })
  return Promise.all([noted, asked]).then(async ([, ok]) => {
    if (!ok) await forgetTagSite(pattern)
    return ok
  })
}

/** Takes a tag-only site's access back and forgets it. */
export async function removeTagSite(pattern: string): Promise<void> {
  await chrome.permissions.remove({ origins: [pattern] })
  await forgetTagSite(pattern)
}

async function forgetTagSite(pattern: string): Promise<void> {
  const list = await savedTagSites()
  await chrome.storage.local.set({ [TAG_SITES_KEY]: list.filter((p) => p !== pattern) })
}

async function mainWorldScriptFile(): Promise<string | null> {
  // Plasmo registers it when the service worker starts; wait for that rather than guess the file name.
  for (let i = 0; i < 100; i++) {
    const [script] = await chrome.scripting.getRegisteredContentScripts({ ids: [MAIN_WORLD_SCRIPT_ID] })
    if (script?.js?.length) return script.js[0]
    await new Promise((r) => setTimeout(r, 50))
  }
  return null
}

/** Makes the registered self-hosted content scripts match the granted origins exactly. */
export async function syncSelfHostedScripts(): Promise<string[]> {
  const patterns = await grantedAdminPatterns()
  const tagSites = await grantedTagSites()
  const ours = (await chrome.scripting.getRegisteredContentScripts())
    .map((s) => s.id)
    .filter((id) => id.startsWith(PREFIX))
  if (ours.length) await chrome.scripting.unregisterContentScripts({ ids: ours })
  if (tagSites.length > 0) {
    // The overlay alone: chips by known names and the hover card. Plasmo names its bundle overlay.<hash>.js.
    const overlay = (chrome.runtime.getManifest().content_scripts ?? []).find((cs) =>
      cs.js?.some((file) => /(^|\/)overlay\.[^/]*\.js$/.test(file))
    )
    if (!overlay?.js) throw new Error("Huike's overlay script is not in the manifest; reload the extension")
    await chrome.scripting.registerContentScripts([
      {
        id: TAGS_SCRIPT_ID,
        js: overlay.js,
        ...(overlay.css?.length ? { css: overlay.css } : {}),
        matches: tagSites,
        runAt: "document_idle"
      }
    ])
  }
  if (patterns.length === 0) return patterns
  const intercept = await mainWorldScriptFile()
  if (!intercept) throw new Error("Huike's page interceptor is not registered; reload the extension")
  // The same built files the manifest injects on the marketplaces, on the granted origins.
  const isolated = (chrome.runtime.getManifest().content_scripts ?? []).flatMap(
    (cs, i): chrome.scripting.RegisteredContentScript[] =>
      cs.js?.length
        ? [
            {
              id: `${PREFIX}${i}`,
              js: cs.js,
              ...(cs.css?.length ? { css: cs.css } : {}),
              matches: patterns,
              runAt:
                cs.run_at === "document_start" || cs.run_at === "document_end" ? cs.run_at : "document_idle"
            }
          ]
        : []
  )
  await chrome.scripting.registerContentScripts([
    { id: `${PREFIX}intercept`, js: [intercept], matches: patterns, world: "MAIN", runAt: "document_start" },
    ...isolated
  ])
  return patterns
}

/** For the background: keep the registrations in step with the permissions, one change at a time. */
export function keepSelfHostedScriptsInSync(): void {
  let chain = Promise.resolve()
  const sync = () => {
    chain = chain
      .then(() => syncSelfHostedScripts())
      .then(
        () => undefined,
        (error) => console.warn("[huike] could not wire self-hosted admins:", error)
      )
  }
  chrome.permissions.onAdded.addListener(sync)
  chrome.permissions.onRemoved.addListener(sync)
  // The shop's sync server is an allowed origin too, but no admin; tag-only sites get the overlay alone:
  // a change of either changes the registrations.
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && (SYNC_CONFIG_KEY in changes || TAG_SITES_KEY in changes)) sync()
  })
  // Built file names change with every update: register again each time the worker starts.
  sync()
}

/** For the options page: resolves once the background has wired `pattern` (or after `timeoutMs`). */
export async function waitUntilWired(
  pattern: string,
  timeoutMs = 10_000,
  kind: "admin" | "tags" = "admin"
): Promise<boolean> {
  const until = Date.now() + timeoutMs
  const id = kind === "tags" ? TAGS_SCRIPT_ID : `${PREFIX}intercept`
  while (Date.now() < until) {
    const scripts = await chrome.scripting.getRegisteredContentScripts({ ids: [id] })
    if (scripts[0]?.matches?.includes(pattern)) return true
    await new Promise((r) => setTimeout(r, 100))
  }
  return false
}
