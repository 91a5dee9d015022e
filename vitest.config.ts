import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

// Unit tests: Node, fake-indexeddb where a database is needed. End-to-end tests have their own config.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    exclude: ["test/e2e/**", "node_modules/**"],
    environment: "node",
    testTimeout: 30_000
  }
})
