/**
 * `t.deals`: deals, their stage moves and the stage-transition log (the basis of
 * forecasts and velocity). A create writes the deal, its contact links, the initial
 * transition and its events in one transaction; so does every stage move.
 */

import { mergeCustomValues } from '../custom-fields/merge.js'
import { customFieldShapes, loadCustomFieldValidator, noCustomValuesPatch } from '../custom-fields/service.js'
import { NotFoundError, type ValidationIssue } from '../errors.js'
import { changedColumns, sameIds } from '../shared/changes.js'
import {
  changedFields,
  customMode,
  type EntityKind,
  getRecord,
  parseId,
  parseWithCustom,
  restoreRecord,
  softDelete,
} from '../shared/entity.js'
import { type CountOptions, countRows, type ListOptions, listPage, type Page } from '../shared/list.js'
import { json, str, strings } from '../shared/rows.js'
import { type WriteOptions, writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, write } from '../shared/scope.js'
import type { UpdateManyInput, UpdateManyOptions, UpdateManyResult } from '../shared/update-many.js'
import { parse, validationError } from '../shared/validation.js'
import type { StorageRow, StorageValue } from '../storage/port.js'
import { referenceIssues, syncContactLinks } from './deal-links.js'
import { type Deal, type DealTransition, toDeal, toTransition } from './records.js'
import {
  type DealInput,
  type DealPatch,
  dealInputSchema,
  dealPatchSchema,
  type MoveToStageOptions,
  moveToStageOptionsSchema,
  type StageKind,
} from './schemas.js'
import { type DealHooks, emitClosing, moveDeal, transitionRow } from './stage-writes.js'
import { initialStatus } from './stages.js'

export type { DealHooks } from './stage-writes.js'

/** `t.deals`. */
export interface DealsService {
  /**
   * Create a deal in `stageId` (default: the pipeline's first stage); its status follows the
   * stage's kind and the initial transition (`fromStageId: null`) is logged.
   * @throws ValidationError for bad input, unknown pipeline/stage/company/contacts, or an
   *   `amount.currency` other than the pipeline's.
   */
  create(input: DealInput): Promise<Deal>
  /** A live deal, or `null` (absent, deleted, or another tenant's). */
  get(id: string): Promise<Deal | null>
  /**
   * Update fields other than the stage; a patch equal to the stored values writes nothing.
   * @throws NotFoundError, ValidationError (e.g. `amount.currency` other than the pipeline's), ConflictError.
   */
  update(id: string, patch: DealPatch, options?: WriteOptions): Promise<Deal>
  /** Soft-delete. @throws NotFoundError, ConflictError. */
  delete(id: string, options?: WriteOptions): Promise<Deal>
  /** Undo a soft delete. @throws NotFoundError, ConflictError. */
  restore(id: string, options?: WriteOptions): Promise<Deal>
  /** One page of live deals matching `where`, in `sort` order. */
  list(options?: ListOptions<'deal'>): Promise<Page<Deal>>
  /** Number of live deals matching `where`. */
  count(options?: CountOptions<'deal'>): Promise<number>
  /**
   * Set the same fields on every live deal matching `where`: `set` is validated like
   * `update`'s patch (stages change through `moveToStage` only). Each batch of up to `batchSize` deals (default 500, max 1000)
   * is one transaction; a deal whose values already equal `set` is left alone (no new
   * version, no event); each changed deal emits `deal.updated` after its batch commits. If a
   * batch fails, earlier batches stay written: calling again with the same input finishes
   * the job, as the deals already updated are then unchanged.
   * @throws ValidationError for bad input (nothing written).
   */
  updateMany(input: UpdateManyInput<DealPatch>, options?: UpdateManyOptions): Promise<UpdateManyResult>
  /**
   * Move a deal to another stage of its pipeline: updates the deal (compare-and-set), logs
   * the transition and records `deal.stageChanged` (+ `deal.won`/`deal.lost`) in one
   * transaction. Moving to the current stage changes nothing.
   * @throws NotFoundError (deal or stage), ValidationError (stage of another pipeline,
   *   `lostReason` for a non-lost stage), ConflictError (stale `expectedVersion`).
   */
  moveToStage(id: string, stageId: string, options?: MoveToStageOptions): Promise<Deal>
  /** The deal's stage transitions, oldest first. @throws NotFoundError. */
  history(id: string): Promise<DealTransition[]>
}

const ENTITY = 'deal'

const kind: EntityKind<Deal> = {
  table: 'deals',
  entity: ENTITY,
  toRecord: (row) => toDeal(row),
  emit: (w, what, deal) => w.emit(what === 'deleted' ? 'deal.deleted' : 'deal.restored', { deal }),
}

/** A deal is valued in its pipeline's currency, so the pipeline's sums and forecasts add up. */
function currencyIssues(pipeline: StorageRow, currency: string): ValidationIssue[] {
  const expected = str(pipeline, 'currency')
  if (currency === expected) return []
  const message = `Expected ${expected}, the currency of pipeline ${str(pipeline, 'id')}`
  return [{ path: ['amount', 'currency'], message, code: 'custom' }]
}

