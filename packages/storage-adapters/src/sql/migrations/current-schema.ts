/**
 * Which schema the migrations work in. On PostgreSQL one database can hold several schemas,
 * and Kysely's introspector lists the tables of all of them: a crmkit schema elsewhere in the
 * database would make the migrator (and a migration checking its columns) see tables that are
 * not on this connection's `search_path`. crmkit's tables live in the connection's current
 * schema (the first existing one on its `search_path`), so the migrations look only there.
 * MySQL and SQLite have one namespace per connection: nothing to narrow.
 */
import type { Kysely, TableMetadata } from 'kysely'
import { sql } from 'kysely'
import type { SqlDb, SqlDialect } from '../dialect.js'

/** The schema unqualified table names resolve to on Postgres; `undefined` elsewhere. */
export async function migrationSchema(db: Kysely<SqlDb>, dialect: SqlDialect): Promise<string | undefined> {
  if (dialect.name !== 'postgres') return undefined
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)
  const schema = rows[0]?.schema
  // NULL when no schema on the search_path exists: creating a table fails with a clear error anyway.
  return schema ?? undefined
}

/** The tables (with their columns) that unqualified names on this connection refer to. */
export async function tablesInMigrationSchema(db: Kysely<SqlDb>, dialect: SqlDialect): Promise<TableMetadata[]> {
  const schema = await migrationSchema(db, dialect)
  const tables = await db.introspection.getTables()
  return schema === undefined ? tables : tables.filter((table) => table.schema === schema)
}
