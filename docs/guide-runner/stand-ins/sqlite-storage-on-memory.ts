import type { StorageAdapter } from '@crmkit/core'
import { memoryStorage } from '@crmkit/storage-adapters/memory'

/**
 * Stands in for `@crmkit/storage-adapters/sqlite` when the guide runner runs a SQLite guide on the memory adapter:
 * `sqliteStorage(...)` gives a fresh memory adapter, whatever the options (guides only open `:memory:` databases).
 */
export function sqliteStorage(_options?: unknown): StorageAdapter {
  return memoryStorage()
}
