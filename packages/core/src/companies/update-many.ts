/**
 * `companies.updateMany`, loaded on first use (see shared/update-many.ts for the batching).
 */
import { customFieldShapes, loadCustomFieldValidator } from '../custom-fields/service.js'
import { compileCustomFields, mergeCustomValues } from '../custom-fields/validate.js'
import { changedColumns } from '../shared/changes.js'
import { checkWithCustom, customMode } from '../shared/entity.js'
import { json } from '../shared/rows.js'
import { casUpdate, type Scope } from '../shared/scope.js'
import { parseUpdateMany, type UpdateManyResult, underSet, updateMatching } from '../shared/update-many.js'
import type { StorageValue } from '../storage/port.js'
import { companyColumns, toCompany } from './records.js'
import { companyPatchSchema } from './schemas.js'

/** Set `input.set` on every live company matching `input.where`. */
export async function updateCompanies(scope: Scope, input: unknown, options: unknown): Promise<UpdateManyResult> {
  const { where, set, batchSize } = parseUpdateMany(input, options)
  const validator =
    set.custom === undefined
      ? compileCustomFields([])
      : await loadCustomFieldValidator(scope.storage, scope.tenantId, 'company')
  const parsed = checkWithCustom(companyPatchSchema, set, customMode(validator, 'patch'))
  if (!parsed.ok) return underSet('companies.updateMany', parsed.issues)
  const { data, custom } = parsed
  const spec = { table: 'companies' as const, customFields: customFieldShapes(scope, 'company') }

  return updateMatching(scope, spec, where, batchSize, async (w, current) => {
    const columns: Record<string, StorageValue> = {}
    for (const column of companyColumns) {
      const value = data[column]
      if (value !== undefined) columns[column] = value
    }
    if (data.custom !== undefined) columns.custom = mergeCustomValues(json(current, 'custom'), custom)
    const changes = changedColumns(current, columns)
    if (changes.length === 0) return false
    const company = toCompany(await casUpdate(w, 'companies', 'company', current, columns))
    w.emit('company.updated', { company, changes })
    return true
  })
}
