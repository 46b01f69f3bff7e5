/**
 * `t.customFields`: define, list and delete the tenant's custom fields. Loaded on first call
 * (`lazy-services.ts`): contacts and deals read definitions through `service.ts` only.
 */
import type { ResolvedFilter } from '../filter/types.js'
import { assertUnique, baseRow } from '../shared/entity.js'
import { countRows, listPage } from '../shared/list.js'
import { idRef } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { CustomFieldsService } from './api.js'
import { forgetDefinitions } from './cache.js'
import { type CustomFieldDefinition, toCustomFieldDefinition } from './records.js'
import { customFieldDefineSchema, customFieldListOptionsSchema } from './schemas.js'

const ENTITY = 'customField'

const indexedTables = { contact: 'contacts', company: 'companies', deal: 'deals' } as const
const indexedTypes = { text: 'string', select: 'string', number: 'number', boolean: 'boolean', date: 'date' } as const

/** Ask the adapter (when it can) for the index of an `indexed: true` field. */
async function ensureCustomFieldIndex(scope: Scope, definition: CustomFieldDefinition): Promise<void> {
  const indexes = scope.storage.extensions?.customFieldIndexes
  if (!indexes || definition.type === 'multiselect') return
  await indexes.ensure(indexedTables[definition.entity], definition.key, indexedTypes[definition.type])
}

/** Create the service for one tenant scope. */
export function createCustomFieldsService(scope: Scope): CustomFieldsService {
  const spec = { table: 'customFields' as const, toRecord: toCustomFieldDefinition }
  return {
    async define(input) {
      const data = parse(customFieldDefineSchema, input, 'custom field')
      // versionedWrite: a racing define of the same key is retried once, and reported by assertUnique.
      const definition = await versionedWrite(scope, undefined, async (w) => {
        await assertUnique(w, 'customFields', ENTITY, 'key', data.key, { scope: { entity: data.entity } })
        const row = Object.assign(baseRow(w), {
          entity: data.entity,
          key: data.key,
          label: data.label,
          type: data.type,
          options: data.options ?? [],
          required: data.required ? 1 : 0,
          indexed: data.indexed ? 1 : 0,
        })
        await w.session.insert('customFields', w.tenantId, [row])
        return toCustomFieldDefinition(row)
      })
      forgetDefinitions(scope, data.entity)
      // DDL runs after the definition's transaction: MySQL would commit it implicitly.
      if (definition.indexed) await ensureCustomFieldIndex(scope, definition)
      return definition
    },
    async list(options) {
      const { entity, ...rest } = parse(customFieldListOptionsSchema, options ?? {}, 'list options')
      const byEntity: ResolvedFilter | undefined =
        entity === undefined
          ? undefined
          : {
              kind: 'condition',
              target: { source: 'column', column: 'entity', type: 'string' },
              op: 'eq',
              value: entity,
            }
      return listPage(scope, spec, rest, byEntity)
    },
    count: (options) => countRows(scope, spec, options),
    update: async (id, patch, options) => (await import('./update.js')).updateCustomField(scope, id, patch, options),
    async delete(id) {
      const key = parse(idRef, id, 'id')
      const deleted = await versionedWrite(scope, undefined, async (w) => {
        const current = await loadForWrite(w, 'customFields', ENTITY, key, undefined)
        return toCustomFieldDefinition(await casUpdate(w, 'customFields', ENTITY, current, { deletedAt: w.now }))
      })
      forgetDefinitions(scope, deleted.entity)
      return deleted
    },
  }
}
