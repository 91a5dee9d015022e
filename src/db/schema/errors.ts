// Layer: schema. What a storage failure means for the user. IndexedDB reports a full disk as an AbortError of the
// transaction whose inner error (Dexie's `inner`, or the DOMException's cause) is a QuotaExceededError.
export type StorageErrorCode = "quota" | "stale" | "version" | "other"

interface ErrorLike {
  name?: unknown
  message?: unknown
  inner?: unknown
  cause?: unknown
}

function chain(e: unknown): ErrorLike[] {
  const out: ErrorLike[] = []
  let cur: unknown = e
  while (cur && typeof cur === "object" && out.length < 5) {
    out.push(cur as ErrorLike)
    cur = (cur as ErrorLike).inner ?? (cur as ErrorLike).cause
  }
  return out
}

export function isQuotaError(e: unknown): boolean {
  return chain(e).some((x) => x.name === "QuotaExceededError")
}

export function describeStorageError(e: unknown): { code: StorageErrorCode; message: string } {
  if (isQuotaError(e)) {
    return {
      code: "quota",
      message:
        "Huike could not save: the disk or the browser's storage for Huike is full. Nothing from this batch was " +
        "stored (what was stored before is safe). Free some disk space, then reload the page to capture it again."
    }
  }
  const names = chain(e).map((x) => x.name)
  if (names.includes("VersionError")) {
    return { code: "version", message: String((e as ErrorLike).message ?? e) }
  }
  if (names.includes("DatabaseClosedError")) {
    return {
      code: "stale",
      message: "Huike was updated while this page was open: reload the page. Nothing stored was lost."
    }
  }
  return { code: "other", message: e instanceof Error ? e.message : String(e) }
}
