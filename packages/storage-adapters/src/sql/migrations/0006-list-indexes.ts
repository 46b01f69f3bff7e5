/**
 * Migration `0006_list_indexes`: indexes that let list calls seek instead of scan.
 *
 * - Sort keys: keyset pages (see `sql/order.ts`) read `WHERE tenant_id = ? AND (key, id) > (?, ?)
 *   ORDER BY key, id`, which needs an index `(tenant_id, key, id)`. On SQLite (rowid tables)
 *   and Postgres a secondary index does not end with `id`, so the index is created with it and
 *   the older `(tenant_id, key)` index it makes redundant is dropped. InnoDB appends the
 *   primary key `(tenant_id, id)` to every secondary index, so MySQL/MariaDB only get the
 *   `(tenant_id, key)` indexes that were missing.
 * - Tags on Postgres: a GIN `jsonb_path_ops` index over `{ <tenant_id>: tags }` (built with the
 *   immutable `jsonb_set`), so `tags contains x` is one index probe for the key hash of
 *   (tenant, x): scoped to the tenant like every other index, and the filter compiler writes
 *   the very same expression (`dialect.stringArrayHasAny`).
 *
 * - `crm_custom_fields.indexed`: whether a definition asked for an index (see
 *   `sql/custom-field-indexes.ts`, which creates those when the field is defined).
 *
 * Every statement is idempotent (`IF [NOT] EXISTS`, or the duplicate-name error treated as
 * done), so a rerun after a crash or a race with another process converges. FROZEN like
 * every shipped migration.
 */
import type { Kysely, Migration } from 'kysely'
import { sql } from 'kysely'
import type { SqlDb, SqlDialect } from '../dialect.js'
import { sqlIndexName } from '../names.js'
import { addColumns, createIndex, optional } from './ddl.js'

/** The sort keys that get a seekable index, by table. */
const SORT_KEYS: Readonly<Record<string, readonly string[]>> = {
  crm_contacts: ['created_at', 'updated_at', 'last_name', 'first_name', 'email', 'country'],
  crm_companies: ['created_at', 'name'],
  crm_deals: ['created_at', 'expected_close_date', 'amount_value'],
}

/** Tables with a `tags` string-array column. */
const TAGGED = ['crm_contacts', 'crm_companies', 'crm_deals'] as const

/** Name of the tags GIN index of `table` (a constant of ours: safe to inline). */
export function tagsIndexName(table: string): string {
  return sqlIndexName(table, ['tags', 'gin'], 'idx')
}

/** `0006_list_indexes` for one dialect. */
export function listIndexesMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<SqlDb>) {
      // `indexed: true` custom fields (their expression indexes are made at define time).
      await addColumns(db, dialect, 'crm_custom_fields', [optional('indexed', 'integer')])
      for (const [table, keys] of Object.entries(SORT_KEYS)) {
        for (const key of keys) {
          if (dialect.name === 'mysql') {
            await createIndex(db, dialect, table, [key])
            continue
          }
          await createIndex(db, dialect, table, [key, 'id'])
          await db.schema
            .dropIndex(sqlIndexName(table, [key], 'idx'))
            .ifExists()
            .execute()
        }
      }
      if (dialect.name === 'postgres') {
        for (const table of TAGGED) {
          // Index and table names are constants of this file.
          await sql`create index if not exists ${sql.id(tagsIndexName(table))} on ${sql.table(table)} using gin ((jsonb_set('{}'::jsonb, array[tenant_id::text], tags)) jsonb_path_ops)`.execute(
            db,
          )
        }
      }
    },
  }
}
