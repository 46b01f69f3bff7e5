import { ConflictError, NotFoundError, ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { SuiteContext, Tenant } from './context.js'
import { caught, ISO_TIMESTAMP } from './context.js'

/** A pipeline with an open, a second open, a won and a lost stage. */
export async function salesPipeline(t: Tenant, name = 'Sales', currency = 'EUR') {
  return t.pipelines.create({
    name,
    currency,
    stages: [
      { name: 'Lead', probability: 0.1 },
      { name: 'Proposal', probability: 0.5, kind: 'open' },
      { name: 'Won', probability: 1, kind: 'won' },
      { name: 'Lost', probability: 0, kind: 'lost' },
    ],
  })
}

/** Pipelines, stages, deals, stage moves and the transition log. */
export function pipelineCrudTests(get: () => SuiteContext): void {
  describe('pipelines and deals', () => {
    it('pipelines.create stores the pipeline and its ordered stages', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      expect(p).toMatchObject({ name: 'Sales', version: 1 })
      expect(p.stages.map((s) => [s.name, s.probability, s.kind])).toEqual([
        ['Lead', 0.1, 'open'],
        ['Proposal', 0.5, 'open'],
        ['Won', 1, 'won'],
        ['Lost', 0, 'lost'],
      ])
      const positions = p.stages.map((s) => s.position)
      expect([...positions].sort((a, b) => a - b)).toEqual(positions)
      expect(new Set(positions).size).toBe(4)
      expect(await raw.row('pipelines', tenantId, p.id)).toMatchObject({ name: 'Sales', currency: 'EUR', version: 1 })
      const stageRows = await raw.rows('stages', tenantId)
      expect(stageRows).toHaveLength(4)
      for (const s of p.stages) {
        expect(stageRows.find((r) => r.id === s.id)).toMatchObject({
          pipelineId: p.id,
          name: s.name,
          probability: s.probability,
          kind: s.kind,
          position: s.position,
        })
      }
      expect(await t.pipelines.get(p.id)).toEqual(p)
    })

    it('pipelines: list, rename with compare-and-set, addStage at a position', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const q = await salesPipeline(t, 'Renewals')
      expect((await t.pipelines.list()).items.map((x) => x.name).sort()).toEqual(['Renewals', 'Sales'])
      const renamed = await t.pipelines.update(p.id, { name: 'New sales' }, { expectedVersion: 1 })
      expect(renamed).toMatchObject({ name: 'New sales', version: 2 })
      expect(await raw.row('pipelines', tenantId, p.id)).toMatchObject({ name: 'New sales', version: 2 })
      expect(await caught(t.pipelines.update(p.id, { name: 'x' }, { expectedVersion: 1 }))).toBeInstanceOf(
        ConflictError,
      )
      const withStage = await t.pipelines.addStage(p.id, { name: 'Demo', probability: 0.3 }, { position: 1 })
      expect(withStage.stages.map((s) => s.name)).toEqual(['Lead', 'Demo', 'Proposal', 'Won', 'Lost'])
      const reread = await t.pipelines.get(p.id)
      expect(reread?.stages.map((s) => s.name)).toEqual(['Lead', 'Demo', 'Proposal', 'Won', 'Lost'])
      expect((await raw.rows('stages', tenantId)).filter((s) => s.pipelineId === p.id)).toHaveLength(5)
      expect((await t.pipelines.get(q.id))?.stages).toHaveLength(4)
    })

    it('deals.create defaults to the first stage, derives status and logs the initial transition', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant('alice')
      const p = await salesPipeline(t)
      const acme = await t.companies.create({ name: 'Acme' })
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      const d = await t.deals.create({
        title: 'Big one',
        pipelineId: p.id,
        amount: { value: 50_000, currency: 'EUR' },
        expectedCloseDate: '2026-09-30',
        companyId: acme.id,
        contactIds: [ada.id],
        tags: ['q3'],
      })
      expect(d).toMatchObject({
        title: 'Big one',
        pipelineId: p.id,
        stageId: p.stages[0]?.id,
        status: 'open',
        amount: { value: 50_000, currency: 'EUR' },
        expectedCloseDate: '2026-09-30',
        companyId: acme.id,
        contactIds: [ada.id],
        closedAt: null,
        version: 1,
      })
      expect(await raw.row('deals', tenantId, d.id)).toMatchObject({
        stageId: p.stages[0]?.id,
        status: 'open',
        amountValue: 50_000,
        amountCurrency: 'EUR',
        expectedCloseDate: '2026-09-30',
        companyId: acme.id,
        tags: ['q3'],
        version: 1,
      })
      expect(await raw.links('dealContacts', tenantId)).toEqual([[d.id, ada.id]])
      const history = await t.deals.history(d.id)
      expect(history).toHaveLength(1)
      expect(history[0]).toMatchObject({
        dealId: d.id,
        pipelineId: p.id,
        fromStageId: null,
        toStageId: p.stages[0]?.id,
        actor: 'alice',
      })
      expect(history[0]?.at).toMatch(ISO_TIMESTAMP)
      expect(await t.deals.get(d.id)).toEqual(d)
    })

    it('moveToStage updates the deal, closes it on won/lost and appends to history', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant('bob')
      const p = await salesPipeline(t)
      const [lead, proposal, won, lost] = p.stages
      const d = await t.deals.create({ title: 'D', pipelineId: p.id, amount: { value: 100, currency: 'EUR' } })
      const m1 = await t.deals.moveToStage(d.id, proposal!.id, { expectedVersion: 1 })
      expect(m1).toMatchObject({ stageId: proposal!.id, status: 'open', version: 2, closedAt: null })
      const m2 = await t.deals.moveToStage(d.id, won!.id)
      expect(m2).toMatchObject({ stageId: won!.id, status: 'won', version: 3 })
      expect(m2.closedAt).toMatch(ISO_TIMESTAMP)
      expect(await raw.row('deals', tenantId, d.id)).toMatchObject({
        stageId: won!.id,
        status: 'won',
        version: 3,
        closedAt: m2.closedAt,
      })
      const other = await t.deals.create({
        title: 'E',
        pipelineId: p.id,
        stageId: proposal!.id,
        amount: { value: 5, currency: 'EUR' },
      })
      const m3 = await t.deals.moveToStage(other.id, lost!.id, { lostReason: 'Budget' })
      expect(m3).toMatchObject({ status: 'lost', lostReason: 'Budget' })
      expect(await raw.row('deals', tenantId, other.id)).toMatchObject({ status: 'lost', lostReason: 'Budget' })
      const history = await t.deals.history(d.id)
      expect(history.map((h) => [h.fromStageId, h.toStageId, h.actor])).toEqual([
        [null, lead!.id, 'bob'],
        [lead!.id, proposal!.id, 'bob'],
        [proposal!.id, won!.id, 'bob'],
      ])
      const ats = history.map((h) => h.at)
      expect([...ats].sort()).toEqual(ats)
      // The log is what storage holds: same rows, raw.
      const rawLog = (await raw.rows('dealTransitions', tenantId)).filter((r) => r.dealId === d.id)
      expect(rawLog.map((r) => r.id).sort()).toEqual(history.map((h) => h.id).sort())
      for (const h of history) expect(rawLog.find((r) => r.id === h.id)).toMatchObject({ ...h, tenantId })
    })

    it('moveToStage with a stale version or a foreign stage fails and logs nothing', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const q = await salesPipeline(t, 'Other')
      const d = await t.deals.create({ title: 'D', pipelineId: p.id, amount: { value: 1, currency: 'EUR' } })
      await t.deals.moveToStage(d.id, p.stages[1]!.id)
      const before = await raw.row('deals', tenantId, d.id)
      expect(await caught(t.deals.moveToStage(d.id, p.stages[2]!.id, { expectedVersion: 1 }))).toBeInstanceOf(
        ConflictError,
      )
      // A stage of another pipeline is not a valid target for this deal.
      expect(await caught(t.deals.moveToStage(d.id, q.stages[2]!.id))).toSatisfy(
        (e: unknown) => e instanceof ValidationError || e instanceof NotFoundError,
      )
      expect(await caught(t.deals.moveToStage(d.id, '0190a0a0-0000-7000-8000-0000000000cc'))).toSatisfy(
        (e: unknown) => e instanceof ValidationError || e instanceof NotFoundError,
      )
      expect(await raw.row('deals', tenantId, d.id)).toEqual(before)
      expect(await raw.count('dealTransitions', tenantId)).toBe(2)
    })

    it('deals: update amount and fields with compare-and-set; list and count', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const d = await t.deals.create({ title: 'D', pipelineId: p.id, amount: { value: 10, currency: 'EUR' } })
      const u = await t.deals.update(
        d.id,
        { amount: { value: 99_900, currency: 'eur' }, title: 'D2' },
        { expectedVersion: 1 },
      )
      expect(u).toMatchObject({ title: 'D2', amount: { value: 99_900, currency: 'EUR' }, version: 2 })
      expect(await raw.row('deals', tenantId, d.id)).toMatchObject({
        title: 'D2',
        amountValue: 99_900,
        amountCurrency: 'EUR',
        version: 2,
      })
      expect(await caught(t.deals.update(d.id, { title: 'x' }, { expectedVersion: 1 }))).toBeInstanceOf(ConflictError)
      await t.deals.create({ title: 'E', pipelineId: p.id, amount: { value: 20, currency: 'EUR' } })
      expect((await t.deals.list()).items.map((x) => x.title)).toEqual(['D2', 'E'])
      expect(await t.deals.count()).toBe(2)
    })

    it('deals.create rejects a stage of another pipeline, an absent pipeline or contact, and writes nothing', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const q = await salesPipeline(t, 'Other')
      const amount = { value: 1, currency: 'EUR' }
      const absent = '0190a0a0-0000-7000-8000-0000000000dd'
      const calls = [
        () => t.deals.create({ title: 'x', pipelineId: p.id, stageId: q.stages[0]!.id, amount }),
        () => t.deals.create({ title: 'x', pipelineId: absent, amount }),
        () => t.deals.create({ title: 'x', pipelineId: p.id, amount, contactIds: [absent] }),
        () => t.deals.create({ title: 'x', pipelineId: p.id, amount, companyId: absent }),
      ]
      for (const call of calls) {
        expect(await caught(call())).toSatisfy(
          (e: unknown) => e instanceof ValidationError || e instanceof NotFoundError,
        )
      }
      expect(await raw.count('deals', tenantId)).toBe(0)
      expect(await raw.count('dealTransitions', tenantId)).toBe(0)
      expect(await raw.links('dealContacts', tenantId)).toEqual([])
    })
  })
}
