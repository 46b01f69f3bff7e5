/**
 * SQL adapters whose driver counts every statement it sends (including `begin`, `commit`,
 * savepoints), for tests and benchmarks that pin how many round trips a call costs. The count
 * is taken below Kysely, at the driver: nothing of the adapter is changed or bypassed.
 */
import type { StorageAdapter } from '@crmkit/core/storage'
import type { PostgresPool, PostgresPoolClient, SqliteDatabase, SqliteStatement } from 'kysely'
import { postgresStorage } from '../postgres.js'
import { sqliteStorage } from '../sqlite.js'

/** An adapter and the statements its driver has run so far. */
export interface CountedStorage {
  readonly storage: StorageAdapter
  /** The statement texts sent since the last {@link CountedStorage.reset}, in order. */
  readonly statements: readonly string[]
  /** Forget the statements seen so far. */
  reset(): void
  /** Close the adapter and the driver connection under it. */
  close(): Promise<void>
}

function countingStatement(statement: SqliteStatement, seen: string[], text: string): SqliteStatement {
  return new Proxy(statement, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target)
      if (typeof value !== 'function') return value
      if (key !== 'all' && key !== 'run' && key !== 'iterate') return value.bind(target)
      return (...args: unknown[]) => {
        seen.push(text)
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
}

/** SQLite on `filename`, counting every statement better-sqlite3 executes. */
export async function countedSqlite(filename: string): Promise<CountedStorage> {
  const { default: Database } = await import('better-sqlite3')
  const database = new Database(filename)
  const statements: string[] = []
  const counting: SqliteDatabase = {
    close: () => database.close(),
    prepare: (text: string) => countingStatement(database.prepare(text), statements, text),
  }
  return counted(sqliteStorage({ database: counting }), statements, async () => {
    database.close()
  })
}

/** PostgreSQL at `url`, counting every query sent on the pool's clients. */
export async function countedPostgres(url: string): Promise<CountedStorage> {
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  pool.on('error', () => {})
  const statements: string[] = []
  const counting: PostgresPool = {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect()
      return {
        query: ((text: unknown, ...rest: unknown[]) => {
          statements.push(typeof text === 'string' ? text : 'cursor')
          return (client.query as (...a: unknown[]) => unknown)(text, ...rest)
        }) as PostgresPoolClient['query'],
        release: () => client.release(),
      }
    },
    end: () => pool.end(),
  }
  return counted(postgresStorage({ pool: counting }), statements, () => pool.end())
}

function counted(storage: StorageAdapter, statements: string[], end: () => Promise<void>): CountedStorage {
  return {
    storage,
    statements,
    reset: () => {
      statements.length = 0
    },
    async close() {
      await storage.close()
      await end()
    },
  }
}
