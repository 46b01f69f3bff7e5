/**
 * `t.pipelines`: pipelines and their ordered stages.
 */

export type { PipelinesService } from './api.js'

import type { ResolvedFilter } from '../filter/types.js'
import { changedColumns } from '../shared/changes.js'
import { baseRow, parseId } from '../shared/entity.js'
import { countRows, listPage } from '../shared/list.js'
import { writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, type WriteContext, write } from '../shared/scope.js'
import { parse, validationError } from '../shared/validation.js'
import type { StorageRow, StorageSession, StorageValue } from '../storage/port.js'
import type { PipelinesService } from './api.js'
import { toPipeline } from './records.js'
import { listPipelinesOptionsSchema, pipelineInputSchema, pipelinePatchSchema } from './schemas.js'
import { type DealHooks, stageRow } from './stage-writes.js'

/** The stage and archive edits, loaded on first use (a separate chunk in a host's bundle). */
const editing = () => import('./pipeline-editing.js')

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
export function createPipelinesService(scope: Scope, hooks: DealHooks): PipelinesService {
  return {
    async create(input) {
      const data = parse(pipelineInputSchema, input, 'pipeline')
      return write(scope, async (w) => {
        const row = Object.assign(baseRow(w), { name: data.name, currency: data.currency, archivedAt: null })
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
      const { includeArchived, ...listOptions } = parse(listPipelinesOptionsSchema, options ?? {}, 'list options')
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
        if (data.name !== undefined) columns.name = data.name
        if (data.currency !== undefined) columns.currency = data.currency
        const changed = changedColumns(current, columns)
        const stages = await stagesOf(w.session, w.tenantId, [key])
        // Nothing differs from the stored values: no write, no new version, no event.
        if (Object.keys(changed).length === 0) return toPipeline(current, stages)
        if (changed.currency !== undefined) await assertNoDealsInOtherCurrency(w, key, String(changed.currency))
        const pipeline = toPipeline(await casUpdate(w, 'pipelines', ENTITY, current, changed), stages)
        w.emit('pipeline.updated', { pipeline, changes: Object.keys(changed) })
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
