/**
 * Expression indexes for custom fields declared `indexed: true` (core's
 * `StorageExtensions.customFieldIndexes`). The index is built on exactly the expression the
 * filter compiler and the sort read a custom value with (`dialect.jsonScalar(dialect.jsonMember(
 * custom, key), type)`, the key inlined by `jsonKey`), after `tenant_id`:
 *
 * - SQLite: `CREATE INDEX IF NOT EXISTS ... (tenant_id, <expression>)` (JSON functions are
 *   deterministic, so SQLite accepts them in an index and matches identical expressions);
 * - Postgres: the same, with the expression in parentheses; a concurrent creator that loses the
 *   race gets a duplicate-name error, which counts as done once the index is seen to exist;
 * - MySQL/MariaDB: not created (MariaDB has no functional indexes; a generated column would
 *   need the compiler to read that column instead): filters work the same, without an index.
 *
 * Names are `crm_<table>_cf_<key>_<type>_idx` (hashed when longer than 63 characters, see
 * `sqlIndexName`), derived only from a key matching core's key pattern and a type constant, so
 * the DDL holds no caller text beyond that. One index serves every tenant declaring the same key
 * and type. The index is not dropped when a definition is deleted (another tenant may use it).
 * Building it locks the table against writes for the duration on SQLite and Postgres (no
 * `CONCURRENTLY`: it cannot run in a transaction and leaves an invalid index when it fails).
 */
import type { IndexedCustomType, TableName } from '@crmkit/core/storage'
import { StorageError } from '@crmkit/core/storage'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { columnOf } from './codec.js'
import type { SqlDb, SqlDialect } from './dialect.js'
import { sqlIndexName, sqlTableName, tableDefinition } from './names.js'

const SAFE_KEY = /^[a-z][a-zA-Z0-9_]{0,63}$/
const TYPES: ReadonlySet<string> = new Set(['string', 'number', 'boolean', 'date'])

/** Name of the index over `custom.<key>` read as `type` on a SQL table. */
export function customFieldIndexName(table: string, key: string, type: IndexedCustomType): string {
  return sqlIndexName(table, ['cf', key, type], 'idx')
}

async function indexExists(db: Kysely<SqlDb>, dialect: SqlDialect, name: string): Promise<boolean> {
  const { rows } =
    dialect.name === 'postgres'
      ? await sql<{
          n: number
        }>`select 1 as n from pg_class where relname = ${name} and relkind = 'i' and pg_table_is_visible(oid)`.execute(
          db,
        )
      : await sql<{ n: number }>`select 1 as n from sqlite_master where type = 'index' and name = ${name}`.execute(db)
  return rows.length > 0
}

/** Create the index of `custom.<key>` as `type` on `table` unless it exists. */
export async function ensureCustomFieldIndex(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  table: TableName,
  key: string,
  type: IndexedCustomType,
): Promise<void> {
  if (!SAFE_KEY.test(key) || !TYPES.has(type)) throw new StorageError(`cannot index custom.${key} as ${type}`)
  const def = tableDefinition(table)
  if (!Object.hasOwn(def.columns, 'custom') || columnOf(def, 'custom').type !== 'json') {
    throw new StorageError(`${table} has no custom fields`)
  }
  if (dialect.name === 'mysql') return
  const sqlTable = sqlTableName(table)
  const name = customFieldIndexName(sqlTable, key, type)
  const expr = dialect.jsonScalar(dialect.jsonMember(sql.ref('custom'), key), type)
  const ddl = sql`create index if not exists ${sql.id(name)} on ${sql.table(sqlTable)} (tenant_id, (${expr}))`
  if (ddl.compile(db).parameters.length > 0) throw new StorageError(`custom.${key} cannot be indexed`)
  try {
    await ddl.execute(db)
  } catch (error) {
    // Another process created it between our IF NOT EXISTS check and ours (Postgres).
    if (!(await indexExists(db, dialect, name))) throw error
  }
}
