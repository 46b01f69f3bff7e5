/**
 * PostgreSQL storage for crmkit, through `pg` (an optional peer dependency, loaded only
 * when this adapter first connects).
 *
 * @example
 * ```ts
 * import { postgresStorage } from '@crmkit/storage-adapters/postgres'
 * const storage = postgresStorage({ connectionString: process.env.DATABASE_URL! })
 * await storage.migrate()
 * ```
 *
 * @packageDocumentation
 */
import type { StorageAdapter } from '@crmkit/core/storage'
import type { PostgresPool } from 'kysely'
import { PostgresDialect } from 'kysely'
import { postgresDialect } from './sql/dialects/postgres/dialect.js'
import { SqlStorage } from './sql/storage.js'

/**
 * Options of {@link postgresStorage}: a connection string (the adapter opens a `pg.Pool` of
 * at most `max` connections, default 10, and `close()` ends it), or a `pg.Pool` the host
 * owns (left open by `close()`).
 */
export type PostgresStorageOptions =
  | { readonly connectionString: string; readonly max?: number }
  | { readonly pool: PostgresPool }

/** A PostgreSQL storage adapter. Call `migrate()` once at start. */
export function postgresStorage(options: PostgresStorageOptions): StorageAdapter {
  const owned = !('pool' in options)
  const pool =
    'pool' in options
      ? options.pool
      : async (): Promise<PostgresPool> => {
          const { Pool } = await import('pg')
          return new Pool({ connectionString: options.connectionString, max: options.max ?? 10 })
        }
  return new SqlStorage({ spec: postgresDialect, kyselyDialect: new PostgresDialect({ pool }), ownsConnection: owned })
}
