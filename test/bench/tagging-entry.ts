// The scanner as shipped, bundled for a bench page (test/bench/tagging.bench.ts).
export { NameFilter } from "../../src/core/known-names"
export { createNameScanner, nextSlice } from "../../src/ui/known-names"
