import js from "@eslint/js"
import reactHooks from "eslint-plugin-react-hooks"
import tseslint from "typescript-eslint"

export default tseslint.config(
  { ignores: ["build/**", ".plasmo/**", "node_modules/**", "scripts/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Page-controlled strings must never reach an HTML parser.
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Use textContent or React; page strings must not reach HTML." },
        { property: "outerHTML", message: "Use textContent or React; page strings must not reach HTML." },
        { property: "insertAdjacentHTML", message: "Page strings must not reach HTML." }
      ]
    }
  },
  {
    // Tool configs in CommonJS (dependency-cruiser's).
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } }
  },
  {
    // The imitation back office's page script runs in the browser.
    files: ["test/backoffice/**/*.js"],
    languageOptions: {
      globals: {
        document: "readonly",
        fetch: "readonly",
        history: "readonly",
        location: "readonly",
        URLSearchParams: "readonly",
        TextDecoder: "readonly",
        XMLHttpRequest: "readonly",
        window: "readonly"
      }
    }
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        "window",
        "document",
        "chrome",
        "browser",
        "indexedDB",
        "localStorage"
      ]
    }
  }
)
