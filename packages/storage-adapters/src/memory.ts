/**
 * `@crmkit/storage-adapters/memory`: an in-memory storage adapter with the same behaviour
 * as the SQL adapters, plus its store for sharing between adapters and raw inspection.
 *
 * @packageDocumentation
 */

export type {
  MemoryLinkRow,
  MemoryStorageAdapter,
  MemoryStorageOptions,
  MemoryStore,
  MemoryTableData,
} from './memory/index.js'
export { createMemoryStore, memoryStorage, memoryStoreLinks, memoryStoreRows } from './memory/index.js'
