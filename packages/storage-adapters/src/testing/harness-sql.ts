import type { SqlTestDialect } from './databases.js'
import { createTestDatabase } from './databases.js'
import { sqlRawInspector } from './raw-sql.js'
import type { ConformanceHarness } from './types.js'

/**
 * Harness for one of the shipped SQL adapters: a fresh, uniquely named database per suite
 * run, the adapter on it, and a raw inspector on a separate driver connection (plain SQL,
 * no Kysely, no adapter code). Cleanup drops the database.
 */
export function sqlHarness(dialect: SqlTestDialect): ConformanceHarness {
  return {
    name: dialect,
    async create() {
      const db = await createTestDatabase(dialect)
      return { storage: db.storage(), raw: sqlRawInspector(db), cleanup: () => db.drop() }
    },
  }
}
