/**
 * `t.customFields`: define, list and delete the tenant's custom fields.
 */

import * as z from 'zod/mini'
import type { CustomFieldShape } from '../filter/index.js'
import type { ResolvedFilter } from '../filter/types.js'
import { type CountOptions, countRows, listOptionsSchema, listPage, type Page } from '../shared/list.js'
import { base, num, type RecordBase, str, strings } from '../shared/rows.js'
import { idRef } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, write } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { StorageRow, StorageSession } from '../storage/port.js'
import {
  type CustomFieldDefineInput,
  type CustomFieldEntity,
  type CustomFieldType,
  customFieldDefineSchema,
  customFieldEntitySchema,
} from './schemas.js'
import { type CustomFieldValidator, compileCustomFields } from './validate.js'

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
  /**
   * One page of definitions, oldest first by default: of one `entity` (or all), matching
   * `where` (fields: `entity`, `key`, `label`, `type`, `id`, `createdAt`, `updatedAt`).
   */
  list(options?: CustomFieldListOptions): Promise<Page<CustomFieldDefinition>>
  /** Number of definitions matching `where`. */
  count(options?: CountOptions): Promise<number>
  /**
   * Delete a definition. Values already stored stay in records' `custom` objects (they
   * can be removed with a patch `{ custom: { key: null } }`) but are no longer filterable.
   * @throws NotFoundError when absent.
   */
  delete(id: string): Promise<CustomFieldDefinition>
}

const ENTITY = 'customField'

/** Options of `customFields.list`: those of every list, plus the entity. */
export const customFieldListOptionsSchema = z.extend(listOptionsSchema, {
  /** Only the definitions of this entity. */
  entity: z.optional(customFieldEntitySchema),
})

/** Options of `customFields.list`. */
export type CustomFieldListOptions = z.input<typeof customFieldListOptionsSchema>

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
  const spec = { table: 'customFields' as const, toRecord: toCustomFieldDefinition }
  return {
    async define(input) {
      const data = parse(customFieldDefineSchema, input, 'custom field')
      return write(scope, async (w) => {
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
    async delete(id) {
      const key = parse(idRef, id, 'id')
      return versionedWrite(scope, undefined, async (w) => {
        const current = await loadForWrite(w, 'customFields', ENTITY, key, undefined)
        return toCustomFieldDefinition(await casUpdate(w, 'customFields', ENTITY, current, { deletedAt: w.now }))
      })
    },
  }
}
