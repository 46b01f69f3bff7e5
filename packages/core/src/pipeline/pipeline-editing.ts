/**
 * Editing a pipeline after creation: its stages (add, edit, reorder, remove) and its
 * archived state. Loaded on first use (`import()` in `pipelines.ts`): pages that only read
 * pipelines and move deals never download it.
 *
 * Every edit is one transaction that ends with a compare-and-set on the pipeline row, so
 * the pipeline's `version` moves with any change to its stages and `expectedVersion` guards
 * all of them. Stage ids never change; live stages keep dense positions `0..n-1`. A removed
 * stage is soft-deleted, so the transition log's stage ids still resolve to a row.
 */
import { NotFoundError, type ValidationIssue } from '../errors.js'
import { parseId } from '../shared/entity.js'
import { num, str } from '../shared/rows.js'
import { writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, type WriteContext } from '../shared/scope.js'
import { parse, validationError } from '../shared/validation.js'
import type { StorageRow, StorageValue } from '../storage/port.js'
import { removeStageOptionsSchema, stageOrderSchema, stagePatchSchema } from './editing-schemas.js'
import { type Pipeline, toPipeline } from './records.js'
import { addStageOptionsSchema, stageInputSchema } from './schemas.js'
import { type DealHooks, moveDeal, stageRow } from './stage-writes.js'
import { insertPosition, stageOrderProblems } from './stages.js'

const ENTITY = 'pipeline'

/** A pipeline row and its live stage rows in position order, read inside a write. */
interface Loaded {
  readonly row: StorageRow
  readonly stages: StorageRow[]
}

async function load(w: WriteContext, id: string, expectedVersion: number | undefined): Promise<Loaded> {
  const row = await loadForWrite(w, 'pipelines', ENTITY, id, expectedVersion)
  const stages = await w.session.findBy('stages', w.tenantId, { pipelineId: id })
  stages.sort((a, b) => num(a, 'position') - num(b, 'position') || (str(a, 'id') < str(b, 'id') ? -1 : 1))
  return { row, stages }
}

/** The live stage `stageId` of the loaded pipeline. @throws NotFoundError (absent, removed, other pipeline or tenant). */
function stageOf(loaded: Loaded, stageId: string): StorageRow {
  const stage = loaded.stages.find((s) => s.id === stageId)
  if (!stage) throw new NotFoundError('stage', stageId)
  return stage
}

/**
 * Give `ordered` the positions 0..n-1, writing only the stages whose position changes.
 * Returns the rows as stored afterwards, in order.
 */
async function writePositions(w: WriteContext, ordered: readonly StorageRow[]): Promise<StorageRow[]> {
  const out: StorageRow[] = []
  for (const [position, stage] of ordered.entries()) {
    out.push(num(stage, 'position') === position ? stage : await casUpdate(w, 'stages', 'stage', stage, { position }))
  }
  return out
}

/** Bump the pipeline's version (with `columns`), announce the change, and return the pipeline. */
async function finish(
  w: WriteContext,
  loaded: Loaded,
  stages: readonly StorageRow[],
  columns: Record<string, StorageValue>,
  changes: readonly string[],
): Promise<Pipeline> {
  const row = await casUpdate(w, 'pipelines', ENTITY, loaded.row, columns)
  const pipeline = toPipeline(row, stages)
  w.emit('pipeline.updated', { pipeline, changes: [...changes] })
  return pipeline
}

/** Whether any deal, live or soft-deleted, is in the stage. */
async function holdsDeals(w: WriteContext, stage: StorageRow): Promise<boolean> {
  const match = { pipelineId: str(stage, 'pipelineId'), stageId: str(stage, 'id') }
  return (await w.session.findBy('deals', w.tenantId, match, { includeDeleted: true, limit: 1 })).length > 0
}

const issue = (path: string, message: string): ValidationIssue => ({ path: [path], message, code: 'custom' })

/** `pipelines.updateStage`. */
export async function updateStage(
  scope: Scope,
  pipelineId: unknown,
  stageId: unknown,
  patch: unknown,
  options: unknown,
): Promise<Pipeline> {
  const key = parseId(pipelineId)
  const stageKey = parseId(stageId)
  const data = parse(stagePatchSchema, patch, 'stage patch')
  const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
  return versionedWrite(scope, expectedVersion, async (w) => {
    const loaded = await load(w, key, expectedVersion)
    const stage = stageOf(loaded, stageKey)
    const columns: Record<string, StorageValue> = {}
    for (const field of ['name', 'probability', 'kind'] as const) {
      const value = data[field]
      if (value !== undefined && value !== stage[field]) columns[field] = value
    }
    // A deal's status is the kind of its stage; changing the kind under deals would change
    // their status without a logged move, so the deals have to move out first.
    if (columns.kind !== undefined && (await holdsDeals(w, stage))) {
      throw validationError('stage patch', [
        issue(
          'kind',
          `Stage ${stageKey} holds deals, so its kind stays ${str(stage, 'kind')}: move them to another stage first (or add a new stage and remove this one with moveDealsTo)`,
        ),
      ])
    }
    if (Object.keys(columns).length === 0) return toPipeline(loaded.row, loaded.stages)
    const updated = await casUpdate(w, 'stages', 'stage', stage, columns)
    const stages = loaded.stages.map((s) => (s === stage ? updated : s))
    return finish(w, loaded, stages, {}, ['stages'])
  })
}

