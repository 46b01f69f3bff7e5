/**
 * `SqlStorage`: the `StorageAdapter` shared by the SQLite, PostgreSQL and MySQL entry points.
 * An entry point builds a Kysely instance for its driver and passes its dialect object.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type {
  AttributionData,
  AttributionDataQuery,
  StorageAdapter,
  StorageCapabilities,
  StorageExtensions,
  StorageSession,
  TransactionOptions,
} from '@crmkit/core/storage'
import { StorageError } from '@crmkit/core/storage'
import type { Dialect } from 'kysely'
import { Kysely } from 'kysely'
import { sqlAttributionData } from './attribution.js'
import { ensureCustomFieldIndex } from './custom-field-indexes.js'
import type { SqlDb, SqlDialect } from './dialect.js'
import { toCrmError } from './errors.js'
import { runMigrations } from './migrations/index.js'
import { SqlSession } from './session.js'
import { withoutMigrationLocks } from './without-migration-locks.js'

/** One open `transaction()` call, visible to the code its `work` runs (async context). */
interface TransactionFrame {
  readonly owner: SqlStorage
  open: boolean
  readonly parent: TransactionFrame | undefined
}

const transactionContext = new AsyncLocalStorage<TransactionFrame>()

/** How an entry point configures the shared SQL adapter. */
export interface SqlStorageConfig {
  /** What differs in this database. */
  readonly spec: SqlDialect
  /** The Kysely dialect wrapping the driver (SqliteDialect, PostgresDialect, MysqlDialect). */
  readonly kyselyDialect: Dialect
  /**
   * Whether `close()` may close the driver: true when the adapter opened it (a filename,
   * a connection string), false for a database or pool the host passed in.
   */
  readonly ownsConnection: boolean
}

/** The SQL storage adapter. Create it through `sqliteStorage`, `postgresStorage` or `mysqlStorage`. */
export class SqlStorage extends SqlSession implements StorageAdapter {
  /** `sqlite`, `postgres` or `mysql`. */
  readonly dialect: string
  /** Transactions are the database's own. */
  readonly capabilities: StorageCapabilities
  /**
   * Feature pushdowns: attribution journeys are aggregated by the database (window
   * functions, GROUP BY, ordered string aggregation; see `sql/attribution.ts`), so only
   * paths or per-key sums come back.
   */
  readonly extensions: StorageExtensions
  readonly #ownsConnection: boolean
  #closed = false

  constructor(config: SqlStorageConfig) {
    super(new Kysely<SqlDb>({ dialect: withoutMigrationLocks(config.kyselyDialect) }), config.spec, false)
    this.dialect = config.spec.name
    this.capabilities = { supportsTransactions: true }
    this.extensions = {
      attribution: {
        journeyData: (tenantId: string, query: AttributionDataQuery): Promise<AttributionData> =>
          this.run('attribution', () => sqlAttributionData(this.db, this.spec, tenantId, query)),
      },
      customFieldIndexes: {
        ensure: (table, key, type) =>
          this.run('create custom-field index', () => ensureCustomFieldIndex(this.db, this.spec, table, key, type)),
      },
    }
    this.#ownsConnection = config.ownsConnection
  }

  /**
   * A call on the adapter itself while its own transaction is open in this async context
   * would, on SQLite, wait forever for the one connection that transaction holds (and
   * elsewhere run outside the transaction, possibly blocking on its row locks). Fail fast.
   */
  protected override checkUsable(): void {
    for (let frame = transactionContext.getStore(); frame; frame = frame.parent) {
      if (frame.open && frame.owner === this) {
        throw new StorageError('storage called from inside its own transaction(); use the session passed to work')
      }
    }
  }

  /** Create or upgrade the crmkit tables (Kysely migrations shipped in this package). Idempotent. */
  async migrate(): Promise<void> {
    await this.run('migrate', () => runMigrations(this.db, this.spec))
  }

  /**
   * Run `work` in one database transaction; if it throws, everything it wrote is rolled
   * back and its error is rethrown unchanged. Use only the session passed to `work` inside
   * it: on SQLite the adapter's single connection is held by the transaction, so a call on
   * the adapter itself would wait for the transaction to end. With `continueAfterError: false`
   * a failed write is not isolated in a savepoint (see `TransactionOptions`).
   */
  async transaction<T>(work: (session: StorageSession) => Promise<T>, options?: TransactionOptions): Promise<T> {
    this.checkUsable()
    let failure: { error: unknown } | undefined
    const frame: TransactionFrame = { owner: this, open: true, parent: transactionContext.getStore() }
    try {
      return await this.db.transaction().execute((trx) =>
        transactionContext.run(frame, async () => {
          try {
            const savepoints = this.spec.savepointPerWrite && options?.continueAfterError !== false
            return await work(new SqlSession(trx, this.spec, true, savepoints))
          } catch (error) {
            failure = { error }
            throw error
          }
        }),
      )
    } catch (error) {
      if (failure && failure.error === error) throw error
      throw toCrmError(this.spec, 'transaction', error)
    } finally {
      // Callbacks scheduled by work may run later, after the transaction: they may use the adapter.
      frame.open = false
    }
  }

  /** Close the connection or pool if the adapter opened it; a host's pool or database stays open. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    if (this.#ownsConnection) await this.db.destroy()
  }
}
