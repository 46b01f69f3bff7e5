/**
 * `contacts.updateMany`, loaded on first use (see shared/update-many.ts for the batching).
 */
import { customFieldShapes, loadCustomFieldValidator } from '../custom-fields/service.js'
import { compileCustomFields } from '../custom-fields/validate.js'
import type { ValidationIssue } from '../errors.js'
import { changedColumns, sameIds } from '../shared/changes.js'
import { checkWithCustom, customMode, existingIds, missingRefs } from '../shared/entity.js'
import { json, strings } from '../shared/rows.js'
import { casUpdate, type Scope } from '../shared/scope.js'
import { parseUpdateMany, type UpdateManyResult, underSet, updateMatching } from '../shared/update-many.js'
import { toContact } from './records.js'
import { contactPatchSchema } from './schemas.js'
import { contactPatchRow, syncCompanyLinks } from './writes.js'

const WHAT = 'contacts.updateMany'

/** Set `input.set` on every live contact matching `input.where`. */
export async function updateContacts(scope: Scope, input: unknown, options: unknown): Promise<UpdateManyResult> {
  const { where, set, batchSize } = parseUpdateMany(input, options)
  const validator =
    set.custom === undefined
      ? compileCustomFields([])
      : await loadCustomFieldValidator(scope.storage, scope.tenantId, 'contact')
  const parsed = checkWithCustom(contactPatchSchema, set, customMode(validator, 'patch'))
  const issues: ValidationIssue[] = parsed.ok ? [] : [...parsed.issues]
  if (set.email !== undefined) {
    issues.push({
      path: ['email'],
      message: 'Unique per contact: it cannot be set on many contacts at once',
      code: 'custom',
    })
  }
  if (!parsed.ok || issues.length > 0) return underSet(WHAT, issues)
  const { data, custom } = parsed
  const companyIds = data.companyIds
  const spec = { table: 'contacts' as const, customFields: customFieldShapes(scope, 'contact') }

  return updateMatching(
    scope,
    spec,
    where,
    batchSize,
    async (w, current) => {
      const columns = contactPatchRow(data, custom, json(current, 'custom'))
      const changes = changedColumns(current, columns)
      const before = strings(current, 'companyIds')
      const relink = companyIds !== undefined && !sameIds(before, companyIds)
      if (relink) changes.push('companyIds')
      if (changes.length === 0) return false
      const row = await casUpdate(w, 'contacts', 'contact', current, columns)
      if (relink) await syncCompanyLinks(w, String(current.id), before, companyIds)
      w.emit('contact.updated', { contact: toContact(row, companyIds ?? before), changes })
      return true
    },
    companyIds?.length
      ? async (w) => {
          const missing = missingRefs(
            'companyIds',
            companyIds,
            await existingIds(w, 'companies', companyIds),
            'company',
          )
          if (missing.length > 0) underSet(WHAT, missing)
        }
      : undefined,
  )
}
