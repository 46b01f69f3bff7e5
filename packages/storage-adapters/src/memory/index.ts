/**
 * The memory adapter: the storage port in plain JavaScript (tests, demos, browsers).
 */

export type { MemoryStorageAdapter, MemoryStorageOptions } from './adapter.js'
export { memoryStorage } from './adapter.js'
export type { MemoryLinkRow, MemoryStore, MemoryTableData } from './store.js'
export { createMemoryStore, memoryStoreLinks, memoryStoreRows } from './store.js'
