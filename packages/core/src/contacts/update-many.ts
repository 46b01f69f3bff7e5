/**
 * `contacts.updateMany`, loaded on first use (see shared/update-many.ts for the batching).
 */

import { mergeCustomValues } from '../custom-fields/merge.js'
import { customFieldShapes, customFieldValidator } from '../custom-fields/service.js'
import { existingIds, missingRefs } from '../shared/entity.js'
import type { Scope } from '../shared/scope.js'
import { type UpdateManyResult, updateMany } from '../shared/update-many.js'
import type { StorageValue } from '../storage/port.js'
import { contactColumns, toContact } from './records.js'
import { contactPatchSchema } from './schemas.js'
import { syncCompanyLinks } from './writes.js'

/** Set `input.set` on every live contact matching `input.where`. */
export function updateContacts(scope: Scope, input: unknown, options: unknown): Promise<UpdateManyResult> {
  return updateMany(
    scope,
    {
      table: 'contacts',
      entity: 'contact',
      schema: contactPatchSchema,
      validator: () => customFieldValidator(scope, 'contact'),
      customFields: customFieldShapes(scope, 'contact'),
      mergeCustom: mergeCustomValues,
      refuse: (set) =>
        set.email === undefined
          ? []
          : [
              {
                path: ['email'],
                message: 'Unique per contact: it cannot be set on many contacts at once',
                code: 'custom',
              },
            ],
      columns(data) {
        const columns: Record<string, StorageValue> = {}
        for (const column of contactColumns) {
          const value = data[column]
          if (value !== undefined) columns[column] = value
        }
        return columns
      },
      link: { field: 'companyIds', ids: (data) => data.companyIds, sync: syncCompanyLinks },
      async references(w, data) {
        const ids = data.companyIds ?? []
        return missingRefs('companyIds', ids, await existingIds(w, 'companies', ids), 'company')
      },
      emit: (w, row, companyIds, changes) =>
        w.emit('contact.updated', { contact: toContact(row, companyIds), changes }),
    },
    input,
    options,
  )
}
