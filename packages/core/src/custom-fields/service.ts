/**
 * Custom-field definitions as the entity services read them (cached, compiled on first use).
 * `t.customFields` itself (define, list, delete) is in `definitions.ts`, loaded on first call.
 */

export type { CustomFieldsService } from './api.js'
export type { CustomFieldDefinition } from './records.js'

import type { CustomFieldShape } from '../filter/index.js'
import type { CustomFieldValidator } from '../shared/custom-values.js'
import type { Scope } from '../shared/scope.js'
import type { StorageSession } from '../storage/port.js'
import { cachedDefinitions } from './cache.js'
import { type CustomFieldDefinition, toCustomFieldDefinition } from './records.js'
import type { CustomFieldEntity } from './schemas.js'

/** The live definitions of one entity. */
export async function loadCustomFields(
  session: StorageSession,
  tenantId: string,
  entity: CustomFieldEntity,
): Promise<CustomFieldDefinition[]> {
  const rows = await session.findBy('customFields', tenantId, { entity })
  return rows.map(toCustomFieldDefinition).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** Compiled validation rules of one entity's custom fields. */
export async function loadCustomFieldValidator(
  session: StorageSession,
  tenantId: string,
  entity: CustomFieldEntity,
): Promise<CustomFieldValidator> {
  // The rules load with the first write that checks custom values (outside the initial bundle).
  const [{ compileCustomFields }, definitions] = await Promise.all([
    import('./validate.js'),
    loadCustomFields(session, tenantId, entity),
  ])
  return compileCustomFields(definitions)
}

/**
 * The validator of a patch without `custom`: there is nothing to check, so such an update does
 * not load the rules at all.
 */
export const noCustomValuesPatch: CustomFieldValidator = {
  create: () => ({ values: {}, issues: [] }),
  patch: () => ({ values: {}, issues: [] }),
}

/** The tenant's definitions of `entity` through the cache (see `cache.ts` for when they are read again). */
const definitionsOf = (scope: Scope, entity: CustomFieldEntity) =>
  cachedDefinitions(scope, entity, () => loadCustomFields(scope.storage, scope.tenantId, entity))

/**
 * Compiled validation rules of one entity's custom fields, for single-record writes: the
 * definitions and the compiled rules are reused while the cache entry is fresh.
 */
export function customFieldValidator(scope: Scope, entity: CustomFieldEntity): Promise<CustomFieldValidator> {
  const entry = definitionsOf(scope, entity)
  entry.validator ??= entry.definitions.then(async (d) => (await import('./validate.js')).compileCustomFields(d))
  return entry.validator
}

/** What the filter resolver needs to know about one entity's custom fields. */
export function customFieldShapes(scope: Scope, entity: CustomFieldEntity): () => Promise<CustomFieldShape[]> {
  return () => {
    const entry = definitionsOf(scope, entity)
    entry.shapes ??= entry.definitions.then((d) => d.map(({ key, type }) => ({ key, type })))
    return entry.shapes
  }
}
