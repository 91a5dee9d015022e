// A CouchDB-compatible server for tests: express-pouchdb over PouchDB's in-memory adapter (or, with
// `dir`, its LevelDB adapter on disk, as a shop's server stores), on a free port of 127.0.0.1, with an
// admin, users and per-database members as a shop's CouchDB would have.
import type { AddressInfo } from "node:net"
import express from "express"
import expressPouchDB from "express-pouchdb"
import { Pouch as PouchDB } from "./pouch"

export const ADMIN = { username: "admin", password: "admin-secret" }

export interface CouchServer {
  url: string
  /** A person of the shop: a CouchDB user. */
  addUser(name: string, password: string): Promise<void>
  /** The shop's database, readable and writable by these users only. */
  createDatabase(name: string, members: string[]): Promise<void>
  setMembers(name: string, members: string[]): Promise<void>
  /** The server goes away (connections refused) and comes back on the same port with the same data. */
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

let serverCount = 0

export async function startCouchServer(opts: { dir?: string } = {}): Promise<CouchServer> {
  // Each server its own PouchDB namespace, so two tests in one process share nothing.
  const prefix = `couch-${process.pid}-${++serverCount}-`
  const Pouch = opts.dir
    ? (await import("pouchdb-adapter-leveldb").then((m) => PouchDB.plugin(m.default))).defaults({
        adapter: "leveldb",
        prefix: `${opts.dir.replace(/\/+$/, "")}/`
      })
    : PouchDB.defaults({ adapter: "memory", prefix })
  const app = express()
  if (process.env.COUCH_LOG)
    app.use((req, _res, next) => (console.log(req.method, req.url, req.headers.authorization ?? "-"), next()))
  app.use("/", expressPouchDB(Pouch, { inMemoryConfig: true, logPath: `/tmp/${prefix}log.txt` }))
  const listen = (port: number) =>
    new Promise<ReturnType<typeof app.listen>>((resolve) => {
      const s = app.listen(port, "127.0.0.1", () => resolve(s))
    })
  let server = await listen(0)
  const port = (server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}`
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections?.()
      server.close(() => resolve())
    })
  const call = async (method: string, path: string, body?: unknown, auth = true) => {
    const r = await fetch(url + path, {
      method,
      headers: {
        "content-type": "application/json",
        ...(auth
          ? {
              authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString("base64")}`
            }
          : {})
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`)
    return r.json() as Promise<unknown>
  }
  // Leave the "admin party": from here on only the admin and the database's members get in.
  await call("PUT", "/_config/admins/admin", ADMIN.password, false)
  const setMembers = async (name: string, members: string[]) => {
    await call("PUT", `/${name}/_security`, {
      admins: { names: [], roles: [] },
      members: { names: members, roles: [] }
    })
  }
  return {
    url,
    async addUser(name, password) {
      await call("PUT", `/_users/org.couchdb.user:${name}`, {
        _id: `org.couchdb.user:${name}`,
        name,
        password,
        roles: [],
        type: "user"
      })
    },
    async createDatabase(name, members) {
      await call("PUT", `/${name}`)
      await setMembers(name, members)
    },
    setMembers,
    stop,
    async start() {
      server = await listen(port)
    },
    close: stop
  }
}
