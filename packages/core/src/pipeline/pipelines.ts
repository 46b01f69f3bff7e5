/**
 * `t.pipelines`: pipelines and their ordered stages.
 */
import type { ResolvedFilter } from '../filter/types.js'
import { parseId } from '../shared/entity.js'
import { type CountOptions, countRows, type ListOptions, listPage, type Page } from '../shared/list.js'
import { type WriteOptions, writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, write } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { StorageRow, StorageSession, StorageValue } from '../storage/port.js'
import type { RemoveStageOptions, StagePatch } from './editing-schemas.js'
import { type Pipeline, toPipeline } from './records.js'
import {
  type AddStageOptions,
  type ListPipelinesOptions,
  listPipelinesOptionsSchema,
  type PipelineInput,
  type PipelinePatch,
  pipelineInputSchema,
  pipelinePatchSchema,
  type StageInput,
} from './schemas.js'
import { type DealHooks, stageRow } from './stage-writes.js'

/** The stage and archive edits, loaded on first use (a separate chunk in a host's bundle). */
const editing = () => import('./pipeline-editing.js')

/** `t.pipelines`. */
export interface PipelinesService {
  /** Create a pipeline with its stages (one transaction). @throws ValidationError. */
  create(input: PipelineInput): Promise<Pipeline>
  /** A pipeline (archived ones too) with its live stages, or `null`. */
  get(id: string): Promise<Pipeline | null>
  /**
   * One page of pipelines matching `where` (fields: `name`, `id`, `createdAt`, `updatedAt`),
   * oldest first by default. Archived pipelines only with `includeArchived`.
   */
  list(options?: ListOptions & ListPipelinesOptions): Promise<Page<Pipeline>>
  /** Number of pipelines matching `where` (archived ones included). */
  count(options?: CountOptions): Promise<number>
  /**
   * Rename (or change the currency). Values equal to the stored ones change nothing.
   * @throws NotFoundError, ValidationError, ConflictError.
   */
  update(id: string, patch: PipelinePatch, options?: WriteOptions): Promise<Pipeline>
  /**
   * Insert a stage at `position` (default: last); later stages move down one place.
   * @throws NotFoundError, ValidationError (bad stage, already 100 stages), ConflictError.
   */
  addStage(pipelineId: string, stage: StageInput, options?: AddStageOptions): Promise<Pipeline>
  /**
   * Rename a stage, change its probability, or its kind. The kind of a stage that holds deals
   * (live or soft-deleted) cannot change, because a deal's status is its stage's kind: move
   * the deals first. @throws NotFoundError (pipeline, or stage not in it), ValidationError, ConflictError.
   */
  updateStage(pipelineId: string, stageId: string, patch: StagePatch, options?: WriteOptions): Promise<Pipeline>
  /**
   * Put the stages in the order of `stageIds`, which lists every stage of the pipeline once.
   * @throws NotFoundError, ValidationError (`stageIds` not exactly the stages), ConflictError.
   */
  reorderStages(pipelineId: string, stageIds: readonly string[], options?: WriteOptions): Promise<Pipeline>
  /**
   * Remove a stage; later stages move up one place. Its deals (soft-deleted ones included)
   * move to `moveDealsTo`, each with a logged transition and, for live deals,
   * `deal.stageChanged` (+ `deal.won`/`deal.lost`), all in one transaction.
   * Deals are not locked against a concurrent `deals.create`/`moveToStage` into the stage:
   * on servers with concurrent transactions such a deal can land in the removed stage (it
   * can still be moved out with `moveToStage`).
   * @throws NotFoundError, ValidationError (deals but no `moveDealsTo`, a bad `moveDealsTo`,
   *   the pipeline's last stage), ConflictError.
   */
  removeStage(pipelineId: string, stageId: string, options?: RemoveStageOptions): Promise<Pipeline>
  /**
   * Archive: the pipeline leaves `list()` (unless `includeArchived`) and takes no new deals;
   * its deals stay readable and movable. Archiving an archived pipeline changes nothing.
   * @throws NotFoundError, ConflictError.
   */
  archive(id: string, options?: WriteOptions): Promise<Pipeline>
  /** Undo `archive`. @throws NotFoundError, ConflictError. */
  unarchive(id: string, options?: WriteOptions): Promise<Pipeline>
}

