// Import rules `npm run lint` enforces (dependency-cruiser reads the `~` alias through tsconfig.json).
// - No import cycle anywhere in the extension's code.
// - The store (src/db) in layers, imports only going down: schema ← figures ← writes ← reads ← migrations,
//   with store.ts (the front door) and backup.ts on top. See src/db/README.md.
// - The store knows nothing above it (background, src/sync, src/ui, pages, content scripts); src/core knows
//   nothing outside itself.
// - Outside the store, the database is constructed through src/db/store.ts (which registers every migration's
//   data step): only type imports of src/db/schema/database.
const LAYERS = ["schema", "figures", "writes", "reads", "migrations"]
const TOP = "^src/db/(store|backup)\\.ts$"

const upward = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(i + 1)
  if (above.length === 0) return []
  return [
    {
      name: `db-${layer}-imports-up`,
      comment: `src/db/${layer} may import only the layers below it (${LAYERS.slice(0, i).join(", ") || "none"})`,
      severity: "error",
      from: { path: `^src/db/${layer}/` },
      to: { path: [`^src/db/(${above.join("|")})/`, TOP] }
    }
  ]
})

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment:
        "Import cycles make every change ripple round the circle: break it by moving code down a layer.",
      severity: "error",
      from: {},
      to: { circular: true }
    },
    ...upward,
    {
      name: "db-migrations-only-through-registry",
      comment:
        "Data steps are reached only through the schema's registry (src/db/migrations/index.ts, loaded by store.ts).",
      severity: "error",
      from: { pathNot: ["^src/db/(store|backup)\\.ts$", "^src/db/migrations/", "^test/"] },
      to: { path: "^src/db/migrations/" }
    },
    {
      name: "db-imports-nothing-above-it",
      comment: "The store never imports the background, sync, UI, pages or content scripts.",
      severity: "error",
      from: { path: "^src/db/" },
      to: {
        path: [
          "^background/",
          "^src/sync/",
          "^src/ui/",
          "^contents/",
          "^tabs/",
          "^(popup|sidepanel|options)\\.tsx$",
          "^src/adapters/",
          "^src/cli/"
        ]
      }
    },
    {
      name: "core-imports-only-core",
      comment: "src/core is pure domain logic that runs in Node, tests, benches and the CLI.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { pathNot: ["^src/core/", "^node_modules/"], dependencyTypesNot: ["core"] }
    },
    {
      name: "db-opened-through-store",
      comment:
        "Construct HuikeDB from src/db/store.ts (it registers the migrations); import the schema for types only.",
      severity: "error",
      from: { pathNot: "^src/db/" },
      to: { path: "^src/db/schema/database\\.ts$", dependencyTypesNot: ["type-only"] }
    }
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^build/", "^\\.plasmo/", "^test/fixtures/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"]
    }
  }
}
