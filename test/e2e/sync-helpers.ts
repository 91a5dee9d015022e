// What the sync end-to-end tests share: the shop's server with the owner's and a rep's profiles, connecting
// a profile to it as a person would (the server's origin allowed in chrome://extensions, then the options
// page's "Save and connect") and reading the popup's figures.
import type { Page } from "playwright-core"
import { expect } from "vitest"
import { startBackOffice, type BackOffice } from "../backoffice/server"
import { startCouchServer, type CouchServer } from "../sync/couch-server"
import { launchWithExtension, type ExtensionBrowser } from "./browser"

export interface ShopOfTwo {
  couch: CouchServer
  office: BackOffice
  owner: ExtensionBrowser
  rep: ExtensionBrowser
  close(): Promise<void>
}

/** The shop's server (database "shop", users owner and rep), the back office, and two fresh profiles. */
export async function startShopOfTwo(): Promise<ShopOfTwo> {
  const started: { close(): Promise<void> }[] = []
  const close = async () => {
    for (const part of started.reverse()) await part.close()
  }
  try {
    const couch = await startCouchServer()
    started.push(couch)
    await couch.addUser("owner", "owner-pw")
    await couch.addUser("rep", "rep-pw")
    await couch.createDatabase("shop", ["owner", "rep"])
    const office = await startBackOffice()
    started.push(office)
    const owner = await launchWithExtension({ hostResolverRules: office.hostResolverRules })
    started.push(owner)
    const rep = await launchWithExtension({ hostResolverRules: office.hostResolverRules })
    started.push(rep)
    return { couch, office, owner, rep, close }
  } catch (e) {
    // What started is closed, so a failed start leaves no server or browser behind.
    await close()
    throw e
  }
}

interface DeveloperPrivate {
  updateExtensionConfiguration(update: { extensionId: string; hostAccess: string }, done: () => void): void
  addHostPermission(extensionId: string, host: string, done: () => void): void
}

/** chrome://extensions → Huike → Site access → add the server; then the options page's form. */
export async function connect(browser: ExtensionBrowser, couch: CouchServer, user: string): Promise<Page> {
  const settings = await browser.context.newPage()
  await settings.goto(`chrome://extensions/?id=${browser.extensionId}`)
  // "On specific sites" withholds the manifest's back-office hosts too: the owner adds Taobao's back.
  const sites = [`${couch.url}/*`, "https://trade.taobao.com/*"]
  const added = await settings.evaluate(
    ([id, list]) =>
      new Promise<string>((done) => {
        const dev = (chrome as unknown as { developerPrivate: DeveloperPrivate }).developerPrivate
        dev.updateExtensionConfiguration({ extensionId: id, hostAccess: "ON_SPECIFIC_SITES" }, () => {
          let left = list.length
          for (const site of list)
            dev.addHostPermission(id, site, () => {
              if (chrome.runtime.lastError) return done(chrome.runtime.lastError.message ?? "error")
              if (--left === 0) done("ok")
            })
        })
      }),
    [browser.extensionId, sites] as const
  )
  expect(added).toBe("ok")
  await settings.close()
  const options = await browser.openExtensionPage("options.html")
  await options.fill('input[name="sync-server"]', couch.url)
  await options.fill('input[name="sync-database"]', "shop")
  await options.fill('input[name="sync-username"]', user)
  await options.fill('input[name="sync-password"]', `${user}-pw`)
  await options.getByRole("button", { name: "Save and connect" }).click()
  await expect
    .poll(() => options.getByTestId("sync-status").getAttribute("data-state"), { timeout: 30_000 })
    .toBe("synced")
  return options
}

/** The popup's figures: today's, the stored counts. */
export async function popupFigures(browser: ExtensionBrowser) {
  const popup = await browser.openExtensionPage("popup.html")
  await expect.poll(() => popup.getByTestId("orders").textContent(), { timeout: 15_000 }).not.toBe("0")
  const text = async (id: string) => (await popup.getByTestId(id).textContent())?.trim()
  const figures = {
    orders: await text("orders"),
    customers: await text("customers"),
    today: await popup.getByTestId("today").textContent(),
    rates: await popup.getByTestId("rate-table").textContent(),
    status: await popup.getByTestId("sync-status").textContent()
  }
  await popup.close()
  return figures
}
