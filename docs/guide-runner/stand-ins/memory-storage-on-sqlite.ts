import type { StorageAdapter } from '@crmkit/core'
import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'

// Everything else the memory entry point exports (createMemoryStore...) stays the real thing.
export * from '@crmkit/storage-adapters/memory'

/**
 * Stands in for `@crmkit/storage-adapters/memory` when the guide runner runs a memory guide on SQLite:
 * `memoryStorage()` gives a private in-memory SQLite database.
 */
export function memoryStorage(): StorageAdapter {
  return sqliteStorage({ filename: ':memory:' })
}
