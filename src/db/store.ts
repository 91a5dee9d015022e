// Layer: entry. The store's front door: the schema (HuikeDB, its records and keys) with every migration's data step
// registered. Construct the database from here, never from ./schema/database directly: a database opened
// without the data steps would fail its upgrade. See ./README.md for the layers.
import "./migrations"

export * from "./schema/database"
export { customerKeyOf, lookupKeysOf, orderKeyOf, shopKeyOf } from "./schema/keys"
