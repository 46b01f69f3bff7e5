/**
 * `t.deals`: deals, their stage moves and the stage-transition log (the basis of
 * forecasts and velocity). A create writes the deal, its contact links, the initial
 * transition and its events in one transaction (deal-create.ts); so does every stage move
 * (deal-moves.ts).
 */

export type { DealsService } from './api.js'
export type { DealHooks } from './stage-writes.js'

import { mergeCustomValues } from '../custom-fields/merge.js'
import { customFieldShapes, customFieldValidator, noCustomValuesPatch } from '../custom-fields/service.js'
import { changedColumns, sameIds } from '../shared/changes.js'
import { changedFields, customMode, type EntityKind, entityCrud, parseId, parseWithCustom } from '../shared/entity.js'
import { json, str, strings } from '../shared/rows.js'
import { writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite } from '../shared/scope.js'
import { parse, validationError } from '../shared/validation.js'
import type { StorageValue } from '../storage/port.js'
import type { DealsService } from './api.js'
import { createDeal } from './deal-create.js'
import { currencyIssues, referenceIssues, syncContactLinks } from './deal-links.js'
import { type Deal, toDeal } from './records.js'
import { dealPatchSchema } from './schemas.js'
import type { DealHooks } from './stage-writes.js'

const DEAL = 'deal'

const kind: EntityKind<Deal> = {
  table: 'deals',
  entity: DEAL,
  toRecord: (row) => toDeal(row),
  emit: (w, what, deal) => w.emit(what === 'deleted' ? 'deal.deleted' : 'deal.restored', { deal }),
}

/** Create the service for one tenant scope. */
export function createDealsService(scope: Scope, hooks: DealHooks): DealsService {
  return {
    ...entityCrud<Deal, 'deal'>(scope, kind, customFieldShapes(scope, 'deal')),
    create: (input) => createDeal(scope, hooks, input),

    async update(id, patch, options) {
      const key = parseId(id)
      const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
      const hasCustom = typeof patch === 'object' && patch !== null && patch.custom !== undefined
      const validator = hasCustom ? await customFieldValidator(scope, 'deal') : noCustomValuesPatch
      const { data, custom } = parseWithCustom(dealPatchSchema, patch, 'deal patch', customMode(validator, 'patch'))
      return versionedWrite(scope, expectedVersion, async (w) => {
        const current = await loadForWrite(w, 'deals', DEAL, key, expectedVersion)
        const issues = await referenceIssues(w, data.companyId, data.contactIds)
        if (data.amount !== undefined) {
          const pipeline = await w.session.get('pipelines', w.tenantId, str(current, 'pipelineId'))
          if (pipeline) issues.push(...currencyIssues(pipeline, data.amount.currency))
        }
        if (issues.length > 0) throw validationError('deal patch', issues)
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
        const changed = changedColumns(current, columns)
        const before = strings(current, 'contactIds')
        const links = data.contactIds !== undefined && !sameIds(before, data.contactIds) ? data.contactIds : undefined
        const changes = changedFields(data).filter((field) =>
          field === 'amount'
            ? 'amountValue' in changed || 'amountCurrency' in changed
            : field === 'contactIds'
              ? links !== undefined
              : field in changed,
        )
        // Nothing differs from the stored values: no write, no new version, no event.
        if (changes.length === 0) return toDeal(current)
        const row = await casUpdate(w, 'deals', DEAL, current, changed)
        if (links) await syncContactLinks(w, key, before, links)
        const deal = toDeal(row, links)
        w.emit('deal.updated', { deal, changes })
        return deal
      })
    },

    updateMany: async (input, options) => (await import('./update-many.js')).updateDeals(scope, input, options),
    // Loaded on first use: stage moves and the transition log are outside the initial-load budget.
    moveToStage: async (id, stageId, options) =>
      (await import('./deal-moves.js')).moveDealToStage(scope, hooks, id, stageId, options),
    history: async (id) => (await import('./deal-moves.js')).dealHistory(scope, id),
  }
}
