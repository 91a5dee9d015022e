// Dexie middlewares for tests: one table's core operations replaced or watched, the other tables untouched.
import type { DBCore, DBCoreTable, Middleware } from "dexie"

/** A middleware named `name` that gives `table` the operations `wrap` returns (built on the real ones). */
export function onTable(
  table: string,
  name: string,
  wrap: (real: DBCoreTable) => Partial<DBCoreTable>
): Middleware<DBCore> {
  return {
    stack: "dbcore",
    name,
    create: (down) => ({
      ...down,
      table: (tableName) => {
        const real = down.table(tableName)
        return tableName === table ? { ...real, ...wrap(real) } : real
      }
    })
  }
}
