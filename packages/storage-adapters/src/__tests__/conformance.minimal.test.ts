/**
 * A minimal third-party adapter passes the conformance suite honestly: the memory adapter
 * wrapped so that it offers no extensions and declares `supportsTransactions: false` (its
 * `transaction()` throws). Core must fall back (writes straight on the adapter, attribution
 * journeys from `query()`), and the suite must skip, saying why, only what depends on
 * all-or-nothing transactions.
 */
import type { StorageAdapter } from '@crmkit/core/storage'
import { UnsupportedError } from '@crmkit/core/storage'
import { expect, it } from 'vitest'
import { memoryHarness } from '../testing/harness-memory.js'
import { defineConformanceSuite } from '../testing.js'

/** The general port of `inner` only: no extensions, no transactions. */
function minimalStorage(inner: StorageAdapter): StorageAdapter {
  return {
    dialect: 'minimal',
    capabilities: { supportsTransactions: false },
    get: (...args) => inner.get(...args),
    findBy: (...args) => inner.findBy(...args),
    query: (...args) => inner.query(...args),
    count: (...args) => inner.count(...args),
    insert: (...args) => inner.insert(...args),
    update: (...args) => inner.update(...args),
    link: (...args) => inner.link(...args),
    unlink: (...args) => inner.unlink(...args),
    linked: (...args) => inner.linked(...args),
    aggregate: (...args) => inner.aggregate(...args),
    migrate: () => inner.migrate(),
    close: () => inner.close(),
    transaction: async () => {
      throw new UnsupportedError('transaction() is not available: this adapter declares supportsTransactions: false')
    },
  }
}

const memory = memoryHarness()
defineConformanceSuite({
  name: 'minimal',
  async create() {
    const instance = await memory.create()
    return { ...instance, storage: minimalStorage(instance.storage) }
  },
})

it('the minimal adapter offers no extensions and refuses transactions with a typed error', async () => {
  const { storage } = await memory.create()
  const minimal = minimalStorage(storage)
  expect(minimal.extensions).toBeUndefined()
  await expect(minimal.transaction(async () => 1)).rejects.toBeInstanceOf(UnsupportedError)
})
