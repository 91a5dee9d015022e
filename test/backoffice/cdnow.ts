// Reads the real CDNOW transaction sample from ../shared/data/cdnow (never copied into the repo).
// The imitation back offices derive their shops, buyers and orders from it so that tags mean something.
import { existsSync, readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"

export interface CdnowPurchase {
  /** Sample id 1..2357. */
  customer: number
  /** Purchase day as [year, month (1-12), day]. */
  day: [number, number, number]
  quantity: number
  /** US dollars in cents. */
  cents: number
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..")
// A git worktree sits one level deeper (…/wt/<branch>) than the main checkout: look there too.
export const sharedDataDir =
  [resolve(repoRoot, "../shared/data"), resolve(repoRoot, "../../shared/data")].find((d) => existsSync(d)) ??
  resolve(repoRoot, "../shared/data")

export function readCdnow(): CdnowPurchase[] {
  const file = resolve(sharedDataDir, "cdnow/CDNOW_sample.txt")
  if (!existsSync(file)) {
    throw new Error(`CDNOW sample not found at ${file}: the repo expects ../shared/data beside it`)
  }
  const rows: CdnowPurchase[] = []
  const lines = readFileSync(file, "utf8").split("\n")
  lines.forEach((line, i) => {
    const t = line.trim()
    if (!t) return
    const [, sampleId, ymd, cds, dollars] = t.split(/\s+/)
    if (!ymd || ymd.length !== 8 || dollars === undefined)
      throw new Error(`CDNOW_sample.txt line ${i + 1}: ${t}`)
    rows.push({
      customer: Number(sampleId),
      day: [Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)), Number(ymd.slice(6, 8))],
      quantity: Number(cds),
      cents: Math.round(Number(dollars) * 100)
    })
  })
  return rows
}
