/**
 * The lead conversion model and personas over every storage adapter. The expected models are fitted on
 * a feature matrix rebuilt from the seed's formulas, so storage, features and labels are
 * all checked; every adapter must give the same result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logisticRegression } from '../regression/logistic-regression.js'
import { adapters, DB_TIMEOUT, openCrm, type TestCrm } from './__tests__/harness.js'
import { LEADS, lead, seedLeads } from './__tests__/seed-leads.js'
import { leadConversionModel } from './lead-conversion-model.js'
import { personas } from './personas.js'

const results = new Map<string, unknown>()
const book = Array.from({ length: LEADS }, (_, i) => lead(i))
const known = book.map((l) => l.employees).filter((e): e is number => e !== null)
const meanEmployees = known.reduce((a, b) => a + b, 0) / known.length
// Features in leadConversionModel's order: attributes, then activity types sorted (email, meeting).
const X = book.map((l) => [l.employees ?? meanEmployees, l.emails, l.meetings])
const y = book.map((l) => (l.converted ? 1 : 0))

describe.each(adapters)('predictive models on %s', { timeout: DB_TIMEOUT }, (adapter) => {
  let crm: TestCrm
  let ids: string[]
  beforeAll(async () => {
    crm = await openCrm(adapter)
    ids = (await seedLeads(crm)).map((c) => c.id)
  }, DB_TIMEOUT)
  afterAll(() => crm?.close())

  it('predicts lead conversion with a logistic model on attributes and activity counts', async () => {
    const conversion = await leadConversionModel(crm.t, { attributes: ['custom.employees'], seed: 7 })
    results.set(`${adapter}:conversion`, { ...conversion, model: undefined })
    expect(conversion.features).toEqual(['custom.employees', 'activities.email', 'activities.meeting'])
    const reference = logisticRegression(X, y, { collinear: 'drop' })
    expect(conversion.coefficients.map((c) => c.feature)).toEqual(['(intercept)', ...conversion.features])
    for (const [i, c] of conversion.coefficients.entries())
      expect(c.estimate).toBeCloseTo(reference.coefficients[i] ?? NaN, 8)
    expect(conversion.predictions.map((s) => s.contactId)).toEqual(ids)
    expect(conversion.predictions.map((s) => s.label)).toEqual(book.map((l) => l.converted))
    for (const [i, s] of conversion.predictions.entries())
      expect(s.probability).toBeCloseTo(reference.fitted[i] ?? NaN, 8)
    expect(conversion.backtest).toMatchObject({ trainSize: 28, testSize: 12, seed: 7 })
    // The groups convert very differently, so the held-out ranking is far better than chance.
    expect(conversion.backtest.auc).toBeGreaterThan(0.7)
    expect(conversion.backtest.auc).toBeLessThanOrEqual(1)
  })

  it('uses a caller-supplied label and a seeded, reproducible holdout', async () => {
    const label = (c: { lifecycleStage: string }) => c.lifecycleStage === 'customer'
    const a = await leadConversionModel(crm.t, { activityTypes: ['meeting'], label, seed: 3, holdout: 0.5 })
    const b = await leadConversionModel(crm.t, { activityTypes: ['meeting'], label, seed: 3, holdout: 0.5 })
    expect(a.predictions.filter((s) => s.label)).toHaveLength(
      book.filter((l) => l.lifecycleStage === 'customer').length,
    )
    expect(a.backtest).toEqual(b.backtest)
    await expect(leadConversionModel(crm.t, { activityTypes: [] })).rejects.toMatchObject({ code: 'VALIDATION' })
    await expect(leadConversionModel(crm.t, { attributes: ['email'] })).rejects.toMatchObject({ code: 'VALIDATION' })
  })

  it('finds personas with k-means on standardised attributes and summarises them', async () => {
    const result = await personas(crm.t, { attributes: ['custom.employees', 'activities.meeting'], k: 2, seed: 1 })
    results.set(`${adapter}:personas`, result)
    const [small, large] = [...result.personas].sort(
      (p, q) => p.means['custom.employees']! - q.means['custom.employees']!,
    )
    expect(small?.size).toBe(20)
    expect(large?.size).toBe(20)
    expect(small?.contactIds).toEqual(ids.slice(0, 20).sort())
    expect(small?.topTags[0]).toEqual({ value: 'smb', count: 20 })
    expect(large?.topTags).toEqual([
      { value: 'enterprise', count: 20 },
      { value: 'newsletter', count: 10 },
    ])
    expect(large?.means['activities.meeting']).toBeCloseTo(book.slice(20).reduce((a, l) => a + l.meetings, 0) / 20, 12)
    expect(small?.lifecycleStages).toEqual([
      { value: 'lead', count: 17 },
      { value: 'customer', count: 3 },
    ])
    expect(result.explainedVariance).toBeGreaterThan(0.5)
    await expect(personas(crm.t, { attributes: ['custom.employees'], k: 41 })).rejects.toMatchObject({
      code: 'VALIDATION',
    })
  })
})

describe('predictive models agree across adapters', () => {
  it.each(adapters.filter((a) => a !== 'memory'))('%s gives exactly what memory gives', (adapter) => {
    for (const key of ['conversion', 'personas']) {
      expect(results.get(`${adapter}:${key}`)).toEqual(results.get(`memory:${key}`))
    }
  })
})