const ENTITY = 'pipeline'

/** Pipelines that are not archived. */
const activeOnly: ResolvedFilter = {
  kind: 'condition',
  target: { source: 'column', column: 'archivedAt', type: 'timestamp' },
  op: 'isNotSet',
}

/** The live stage rows of some pipelines. */
export async function stagesOf(
  session: StorageSession,
  tenantId: string,
  pipelineIds: readonly string[],
): Promise<StorageRow[]> {
  if (pipelineIds.length === 0) return []
  return session.findBy('stages', tenantId, { pipelineId: pipelineIds })
}

/** Create the service for one tenant scope. */
export function createPipelinesService(scope: Scope, hooks: DealHooks): PipelinesService {
  return {
    async create(input) {
      const data = parse(pipelineInputSchema, input, 'pipeline')
      return write(scope, async (w) => {
        const row: StorageRow = {
          id: w.newId(),
          tenantId: w.tenantId,
          version: 1,
          createdAt: w.now,
          updatedAt: w.now,
          deletedAt: null,
          name: data.name,
          currency: data.currency ?? null,
          archivedAt: null,
        }
        const stages = data.stages.map((stage, position) => stageRow(w, String(row.id), stage, position))
        await w.session.insert('pipelines', w.tenantId, [row])
        await w.session.insert('stages', w.tenantId, stages)
        const pipeline = toPipeline(row, stages)
        w.emit('pipeline.created', { pipeline })
        return pipeline
      })
    },

    async get(id) {
      const row = await scope.storage.get('pipelines', scope.tenantId, parseId(id))
      return row ? toPipeline(row, await stagesOf(scope.storage, scope.tenantId, [String(row.id)])) : null
    },

    async list(options) {
      const { includeArchived, ...listOptions } = (options ?? {}) as ListOptions & ListPipelinesOptions
      parse(listPipelinesOptionsSchema, { includeArchived }, 'options')
      const page = await listPage(
        scope,
        { table: 'pipelines', toRecord: (row) => row },
        listOptions,
        includeArchived ? undefined : activeOnly,
      )
      const ids = page.items.map((row) => String(row.id))
      const stages = await stagesOf(scope.storage, scope.tenantId, ids)
      return {
        ...page,
        items: page.items.map((row) =>
          toPipeline(
            row,
            stages.filter((s) => s.pipelineId === row.id),
          ),
        ),
      }
    },

    count: (options) => countRows(scope, { table: 'pipelines' }, options),

    async update(id, patch, options) {
      const key = parseId(id)
      const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
      const data = parse(pipelinePatchSchema, patch, 'pipeline patch')
      return versionedWrite(scope, expectedVersion, async (w) => {
        const current = await loadForWrite(w, 'pipelines', ENTITY, key, expectedVersion)
        const columns: Record<string, StorageValue> = {}
        if (data.name !== undefined && data.name !== current.name) columns.name = data.name
        if (data.currency !== undefined && data.currency !== current.currency) columns.currency = data.currency
        const stages = await stagesOf(w.session, w.tenantId, [key])
        if (Object.keys(columns).length === 0) return toPipeline(current, stages)
        const pipeline = toPipeline(await casUpdate(w, 'pipelines', ENTITY, current, columns), stages)
        w.emit('pipeline.updated', { pipeline, changes: Object.keys(columns) })
        return pipeline
      })
    },

    addStage: async (pipelineId, stage, options) => (await editing()).addStage(scope, pipelineId, stage, options),
    updateStage: async (pipelineId, stageId, patch, options) =>
      (await editing()).updateStage(scope, pipelineId, stageId, patch, options),
    reorderStages: async (pipelineId, stageIds, options) =>
      (await editing()).reorderStages(scope, pipelineId, stageIds, options),
    removeStage: async (pipelineId, stageId, options) =>
      (await editing()).removeStage(scope, hooks, pipelineId, stageId, options),
    archive: async (id, options) => (await editing()).setArchived(scope, id, true, options),
    unarchive: async (id, options) => (await editing()).setArchived(scope, id, false, options),
  }
}
