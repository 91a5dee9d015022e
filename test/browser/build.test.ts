// The benches' build check: a build is made again when it is missing or older than any of its sources.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, expect, it } from "vitest"
import { staleBuild } from "./build"

let root: string
afterEach(() => rmSync(root, { recursive: true, force: true }))

function at(path: string, seconds: number) {
  mkdirSync(join(path, ".."), { recursive: true })
  writeFileSync(path, "x")
  utimesSync(path, seconds, seconds)
}

it("asks for a build when there is none, when a source is newer, and not when the build is newer", () => {
  root = mkdtempSync(join(tmpdir(), "huike-build-"))
  const built = join(root, "build/chrome-mv3-prod")
  at(join(root, "src/core/deep/file.ts"), 1_000)
  at(join(root, "popup.tsx"), 1_000)
  expect(staleBuild(root, built)).toMatch(/^no extension build at /)
  at(join(built, "manifest.json"), 2_000)
  expect(staleBuild(root, built)).toBeNull()
  at(join(root, "src/core/deep/file.ts"), 3_000)
  expect(staleBuild(root, built)).toBe("the extension build is older than its sources")
  at(join(built, "manifest.json"), 4_000)
  at(join(root, "locales/zh_CN/messages.json"), 5_000)
  expect(staleBuild(root, built)).toBe("the extension build is older than its sources")
})
