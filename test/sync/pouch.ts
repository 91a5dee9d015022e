// PouchDB for Node tests, its plugins added once (plugin() changes the one PouchDB class in place):
// the in-memory adapter where the extension has IndexedDB, and the same http adapter and replication.
import PouchDB from "pouchdb-core"
import httpAdapter from "pouchdb-adapter-http"
import memoryAdapter from "pouchdb-adapter-memory"
import mapReduce from "pouchdb-mapreduce"
import replication from "pouchdb-replication"

export const Pouch: PouchDB.Static = PouchDB.plugin(memoryAdapter)
  .plugin(httpAdapter)
  .plugin(mapReduce)
  .plugin(replication)
