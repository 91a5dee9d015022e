// The import rules `npm run lint` enforces (.dependency-cruiser.cjs) fail on the tree that breaks them: a cycle,
// an upward import inside the store, and the schema's class taken from outside the store's front door.
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
const fixture = fileURLToPath(new URL("../fixtures/import-rules", import.meta.url))

function depcruise(outputType: "json" | "err") {
  return spawnSync(
    process.execPath,
    [
      `${root}node_modules/dependency-cruiser/bin/dependency-cruise.mjs`,
      "src",
      "--config",
      `${root}.dependency-cruiser.cjs`,
      "--output-type",
      outputType
    ],
    { cwd: fixture, encoding: "utf8" }
  )
}

interface Report {
  summary: { violations: { rule: { name: string }; from: string; to: string }[] }
}

describe("import rules", () => {
  const report = JSON.parse(depcruise("json").stdout) as Report
  const violations = report.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }))

  it("fail the run as `npm run lint` runs them", () => {
    const run = depcruise("err")
    expect(run.status).not.toBe(0)
    expect(run.stdout).toContain("no-circular")
  })

  it("report the cycle", () => {
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: "no-circular", from: "src/ui/a.ts", to: "src/ui/b.ts" })
    )
  })

  it("report the schema importing the writes layer above it", () => {
    expect(violations).toContainEqual({
      rule: "db-schema-imports-up",
      from: "src/db/schema/database.ts",
      to: "src/db/writes/store-order.ts"
    })
  })

  it("report the database class taken from the schema, and allow a type import", () => {
    const opened = violations.filter((v) => v.rule === "db-opened-through-store").map((v) => v.from)
    expect(opened).toEqual(["src/ui/opens-db.ts"])
  })
})
