// The part of PouchDB's API Huike uses. (@types/pouchdb-core redeclares Node's global Buffer, which breaks
// the project's Node typings, so the modules are typed here.)
declare namespace PouchDB {
  interface Doc {
    _id: string
    _rev?: string
    _deleted?: boolean
    _conflicts?: string[]
    [field: string]: unknown
  }
  interface WriteResult {
    ok?: boolean
    id?: string
    rev?: string
    error?: string | boolean
    reason?: string
  }
  interface Change {
    id: string
    seq: number | string
    deleted?: boolean
    doc?: Doc
  }
  interface ReplicationResult {
    ok: boolean
    docs_read: number
    docs_written: number
    doc_write_failures: number
    last_seq: number | string
  }
  /** A one-off replication: a promise of its result that also reports each batch. */
  interface Replication extends Promise<ReplicationResult> {
    on(event: "change", listener: (info: { docs_read: number; docs_written: number }) => void): this
  }
  /** A live (continuous) replication or sync: events until cancelled. */
  interface LiveReplication {
    on(event: "change", listener: (info: { direction?: "push" | "pull" }) => void): this
    on(event: "paused", listener: (err?: unknown) => void): this
    on(event: "active", listener: () => void): this
    on(event: "denied" | "error", listener: (err: unknown) => void): this
    on(event: "complete", listener: () => void): this
    cancel(): void
  }
  interface Replicate {
    to(target: Database | string, options?: Record<string, unknown>): Replication
    from(source: Database | string, options: { live: true } & Record<string, unknown>): LiveReplication
    from(source: Database | string, options?: Record<string, unknown>): Replication
  }
  interface Database {
    readonly name: string
    info(): Promise<{ db_name: string; doc_count: number; update_seq: number | string }>
    get(id: string, options?: { rev?: string; conflicts?: boolean }): Promise<Doc>
    put(doc: Doc): Promise<WriteResult>
    bulkDocs(docs: Doc[]): Promise<WriteResult[]>
    allDocs(options?: {
      keys?: string[]
      startkey?: string
      endkey?: string
      include_docs?: boolean
      limit?: number
    }): Promise<{
      total_rows: number
      rows: {
        id: string
        key: string
        value?: { rev: string; deleted?: boolean }
        doc?: Doc | null
        error?: string
      }[]
    }>
    changes(options: {
      since?: number | string
      limit?: number
      include_docs?: boolean
      conflicts?: boolean
    }): Promise<{ results: Change[]; last_seq: number | string }>
    replicate: Replicate
    remove(id: string, rev: string): Promise<WriteResult>
    close(): Promise<void>
    destroy(): Promise<void>
  }
  interface Options {
    adapter?: string
    prefix?: string
    skip_setup?: boolean
    auth?: { username: string; password: string }
    [option: string]: unknown
  }
  interface Static {
    new (name: string, options?: Options): Database
    plugin(plugin: Plugin): Static
    defaults(options: Options): Static
  }
  type Plugin = unknown
}

declare module "pouchdb-core" {
  const PouchDB: PouchDB.Static
  export default PouchDB
}
declare module "pouchdb-adapter-idb" {
  const plugin: PouchDB.Plugin
  export default plugin
}
declare module "pouchdb-adapter-http" {
  const plugin: PouchDB.Plugin
  export default plugin
}
declare module "pouchdb-adapter-memory" {
  const plugin: PouchDB.Plugin
  export default plugin
}
declare module "pouchdb-replication" {
  const plugin: PouchDB.Plugin
  export default plugin
}
declare module "pouchdb-mapreduce" {
  const plugin: PouchDB.Plugin
  export default plugin
}
