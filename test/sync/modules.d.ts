// express-pouchdb ships no types; the tests use it as below.
declare module "express-pouchdb" {
  import type { RequestHandler } from "express"
  export default function expressPouchDB(
    pouch: unknown,
    options?: { mode?: string; inMemoryConfig?: boolean; logPath?: string }
  ): RequestHandler
}
declare module "pouchdb-adapter-leveldb" {
  const plugin: PouchDB.Plugin
  export default plugin
}
