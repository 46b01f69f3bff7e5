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

/** The event-emitter side of a `pg.Pool` and its clients (structural: `pg` is an optional peer). */
interface Emitter {
  on?(event: string, listener: (arg: unknown) => void): unknown
}

const ignore = () => {}
const absorbing = new WeakSet<object>()

/**
 * Keep a dropped connection from taking the host process down. When the server goes away
 * (restart, `pg_terminate_backend`, a proxy timeout), `pg` emits 'error' on the pool for an idle
 * client and on the client itself when it is checked out — the pool removes its own listener on
 * checkout — and an 'error' event nobody listens to is an uncaught exception in Node. The query in
 * flight still fails through its own callback (and becomes a StorageError); the pool discards the
 * broken client on release. Listeners are added, never replaced: a host's own handlers still run.
 */
function surviveDroppedConnections<P extends object>(pool: P): P {
  const emitter = pool as Emitter
  if (absorbing.has(pool) || typeof emitter.on !== 'function') return pool
  absorbing.add(pool)
  emitter.on('error', ignore)
  emitter.on('acquire', (client) => {
    const clientEmitter = client as Emitter
    if (typeof client !== 'object' || client === null || absorbing.has(client)) return
    if (typeof clientEmitter.on !== 'function') return
    absorbing.add(client)
    clientEmitter.on('error', ignore)
  })
  return pool
}

/** A PostgreSQL storage adapter. Call `migrate()` once at start. */
export function postgresStorage(options: PostgresStorageOptions): StorageAdapter {
  const owned = !('pool' in options)
  const pool =
    'pool' in options
      ? surviveDroppedConnections(options.pool)
      : async (): Promise<PostgresPool> => {
          const { Pool } = await import('pg')
          return surviveDroppedConnections(
            new Pool({ connectionString: options.connectionString, max: options.max ?? 10 }),
          )
        }
  return new SqlStorage({ spec: postgresDialect, kyselyDialect: new PostgresDialect({ pool }), ownsConnection: owned })
}
