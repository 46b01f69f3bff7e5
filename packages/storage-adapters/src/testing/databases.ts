/**
 * Throw-away databases for tests of the SQL adapters.
 *
 * `createTestDatabase(dialect)` makes a fresh, uniquely named database (`crmkit_t_<random>`)
 * through an admin connection to the configured server (`CRMKIT_TEST_POSTGRES_URL`,
 * `CRMKIT_TEST_MYSQL_URL`, or the local defaults; see `dialects.ts`), or a fresh SQLite file
 * in the OS temp directory. It hands back a way to open adapters on it, a raw driver
 * connection that bypasses the adapter (shaped so it plugs into `sqlRawInspector`), and
 * `drop()`, which removes everything it created. Other databases are never touched.
 *
 * @example
 * ```ts
 * const db = await createTestDatabase('postgres')
 * const storage = db.storage()
 * await storage.migrate()
 * const raw = sqlRawInspector(db)
 * // ...
 * await storage.close()
 * await db.drop()
 * ```
 */
import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StorageAdapter } from '@crmkit/core/storage'
import { mysqlStorage } from '../mysql.js'
import { postgresStorage } from '../postgres.js'
import { sqliteStorage } from '../sqlite.js'
import type { DialectStatus } from './dialects.js'
import { isCi, probeServer, serverUrl } from './dialects.js'
import type { RawSqlExecutor } from './raw-sql.js'

/** The SQL dialects crmkit ships adapters for. */
export type SqlTestDialect = 'sqlite' | 'postgres' | 'mysql'

/** A database created for one test file (or one suite run). */
export interface TestDatabase {
  readonly dialect: SqlTestDialect
  /** Database name (`crmkit_t_<random>`); for SQLite, the file name. */
  readonly name: string
  /** Connection URL of the new database; for SQLite, the file path. */
  readonly url: string
  /** A new adapter on this database; it owns its connection, so close it when done. */
  storage(): StorageAdapter
  /** Runs one statement on a separate driver connection: no Kysely, no adapter code. */
  readonly execute: RawSqlExecutor
  /** Placeholder for the n-th (1-based) parameter of {@link TestDatabase.execute}: `?` or `$n`. */
  placeholder(n: number): string
  /** Quotes an identifier for this dialect. */
  quote(identifier: string): string
  /** Close the raw connection and delete the database (or file). Safe to call twice. */
  drop(): Promise<void>
}

/** `crmkit_t_` plus 12 random hex digits: unique, and a valid unquoted identifier everywhere. */
export function testDatabaseName(): string {
  return `crmkit_t_${randomBytes(6).toString('hex')}`
}

const doubleQuote = (id: string): string => `"${id.replaceAll('"', '""')}"`
const backQuote = (id: string): string => `\`${id.replaceAll('`', '``')}\``

/** Create a fresh database of `dialect`. Fails if the server cannot be reached. */
export async function createTestDatabase(dialect: SqlTestDialect): Promise<TestDatabase> {
  switch (dialect) {
    case 'sqlite':
      return createSqliteDatabase()
    case 'postgres':
      return createPostgresDatabase()
    case 'mysql':
      return createMysqlDatabase()
  }
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  const { default: Database } = await import('better-sqlite3')
  const name = `${testDatabaseName()}.db`
  const file = join(tmpdir(), name)
  const raw = new Database(file)
  let dropped = false
  return {
    dialect: 'sqlite',
    name,
    url: file,
    storage: () => sqliteStorage({ filename: file }),
    async execute(sql, params) {
      const statement = raw.prepare(sql)
      if (statement.reader) return statement.all(...params) as Array<Record<string, unknown>>
      statement.run(...params)
      return []
    },
    placeholder: () => '?',
    quote: doubleQuote,
    async drop() {
      if (dropped) return
      dropped = true
      raw.close()
      for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(file + suffix, { force: true })
    },
  }
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const { default: pg } = await import('pg')
  const adminUrl = serverUrl('postgres')
  const name = testDatabaseName()
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`create database ${doubleQuote(name)}`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 })
  // Tests kill and force-drop connections on purpose; an idle raw connection ended by the server
  // must not become an uncaught 'error' event in the test process.
  pool.on('error', () => {})
  let dropped = false
  return {
    dialect: 'postgres',
    name,
    url: url.toString(),
    storage: () => postgresStorage({ connectionString: url.toString(), max: 4 }),
    async execute(sql, params) {
      return (await pool.query(sql, [...params])).rows as Array<Record<string, unknown>>
    },
    placeholder: (n) => `$${n}`,
    quote: doubleQuote,
    async drop() {
      if (dropped) return
      dropped = true
      await pool.end()
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      try {
        // FORCE ends connections an unclosed adapter may still hold (Postgres >= 13).
        await client.query(`drop database if exists ${doubleQuote(name)} with (force)`)
      } finally {
        await client.end()
      }
    },
  }
}

async function createMysqlDatabase(): Promise<TestDatabase> {
  const mysql = await import('mysql2/promise')
  const adminUrl = serverUrl('mysql')
  const name = testDatabaseName()
  const admin = await mysql.createConnection({ uri: adminUrl })
  try {
    await admin.query(`create database ${backQuote(name)} character set utf8mb4`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const pool = mysql.createPool({ uri: url.toString(), connectionLimit: 2, charset: 'utf8mb4_general_ci' })
  let dropped = false
  return {
    dialect: 'mysql',
    name,
    url: url.toString(),
    storage: () => mysqlStorage({ uri: url.toString(), connectionLimit: 4 }),
    async execute(sql, params) {
      const [rows] = await pool.query(sql, [...params])
      return Array.isArray(rows) ? (rows as Array<Record<string, unknown>>) : []
    },
    placeholder: () => '?',
    quote: backQuote,
    async drop() {
      if (dropped) return
      dropped = true
      await pool.end()
      const client = await mysql.createConnection({ uri: adminUrl })
      try {
        await client.query(`drop database if exists ${backQuote(name)}`)
      } finally {
        await client.end()
      }
    },
  }
}

/**
 * The SQL dialects that can run here: SQLite always, Postgres and MySQL when their server
 * answers. Under `CI=true` an unreachable server throws instead (CI must cover all three).
 * Prints which dialects run and why any is left out, so a local run says it plainly.
 */
export async function availableSqlDialects(): Promise<SqlTestDialect[]> {
  const statuses: DialectStatus[] = await Promise.all([probeServer('postgres'), probeServer('mysql')])
  const missing = statuses.filter((s) => !s.available)
  if (missing.length > 0 && isCi()) {
    throw new Error(`CI=true but SQL servers are unreachable: ${missing.map((s) => s.reason).join('; ')}`)
  }
  const dialects: SqlTestDialect[] = ['sqlite']
  for (const s of statuses)
    if (s.available && (s.dialect === 'postgres' || s.dialect === 'mysql')) dialects.push(s.dialect)
  const left = missing.map((s) => `${s.dialect}: ${s.reason ?? 'unavailable'}`).join('; ')
  console.info(`[crmkit] SQL dialects under test: ${dialects.join(', ')}${left ? ` (not run: ${left})` : ''}`)
  return dialects
}