/** `pipelines.addStage`. */
export async function addStage(scope: Scope, pipelineId: unknown, input: unknown, options: unknown): Promise<Pipeline> {
  const key = parseId(pipelineId)
  const data = parse(stageInputSchema, input, 'stage')
  const { position, expectedVersion } = parse(addStageOptionsSchema, options ?? {}, 'options')
  return versionedWrite(scope, expectedVersion, async (w) => {
    const loaded = await load(w, key, expectedVersion)
    if (loaded.stages.length >= 100) {
      throw validationError('stage', [{ path: [], message: 'A pipeline has at most 100 stages', code: 'custom' }])
    }
    const at = insertPosition(loaded.stages.length, position)
    const added = stageRow(w, key, data, at)
    // Later stages move down one place first, so positions are dense after the insert.
    const shifted = await writePositions(w, [...loaded.stages.slice(0, at), added, ...loaded.stages.slice(at)])
    await w.session.insert('stages', w.tenantId, [added])
    return finish(w, loaded, shifted, {}, ['stages'])
  })
}

/** `pipelines.reorderStages`. */
export async function reorderStages(
  scope: Scope,
  pipelineId: unknown,
  stageIds: unknown,
  options: unknown,
): Promise<Pipeline> {
  const key = parseId(pipelineId)
  const order = parse(stageOrderSchema, stageIds, 'stage order')
  const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
  return versionedWrite(scope, expectedVersion, async (w) => {
    const loaded = await load(w, key, expectedVersion)
    const problems = stageOrderProblems(
      loaded.stages.map((s) => str(s, 'id')),
      order,
    )
    if (problems.length > 0) throw validationError('stage order', problems)
    const byId = new Map(loaded.stages.map((s) => [str(s, 'id'), s]))
    const ordered = order.map((id) => byId.get(id) as StorageRow)
    if (ordered.every((s, i) => num(s, 'position') === i)) return toPipeline(loaded.row, loaded.stages)
    return finish(w, loaded, await writePositions(w, ordered), {}, ['stages'])
  })
}

/** `pipelines.removeStage`. */
export async function removeStage(
  scope: Scope,
  hooks: DealHooks,
  pipelineId: unknown,
  stageId: unknown,
  options: unknown,
): Promise<Pipeline> {
  const key = parseId(pipelineId)
  const stageKey = parseId(stageId)
  const { moveDealsTo, expectedVersion } = parse(removeStageOptionsSchema, options ?? {}, 'options')
  return versionedWrite(scope, expectedVersion, async (w) => {
    const loaded = await load(w, key, expectedVersion)
    const stage = stageOf(loaded, stageKey)
    const issues: ValidationIssue[] = []
    if (loaded.stages.length === 1) issues.push(issue('stageId', 'A pipeline keeps at least one stage'))
    const target = moveDealsTo === undefined ? undefined : loaded.stages.find((s) => s.id === moveDealsTo)
    if (moveDealsTo !== undefined && (target === undefined || target === stage)) {
      issues.push(issue('moveDealsTo', `${moveDealsTo} is not another stage of pipeline ${key}`))
    }
    // Soft-deleted deals move too: left behind, a restore would bring them back into a
    // stage that no longer exists.
    const match = { pipelineId: key, stageId: stageKey }
    const deals = await w.session.findBy('deals', w.tenantId, match, { includeDeleted: true })
    if (deals.length > 0 && moveDealsTo === undefined) {
      const deleted = deals.filter((d) => d.deletedAt != null).length
      issues.push(
        issue(
          'moveDealsTo',
          `Stage ${stageKey} holds ${deals.length} deal(s)${deleted > 0 ? ` (${deleted} soft-deleted)` : ''}: name the stage they move to`,
        ),
      )
    }
    if (issues.length > 0) throw validationError('stage removal', issues)
    if (target) {
      for (const deal of deals) await moveDeal(w, deal, target, hooks, { announce: deal.deletedAt == null })
    }
    await casUpdate(w, 'stages', 'stage', stage, { deletedAt: w.now })
    const remaining = await writePositions(
      w,
      loaded.stages.filter((s) => s !== stage),
    )
    return finish(w, loaded, remaining, {}, ['stages'])
  })
}

/** `pipelines.archive` (`archived: true`) and `pipelines.unarchive` (`false`). */
export async function setArchived(scope: Scope, id: unknown, archived: boolean, options: unknown): Promise<Pipeline> {
  const key = parseId(id)
  const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
  return versionedWrite(scope, expectedVersion, async (w) => {
    const loaded = await load(w, key, expectedVersion)
    if ((loaded.row.archivedAt != null) === archived) return toPipeline(loaded.row, loaded.stages)
    return finish(w, loaded, loaded.stages, { archivedAt: archived ? w.now : null }, ['archivedAt'])
  })
}
