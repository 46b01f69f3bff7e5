/**
 * Migrations are frozen: the schema each one leaves is committed as a snapshot
 * (`sql/migrations/__snapshots__/<dialect>-<migration>.json`, read from the live catalog),
 * and on every SQL dialect
 * - a fresh database migrated up to migration N has exactly snapshot N, and
 * - a database at migration N upgraded by `migrate()` has exactly the latest snapshot,
 * so a database created by any earlier release ends up with the schema a new one gets.
 *
 * Snapshots change only on purpose: `npm run snapshots:migrations` rewrites them (all three
 * dialects must be reachable); a plain test run never writes them.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { tableList } from '@crmkit/core/storage'
import type { Dialect, Kysely } from 'kysely'
import { Kysely as KyselyDb, Migrator, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { SqlTestDialect, TestDatabase } from '../../testing/databases.js'
import { availableSqlDialects, createTestDatabase } from '../../testing/databases.js'
import type { SqlDb, SqlDialect } from '../dialect.js'
import { mysqlDialect } from '../dialects/mysql/dialect.js'
import { postgresDialect } from '../dialects/postgres/dialect.js'
import { sqliteDialect } from '../dialects/sqlite/dialect.js'
import { sqlMigrationProvider, sqlMigrations } from '../migrations/index.js'
import { LIVE_MARKER_COLUMN, MIGRATION_LOCK_TABLE, MIGRATION_TABLE, snakeCase, sqlTableName } from '../names.js'
import { withoutMigrationLocks } from '../without-migration-locks.js'
import type { SchemaSnapshot } from './schema-snapshot.js'
import { readSchemaSnapshot } from './schema-snapshot.js'

const UPDATE = process.env.CRMKIT_UPDATE_MIGRATION_SNAPSHOTS === '1'
const dialects = await availableSqlDialects()
if (UPDATE && dialects.length < 3) {
  throw new Error(`updating migration snapshots needs all three SQL dialects; reachable: ${dialects.join(', ')}`)
}

const specs: Record<SqlTestDialect, SqlDialect> = {
  sqlite: sqliteDialect,
  postgres: postgresDialect,
  mysql: mysqlDialect,
}

const snapshotFile = (dialect: SqlTestDialect, migration: string): string =>
  fileURLToPath(new URL(`../migrations/__snapshots__/${dialect}-${migration}.json`, import.meta.url))

async function kyselyDialect(db: TestDatabase): Promise<Dialect> {
  if (db.dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3')
    return new SqliteDialect({ database: new Database(db.url) })
  }
  if (db.dialect === 'postgres') {
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({ connectionString: db.url, max: 1 })
    // Another test file may terminate this database's connections (connection-kill, a forced
    // drop): an idle client's 'error' event must not become an uncaught exception.
    pool.on('error', () => {})
    return new PostgresDialect({ pool })
  }
  const { createPool } = await import('mysql2')
  return new MysqlDialect({ pool: createPool({ uri: db.url, connectionLimit: 1 }) })
}

/** Migrate `db` up to `target` (inclusive; `'latest'` for all) the way `migrate()` does. */
async function migrateTo(kysely: Kysely<SqlDb>, dialect: SqlTestDialect, target: string): Promise<void> {
  const migrator = new Migrator({
    db: kysely,
    provider: sqlMigrationProvider(specs[dialect]),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  })
  const { error } = target === 'latest' ? await migrator.migrateToLatest() : await migrator.migrateTo(target)
  if (error !== undefined) throw error
}

async function expectSnapshot(db: TestDatabase, migration: string): Promise<void> {
  const actual = await readSchemaSnapshot(db)
  const file = snapshotFile(db.dialect, migration)
  if (UPDATE) {
    await writeFile(file, `${JSON.stringify(actual, null, 2)}\n`)
    return
  }
  const expected = JSON.parse(await readFile(file, 'utf8')) as SchemaSnapshot
  expect(actual, `${db.dialect} schema after ${migration} differs from ${file}`).toEqual(expected)
}

describe.each(dialects)('%s migration snapshots', (dialect) => {
  const names = Object.keys(sqlMigrations(specs[dialect])).sort()
  const latest = names[names.length - 1] as string

  it.each(names)(
    'a fresh database migrated to %s matches its snapshot, and migrate() upgrades it to the latest',
    async (name) => {
      const db = await createTestDatabase(dialect)
      const kysely = new KyselyDb<SqlDb>({ dialect: withoutMigrationLocks(await kyselyDialect(db)) })
      try {
        await migrateTo(kysely, dialect, name)
        await expectSnapshot(db, name)
        if (name !== latest) {
          const storage = db.storage()
          try {
            await storage.migrate()
          } finally {
            await storage.close()
          }
          if (!UPDATE) await expectSnapshot(db, latest)
        }
      } finally {
        await kysely.destroy()
        await db.drop()
      }
    },
  )
})

// Core's table definitions drive the adapters' reads and writes; the frozen migrations drive
// the schema. A column added to core without a migration fails here, on every dialect.
describe.each(['sqlite', 'postgres', 'mysql'] as const)('core tables and the latest %s snapshot', (dialect) => {
  it('have the same columns with the same nullability', async () => {
    const names = Object.keys(sqlMigrations(specs[dialect])).sort()
    const latest = JSON.parse(
      await readFile(snapshotFile(dialect, names[names.length - 1] as string), 'utf8'),
    ) as SchemaSnapshot
    for (const def of tableList) {
      const columns = latest[sqlTableName(def.name)]?.columns ?? []
      const migrated = columns
        .map((line) => line.match(/^(\S+) .*? (not null|null)(?: |$)/))
        .filter((m) => m !== null && m[1] !== LIVE_MARKER_COLUMN)
        .map((m) => `${m?.[1]} ${m?.[2]}`)
        .sort()
      const defined = Object.entries(def.columns)
        .map(([name, column]) => `${snakeCase(name)} ${column.nullable ? 'null' : 'not null'}`)
        .sort()
      expect(migrated, def.name).toEqual(defined)
    }
  })
})
