/**
 * MySQL and MariaDB storage for crmkit, through `mysql2` (an optional peer dependency,
 * loaded only when this adapter first connects). Needs MariaDB >= 10.6 or MySQL >= 8.0.
 *
 * @example
 * ```ts
 * import { mysqlStorage } from '@crmkit/storage-adapters/mysql'
 * const storage = mysqlStorage({ uri: 'mysql://crm@127.0.0.1:3306/crm' })
 * await storage.migrate()
 * ```
 *
 * @packageDocumentation
 */
import type { StorageAdapter } from '@crmkit/core/storage'
import type { MysqlPool } from 'kysely'
import { MysqlDialect } from 'kysely'
import { mysqlDialect } from './sql/dialects/mysql/dialect.js'
import { SqlStorage } from './sql/storage.js'

/**
 * Options of {@link mysqlStorage}: a connection URI (the adapter opens a mysql2 pool of at
 * most `connectionLimit` connections, default 10, and `close()` ends it), or a mysql2 pool
 * (callback API, `mysql2.createPool`) the host owns (left open by `close()`).
 */
export type MysqlStorageOptions =
  | { readonly uri: string; readonly connectionLimit?: number }
  | { readonly pool: MysqlPool }

/** A MySQL/MariaDB storage adapter. Call `migrate()` once at start. */
export function mysqlStorage(options: MysqlStorageOptions): StorageAdapter {
  const owned = !('pool' in options)
  const pool =
    'pool' in options
      ? options.pool
      : async (): Promise<MysqlPool> => {
          const { createPool } = await import('mysql2')
          // utf8mb4 so astral characters (emoji) survive the connection.
          return createPool({
            uri: options.uri,
            connectionLimit: options.connectionLimit ?? 10,
            charset: 'utf8mb4_general_ci',
          })
        }
  return new SqlStorage({ spec: mysqlDialect, kyselyDialect: new MysqlDialect({ pool }), ownsConnection: owned })
}
