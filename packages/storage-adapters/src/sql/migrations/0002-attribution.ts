/**
 * Migration `0002_attribution`: the touchpoint, conversion and identity tables of the
 * attribution feature. FROZEN like every shipped migration (see `0001-initial.ts`).
 */
import type { Kysely, Migration } from 'kysely'
import type { SqlDb, SqlDialect } from '../dialect.js'
import { baseColumns, versionColumns } from './0001-initial.js'
import type { TableSpec } from './ddl.js'
import { createTable, optional, required } from './ddl.js'

/** The SQL names of the tables this migration creates. */
export const attributionTables = ['crm_touchpoints', 'crm_conversions', 'crm_identities'] as const

const tables: readonly TableSpec[] = [
  {
    table: 'crm_touchpoints',
    // Versioned because identify() links anonymous touchpoints to a contact (compare-and-set).
    columns: [
      ...baseColumns,
      ...versionColumns,
      required('channel', 'string', 64),
      optional('source', 'string', 255),
      optional('medium', 'string', 255),
      optional('campaign', 'string', 255),
      optional('content', 'string', 255),
      optional('term', 'string', 255),
      required('occurred_at', 'timestamp'),
      required('occurred_ms', 'integer'),
      optional('contact_id', 'string', 36),
      optional('anonymous_id', 'string', 128),
      optional('idempotency_key', 'string', 255),
    ],
    softDelete: false,
    uniqueActive: [['idempotency_key']],
    indexes: [['contact_id', 'occurred_ms'], ['anonymous_id'], ['occurred_at']],
  },
  {
    table: 'crm_conversions',
    columns: [
      ...baseColumns,
      required('type', 'string', 64),
      required('amount_value', 'integer'),
      required('amount_currency', 'string', 3),
      required('occurred_at', 'timestamp'),
      required('occurred_ms', 'integer'),
      required('contact_id', 'string', 36),
      optional('deal_id', 'string', 36),
      optional('idempotency_key', 'string', 255),
    ],
    softDelete: false,
    uniqueActive: [['idempotency_key']],
    indexes: [['occurred_at'], ['contact_id', 'occurred_ms'], ['deal_id']],
  },
  {
    table: 'crm_identities',
    columns: [...baseColumns, required('anonymous_id', 'string', 128), required('contact_id', 'string', 36)],
    softDelete: false,
    uniqueActive: [['anonymous_id']],
    indexes: [['contact_id']],
  },
]

/** `0002_attribution` for one dialect. */
export function attributionMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<SqlDb>) {
      const options = await dialect.tableOptions(db)
      for (const spec of tables) await createTable(db, dialect, spec, options)
    },
  }
}
