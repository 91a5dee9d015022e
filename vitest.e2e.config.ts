import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

// End-to-end tests: the production build loaded into Chromium through playwright-core. The global setup
// finds (or installs) Chromium and a CJK font once for the whole run.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    environment: "node",
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false
  }
})
