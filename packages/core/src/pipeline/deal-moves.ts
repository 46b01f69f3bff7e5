/**
 * `deals.moveToStage` and `deals.history`: stage moves and the stage-transition log. The move
 * itself (shared with `pipelines.removeStage`) is `moveDeal` in stage-writes.ts.
 */
import { NotFoundError, type ValidationIssue } from '../errors.js'
import { parseId } from '../shared/entity.js'
import { str } from '../shared/rows.js'
import { loadForWrite, type Scope, versionedWrite } from '../shared/scope.js'
import { parse, validationError } from '../shared/validation.js'
import { type Deal, type DealTransition, toDeal, toTransition } from './records.js'
import { moveToStageOptionsSchema, type StageKind } from './schemas.js'
import { type DealHooks, moveDeal } from './stage-writes.js'

const DEAL = 'deal'

/** Run `deals.moveToStage` for one tenant scope. */
export async function moveDealToStage(
  scope: Scope,
  hooks: DealHooks,
  id: unknown,
  stageId: unknown,
  options: unknown,
): Promise<Deal> {
  const key = parseId(id)
  const target = parseId(stageId)
  const { expectedVersion, lostReason } = parse(moveToStageOptionsSchema, options ?? {}, 'options')
  return versionedWrite(scope, expectedVersion, async (w) => {
    const current = await loadForWrite(w, 'deals', DEAL, key, expectedVersion)
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
}

/** Run `deals.history` for one tenant scope: the deal's transitions, oldest first. */
export async function dealHistory(scope: Scope, id: unknown): Promise<DealTransition[]> {
  const key = parseId(id)
  if (!(await scope.storage.get('deals', scope.tenantId, key))) throw new NotFoundError(DEAL, key)
  const rows = await scope.storage.findBy('dealTransitions', scope.tenantId, { dealId: key })
  return rows
    .map(toTransition)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
