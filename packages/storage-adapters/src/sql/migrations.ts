/**
 * The schema, as Kysely migrations shipped inside the package (a static provider: no
 * migration files on disk, so bundlers and serverless deploys need nothing extra).
 *
 * Migration `0001_initial` creates the foundation tables (core's frozen
 * `foundationTableNames`) and the link tables; `0002_attribution` adds the touchpoint,
 * conversion and identity tables, so a database migrated by an earlier version gets them
 * on its next `migrate()`. Rules that keep the
 * schema ready for a tenant-distributed database (Citus and the like):
 * - every table's primary key is `(tenant_id, id)`; link tables `(tenant_id, left, right)`;
 * - every secondary index leads with `tenant_id`;
 * - `uniqueActive` keys are unique among live rows only (partial index, or MySQL's live marker).
 *
 * Every statement is `IF NOT EXISTS` (or tolerates "already exists"), so a migration that
 * died half-way on a dialect without transactional DDL (MySQL, SQLite) can simply be rerun.
 *
 * When `tables.ts` changes, add a new migration for the change; the earlier ones must keep
 * producing the schema they produced when they shipped. A column added to an existing table
 * is listed in core's `laterColumns` under its migration: earlier migrations leave it out
 * and {@link addLaterColumns} adds it (`0005_pipeline_editing`: `pipelines.archivedAt`).
 */

import type { TableDefinition, TableName } from '@crmkit/core'
import { attributionTableNames, foundationTableNames, laterColumns, links, tables } from '@crmkit/core'
import type { Kysely, Migration, MigrationProvider } from 'kysely'
import { Migrator, sql } from 'kysely'
import type { Fragment, SqlDb, SqlDialect } from './dialect.js'
import { migrationSchema, tablesInMigrationSchema } from './migration-schema.js'
import {
  LIVE_MARKER_COLUMN,
  MIGRATION_LOCK_TABLE,
  MIGRATION_TABLE,
  snakeCase,
  sqlIndexName,
  sqlLinkTable,
  sqlTableName,
} from './names.js'

/** `table.column` of every column that a later migration adds to an existing table. */
const addedLater = new Set(
  Object.values(laterColumns).flatMap((byTable) =>
    Object.entries(byTable).flatMap(([table, columns]) => (columns ?? []).map((column) => `${table}.${column}`)),
  ),
)

async function createTable(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  def: TableDefinition,
  options: Fragment | undefined,
): Promise<void> {
  const table = sqlTableName(def.name)
  let builder = db.schema.createTable(table).ifNotExists()
  for (const [name, column] of Object.entries(def.columns)) {
    // Left to the migration that added it, so old and new databases get it the same way.
    if (addedLater.has(`${def.name}.${name}`)) continue
    builder = builder.addColumn(snakeCase(name), dialect.columnType(column), (col) =>
      column.nullable ? col : col.notNull(),
    )
  }
  const liveMarker = dialect.usesLiveMarker && def.softDelete && def.uniqueActive.length > 0
  if (liveMarker) {
    builder = builder.addColumn(LIVE_MARKER_COLUMN, 'smallint', (col) =>
      col.generatedAlwaysAs(sql`case when deleted_at is null then 1 end`).stored(),
    )
  }
  // Column names are only known at run time, so the builder's column-name type is `never`.
  builder = builder.addPrimaryKeyConstraint(`${table}_pkey`, ['tenant_id', 'id'] as never[])
  if (options) builder = builder.modifyEnd(options)
  await builder.execute()

  for (const columns of def.indexes) {
    const cols = ['tenant_id', ...columns.map(snakeCase)]
    await dialect.createIndex(db, {
      name: sqlIndexName(table, cols.slice(1), 'idx'),
      table,
      columns: cols,
      unique: false,
      liveOnly: false,
    })
  }
  for (const columns of def.uniqueActive) {
    const cols = ['tenant_id', ...columns.map(snakeCase)]
    await dialect.createIndex(db, {
      name: sqlIndexName(table, cols.slice(1), 'uniq'),
      table,
      columns: cols,
      unique: true,
      liveOnly: def.softDelete,
    })
  }
}

