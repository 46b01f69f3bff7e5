/**
 * Migration `0009_idempotency_keys`: the keys of the HTTP handler's `Idempotency-Key` header.
 * One row per tenant and key (unique), holding the first request's fingerprint and, once it
 * finished, its response; a replay answers from here and writes nothing.
 * FROZEN like every shipped migration (see `0001-initial.ts`).
 */
import type { Kysely, Migration } from 'kysely'
import type { SqlDb, SqlDialect } from '../dialect.js'
import { baseColumns, versionColumns } from './0001-initial.js'
import { createTable, optional, required } from './ddl.js'

/** `0009_idempotency_keys` for one dialect. */
export function idempotencyKeysMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<SqlDb>) {
      const options = await dialect.tableOptions(db)
      await createTable(
        db,
        dialect,
        {
          table: 'crm_idempotency_keys',
          columns: [
            ...baseColumns,
            ...versionColumns,
            required('idempotency_key', 'string', 255),
            required('fingerprint', 'string', 128),
            optional('status', 'integer'),
            optional('response', 'json'),
          ],
          softDelete: false,
          uniqueActive: [['idempotency_key']],
          indexes: [],
        },
        options,
      )
    },
  }
}
