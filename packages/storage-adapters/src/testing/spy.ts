import type { StorageAdapter, StorageSession, TransactionOptions } from '@crmkit/core/storage'

/** What {@link spyStorage} returns: the wrapped adapter and the calls it saw so far. */
export interface StorageSpy {
  readonly storage: StorageAdapter
  /** Every call core made, in order: `query`, `extensions.attribution.journeyData`, `transaction`, `transaction.get`... */
  readonly calls: readonly string[]
}

/**
 * Wraps an adapter so that every call core makes through the port (including the methods of
 * its extensions, and every call on a transaction's session) is recorded by
 * name before it is passed on. The suite uses it to prove that an operation touched no
 * storage at all, e.g. that bad options are refused before any data is read. `migrate` and
 * `close` are not recorded, and `close` is a no-op: the suite closes the real adapter once.
 */
export function spyStorage(inner: StorageAdapter): StorageSpy {
  const calls: string[] = []
  const record = <T extends object>(target: T, prefix: string): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value: unknown = Reflect.get(object, key, receiver)
        if (key === 'close') return async () => {}
        if (key === 'extensions' && typeof value === 'object' && value !== null) {
          const entries = Object.entries(value).map(([name, extension]) => [
            name,
            record(extension as object, `extensions.${name}.`),
          ])
          return Object.fromEntries(entries)
        }
        if (typeof value !== 'function' || key === 'migrate') return value
        const name = `${prefix}${String(key)}`
        if (key === 'transaction') {
          return (work: (session: StorageSession) => Promise<unknown>, options?: TransactionOptions) => {
            calls.push(name)
            return inner.transaction((session) => work(record(session, 'transaction.')), options)
          }
        }
        return (...args: unknown[]) => {
          calls.push(name)
          return (value as (...a: unknown[]) => unknown).apply(object, args)
        }
      },
    })
  return { storage: record(inner, ''), calls }
}