async function createLinkTables(db: Kysely<SqlDb>, dialect: SqlDialect, options: Fragment | undefined): Promise<void> {
  for (const link of Object.values(links)) {
    const names = sqlLinkTable(link.name)
    const idType = dialect.columnType({ type: 'string', nullable: false, maxLength: 36 })
    let builder = db.schema
      .createTable(names.table)
      .ifNotExists()
      .addColumn('tenant_id', dialect.columnType({ type: 'string', nullable: false, maxLength: 128 }), (c) =>
        c.notNull(),
      )
      .addColumn(names.left, idType, (c) => c.notNull())
      .addColumn(names.right, idType, (c) => c.notNull())
      .addColumn('created_at', dialect.columnType({ type: 'timestamp', nullable: false }), (c) => c.notNull())
      .addPrimaryKeyConstraint(`${names.table}_pkey`, ['tenant_id', names.left, names.right] as never[])
    if (options) builder = builder.modifyEnd(options)
    await builder.execute()
    // Reverse lookups (a company's contacts) go through the right-hand column.
    await dialect.createIndex(db, {
      name: sqlIndexName(names.table, [names.right], 'idx'),
      table: names.table,
      columns: ['tenant_id', names.right],
      unique: false,
      liveOnly: false,
    })
  }
}

const definitionOf = (name: TableName): TableDefinition => tables[name]

/**
 * Add the columns `laterColumns[migration]` lists to their existing tables. Columns already
 * there are skipped, so a migration that died half-way (no transactional DDL on MySQL) can
 * be rerun. Added columns must be nullable: existing rows get NULL.
 */
async function addLaterColumns(db: Kysely<SqlDb>, dialect: SqlDialect, migration: string): Promise<void> {
  const byTable = laterColumns[migration] ?? {}
  const catalog = await tablesInMigrationSchema(db, dialect)
  for (const [name, columns] of Object.entries(byTable) as [TableName, readonly string[]][]) {
    const table = sqlTableName(name)
    const present = new Set(catalog.find((t) => t.name === table)?.columns.map((c) => c.name) ?? [])
    for (const column of columns) {
      if (present.has(snakeCase(column))) continue
      const definition = definitionOf(name).columns[column]
      if (!definition?.nullable) throw new Error(`${migration}: ${name}.${column} must be a nullable column`)
      await db.schema.alterTable(table).addColumn(snakeCase(column), dialect.columnType(definition)).execute()
    }
  }
}

/** The migrations of the SQL adapters, by name (applied in name order). */
export function sqlMigrations(dialect: SqlDialect): Record<string, Migration> {
  return {
    '0001_initial': {
      async up(db: Kysely<SqlDb>) {
        const options = await dialect.tableOptions(db)
        for (const name of foundationTableNames) await createTable(db, dialect, definitionOf(name), options)
        await createLinkTables(db, dialect, options)
      },
    },
    '0002_attribution': {
      async up(db: Kysely<SqlDb>) {
        const options = await dialect.tableOptions(db)
        for (const name of attributionTableNames) await createTable(db, dialect, definitionOf(name), options)
      },
    },
    '0005_pipeline_editing': {
      // Pipelines can be archived. (Removed stages are soft-deleted: `deleted_at` exists since 0001.)
      up: (db: Kysely<SqlDb>) => addLaterColumns(db, dialect, '0005_pipeline_editing'),
    },
  }
}

/** A Kysely migration provider serving {@link sqlMigrations} from memory. */
export function sqlMigrationProvider(dialect: SqlDialect): MigrationProvider {
  return { getMigrations: async () => sqlMigrations(dialect) }
}

/**
 * Apply pending migrations. Kysely's migration locks are disabled for these adapters (no
 * advisory locks, see `sql/storage.ts`); two processes migrating at once are resolved by
 * retrying: on Postgres the loser's transaction rolls back, elsewhere the statements are
 * idempotent, and on the retry the migration table shows the work as done.
 */
export async function runMigrations(db: Kysely<SqlDb>, dialect: SqlDialect): Promise<void> {
  // Postgres: keep the migrator to this connection's schema (see migration-schema.ts).
  const schema = await migrationSchema(db, dialect)
  const migrator = new Migrator({
    db,
    provider: sqlMigrationProvider(dialect),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  })
  let lastError: unknown
  for (let attempt = 0; attempt < 5; attempt++) {
    const { error } = await migrator.migrateToLatest()
    if (error === undefined) return
    lastError = error
    await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)))
  }
  throw lastError
}
