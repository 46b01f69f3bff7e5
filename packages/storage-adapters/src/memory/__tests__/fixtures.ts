/** Complete storage rows for the memory adapter's tests. */
import type { StorageRow, StorageValue } from '@crmkit/core/storage'
import { type MemoryStorageAdapter, memoryStorage } from '../adapter.js'
import { createMemoryStore, type MemoryStore } from '../store.js'

export const T0 = '2026-03-01T12:00:00.000Z'

/** A migrated adapter on a fresh (or the given) store. */
export async function openMemory(store: MemoryStore = createMemoryStore()): Promise<MemoryStorageAdapter> {
  const storage = memoryStorage({ store })
  await storage.migrate()
  return storage
}

/** A contacts row with every column; `overrides` wins. */
export function contact(id: string, overrides: Record<string, StorageValue> = {}): StorageRow {
  return {
    id,
    tenantId: 'acme',
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    deletedAt: null,
    email: null,
    firstName: null,
    lastName: null,
    phone: null,
    title: null,
    lifecycleStage: 'lead',
    ownerId: null,
    tags: [],
    custom: {},
    country: null,
    region: null,
    city: null,
    postalCode: null,
    timeZone: null,
    ...overrides,
  }
}

/** A companies row with every column. */
export function company(id: string, overrides: Record<string, StorageValue> = {}): StorageRow {
  return {
    id,
    tenantId: 'acme',
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    deletedAt: null,
    name: `Company ${id}`,
    domain: null,
    industry: null,
    size: null,
    ownerId: null,
    tags: [],
    custom: {},
    country: null,
    region: null,
    city: null,
    postalCode: null,
    timeZone: null,
    ...overrides,
  }
}

/** A deals row with every column. */
export function deal(id: string, overrides: Record<string, StorageValue> = {}): StorageRow {
  return {
    id,
    tenantId: 'acme',
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    deletedAt: null,
    title: `Deal ${id}`,
    pipelineId: 'p1',
    stageId: 's1',
    status: 'open',
    amountValue: 0,
    amountCurrency: 'EUR',
    expectedCloseDate: null,
    closedAt: null,
    ownerId: null,
    companyId: null,
    lostReason: null,
    tags: [],
    custom: {},
    ...overrides,
  }
}

/** An events row (not versioned, no soft delete). */
export function event(id: string, overrides: Record<string, StorageValue> = {}): StorageRow {
  return { id, tenantId: 'acme', createdAt: T0, type: 'contact.created', actor: 'u1', payload: {}, ...overrides }
}
