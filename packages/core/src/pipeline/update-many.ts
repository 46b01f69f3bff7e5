/**
 * `deals.updateMany`, loaded on first use (see shared/update-many.ts for the batching).
 * Stage moves are not a field: move deals with `moveToStage`, which logs the transition.
 */
import { customFieldShapes, loadCustomFieldValidator } from '../custom-fields/service.js'
import { compileCustomFields, mergeCustomValues } from '../custom-fields/validate.js'
import { changedColumns, sameIds } from '../shared/changes.js'
import { checkWithCustom, customMode } from '../shared/entity.js'
import { json, strings } from '../shared/rows.js'
import { casUpdate, type Scope } from '../shared/scope.js'
import { parseUpdateMany, type UpdateManyResult, underSet, updateMatching } from '../shared/update-many.js'
import type { StorageValue } from '../storage/port.js'
import { referenceIssues, syncContactLinks } from './deal-links.js'
import { toDeal } from './records.js'
import { dealPatchSchema } from './schemas.js'

const WHAT = 'deals.updateMany'

/** Set `input.set` on every live deal matching `input.where`. */
export async function updateDeals(scope: Scope, input: unknown, options: unknown): Promise<UpdateManyResult> {
  const { where, set, batchSize } = parseUpdateMany(input, options)
  const validator =
    set.custom === undefined
      ? compileCustomFields([])
      : await loadCustomFieldValidator(scope.storage, scope.tenantId, 'deal')
  const parsed = checkWithCustom(dealPatchSchema, set, customMode(validator, 'patch'))
  if (!parsed.ok) return underSet(WHAT, parsed.issues)
  const { data, custom } = parsed
  const contactIds = data.contactIds
  const spec = { table: 'deals' as const, customFields: customFieldShapes(scope, 'deal') }

  return updateMatching(
    scope,
    spec,
    where,
    batchSize,
    async (w, current) => {
      const columns: Record<string, StorageValue> = {}
      for (const column of ['title', 'expectedCloseDate', 'ownerId', 'companyId', 'tags', 'lostReason'] as const) {
        const value = data[column]
        if (value !== undefined) columns[column] = value
      }
      if (data.amount !== undefined) {
        columns.amountValue = data.amount.value
        columns.amountCurrency = data.amount.currency
      }
      if (data.custom !== undefined) columns.custom = mergeCustomValues(json(current, 'custom'), custom)
      // Public field names: the two amount columns are the deal's `amount`.
      const changes = [...new Set(changedColumns(current, columns).map((c) => (c.startsWith('amount') ? 'amount' : c)))]
      const before = strings(current, 'contactIds')
      const relink = contactIds !== undefined && !sameIds(before, contactIds)
      if (relink) changes.push('contactIds')
      if (changes.length === 0) return false
      const row = await casUpdate(w, 'deals', 'deal', current, columns)
      if (relink) await syncContactLinks(w, String(current.id), before, contactIds)
      w.emit('deal.updated', { deal: toDeal(row, contactIds ?? before), changes })
      return true
    },
    data.companyId || contactIds?.length
      ? async (w) => {
          const issues = await referenceIssues(w, data.companyId, contactIds)
          if (issues.length > 0) underSet(WHAT, issues)
        }
      : undefined,
  )
}
