/**
 * `companies.updateMany`, loaded on first use (see shared/update-many.ts for the batching).
 */

import { mergeCustomValues } from '../custom-fields/merge.js'
import { customFieldShapes, customFieldValidator } from '../custom-fields/service.js'
import type { Scope } from '../shared/scope.js'
import { type UpdateManyResult, updateMany } from '../shared/update-many.js'
import type { StorageValue } from '../storage/port.js'
import { companyColumns, toCompany } from './records.js'
import { companyPatchSchema } from './schemas.js'

/** Set `input.set` on every live company matching `input.where`. */
export function updateCompanies(scope: Scope, input: unknown, options: unknown): Promise<UpdateManyResult> {
  return updateMany(
    scope,
    {
      table: 'companies',
      entity: 'company',
      schema: companyPatchSchema,
      validator: () => customFieldValidator(scope, 'company'),
      customFields: customFieldShapes(scope, 'company'),
      mergeCustom: mergeCustomValues,
      columns(data) {
        const columns: Record<string, StorageValue> = {}
        for (const column of companyColumns) {
          const value = data[column]
          if (value !== undefined) columns[column] = value
        }
        return columns
      },
      emit: (w, row, _links, changes) => w.emit('company.updated', { company: toCompany(row), changes }),
    },
    input,
    options,
  )
}
