/**
 * `t.pipelines`: pipelines and their ordered stages.
 */
import type * as z from 'zod/mini'
import { changedColumns } from '../shared/changes.js'
import { parseId } from '../shared/entity.js'
import { type CountOptions, countRows, type ListOptions, listPage, type Page } from '../shared/list.js'
import { num } from '../shared/rows.js'
import { type WriteOptions, writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, type WriteContext, write } from '../shared/scope.js'
import { parse, validationError } from '../shared/validation.js'
import type { StorageRow, StorageSession, StorageValue } from '../storage/port.js'
import { type Pipeline, toPipeline } from './records.js'
import {
  type AddStageOptions,
  addStageOptionsSchema,
  type PipelineInput,
  type PipelinePatch,
  pipelineInputSchema,
  pipelinePatchSchema,
  type StageInput,
  stageInputSchema,
} from './schemas.js'
import { insertPosition } from './stages.js'

/** `t.pipelines`. */
export interface PipelinesService {
  /** Create a pipeline (with its required currency) and its stages, in one transaction. @throws ValidationError. */
  create(input: PipelineInput): Promise<Pipeline>
  /** A pipeline with its stages, or `null`. */
  get(id: string): Promise<Pipeline | null>
  /** One page of pipelines matching `where` (fields: `name`, `currency`, `id`, `createdAt`, `updatedAt`), oldest first by default. */
  list(options?: ListOptions): Promise<Page<Pipeline>>
  /** Number of pipelines matching `where`. */
  count(options?: CountOptions): Promise<number>
  /**
   * Rename, or change the currency (only while no live deal of the pipeline is in another
   * one). A patch equal to the stored values writes nothing.
   * @throws NotFoundError, ValidationError, ConflictError.
   */
  update(id: string, patch: PipelinePatch, options?: WriteOptions): Promise<Pipeline>
  /**
   * Insert a stage at `position` (default: last); later stages move down one place.
   * Bumps the pipeline's version. @throws NotFoundError, ValidationError.
   */
  addStage(pipelineId: string, stage: StageInput, options?: AddStageOptions): Promise<Pipeline>
}

const ENTITY = 'pipeline'

type StageData = z.output<typeof stageInputSchema>

function stageRow(w: WriteContext, pipelineId: string, stage: StageData, position: number): StorageRow {
  return {
    id: w.newId(),
    tenantId: w.tenantId,
    version: 1,
    createdAt: w.now,
    updatedAt: w.now,
    deletedAt: null,
    pipelineId,
    name: stage.name,
    position,
    probability: stage.probability,
    kind: stage.kind ?? 'open',
  }
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

/** A pipeline's currency may change only while none of its live deals is in another currency. */
async function assertNoDealsInOtherCurrency(w: WriteContext, pipelineId: string, currency: string): Promise<void> {
  const column = (name: string) => ({ source: 'column', column: name, type: 'string' }) as const
  const [other] = await w.session.query('deals', w.tenantId, {
    where: {
      kind: 'all',
      nodes: [
        { kind: 'condition', target: column('pipelineId'), op: 'eq', value: pipelineId },
        { kind: 'condition', target: column('amountCurrency'), op: 'neq', value: currency },
      ],
    },
    limit: 1,
  })
  if (other) {
    const message = `Pipeline ${pipelineId} has deals in ${String(other.amountCurrency)}; move or delete them first`
    throw validationError('pipeline patch', [{ path: ['currency'], message, code: 'custom' }])
  }
}

/** Create the service for one tenant scope. */
export function createPipelinesService(scope: Scope): PipelinesService {
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
          currency: data.currency,
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
      const page = await listPage(scope, { table: 'pipelines', toRecord: (row) => row }, options)
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
        if (data.name !== undefined) columns.name = data.name
        if (data.currency !== undefined) columns.currency = data.currency
        const changed = changedColumns(current, columns)
        // Nothing differs from the stored values: no write, no new version.
        if (Object.keys(changed).length === 0) return toPipeline(current, await stagesOf(w.session, w.tenantId, [key]))
        if (changed.currency !== undefined) await assertNoDealsInOtherCurrency(w, key, String(changed.currency))
        const row = await casUpdate(w, 'pipelines', ENTITY, current, changed)
        return toPipeline(row, await stagesOf(w.session, w.tenantId, [key]))
      })
    },

    async addStage(pipelineId, stage, options) {
      const key = parseId(pipelineId)
      const data = parse(stageInputSchema, stage, 'stage')
      const { position } = parse(addStageOptionsSchema, options ?? {}, 'options')
      return versionedWrite(scope, undefined, async (w) => {
        const current = await loadForWrite(w, 'pipelines', ENTITY, key, undefined)
        const existing = await stagesOf(w.session, w.tenantId, [key])
        const at = insertPosition(existing.length, position)
        // Shift later stages down, last first; each is a CAS so a concurrent reorder retries.
        const later = existing
          .filter((s) => num(s, 'position') >= at)
          .sort((a, b) => num(b, 'position') - num(a, 'position'))
        for (const s of later) await casUpdate(w, 'stages', 'stage', s, { position: num(s, 'position') + 1 })
        const added = stageRow(w, key, data, at)
        await w.session.insert('stages', w.tenantId, [added])
        const row = await casUpdate(w, 'pipelines', ENTITY, current, {})
        const shifted = new Set(later.map((s) => s.id))
        const stages = existing.map((s) => (shifted.has(s.id) ? { ...s, position: num(s, 'position') + 1 } : s))
        return toPipeline(row, [...stages, added])
      })
    },
  }
}
