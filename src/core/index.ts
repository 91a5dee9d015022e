// Public API of the customer value engine (pure TypeScript; runs in the extension and in Node).
export * from "./types"
export * from "./time"
export * from "./segments"
export * from "./levels"
export * from "./columns"
export * from "./customers"
