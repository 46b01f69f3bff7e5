import { createMemoryStore, memoryStoreLinks, memoryStoreRows } from '../memory/store.js'
import { memoryStorage } from '../memory.js'
import type { ConformanceHarness, RawInspector } from './types.js'

/**
 * The memory adapter's harness: the raw inspector reads the adapter's `MemoryStore`
 * directly (deep copies), never through the adapter's port methods.
 */
export function memoryHarness(): ConformanceHarness {
  return {
    name: 'memory',
    async create() {
      const store = createMemoryStore()
      const raw: RawInspector = {
        async row(table, tenantId, id) {
          return memoryStoreRows(store, table, tenantId).find((r) => r.id === id)
        },
        async rows(table, tenantId) {
          return memoryStoreRows(store, table, tenantId)
        },
        async count(table, tenantId, options) {
          const rows = memoryStoreRows(store, table, tenantId)
          return options?.live
            ? rows.filter((r) => r.deletedAt === null || r.deletedAt === undefined).length
            : rows.length
        },
        async links(link, tenantId) {
          return memoryStoreLinks(store, link, tenantId)
        },
      }
      return { storage: memoryStorage({ store }), raw, cleanup: async () => {} }
    },
  }
}
