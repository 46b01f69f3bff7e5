import type { DealTransition } from '@crmkit/core'
import { NotFoundError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import { requireCapability } from './capabilities.js'
import type { SuiteContext, Tenant } from './context.js'
import { caught, describeError, snapshotTenant } from './context.js'
import { issuePaths, pipelineUpdates } from './crud-pipeline-editing.js'
import type { WriteCall } from './faults.js'
import { faultyStorage, isInjectedFault } from './faults.js'

const amount = { value: 250, currency: 'EUR' }

/**
 * Stages Lead, Proposal, Won, Lost; two live deals and one soft-deleted deal in Proposal
 * (one with a contact, so winning it records a conversion) and one deal in Lead.
 */
async function seeded(t: Tenant) {
  const p = await t.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [
      { name: 'Lead', probability: 0.1 },
      { name: 'Proposal', probability: 0.5 },
      { name: 'Won', probability: 1, kind: 'won' },
      { name: 'Lost', probability: 0, kind: 'lost' },
    ],
  })
  const [lead, proposal, won, lost] = p.stages.map((s) => s.id) as [string, string, string, string]
  const buyer = await t.contacts.create({ email: `buyer-${p.id}@x.io` })
  const a = await t.deals.create({ title: 'A', pipelineId: p.id, amount, contactIds: [buyer.id] })
  await t.deals.moveToStage(a.id, proposal)
  const b = await t.deals.create({ title: 'B', pipelineId: p.id, stageId: proposal, amount })
  const gone = await t.deals.create({ title: 'Gone', pipelineId: p.id, stageId: proposal, amount })
  await t.deals.delete(gone.id)
  const c = await t.deals.create({ title: 'C', pipelineId: p.id, amount })
  return { p, lead, proposal, won, lost, deals: { a: a.id, b: b.id, gone: gone.id, c: c.id } }
}

type Seen = { type: string; dealId?: string }

