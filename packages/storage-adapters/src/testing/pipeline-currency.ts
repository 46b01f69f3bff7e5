import { ValidationError } from '@crmkit/core'
import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'
import { caught, snapshotTenant } from './context.js'
import { salesPipeline } from './crud-pipeline.js'

function pathsOf(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError)
  return (error as ValidationError).issues.map((issue) => issue.path.join('.'))
}

/** One rule: every deal of a pipeline is valued in the pipeline's (required) currency. */
export function pipelineCurrencyTests(get: () => SuiteContext): void {
  describe('pipeline currency', () => {
    it('a pipeline needs a currency; a deal in another one is a ValidationError on amount.currency', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const before = await snapshotTenant(raw, tenantId)
      const noCurrency = { name: 'P', stages: [{ name: 'S', probability: 0.5 }] }
      expect(pathsOf(await caught(t.pipelines.create(noCurrency as never)))).toEqual(['currency'])
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)

      const p = await salesPipeline(t, 'Sales', 'eur')
      expect(p.currency).toBe('EUR')
      expect(await raw.row('pipelines', tenantId, p.id)).toMatchObject({ currency: 'EUR' })
      const deal = await t.deals.create({ title: 'D', pipelineId: p.id, amount: { value: 1, currency: 'eur' } })
      const afterDeal = await snapshotTenant(raw, tenantId)
      const usd = { value: 1, currency: 'USD' }
      const wrong = await caught(t.deals.create({ title: 'D', pipelineId: p.id, amount: usd }))
      expect(pathsOf(wrong)).toEqual(['amount.currency'])
      expect((wrong as ValidationError).issues[0]?.message).toBe(`Expected EUR, the currency of pipeline ${p.id}`)
      expect(pathsOf(await caught(t.deals.update(deal.id, { amount: usd })))).toEqual(['amount.currency'])
      expect(await snapshotTenant(raw, tenantId)).toEqual(afterDeal)
    })

    it('deals.updateMany refuses an amount in another currency than the pipeline of a matched deal, writing nothing', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const eur = await salesPipeline(t, 'Europe', 'EUR')
      const usd = await salesPipeline(t, 'America', 'USD')
      for (let i = 0; i < 3; i++) {
        await t.deals.create({ title: `e${i}`, pipelineId: eur.id, amount: { value: i, currency: 'EUR' }, tags: ['q'] })
      }
      await t.deals.create({ title: 'u', pipelineId: usd.id, amount: { value: 9, currency: 'USD' }, tags: ['q'] })
      const before = await snapshotTenant(raw, tenantId)
      const set = { amount: { value: 100, currency: 'EUR' } }
      // Batches of one: the USD deal sorts anywhere, and not even the batches before it are written.
      const all = { field: 'tags', op: 'contains', value: 'q' } as const
      const refused = await caught(t.deals.updateMany({ where: all, set }, { batchSize: 1 }))
      expect(pathsOf(refused)).toEqual(['set.amount.currency'])
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)

      const inEurope = { field: 'pipelineId', op: 'eq', value: eur.id } as const
      expect(await t.deals.updateMany({ where: inEurope, set })).toEqual({ matched: 3, updated: 3, unchanged: 0 })
    })

    it('a pipeline changes currency only while none of its live deals is in another one', async () => {
      const { t } = get().tenant()
      const p = await salesPipeline(t)
      const empty = await salesPipeline(t, 'Empty')
      expect(await t.pipelines.update(empty.id, { currency: 'GBP' })).toMatchObject({ currency: 'GBP', version: 2 })
      const deal = await t.deals.create({ title: 'D', pipelineId: p.id, amount: { value: 1, currency: 'EUR' } })
      expect(pathsOf(await caught(t.pipelines.update(p.id, { currency: 'USD' })))).toEqual(['currency'])
      expect(pathsOf(await caught(t.pipelines.update(p.id, { currency: null } as never)))).toEqual(['currency'])
      await t.deals.delete(deal.id)
      expect(await t.pipelines.update(p.id, { currency: 'USD' })).toMatchObject({ currency: 'USD', version: 2 })
    })
  })
}
