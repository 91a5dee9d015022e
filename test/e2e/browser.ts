// Starts Chromium (test/browser/find-chromium.ts finds or installs it) through playwright-core with the production build of the extension loaded,
// the imitation back offices reachable under their real host names.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { chromium, type BrowserContext, type Page, type Worker } from "playwright-core"
import { chromiumPath } from "../browser/find-chromium"

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..")
export const extensionDir = resolve(repoRoot, "build/chrome-mv3-prod")

export interface ExtensionBrowser {
  context: BrowserContext
  extensionId: string
  worker: Worker
  /** Opens one of the extension's own pages, e.g. "popup.html". */
  openExtensionPage(path: string): Promise<Page>
  close(): Promise<void>
}

export async function launchWithExtension(opts: {
  hostResolverRules: string
  headless?: boolean
  locale?: "en" | "zh-CN"
  userDataDir?: string
  /**
   * Optional permissions (e.g. clipboardRead) the extension holds as if the user had allowed them. Chrome's
   * permission prompt cannot be answered from a test, so a copy of the build is loaded whose manifest asks
   * for them at install (an unpacked extension gets those without a prompt); the code is the same.
   */
  granted?: string[]
  /** Load this unpacked extension instead of the build folder (the store zip, unzipped: package.e2e.ts). */
  extensionDir?: string
}): Promise<ExtensionBrowser> {
  const dir = opts.extensionDir ?? extensionDir
  if (!existsSync(join(dir, "manifest.json"))) {
    throw new Error(`no extension build at ${dir}: run "npm run build" first`)
  }
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), "huike-chromium-"))
  const loaded = opts.granted?.length ? grantedCopy(opts.granted, dir) : dir
  const locale = opts.locale ?? "en"
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: await chromiumPath(),
    headless: opts.headless ?? true,
    ignoreHTTPSErrors: true,
    locale,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      `--lang=${locale}`,
      `--disable-extensions-except=${loaded}`,
      `--load-extension=${loaded}`,
      `--host-resolver-rules=${opts.hostResolverRules}`
    ]
  })
  const worker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: 30_000 }))
  const extensionId = new URL(worker.url()).host
  // Plasmo registers the main-world script from the service worker when it starts; a page opened
  // before that would miss it (an installed extension keeps the registration across restarts).
  await worker.evaluate(async () => {
    for (let i = 0; i < 200; i++) {
      if ((await chrome.scripting.getRegisteredContentScripts()).length > 0) return
      await new Promise((r) => setTimeout(r, 25))
    }
    throw new Error("the main-world content script was never registered")
  })
  return {
    context,
    extensionId,
    worker,
    async openExtensionPage(path: string) {
      const page = await context.newPage()
      await page.goto(`chrome-extension://${extensionId}/${path}`)
      return page
    },
    async close() {
      await context.close()
      if (!opts.userDataDir) rmSync(userDataDir, { recursive: true, force: true })
      if (loaded !== dir) rmSync(loaded, { recursive: true, force: true })
    }
  }
}

/** A copy of the build whose manifest holds these optional permissions as required ones. */
function grantedCopy(permissions: string[], from: string): string {
  const dir = mkdtempSync(join(tmpdir(), "huike-granted-"))
  cpSync(from, dir, { recursive: true })
  const path = join(dir, "manifest.json")
  const manifest = JSON.parse(readFileSync(path, "utf8")) as {
    permissions?: string[]
    optional_permissions?: string[]
  }
  for (const p of permissions) {
    if (!manifest.optional_permissions?.includes(p)) throw new Error(`${p} is not an optional permission`)
    manifest.optional_permissions = manifest.optional_permissions.filter((x) => x !== p)
    manifest.permissions = [...(manifest.permissions ?? []), p]
  }
  writeFileSync(path, JSON.stringify(manifest, null, 2))
  return dir
}

/** Reads a whole object store of the extension's IndexedDB through one of its own pages. */
export async function readStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolveRows, reject) => {
        const open = indexedDB.open("huike")
        let missing = false
        // No database yet: do not create an empty one (that would stand in Dexie's way); read nothing.
        open.onupgradeneeded = () => {
          missing = true
          open.transaction?.abort()
        }
        open.onerror = () => (missing ? resolveRows([]) : reject(open.error))
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains(name)) {
            db.close()
            return resolveRows([])
          }
          const req = db.transaction(name, "readonly").objectStore(name).getAll()
          req.onsuccess = () => {
            resolveRows(req.result as T[])
            db.close()
          }
          req.onerror = () => reject(req.error)
        }
      }),
    store
  )
}

/** How many records an object store of the extension's IndexedDB holds (0 before the database exists). */
export async function countStore(page: Page, store: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolveCount, reject) => {
        const open = indexedDB.open("huike")
        let missing = false
        open.onupgradeneeded = () => {
          missing = true
          open.transaction?.abort()
        }
        open.onerror = () => (missing ? resolveCount(0) : reject(open.error))
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains(name)) {
            db.close()
            return resolveCount(0)
          }
          const req = db.transaction(name, "readonly").objectStore(name).count()
          req.onsuccess = () => {
            resolveCount(req.result)
            db.close()
          }
          req.onerror = () => reject(req.error)
        }
      }),
    store
  )
}
