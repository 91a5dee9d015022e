import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

// End-to-end tests: the production build loaded into Debian's Chromium through playwright-core.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false
  }
})
