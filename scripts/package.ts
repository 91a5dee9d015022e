// `npm run package`: after `plasmo build` and `plasmo package` (which writes build/chrome-mv3-prod.zip), names
// the store zip with the version in package.json: build/huike-<version>-chrome.zip. The zip is what the
// Chrome Web Store takes, and what a seller loads with "Load unpacked" (unzipped) while the listing is pending.
import { existsSync, readFileSync, renameSync, statSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..")

/** The version in package.json (the manifest's version comes from it too). */
export function packageVersion(root = repoRoot): string {
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown }
  if (typeof version !== "string" || !/^\d+(\.\d+){0,3}$/.test(version))
    throw new Error(
      `package.json's version ${JSON.stringify(version)} is not a Chrome extension version (1 to 4 dot-separated numbers)`
    )
  return version
}

/** Where `npm run package` leaves the store zip. */
export function packageZipPath(root = repoRoot): string {
  return join(root, "build", `huike-${packageVersion(root)}-chrome.zip`)
}

function main(): void {
  const plasmoZip = join(repoRoot, "build", "chrome-mv3-prod.zip")
  if (!existsSync(plasmoZip)) throw new Error(`${plasmoZip} is missing: "plasmo package" did not write it`)
  const target = packageZipPath()
  renameSync(plasmoZip, target)
  console.log(`${target} (${(statSync(target).size / 1024 / 1024).toFixed(2)} MB)`)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
