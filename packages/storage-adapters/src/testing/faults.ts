import { TransportError } from '@crmkit/core/client'
import type { LinkTableName, StorageAdapter, StorageSession, TableName } from '@crmkit/core/storage'

/** A write the fault injector can intercept. */
export interface WriteCall {
  readonly op: 'insert' | 'update' | 'link' | 'unlink'
  readonly target: TableName | LinkTableName
  /** Whether the write runs inside `transaction()` (on the session it passes). */
  readonly inTransaction: boolean
}

/** Thrown by the injector; tests look for it to tell an injected failure from a real bug. */
export class InjectedFault extends Error {
  constructor(call: WriteCall) {
    super(`injected fault: ${call.op} ${call.target}${call.inTransaction ? ' (in transaction)' : ''}`)
    this.name = 'InjectedFault'
  }
}

/**
 * Wraps an adapter so that a chosen write throws *after* the adapter performed the
 * preceding writes of the same operation. Core talks to storage only through the port, so
 * this is how the suite proves that a multi-write operation (a stage move: deal update +
 * transition + event) is one transaction: if any part fails, none of it may remain and no
 * event may be dispatched. Reads, `migrate` and `close` pass through untouched.
 */
export function faultyStorage(
  inner: StorageAdapter,
  shouldFail: (call: WriteCall) => boolean,
  /** What the failing write throws; default an {@link InjectedFault} (a plain Error). */
  fault: (call: WriteCall) => Error = (call) => new InjectedFault(call),
): StorageAdapter {
  const wrap = (session: StorageSession, inTransaction: boolean): StorageSession => {
    const check = (op: WriteCall['op'], target: WriteCall['target']) => {
      const call = { op, target, inTransaction }
      if (shouldFail(call)) throw fault(call)
    }
    return {
      insert: async (table, tenantId, rows) => {
        await session.insert(table, tenantId, rows)
        check('insert', table)
      },
      get: (...args) => session.get(...args),
      findBy: (...args) => session.findBy(...args),
      query: (...args) => session.query(...args),
      count: (...args) => session.count(...args),
      update: async (table, tenantId, id, expectedVersion, patch) => {
        const row = await session.update(table, tenantId, id, expectedVersion, patch)
        check('update', table)
        return row
      },
      link: async (link, tenantId, pairs, createdAt) => {
        await session.link(link, tenantId, pairs, createdAt)
        check('link', link)
      },
      unlink: async (link, tenantId, pairs) => {
        await session.unlink(link, tenantId, pairs)
        check('unlink', link)
      },
      linked: (...args) => session.linked(...args),
      aggregate: (...args) => session.aggregate(...args),
    }
  }
  const outer = wrap(inner, false)
  return {
    ...outer,
    dialect: inner.dialect,
    capabilities: inner.capabilities,
    migrate: () => inner.migrate(),
    transaction: (work, options) => inner.transaction((session) => work(wrap(session, true)), options),
    // The suite closes the real adapter once; facades over the wrapper must not close it twice.
    close: async () => {},
  }
}

/**
 * Whether an error is (or was caused by) an injected fault, however core wrapped it. Through
 * the HTTP layer (the suite run over `overHttp`), a fault arrives as what any unexpected server
 * error becomes: a 500 `INTERNAL` whose cause the handler keeps to itself; a local run never
 * sees that error.
 */
export function isInjectedFault(error: unknown): boolean {
  if (error instanceof TransportError && error.status === 500 && error.httpCode === 'INTERNAL') return true
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof InjectedFault) return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}
