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
import type { MysqlPool, MysqlPoolConnection, MysqlQueryResult } from 'kysely'
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

/**
 * Errors after which a connection cannot serve another query: mysql2 marks network and protocol
 * failures `fatal`; a packet larger than `max_allowed_packet` makes the server answer and then
 * close the connection, which mysql2 only notices on the next write.
 */
function breaksConnection(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { fatal, code } = error as { fatal?: unknown; code?: unknown }
  return fatal === true || code === 'ER_NET_PACKET_TOO_LARGE'
}

/**
 * The pool, handing out connections that are destroyed instead of returned to the pool once a
 * query on them failed in a way that breaks the connection. Without this the next, unrelated call
 * got the dead connection and failed with ECONNRESET: one oversized request poisoned the one after.
 */
function discardingBrokenConnections(pool: MysqlPool): MysqlPool {
  const patched = new WeakSet<MysqlPoolConnection>()
  const patch = (connection: MysqlPoolConnection): void => {
    if (patched.has(connection)) return
    patched.add(connection)
    let broken = false
    const query = connection.query.bind(connection) as (
      sql: string,
      parameters: unknown[],
      callback?: (error: unknown, result: MysqlQueryResult) => void,
    ) => ReturnType<MysqlPoolConnection['query']>
    const release = connection.release.bind(connection)
    const destroy = (connection as { destroy?: () => void }).destroy?.bind(connection)
    Object.assign(connection, {
      query(sql: string, parameters: unknown[], callback?: (error: unknown, result: MysqlQueryResult) => void) {
        if (callback === undefined) return query(sql, parameters)
        return query(sql, parameters, (error, result) => {
          if (breaksConnection(error)) broken = true
          callback(error, result)
        })
      },
      release() {
        if (broken && destroy) destroy()
        else release()
      },
    })
  }
  return {
    getConnection(callback) {
      pool.getConnection((error, connection) => {
        if (!error && connection) patch(connection)
        callback(error, connection)
      })
    },
    end: (callback) => pool.end(callback),
  }
}

/** A MySQL/MariaDB storage adapter. Call `migrate()` once at start. */
export function mysqlStorage(options: MysqlStorageOptions): StorageAdapter {
  const owned = !('pool' in options)
  const pool =
    'pool' in options
      ? discardingBrokenConnections(options.pool)
      : async (): Promise<MysqlPool> => {
          const { createPool } = await import('mysql2')
          // utf8mb4 so astral characters (emoji) survive the connection.
          return discardingBrokenConnections(
            createPool({
              uri: options.uri,
              connectionLimit: options.connectionLimit ?? 10,
              charset: 'utf8mb4_general_ci',
            }),
          )
        }
  return new SqlStorage({ spec: mysqlDialect, kyselyDialect: new MysqlDialect({ pool }), ownsConnection: owned })
}
