/**
 * `deals.updateMany`, loaded on first use (see shared/update-many.ts for the batching).
 * Stage moves are not a field: move deals with `moveToStage`, which logs the transition.
 */

import { mergeCustomValues } from '../custom-fields/merge.js'
import { customFieldShapes, customFieldValidator } from '../custom-fields/service.js'
import type { ValidationIssue } from '../errors.js'
import type { ResolvedFilter } from '../filter/types.js'
import { str } from '../shared/rows.js'
import type { Scope, WriteContext } from '../shared/scope.js'
import { type UpdateManyResult, updateMany } from '../shared/update-many.js'
import type { StorageValue } from '../storage/port.js'
import { referenceIssues, syncContactLinks } from './deal-links.js'
import { toDeal } from './records.js'
import { dealPatchSchema } from './schemas.js'

/**
 * A deal is valued in its pipeline's currency: refuse an amount in `currency` when a matched
 * deal belongs to a pipeline in another one.
 */
async function otherCurrencyIssues(
  w: WriteContext,
  currency: string,
  filter: ResolvedFilter | undefined,
): Promise<ValidationIssue[]> {
  const pipelines = await w.session.query('pipelines', w.tenantId, {})
  const others = pipelines.filter((p) => str(p, 'currency') !== currency).map((p) => str(p, 'id'))
  if (others.length === 0) return []
  const inOthers: ResolvedFilter = {
    kind: 'condition',
    target: { source: 'column', column: 'pipelineId', type: 'string' },
    op: 'in',
    value: others,
  }
  const where: ResolvedFilter = filter ? { kind: 'all', nodes: [filter, inOthers] } : inOthers
  const count = await w.session.count('deals', w.tenantId, { where })
  if (count === 0) return []
  const message = `Expected the currency of the matched deals' pipelines: ${count} matching deal(s) are in a pipeline valued in another currency`
  return [{ path: ['amount', 'currency'], message, code: 'custom' }]
}

/** Set `input.set` on every live deal matching `input.where`. */
export function updateDeals(scope: Scope, input: unknown, options: unknown): Promise<UpdateManyResult> {
  return updateMany(
    scope,
    {
      table: 'deals',
      entity: 'deal',
      schema: dealPatchSchema,
      validator: () => customFieldValidator(scope, 'deal'),
      customFields: customFieldShapes(scope, 'deal'),
      mergeCustom: mergeCustomValues,
      columns(data) {
        const columns: Record<string, StorageValue> = {}
        for (const column of ['title', 'expectedCloseDate', 'ownerId', 'companyId', 'tags', 'lostReason'] as const) {
          const value = data[column]
          if (value !== undefined) columns[column] = value
        }
        if (data.amount !== undefined) {
          columns.amountValue = data.amount.value
          columns.amountCurrency = data.amount.currency
        }
        return columns
      },
      // The two amount columns are the deal's public `amount` field.
      fieldOf: (column) => (column.startsWith('amount') ? 'amount' : column),
      link: { field: 'contactIds', ids: (data) => data.contactIds, sync: syncContactLinks },
      references: (w, data) => referenceIssues(w, data.companyId, data.contactIds),
      refuseMatches: async (w, data, filter) =>
        data.amount ? otherCurrencyIssues(w, data.amount.currency, filter) : [],
      emit: (w, row, contactIds, changes) => w.emit('deal.updated', { deal: toDeal(row, contactIds), changes }),
    },
    input,
    options,
  )
}
