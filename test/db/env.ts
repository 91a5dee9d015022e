// Node stand-ins for what the store's libraries expect of a browser: import first in a test file.
// fake-indexeddb gives IndexedDB; dexie-export-import also wants `self` and FileReader.
import "fake-indexeddb/auto"

const g = globalThis as Record<string, unknown>
g.self ??= globalThis
if (g.FileReader === undefined) {
  class NodeFileReader {
    result: unknown = null
    error: unknown = null
    onload: ((ev: { target: NodeFileReader }) => void) | null = null
    onerror: ((ev: { target: NodeFileReader }) => void) | null = null
    onabort: (() => void) | null = null
    readAsArrayBuffer(blob: Blob) {
      blob.arrayBuffer().then(
        (b) => {
          this.result = b
          this.onload?.({ target: this })
        },
        (e: unknown) => {
          this.error = e
          this.onerror?.({ target: this })
        }
      )
    }
    readAsText(blob: Blob) {
      blob.text().then(
        (t) => {
          this.result = t
          this.onload?.({ target: this })
        },
        (e: unknown) => {
          this.error = e
          this.onerror?.({ target: this })
        }
      )
    }
  }
  g.FileReader = NodeFileReader
}
