// Self-hosted back offices (a Vendure admin) live on the shop's own origin, which no manifest can list.
// Huike asks for none of them at install: the user names their admin in the options page, Chrome asks
// them to allow that one origin (`optional_host_permissions`), and the background registers Huike's
// content scripts for exactly the origins granted so far — and unregisters them when access is removed.

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

/** Host permissions the user granted beyond the marketplaces the manifest lists (and the shop's sync server). */
export async function grantedAdminPatterns(): Promise<string[]> {
  const builtIn = new Set(chrome.runtime.getManifest().host_permissions ?? [])
  const syncServer = await syncServerPattern()
  const { origins = [] } = await chrome.permissions.getAll()
  return origins.filter((o) => !builtIn.has(o) && o !== syncServer).sort()
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
  const ours = (await chrome.scripting.getRegisteredContentScripts())
    .map((s) => s.id)
    .filter((id) => id.startsWith(PREFIX))
  if (ours.length) await chrome.scripting.unregisterContentScripts({ ids: ours })
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
  // The shop's sync server is an allowed origin too, but no admin: a change of it changes the list.
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && SYNC_CONFIG_KEY in changes) sync()
  })
  // Built file names change with every update: register again each time the worker starts.
  sync()
}

/** For the options page: resolves once the background has wired `pattern` (or after `timeoutMs`). */
export async function waitUntilWired(pattern: string, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const scripts = await chrome.scripting.getRegisteredContentScripts({ ids: [`${PREFIX}intercept`] })
    if (scripts[0]?.matches?.includes(pattern)) return true
    await new Promise((r) => setTimeout(r, 100))
  }
  return false
}
