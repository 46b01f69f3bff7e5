import { ConflictError, NotFoundError, ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import { requireCapability } from './capabilities.js'
import type { SuiteContext } from './context.js'
import { caught, describeError, snapshotTenant } from './context.js'
import { salesPipeline } from './crud-pipeline.js'
import type { RawInspector } from './types.js'

const amount = { value: 100, currency: 'EUR' }
const absent = '0190a0a0-0000-7000-8000-0000000000ee'

/** The paths of a ValidationError's issues (fails the test for any other error). */
export function issuePaths(error: unknown): string[] {
  expect(error, describeError(error)).toBeInstanceOf(ValidationError)
  return (error as ValidationError).issues.map((i) => i.path.join('.'))
}

/** `pipeline.updated` outbox rows of a tenant: their `changes`, oldest first. */
export async function pipelineUpdates(raw: RawInspector, tenantId: string): Promise<unknown[]> {
  const rows = (await raw.rows('events', tenantId)).filter((r) => r.type === 'pipeline.updated')
  rows.sort(
    (a, b) => String(a.createdAt).localeCompare(String(b.createdAt)) || String(a.id).localeCompare(String(b.id)),
  )
  return rows.map((r) => (r.payload as { changes: unknown }).changes)
}

/** Live stage rows of one pipeline as `[name, position]`, by position. */
async function storedOrder(raw: RawInspector, tenantId: string, pipelineId: string) {
  return (await raw.rows('stages', tenantId))
    .filter((s) => s.pipelineId === pipelineId && s.deletedAt == null)
    .sort((a, b) => Number(a.position) - Number(b.position))
    .map((s) => [s.name, s.position])
}

/** Editing pipelines: stage edits, reordering, archiving, tenancy and versions. */
export function pipelineEditingTests(get: () => SuiteContext): void {
  describe('pipeline editing', () => {
    it('update renames with pipeline.updated; equal values change nothing', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const renamed = await t.pipelines.update(p.id, { name: 'Enterprise' }, { expectedVersion: 1 })
      expect(renamed).toMatchObject({ name: 'Enterprise', version: 2, stages: p.stages })
      const same = await t.pipelines.update(p.id, { name: 'Enterprise', currency: 'EUR' })
      expect(same.version).toBe(2)
      expect(await raw.row('pipelines', tenantId, p.id)).toMatchObject({ name: 'Enterprise', version: 2 })
      expect(await pipelineUpdates(raw, tenantId)).toEqual([['name']])
    })

    it('updateStage renames and re-weights a stage in place; its id stays and the pipeline version moves', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const proposal = p.stages[1]!
      const edited = await t.pipelines.updateStage(
        p.id,
        proposal.id,
        { name: 'Offer', probability: 0.6 },
        { expectedVersion: 1 },
      )
      expect(edited.version).toBe(2)
      expect(edited.stages[1]).toEqual({ ...proposal, name: 'Offer', probability: 0.6 })
      expect(await raw.row('stages', tenantId, proposal.id)).toMatchObject({
        name: 'Offer',
        probability: 0.6,
        kind: 'open',
        position: 1,
        version: 2,
      })
      expect(await raw.row('pipelines', tenantId, p.id)).toMatchObject({ version: 2 })
      expect(await t.pipelines.get(p.id)).toEqual(edited)
      // Equal values: no write, no event.
      expect((await t.pipelines.updateStage(p.id, proposal.id, { name: 'Offer' })).version).toBe(2)
      expect(await pipelineUpdates(raw, tenantId)).toEqual([['stages']])
      // An empty stage may change its kind.
      const won = await t.pipelines.updateStage(p.id, proposal.id, { kind: 'won' })
      expect(won.stages[1]?.kind).toBe('won')
    })

    it('updateStage refuses a kind change while the stage holds deals, live or soft-deleted', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const [lead, proposal] = p.stages
      await t.deals.create({ title: 'Live', pipelineId: p.id, amount })
      const gone = await t.deals.create({ title: 'Gone', pipelineId: p.id, stageId: proposal!.id, amount })
      await t.deals.delete(gone.id)
      const before = await snapshotTenant(raw, tenantId)
      expect(issuePaths(await caught(t.pipelines.updateStage(p.id, lead!.id, { kind: 'won' })))).toEqual(['kind'])
      expect(issuePaths(await caught(t.pipelines.updateStage(p.id, proposal!.id, { kind: 'lost' })))).toEqual(['kind'])
      // Bad input is refused before storage is read.
      expect(issuePaths(await caught(t.pipelines.updateStage(p.id, lead!.id, { probability: 2 })))).toEqual([
        'probability',
      ])
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
      // Name and probability can still change.
      const renamed = await t.pipelines.updateStage(p.id, lead!.id, { name: 'Inbound', probability: 0.2 })
      expect(renamed.stages[0]).toMatchObject({ name: 'Inbound', kind: 'open' })
    })

    it('addStage keeps positions dense and accepts no more than 100 stages', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const first = await t.pipelines.addStage(p.id, { name: 'Intro', probability: 0 }, { position: 0 })
      expect(first.stages.map((s) => [s.name, s.position])).toEqual([
        ['Intro', 0],
        ['Lead', 1],
        ['Proposal', 2],
        ['Won', 3],
        ['Lost', 4],
      ])
      expect(first.stages.slice(1).map((s) => s.id)).toEqual(p.stages.map((s) => s.id))
      expect(await storedOrder(raw, tenantId, p.id)).toEqual(first.stages.map((s) => [s.name, s.position]))
      const big = await t.pipelines.create({
        name: 'Big',
        currency: 'EUR',
        stages: Array.from({ length: 100 }, (_, i) => ({ name: `S${i}`, probability: 0 })),
      })
      expect(issuePaths(await caught(t.pipelines.addStage(big.id, { name: 'One more', probability: 0 })))).toEqual([''])
    })

    it('6 parallel addStage calls at the front all land, with dense positions and one version each', async ({
      skip,
    }) => {
      // Concurrent edits of one pipeline are serialized by the transaction each runs in.
      requireCapability(skip, get().storage, 'supportsTransactions')
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const names = ['A', 'B', 'C', 'D', 'E', 'F']
      await Promise.all(names.map((name) => t.pipelines.addStage(p.id, { name, probability: 0 }, { position: 0 })))
      const after = await t.pipelines.get(p.id)
      expect(after?.version).toBe(1 + names.length)
      expect(after?.stages.map((s) => s.position)).toEqual([...Array(10).keys()])
      expect(after?.stages.slice(6).map((s) => s.name)).toEqual(['Lead', 'Proposal', 'Won', 'Lost'])
      expect(
        after?.stages
          .slice(0, 6)
          .map((s) => s.name)
          .sort(),
      ).toEqual(names)
      expect(await storedOrder(raw, tenantId, p.id)).toEqual(after?.stages.map((s) => [s.name, s.position]))
    })

    it('reorderStages takes exactly the pipeline’s stages and stores the new dense order', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const other = await salesPipeline(t, 'Other')
      const [lead, proposal, won, lost] = p.stages.map((s) => s.id) as [string, string, string, string]
      const before = await snapshotTenant(raw, tenantId)
      const bad: Array<[string[], string[]]> = [
        [[lead, proposal, won], ['']],
        [[lead, proposal, won, lost, lost], ['4']],
        [
          [lead, proposal, won, other.stages[0]!.id],
          ['3', ''],
        ],
        [[], ['']],
      ]
      for (const [order, paths] of bad) {
        expect(issuePaths(await caught(t.pipelines.reorderStages(p.id, order))), JSON.stringify(order)).toEqual(paths)
      }
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
      const reordered = await t.pipelines.reorderStages(p.id, [proposal, lead, lost, won], { expectedVersion: 1 })
      expect(reordered.stages.map((s) => [s.id, s.position])).toEqual([
        [proposal, 0],
        [lead, 1],
        [lost, 2],
        [won, 3],
      ])
      expect(reordered.version).toBe(2)
      expect(await storedOrder(raw, tenantId, p.id)).toEqual([
        ['Proposal', 0],
        ['Lead', 1],
        ['Lost', 2],
        ['Won', 3],
      ])
      // The same order again changes nothing; new deals now start in the new first stage.
      expect((await t.pipelines.reorderStages(p.id, [proposal, lead, lost, won])).version).toBe(2)
      expect((await t.deals.create({ title: 'D', pipelineId: p.id, amount })).stageId).toBe(proposal)
      expect(await pipelineUpdates(raw, tenantId)).toEqual([['stages']])
    })

    it('archive hides a pipeline from list, refuses new deals, keeps its deals readable; unarchive undoes it', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const q = await salesPipeline(t, 'Kept')
      const d = await t.deals.create({ title: 'Old', pipelineId: p.id, amount })
      const archived = await t.pipelines.archive(p.id, { expectedVersion: 1 })
      expect(archived).toMatchObject({ version: 2, archivedAt: expect.any(String) })
      expect(await raw.row('pipelines', tenantId, p.id)).toMatchObject({ archivedAt: archived.archivedAt, version: 2 })
      expect((await t.pipelines.list()).items.map((x) => x.id)).toEqual([q.id])
      expect((await t.pipelines.list({ includeArchived: true })).items.map((x) => x.id)).toEqual([p.id, q.id])
      expect(await t.pipelines.get(p.id)).toEqual(archived)
      expect(issuePaths(await caught(t.deals.create({ title: 'New', pipelineId: p.id, amount })))).toEqual([
        'pipelineId',
      ])
      expect(await raw.count('deals', tenantId)).toBe(1)
      // Existing deals stay readable and can still be closed.
      expect(await t.deals.get(d.id)).toEqual(d)
      expect((await t.deals.list({ where: { field: 'pipelineId', op: 'eq', value: p.id } })).items).toHaveLength(1)
      expect((await t.deals.moveToStage(d.id, p.stages[2]!.id)).status).toBe('won')
      // Archiving twice changes nothing.
      expect((await t.pipelines.archive(p.id)).version).toBe(2)
      const back = await t.pipelines.unarchive(p.id)
      expect(back).toMatchObject({ version: 3, archivedAt: null })
      expect((await t.pipelines.list()).items.map((x) => x.id)).toEqual([p.id, q.id])
      await t.deals.create({ title: 'New', pipelineId: p.id, amount })
      expect(await pipelineUpdates(raw, tenantId)).toEqual([['archivedAt'], ['archivedAt']])
    })

    it('another tenant’s pipeline or stage ids behave as absent', async () => {
      const { raw } = get()
      const a = get().tenant()
      const b = get().tenant()
      const p = await salesPipeline(a.t)
      await a.t.deals.create({ title: 'A', pipelineId: p.id, amount })
      const own = await salesPipeline(b.t)
      const [s0, s1] = p.stages.map((s) => s.id) as [string, string]
      const before = await snapshotTenant(raw, a.tenantId)
      const calls: Array<() => Promise<unknown>> = [
        () => b.t.pipelines.update(p.id, { name: 'x' }),
        () => b.t.pipelines.updateStage(p.id, s0, { name: 'x' }),
        () => b.t.pipelines.updateStage(own.id, s0, { name: 'x' }),
        () => b.t.pipelines.addStage(p.id, { name: 'x', probability: 0 }),
        () => b.t.pipelines.reorderStages(p.id, [s1, s0]),
        () => b.t.pipelines.removeStage(p.id, s0, { moveDealsTo: s1 }),
        () => b.t.pipelines.removeStage(own.id, s0),
        () => b.t.pipelines.archive(p.id),
        () => b.t.pipelines.unarchive(p.id),
        () => b.t.pipelines.update(absent, { name: 'x' }),
      ]
      for (const call of calls) expect(await caught(call())).toBeInstanceOf(NotFoundError)
      expect(await b.t.pipelines.get(p.id)).toBeNull()
      // A foreign stage is not a place to move deals to, nor part of an order.
      expect(
        issuePaths(await caught(b.t.pipelines.removeStage(own.id, own.stages[0]!.id, { moveDealsTo: s1 }))),
      ).toEqual(['moveDealsTo'])
      expect(
        issuePaths(await caught(b.t.pipelines.reorderStages(own.id, [s0, ...own.stages.slice(1).map((s) => s.id)]))),
      ).toEqual(['0', ''])
      expect(await snapshotTenant(raw, a.tenantId)).toEqual(before)
    })

    it('every edit with a stale expectedVersion is a ConflictError and changes nothing', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      await t.pipelines.update(p.id, { name: 'v2' })
      const [lead, proposal, won, lost] = p.stages.map((s) => s.id) as [string, string, string, string]
      const stale = { expectedVersion: 1 }
      const before = await snapshotTenant(raw, tenantId)
      const calls: Array<() => Promise<unknown>> = [
        () => t.pipelines.update(p.id, { name: 'x' }, stale),
        () => t.pipelines.updateStage(p.id, lead, { name: 'x' }, stale),
        () => t.pipelines.addStage(p.id, { name: 'x', probability: 0 }, { ...stale, position: 0 }),
        () => t.pipelines.reorderStages(p.id, [proposal, lead, won, lost], stale),
        () => t.pipelines.removeStage(p.id, lead, stale),
        () => t.pipelines.archive(p.id, stale),
        () => t.pipelines.unarchive(p.id, stale),
      ]
      for (const call of calls) expect(await caught(call())).toBeInstanceOf(ConflictError)
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
    })
  })
}
