/**
 * `memoryStorage()`: the storage port in plain JavaScript, for tests, demos and browsers.
 *
 * It behaves like the SQL adapters, down to the edge cases: every call is tenant-scoped,
 * primary keys `(tenantId, id)` and `uniqueActive` keys raise `ConflictError`, updates are
 * compare-and-set, soft-deleted rows are hidden unless asked for, link fields are hydrated
 * and filterable, queries order NULLs last with an `id` tie-breaker, and filters use core's
 * evaluator (whose semantics the SQL compiler reproduces).
 *
 * Concurrency: like SQLite, one writer at a time. Every call and every transaction takes a
 * lock shared by all adapters on the same store, so a transaction sees no interleaved
 * writes and no reader sees its uncommitted changes. As with SQLite, calling the adapter
 * (instead of the session passed to `work`) inside `transaction(work)` waits for the
 * transaction itself and therefore never completes: pass the session down.
 */

import type { StorageAdapter, StorageCapabilities, StorageSession } from '@crmkit/core/storage'
import { StorageError } from '@crmkit/core/storage'
import { rollback, type UndoLog } from './mutate.js'
import { createSession } from './session.js'
import { createMemoryStore, type MemoryStore } from './store.js'

/** Options of {@link memoryStorage}. */
export interface MemoryStorageOptions {
  /**
   * The store to use. Default: a new, empty one. Pass the same store to several adapters to
   * share data (as several connections to one database would).
   */
  readonly store?: MemoryStore
}

/** A memory adapter also exposes its store (for raw inspection in tests). */
export interface MemoryStorageAdapter extends StorageAdapter {
  readonly dialect: 'memory'
  /** The store this adapter reads and writes. */
  readonly store: MemoryStore
}

// Transactions are all-or-nothing (an undo log). No extensions: attribution reports use
// core's fallback over query(), which is the same JavaScript the extension would run.
const capabilities: StorageCapabilities = { supportsTransactions: true }

/** Run synchronously now, reporting a throw as a rejection (the session ops are sync inside). */
function now<T>(op: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(op()))
}

/**
 * Create a memory storage adapter.
 *
 * @example
 * const storage = memoryStorage()
 * const crm = createCrm({ storage })
 * await crm.migrate()
 */
export function memoryStorage(options: MemoryStorageOptions = {}): MemoryStorageAdapter {
  const store = options.store ?? createMemoryStore()
  let closed = false
  const checkOpen = () => {
    if (closed) throw new StorageError('memory storage adapter is closed')
  }
  const direct = createSession({ store, log: undefined, check: checkOpen }, (op) => store.lock.run(() => now(op)))

  return {
    ...direct,
    dialect: 'memory',
    capabilities,
    store,

    migrate: () =>
      store.lock.run(async () => {
        checkOpen()
        store.migrated = true
      }),

    transaction: <T>(work: (session: StorageSession) => Promise<T>): Promise<T> =>
      store.lock.run(async () => {
        checkOpen()
        const log: UndoLog = []
        let finished = false
        const session = createSession(
          {
            store,
            log,
            check: () => {
              if (finished) throw new StorageError('the transaction is over; this session can no longer be used')
            },
          },
          now,
        )
        try {
          return await work(session)
        } catch (error) {
          rollback(log)
          throw error
        } finally {
          finished = true
        }
      }),

    close: () =>
      store.lock.run(async () => {
        closed = true
      }),
  }
}