/** Create the service for one tenant scope. */
export function createDealsService(scope: Scope, hooks: DealHooks): DealsService {
  const listSpec = { table: 'deals' as const, customFields: customFieldShapes(scope, 'deal'), toRecord: kind.toRecord }

  return {
    async create(input) {
      const validator = await loadCustomFieldValidator(scope.storage, scope.tenantId, 'deal')
      const { data, custom } = parseWithCustom(dealInputSchema, input, 'deal', customMode(validator, 'create'))
      return write(scope, async (w) => {
        const issues: ValidationIssue[] = []
        const pipeline = await w.session.get('pipelines', w.tenantId, data.pipelineId)
        const stages = pipeline ? await w.session.findBy('stages', w.tenantId, { pipelineId: data.pipelineId }) : []
        stages.sort((a, b) => Number(a.position) - Number(b.position))
        const stage = data.stageId === undefined ? stages[0] : stages.find((s) => s.id === data.stageId)
        if (!pipeline)
          issues.push({ path: ['pipelineId'], message: `No pipeline with id ${data.pipelineId}`, code: 'custom' })
        else if (pipeline.archivedAt != null)
          issues.push({
            path: ['pipelineId'],
            message: `Pipeline ${data.pipelineId} is archived and takes no new deals`,
            code: 'custom',
          })
        else if (!stage)
          issues.push({
            path: ['stageId'],
            message: `No stage ${String(data.stageId)} in pipeline ${data.pipelineId}`,
            code: 'custom',
          })
        if (pipeline) issues.push(...currencyIssues(pipeline, data.amount.currency))
        issues.push(...(await referenceIssues(w, data.companyId, data.contactIds)))
        if (issues.length > 0 || !stage) throw validationError('deal', issues)

        const { status, closedAt } = initialStatus(str(stage, 'kind') as StageKind, w.now)
        const row: StorageRow = {
          id: w.newId(),
          tenantId: w.tenantId,
          version: 1,
          createdAt: w.now,
          updatedAt: w.now,
          deletedAt: null,
          title: data.title,
          pipelineId: data.pipelineId,
          stageId: str(stage, 'id'),
          status,
          amountValue: data.amount.value,
          amountCurrency: data.amount.currency,
          expectedCloseDate: data.expectedCloseDate ?? null,
          closedAt,
          ownerId: data.ownerId ?? null,
          companyId: data.companyId ?? null,
          lostReason: null,
          tags: data.tags ?? [],
          custom,
        }
        const contactIds = data.contactIds ?? []
        await w.session.insert('deals', w.tenantId, [row])
        if (contactIds.length > 0) await syncContactLinks(w, str(row, 'id'), [], contactIds)
        await w.session.insert('dealTransitions', w.tenantId, [transitionRow(w, row, null, str(stage, 'id'))])
        const deal = toDeal(row, contactIds)
        w.emit('deal.created', { deal })
        emitClosing(w, 'open', deal)
        if (deal.status === 'won') await hooks.onWon(w, deal)
        return deal
      })
    },

    get: (id) => getRecord(scope, kind, id),

    async update(id, patch, options) {
      const key = parseId(id)
      const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
      const hasCustom = typeof patch === 'object' && patch !== null && patch.custom !== undefined
      const validator = hasCustom
        ? await loadCustomFieldValidator(scope.storage, scope.tenantId, 'deal')
        : noCustomValuesPatch
      const { data, custom } = parseWithCustom(dealPatchSchema, patch, 'deal patch', customMode(validator, 'patch'))
      return versionedWrite(scope, expectedVersion, async (w) => {
        const current = await loadForWrite(w, 'deals', ENTITY, key, expectedVersion)
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
        const row = await casUpdate(w, 'deals', ENTITY, current, changed)
        if (links) await syncContactLinks(w, key, before, links)
        const deal = toDeal(row, links)
        w.emit('deal.updated', { deal, changes })
        return deal
      })
    },

    delete: (id, options) => softDelete(scope, kind, id, options),
    restore: (id, options) => restoreRecord(scope, kind, id, options),
    list: (options) => listPage(scope, listSpec, options),
    count: (options) => countRows(scope, listSpec, options),
    updateMany: async (input, options) => (await import('./update-many.js')).updateDeals(scope, input, options),

    async moveToStage(id, stageId, options) {
      const key = parseId(id)
      const target = parseId(stageId)
      const { expectedVersion, lostReason } = parse(moveToStageOptionsSchema, options ?? {}, 'options')
      return versionedWrite(scope, expectedVersion, async (w) => {
        const current = await loadForWrite(w, 'deals', ENTITY, key, expectedVersion)
        const stage = await w.session.get('stages', w.tenantId, target)
        if (!stage) throw new NotFoundError('stage', target)
        const stageKind = str(stage, 'kind') as StageKind
        const issues: ValidationIssue[] = []
        if (stage.pipelineId !== current.pipelineId) {
          issues.push({ path: ['stageId'], message: `Stage ${target} is not in the deal's pipeline`, code: 'custom' })
        }
        if (lostReason !== undefined && stageKind !== 'lost') {
          issues.push({
            path: ['lostReason'],
            message: 'Only a move into a lost stage takes a lostReason',
            code: 'custom',
          })
        }
        if (issues.length > 0) throw validationError('stage move', issues)
        if (current.stageId === target) return toDeal(current)
        return moveDeal(w, current, stage, hooks, { lostReason, announce: true })
      })
    },

    async history(id) {
      const key = parseId(id)
      if (!(await scope.storage.get('deals', scope.tenantId, key))) throw new NotFoundError(ENTITY, key)
      const rows = await scope.storage.findBy('dealTransitions', scope.tenantId, { dealId: key })
      return rows
        .map(toTransition)
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    },
  }
}
