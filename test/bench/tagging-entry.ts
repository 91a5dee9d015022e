// The scanner as shipped, bundled for a bench page (test/bench/tagging.bench.ts).
export { NameFilter } from "../../src/core/known-names"
export { createNameScanner } from "../../src/ui/known-names"
