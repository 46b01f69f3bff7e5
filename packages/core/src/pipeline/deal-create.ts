/**
 * `deals.create`: the deal, its contact links, the initial transition and its events in one
 * transaction (and, for a deal created in a won stage, its conversions).
 */
import { customFieldValidator } from '../custom-fields/service.js'
import type { ValidationIssue } from '../errors.js'
import { baseRow, customMode, parseWithCustom } from '../shared/entity.js'
import { str } from '../shared/rows.js'
import { type Scope, write } from '../shared/scope.js'
import { validationError } from '../shared/validation.js'
import { currencyIssues, referenceIssues, syncContactLinks } from './deal-links.js'
import { type Deal, toDeal } from './records.js'
import { dealInputSchema, type StageKind } from './schemas.js'
import { type DealHooks, emitClosing, transitionRow } from './stage-writes.js'
import { initialStatus } from './stages.js'

/** Run `deals.create` for one tenant scope. */
export async function createDeal(scope: Scope, hooks: DealHooks, input: unknown): Promise<Deal> {
  const validator = await customFieldValidator(scope, 'deal')
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
    const row = Object.assign(baseRow(w), {
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
    })
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
}
