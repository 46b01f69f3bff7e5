/**
 * The tenants' custom-field definitions, cached per storage adapter, tenant and entity, so a
 * write or a filtered list does not reload them (one statement per call before).
 *
 * Freshness: a change made through any crm over the same adapter object (define, update,
 * delete) drops the entry at once. A change made elsewhere — another process, or another
 * adapter object on the same database — cannot reach this cache, so an entry is served for
 * at most `customFieldCacheMs` (createCrm option, default {@link DEFAULT_CACHE_MS}) after it
 * was loaded; then the definitions are read again. `0` turns the cache off. The monotonic
 * clock (`performance.now()`) measures the age, so an injected or frozen crm clock cannot keep
 * an entry alive.
 */
import type { CustomFieldShape } from '../filter/index.js'
import type { CustomFieldValidator } from '../shared/custom-values.js'
import type { Scope } from '../shared/scope.js'
import type { StorageAdapter } from '../storage/port.js'
import type { CustomFieldDefinition } from './records.js'
import type { CustomFieldEntity } from './schemas.js'

/** How long definitions loaded by this process are trusted without reading them again. */
export const DEFAULT_CACHE_MS = 1000

/** The definitions of one tenant and entity, and what was derived from them (set on first use). */
export interface CachedDefinitions {
  readonly loadedAt: number
  readonly definitions: Promise<CustomFieldDefinition[]>
  validator?: Promise<CustomFieldValidator>
  shapes?: Promise<CustomFieldShape[]>
}

/** Entries by tenant and entity, per adapter object (a WeakMap: a closed adapter's cache goes with it). */
const caches = new WeakMap<StorageAdapter, Map<string, CachedDefinitions>>()

const keyOf = (tenantId: string, entity: CustomFieldEntity) => `${tenantId}\u0000${entity}`

/**
 * The definitions of `entity` in the scope's tenant, from the cache when fresh, else from
 * `load`. A load that fails is not kept. An invalidation drops the entry even while its load
 * is still running, so a load that started before a change is never served after it.
 */
export function cachedDefinitions(
  scope: Scope,
  entity: CustomFieldEntity,
  load: () => Promise<CustomFieldDefinition[]>,
): CachedDefinitions {
  const ttl = scope.customFieldCacheMs ?? DEFAULT_CACHE_MS
  const now = performance.now()
  let cache = caches.get(scope.storage)
  if (!cache) {
    cache = new Map()
    caches.set(scope.storage, cache)
  }
  const key = keyOf(scope.tenantId, entity)
  const cached = cache.get(key)
  if (cached && now - cached.loadedAt < ttl) return cached
  const entry: CachedDefinitions = { loadedAt: now, definitions: load() }
  if (ttl > 0) {
    cache.set(key, entry)
    entry.definitions.catch(() => {
      if (cache.get(key) === entry) cache.delete(key)
    })
  }
  return entry
}

/** Drop the cached definitions of `entity` in the scope's tenant (after a change to them). */
export function forgetDefinitions(scope: Scope, entity: CustomFieldEntity): void {
  caches.get(scope.storage)?.delete(keyOf(scope.tenantId, entity))
}
