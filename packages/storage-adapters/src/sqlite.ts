/**
 * SQLite storage for crmkit, through better-sqlite3 (an optional peer dependency, loaded
 * only when this adapter first touches the database).
 *
 * @example
 * ```ts
 * import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'
 * const storage = sqliteStorage({ filename: './crm.db' })
 * await storage.migrate()
 * ```
 *
 * @packageDocumentation
 */
import type { StorageAdapter } from '@crmkit/core/storage'
import type { SqliteDatabase } from 'kysely'
import { SqliteDialect } from 'kysely'
import { sqliteDialect } from './sql/dialects/sqlite/dialect.js'
import { withStatementCache } from './sql/dialects/sqlite/statement-cache.js'
import { SqlStorage } from './sql/storage.js'

/**
 * Options of {@link sqliteStorage}: a file to open (`':memory:'` for a private in-memory
 * database), or an open better-sqlite3 `Database` the host owns (left open by `close()`).
 */
export type SqliteStorageOptions = { readonly filename: string } | { readonly database: SqliteDatabase }

async function openDatabase(filename: string): Promise<SqliteDatabase> {
  const { default: Database } = await import('better-sqlite3')
  const db = new Database(filename)
  // WAL lets other processes read the file while crmkit writes.
  if (filename !== ':memory:' && filename !== '') db.pragma('journal_mode = WAL')
  return db
}

/**
 * A SQLite storage adapter. SQLite has one connection, so transactions run one at a time.
 * Call `migrate()` once at start.
 */
export function sqliteStorage(options: SqliteStorageOptions): StorageAdapter {
  const owned = !('database' in options)
  const database =
    'database' in options
      ? withStatementCache(options.database)
      : async () => withStatementCache(await openDatabase(options.filename))
  return new SqlStorage({ spec: sqliteDialect, kyselyDialect: new SqliteDialect({ database }), ownsConnection: owned })
}
