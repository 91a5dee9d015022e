// Layer: migrations. Every schema version's data step, registered with the schema's registry. Loaded by
// src/db/store.ts (the store's front door); nothing else imports the steps, and the schema reaches them only
// through the registry.
import { registerDataStep } from "../schema/migrations"
import { v2LookupKeys } from "./v2-lookup-keys"
import { v4MergeTaobaoBuyers } from "./v4-merge-taobao-buyers"

registerDataStep(2, v2LookupKeys)
registerDataStep(4, v4MergeTaobaoBuyers)
