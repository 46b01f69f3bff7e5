/**
 * The building blocks migrations use to create tables, indexes and columns on every SQL
 * dialect. A migration passes literal specs (SQL names, column types): migrations are
 * frozen, so nothing here reads core's live table definitions.
 *
 * Every statement is `IF NOT EXISTS` (or checks the catalog first), so a migration that died
 * half-way on a dialect without transactional DDL (MySQL, SQLite) can simply be rerun.
 */
import type { ColumnType } from '@crmkit/core/storage'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Fragment, SqlDb, SqlDialect } from '../dialect.js'
import { LIVE_MARKER_COLUMN, sqlIndexName } from '../names.js'
import { tablesInMigrationSchema } from './current-schema.js'

/** One column as a migration creates it. */
export interface ColumnSpec {
  /** SQL (snake_case) name. */
  readonly name: string
  readonly type: ColumnType
  readonly nullable: boolean
  /** VARCHAR length where the dialect uses one. */
  readonly maxLength?: number
}

/** One table as a migration creates it; primary key `(tenant_id, id)`. */
export interface TableSpec {
  /** SQL name (`crm_contacts`). */
  readonly table: string
  readonly columns: readonly ColumnSpec[]
  /** Has `deleted_at`: unique keys hold among live rows only. */
  readonly softDelete: boolean
  /** Unique keys (after `tenant_id`), snake_case columns. */
  readonly uniqueActive: readonly (readonly string[])[]
  /** Secondary indexes (after `tenant_id`), snake_case columns. */
  readonly indexes: readonly (readonly string[])[]
}

/** A many-to-many link table `(tenant_id, left, right, created_at)`. */
export interface LinkTableSpec {
  readonly table: string
  readonly left: string
  readonly right: string
}

/** A required column. */
export const required = (name: string, type: ColumnType, maxLength?: number): ColumnSpec =>
  maxLength === undefined ? { name, type, nullable: false } : { name, type, nullable: false, maxLength }

/** A nullable column. */
export const optional = (name: string, type: ColumnType, maxLength?: number): ColumnSpec =>
  maxLength === undefined ? { name, type, nullable: true } : { name, type, nullable: true, maxLength }

/** A non-unique index `(tenant_id, ...columns)`. */
export async function createIndex(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  table: string,
  columns: readonly string[],
): Promise<void> {
  await dialect.createIndex(db, {
    name: sqlIndexName(table, columns, 'idx'),
    table,
    columns: ['tenant_id', ...columns],
    unique: false,
    liveOnly: false,
  })
}

/** Create a table with its primary key, indexes and live-only unique keys. */
export async function createTable(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  spec: TableSpec,
  options: Fragment | undefined,
): Promise<void> {
  let builder = db.schema.createTable(spec.table).ifNotExists()
  for (const column of spec.columns) {
    builder = builder.addColumn(column.name, dialect.columnType(column), (col) =>
      column.nullable ? col : col.notNull(),
    )
  }
  if (dialect.usesLiveMarker && spec.softDelete && spec.uniqueActive.length > 0) {
    builder = builder.addColumn(LIVE_MARKER_COLUMN, 'smallint', (col) =>
      col.generatedAlwaysAs(sql`case when deleted_at is null then 1 end`).stored(),
    )
  }
  // Column names are only known at run time, so the builder's column-name type is `never`.
  builder = builder.addPrimaryKeyConstraint(`${spec.table}_pkey`, ['tenant_id', 'id'] as never[])
  if (options) builder = builder.modifyEnd(options)
  await builder.execute()

  for (const columns of spec.indexes) await createIndex(db, dialect, spec.table, columns)
  for (const columns of spec.uniqueActive) {
    await dialect.createIndex(db, {
      name: sqlIndexName(spec.table, columns, 'uniq'),
      table: spec.table,
      columns: ['tenant_id', ...columns],
      unique: true,
      liveOnly: spec.softDelete,
    })
  }
}

/** Create a link table, keyed by all three ids, with an index for reverse lookups. */
export async function createLinkTable(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  spec: LinkTableSpec,
  options: Fragment | undefined,
): Promise<void> {
  const idType = dialect.columnType({ type: 'string', nullable: false, maxLength: 36 })
  let builder = db.schema
    .createTable(spec.table)
    .ifNotExists()
    .addColumn('tenant_id', dialect.columnType({ type: 'string', nullable: false, maxLength: 128 }), (c) => c.notNull())
    .addColumn(spec.left, idType, (c) => c.notNull())
    .addColumn(spec.right, idType, (c) => c.notNull())
    .addColumn('created_at', dialect.columnType({ type: 'timestamp', nullable: false }), (c) => c.notNull())
    .addPrimaryKeyConstraint(`${spec.table}_pkey`, ['tenant_id', spec.left, spec.right] as never[])
  if (options) builder = builder.modifyEnd(options)
  await builder.execute()
  // Reverse lookups (a company's contacts) go through the right-hand column.
  await createIndex(db, dialect, spec.table, [spec.right])
}

/** Add the columns a table lacks (nullable columns only: existing rows get NULL). */
export async function addColumns(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  table: string,
  columns: readonly ColumnSpec[],
): Promise<void> {
  const existing = (await tablesInMigrationSchema(db, dialect)).find((t) => t.name === table)
  const present = new Set(existing?.columns.map((c) => c.name))
  for (const column of columns) {
    if (present.has(column.name)) continue
    if (!column.nullable) throw new TypeError(`a migration can only add nullable columns (${table}.${column.name})`)
    await db.schema.alterTable(table).addColumn(column.name, dialect.columnType(column)).execute()
  }
}
