/**
 * `customFields.update`, loaded on first use. A definition's `key`, `type` and `entity` are
 * fixed: stored values and filters (`custom.<key>`) depend on them, so changing one means
 * defining a new field. The label and the options of a select/multiselect field may change;
 * an option that live records still hold cannot be removed.
 */
import * as z from 'zod/mini'
import type { ValidationIssue } from '../errors.js'
import { sameValue } from '../shared/changes.js'
import { parseId } from '../shared/entity.js'
import { name, writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, type WriteContext } from '../shared/scope.js'
import { parse, validationError } from '../shared/validation.js'
import type { TableName } from '../storage/tables.js'
import { forgetDefinitions } from './cache.js'
import { type CustomFieldDefinition, toCustomFieldDefinition } from './records.js'
import { optionList, withOptions } from './schemas.js'

/**
 * A key fixed at `define` (stored values and filters depend on it): always refused. One
 * schema serves all four keys.
 */
const fixed = z.optional(
  z.custom<never>(() => false, { error: 'Cannot change after define; define a new field instead' }),
)

/** Input of `customFields.update`. */
export const customFieldPatchSchema = z.strictObject({
  /** New display label. */
  label: z.optional(name(255)),
  /**
   * The new full list of options (select/multiselect only): add, reorder, or remove options
   * that no live record holds.
   */
  options: z.optional(optionList),
  key: fixed,
  type: fixed,
  entity: fixed,
  required: fixed,
})

/** Input of `customFields.update`. */
export type CustomFieldPatch = z.input<typeof customFieldPatchSchema>

/** One issue per removed option that live records of the entity still hold. */
async function optionsInUse(
  w: WriteContext,
  field: CustomFieldDefinition,
  removed: readonly string[],
): Promise<ValidationIssue[]> {
  const table: TableName = field.entity === 'company' ? 'companies' : `${field.entity}s`
  const type = field.type === 'select' ? 'string' : 'stringArray'
  const issues: ValidationIssue[] = []
  for (const option of removed) {
    const used = await w.session.count(table, w.tenantId, {
      where: { kind: 'condition', target: { source: 'custom', key: field.key, type }, op: 'in', value: [option] },
    })
    if (used > 0) {
      issues.push({
        path: ['options'],
        message: `Option ${JSON.stringify(option)} is held by ${used} ${used === 1 ? field.entity : table}; change those values first (e.g. with updateMany)`,
        code: 'custom',
      })
    }
  }
  return issues
}

/** See `CustomFieldsService.update`. */
export async function updateCustomField(
  scope: Scope,
  id: unknown,
  patch: unknown,
  options: unknown,
): Promise<CustomFieldDefinition> {
  const key = parseId(id)
  const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
  const data = parse(customFieldPatchSchema, patch, 'custom field patch')
  const updated = await versionedWrite(scope, expectedVersion, async (w) => {
    const current = await loadForWrite(w, 'customFields', 'customField', key, expectedVersion)
    const field = toCustomFieldDefinition(current)
    if (data.options !== undefined && !withOptions.has(field.type)) {
      throw validationError('custom field patch', [
        { path: ['options'], message: `A ${field.type} field takes no options`, code: 'custom' },
      ])
    }
    const columns = {
      ...(data.label === undefined ? {} : { label: data.label }),
      ...(data.options === undefined ? {} : { options: data.options }),
    }
    if (Object.entries(columns).every(([column, value]) => sameValue(current[column], value))) return field
    const kept = new Set(data.options ?? field.options)
    const issues = await optionsInUse(
      w,
      field,
      field.options.filter((option) => !kept.has(option)),
    )
    if (issues.length > 0) throw validationError('custom field patch', issues)
    return toCustomFieldDefinition(await casUpdate(w, 'customFields', 'customField', current, columns))
  })
  forgetDefinitions(scope, updated.entity)
  return updated
}