/** `pipelines.removeStage`: deals move by explicit instruction, in one transaction. */
export function stageRemovalTests(get: () => SuiteContext): void {
  describe('pipeline stage removal', () => {
    it('an empty stage is soft-deleted, later stages close the gap, and its id is no longer usable', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const { p, lead, proposal, won, lost, deals } = await seeded(t)
      const extra = await t.pipelines.addStage(p.id, { name: 'Demo', probability: 0.3 }, { position: 1 })
      const demo = extra.stages[1]!.id
      const removed = await t.pipelines.removeStage(p.id, demo, { expectedVersion: extra.version })
      expect(removed.stages.map((s) => [s.id, s.position])).toEqual([
        [lead, 0],
        [proposal, 1],
        [won, 2],
        [lost, 3],
      ])
      expect(removed.version).toBe(extra.version + 1)
      expect(await raw.row('stages', tenantId, demo)).toMatchObject({ deletedAt: removed.updatedAt })
      expect(await t.pipelines.get(p.id)).toEqual(removed)
      expect(await caught(t.deals.moveToStage(deals.c, demo))).toBeInstanceOf(NotFoundError)
      expect(issuePaths(await caught(t.deals.create({ title: 'x', pipelineId: p.id, stageId: demo, amount })))).toEqual(
        ['stageId'],
      )
      expect(await caught(t.pipelines.updateStage(p.id, demo, { name: 'again' }))).toBeInstanceOf(NotFoundError)
      expect(await caught(t.pipelines.removeStage(p.id, demo))).toBeInstanceOf(NotFoundError)
      expect(await pipelineUpdates(raw, tenantId)).toEqual([['stages'], ['stages']])
    })

    it('refuses, changing nothing: deals without moveDealsTo, a bad moveDealsTo, the last stage', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const { p, proposal, won, deals } = await seeded(t)
      const other = await t.pipelines.create({
        name: 'Solo',
        currency: 'EUR',
        stages: [{ name: 'Only', probability: 0 }],
      })
      // A stage whose only deal is soft-deleted still needs an instruction.
      await t.deals.moveToStage(deals.b, won)
      await t.deals.moveToStage(deals.a, won)
      const before = await snapshotTenant(raw, tenantId)
      const error = await caught(t.pipelines.removeStage(p.id, proposal))
      expect(issuePaths(error)).toEqual(['moveDealsTo'])
      expect(describeError(error)).toContain('1 soft-deleted')
      expect(issuePaths(await caught(t.pipelines.removeStage(p.id, proposal, { moveDealsTo: proposal })))).toEqual([
        'moveDealsTo',
      ])
      expect(
        issuePaths(await caught(t.pipelines.removeStage(p.id, proposal, { moveDealsTo: other.stages[0]!.id }))),
      ).toEqual(['moveDealsTo'])
      expect(issuePaths(await caught(t.pipelines.removeStage(other.id, other.stages[0]!.id)))).toEqual(['stageId'])
      expect(issuePaths(await caught(t.pipelines.removeStage(p.id, proposal, { moveDealsTo: 42 as never })))).toEqual([
        'moveDealsTo',
      ])
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
    })

    it('moves every deal with a logged transition and deal.stageChanged, in the removing write', async () => {
      const { raw, crm } = get()
      const { t, tenantId } = get().tenant('remover')
      const { p, lead, proposal, won, deals } = await seeded(t)
      const conversionsBefore = await raw.count('conversions', tenantId)
      const seen: Seen[] = []
      const off = crm.events.onAny((e) => {
        if (e.tenantId !== tenantId) return
        seen.push({ type: e.type, ...('deal' in e.payload ? { dealId: e.payload.deal.id } : {}) })
      })
      let removed: Awaited<ReturnType<Tenant['pipelines']['removeStage']>>
      try {
        removed = await t.pipelines.removeStage(p.id, proposal, { moveDealsTo: won })
      } finally {
        off()
      }
      const at = removed.updatedAt
      expect(removed.stages.map((s) => s.name)).toEqual(['Lead', 'Won', 'Lost'])
      for (const id of [deals.a, deals.b, deals.gone]) {
        expect(await raw.row('deals', tenantId, id), id).toMatchObject({ stageId: won, status: 'won', closedAt: at })
        const moves = (await raw.rows('dealTransitions', tenantId)).filter((r) => r.dealId === id && r.at === at)
        expect(moves, id).toEqual([
          expect.objectContaining({ fromStageId: proposal, toStageId: won, actor: 'remover', pipelineId: p.id }),
        ])
      }
      expect(await raw.row('deals', tenantId, deals.c)).toMatchObject({ stageId: lead, status: 'open', version: 1 })
      // Live deals are announced; the soft-deleted one moves silently.
      expect(seen.filter((e) => e.type === 'deal.stageChanged').map((e) => e.dealId)).toEqual([deals.a, deals.b])
      expect(seen.filter((e) => e.type === 'deal.won').map((e) => e.dealId)).toEqual([deals.a, deals.b])
      expect(seen.at(-1)).toEqual({ type: 'pipeline.updated' })
      // Winning deal A is a conversion of its contact, as with moveToStage.
      expect(await raw.count('conversions', tenantId)).toBe(conversionsBefore + 1)
      // Restoring the soft-deleted deal brings it back into a live stage.
      expect(await t.deals.restore(deals.gone)).toMatchObject({ stageId: won, status: 'won' })
    })

    it('the transition log still agrees with deals, history and stage counts after a removal', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const { p, proposal, lost, deals } = await seeded(t)
      const logBefore = await collect(t.insights.allTransitions({ pipelineId: p.id }))
      await t.pipelines.removeStage(p.id, proposal, { moveDealsTo: lost })
      const log = await collect(t.insights.allTransitions({ pipelineId: p.id }))
      // History is appended to, never rewritten: the old log is a prefix of the new one.
      expect(log.slice(0, logBefore.length)).toEqual(logBefore)
      expect(log).toHaveLength(logBefore.length + 3)
      // Per deal, the log is its history, and its last entry is where the deal is.
      const stageIds = new Set((await raw.rows('stages', tenantId)).map((s) => s.id))
      for (const id of Object.values(deals)) {
        // The soft-deleted deal has no `history()` (it is not readable); its raw rows stand in.
        const history =
          id === deals.gone
            ? (await raw.rows('dealTransitions', tenantId))
                .filter((r) => r.dealId === id)
                .map(({ tenantId: _, createdAt: __, ...m }) => m)
            : await t.deals.history(id)
        expect(log.filter((m) => m.dealId === id)).toEqual(history)
        const row = await raw.row('deals', tenantId, id)
        expect(history.at(-1)?.toStageId).toBe(row?.stageId)
        // Every stage id in the log still resolves to a stage row (removed stages are soft-deleted).
        for (const m of history) expect(stageIds.has(m.toStageId)).toBe(true)
      }
      // Counting live deals per stage puts none in the removed stage.
      const { rows } = await t.insights.cube({
        entity: 'deals',
        dimensions: ['stageId'],
        measures: [{ fn: 'count', as: 'deals' }],
      })
      const pipeline = await t.pipelines.get(p.id)
      const live = new Set(pipeline?.stages.map((s) => s.id))
      expect(rows.every((r) => live.has(String(r.stageId)))).toBe(true)
      expect(rows.reduce((n, r) => n + Number(r.deals), 0)).toBe(3)
      expect(rows.find((r) => r.stageId === lost)?.deals).toBe(2)
    })

    const faults: Array<{ name: string; fail: () => (c: WriteCall) => boolean }> = [
      {
        name: 'the second deal update',
        fail: () => {
          let n = 0
          return (c) => c.op === 'update' && c.target === 'deals' && ++n === 2
        },
      },
      { name: 'a transition insert', fail: () => (c) => c.op === 'insert' && c.target === 'dealTransitions' },
      { name: 'the stage update', fail: () => (c) => c.op === 'update' && c.target === 'stages' },
      { name: 'the pipeline update', fail: () => (c) => c.op === 'update' && c.target === 'pipelines' },
      { name: 'the event insert', fail: () => (c) => c.op === 'insert' && c.target === 'events' },
    ]
    for (const { name, fail } of faults) {
      it(`removeStage is atomic: when ${name} fails, nothing is written and nothing is emitted`, async ({ skip }) => {
        requireCapability(skip, get().storage, 'supportsTransactions')
        const { raw, storage } = get()
        let shouldFail: ((c: WriteCall) => boolean) | undefined
        const faulty = get().crmOver(faultyStorage(storage, (c) => shouldFail?.(c) === true))
        const { tenantId } = get().tenant()
        const t = faulty.forTenant(tenantId, { actor: 'x' })
        const { p, proposal, won } = await seeded(t)
        const emitted: string[] = []
        faulty.events.onAny((e) => void (e.tenantId === tenantId && emitted.push(e.type)))
        const before = await snapshotTenant(raw, tenantId)
        shouldFail = fail()
        const error = await caught(t.pipelines.removeStage(p.id, proposal, { moveDealsTo: won }))
        shouldFail = undefined
        expect(isInjectedFault(error), describeError(error)).toBe(true)
        expect(await snapshotTenant(raw, tenantId)).toEqual(before)
        expect(emitted).toEqual([])
        // Once storage recovers the same call succeeds.
        const removed = await t.pipelines.removeStage(p.id, proposal, { moveDealsTo: won })
        expect(removed.stages).toHaveLength(3)
      })
    }
  })
}

async function collect(moves: AsyncIterable<DealTransition>): Promise<DealTransition[]> {
  const out: DealTransition[] = []
  for await (const m of moves) out.push(m)
  return out
}
