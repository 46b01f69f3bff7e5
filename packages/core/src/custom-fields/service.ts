/**
 * `t.customFields`: define, list and delete the tenant's custom fields.
 */
import type { CustomFieldShape } from '../filter/index.js'
import type { CustomFieldType, CustomFieldValidator } from '../shared/custom-values.js'
import { assertUnique } from '../shared/entity.js'
import { base, num, type RecordBase, str, strings } from '../shared/rows.js'
import { idRef } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { StorageRow, StorageSession } from '../storage/port.js'
import {
  type CustomFieldDefineInput,
  type CustomFieldEntity,
  customFieldDefineSchema,
  customFieldEntitySchema,
} from './schemas.js'
import { compileCustomFields } from './validate.js'

/** A custom field definition. */
export interface CustomFieldDefinition extends RecordBase {
  readonly entity: CustomFieldEntity
  /** Key inside the record's `custom` object; filter it as `custom.<key>`. */
  readonly key: string
  readonly label: string
  readonly type: CustomFieldType
  /** Allowed values of select/multiselect fields (empty for other types). */
  readonly options: string[]
  readonly required: boolean
}

/** `t.customFields`. */
export interface CustomFieldsService {
  /**
   * Define a custom field. Its key is unique per entity among live definitions.
   * @throws ValidationError for bad input; ConflictError when the key is taken.
   */
  define(input: CustomFieldDefineInput): Promise<CustomFieldDefinition>
  /** Definitions of one entity (or all), oldest first. */
  list(entity?: CustomFieldEntity): Promise<CustomFieldDefinition[]>
  /**
   * Delete a definition. Values already stored stay in records' `custom` objects (they
   * can be removed with a patch `{ custom: { key: null } }`) but are no longer filterable.
   * @throws NotFoundError when absent.
   */
  delete(id: string): Promise<CustomFieldDefinition>
}

const ENTITY = 'customField'

/** Read a definition row. */
export function toCustomFieldDefinition(row: StorageRow): CustomFieldDefinition {
  return Object.assign(base(row), {
    entity: str(row, 'entity') as CustomFieldEntity,
    key: str(row, 'key'),
    label: str(row, 'label'),
    type: str(row, 'type') as CustomFieldType,
    options: strings(row, 'options'),
    required: num(row, 'required') === 1,
  })
}

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
  return compileCustomFields(await loadCustomFields(session, tenantId, entity))
}

/** What the filter resolver needs to know about one entity's custom fields. */
export function customFieldShapes(scope: Scope, entity: CustomFieldEntity): () => Promise<CustomFieldShape[]> {
  return async () =>
    (await loadCustomFields(scope.storage, scope.tenantId, entity)).map((d) => ({ key: d.key, type: d.type }))
}

/** Create the service for one tenant scope. */
export function createCustomFieldsService(scope: Scope): CustomFieldsService {
  return {
    async define(input) {
      const data = parse(customFieldDefineSchema, input, 'custom field')
      // versionedWrite: a racing define of the same key is retried once, and reported by assertUnique.
      return versionedWrite(scope, undefined, async (w) => {
        await assertUnique(w, 'customFields', ENTITY, 'key', data.key, { scope: { entity: data.entity } })
        const row: StorageRow = {
          id: w.newId(),
          tenantId: w.tenantId,
          version: 1,
          createdAt: w.now,
          updatedAt: w.now,
          deletedAt: null,
          entity: data.entity,
          key: data.key,
          label: data.label,
          type: data.type,
          options: data.options ?? [],
          required: data.required ? 1 : 0,
        }
        await w.session.insert('customFields', w.tenantId, [row])
        return toCustomFieldDefinition(row)
      })
    },
    async list(entity) {
      if (entity === undefined) {
        const rows = await scope.storage.query('customFields', scope.tenantId, {
          orderBy: { column: 'id', direction: 'asc' },
        })
        return rows.map(toCustomFieldDefinition)
      }
      return loadCustomFields(scope.storage, scope.tenantId, parse(customFieldEntitySchema, entity, 'entity'))
    },
    async delete(id) {
      const key = parse(idRef, id, 'id')
      return versionedWrite(scope, undefined, async (w) => {
        const current = await loadForWrite(w, 'customFields', ENTITY, key, undefined)
        return toCustomFieldDefinition(await casUpdate(w, 'customFields', ENTITY, current, { deletedAt: w.now }))
      })
    },
  }
}
