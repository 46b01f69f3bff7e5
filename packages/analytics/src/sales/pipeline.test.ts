/**
 * Pipeline analytics over every storage adapter, against values computed by hand from the
 * small seeded history (see `__tests__/seed-small.ts`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adapters, DB_TIMEOUT, openCrm, type TestCrm } from './__tests__/harness.js'
import { type SmallSeed, seedSmall } from './__tests__/seed-small.js'
import { pipelineForecast } from './pipeline-forecast.js'
import { salesVelocity, stageFunnel, timeInStage } from './stage-metrics.js'

const results = new Map<string, unknown>()

describe.each(adapters)('pipeline analytics on %s', { timeout: DB_TIMEOUT }, (adapter) => {
  let crm: TestCrm
  let seed: SmallSeed
  beforeAll(async () => {
    crm = await openCrm(adapter)
    seed = await seedSmall(crm)
  }, DB_TIMEOUT)
  afterAll(() => crm?.close())

  it('forecasts the weighted pipeline, historical win rates, close months and categories', async () => {
    const f = await pipelineForecast(crm.t, { pipelineId: seed.pipeline.id })
    results.set(`${adapter}:forecast`, f)
    expect(f.currency).toBe('EUR')
    const byName = Object.fromEntries(f.stages.map((s) => [s.name, s]))
    // Open deals: d6 in Lead (30000 x 0.1), d4 in Qualified (80000 x 0.3), d5 in Negotiation (40000 x 0.8).
    expect(byName.Lead).toMatchObject({ openDeals: 1, amount: 30_000, historicalWinRate: 0.75, closedThrough: 4 })
    expect(byName.Qualified).toMatchObject({ openDeals: 1, amount: 80_000, historicalWinRate: 0.5, closedThrough: 2 })
    expect(byName.Proposal).toMatchObject({ openDeals: 0, amount: 0, historicalWinRate: 1, closedThrough: 2 })
    expect(byName.Negotiation).toMatchObject({ openDeals: 1, amount: 40_000, historicalWinRate: null })
    expect(byName.Won).toMatchObject({ historicalWinRate: 1, closedThrough: 3 })
    expect(byName.Lost).toMatchObject({ historicalWinRate: 0, closedThrough: 1 })
    expect(f.openAmount).toBe(150_000)
    expect(f.weightedPipeline).toBeCloseTo(3_000 + 24_000 + 32_000, 6)
    // Historical: 30000 x 3/4 + 80000 x 1/2 + 40000 x 0.8 (Negotiation has no history: its probability).
    expect(f.historicalWeightedPipeline).toBeCloseTo(22_500 + 40_000 + 32_000, 6)
    expect(f.winRate).toBe(0.75)
    expect(f.byCloseMonth.map((m) => [m.month, m.deals, m.amount])).toEqual([
      ['2026-05', 1, 40_000],
      ['2026-06', 1, 80_000],
    ])
    expect(f.unscheduled).toMatchObject({ deals: 1, amount: 30_000 })
    expect(f.categories.commit).toMatchObject({ deals: 1, amount: 40_000 })
    expect(f.categories.bestCase).toMatchObject({ deals: 1, amount: 80_000 })
    expect(f.categories.pipeline).toMatchObject({ deals: 1, amount: 30_000 })
    expect(f.categories.closedWon).toMatchObject({ deals: 3, amount: 360_000 })
  })

  it('moves deals between categories with the thresholds', async () => {
    const f = await pipelineForecast(crm.t, {
      pipelineId: seed.pipeline.id,
      commitThreshold: 0.3,
      bestCaseThreshold: 0.1,
    })
    expect(f.categories.commit.amount).toBe(120_000)
    expect(f.categories.bestCase.amount).toBe(30_000)
    expect(f.categories.pipeline.amount).toBe(0)
  })

  it('computes sales velocity = open deals x win rate x average won size / cycle days', async () => {
    const v = await salesVelocity(crm.t, { pipelineId: seed.pipeline.id })
    results.set(`${adapter}:velocity`, v)
    // Won cycles: d1 30 days, d7 59 days, d3 40 days -> 43; average won 120000.
    expect(v).toMatchObject({
      currency: 'EUR',
      openDeals: 3,
      winRate: 0.75,
      averageWonAmount: 120_000,
      averageCycleDays: 43,
    })
    expect(v.velocityPerDay).toBeCloseTo((3 * 0.75 * 120_000) / 43, 9)
    const window = await salesVelocity(crm.t, { from: '2026-03-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' })
    expect(window).toMatchObject({ winRate: 1, averageWonAmount: 130_000, averageCycleDays: 49.5 })
  })

  it('measures time in stage from the transition log, leaving out deleted deals and running stays', async () => {
    const stages = await timeInStage(crm.t, { pipelineId: seed.pipeline.id })
    results.set(`${adapter}:time`, stages)
    const byName = Object.fromEntries(stages.map((s) => [s.name, s]))
    // Lead stays: 5, 10, 10, 10, 30, 59 days.
    expect(byName.Lead).toMatchObject({ stays: 6, medianDays: 10, current: 1 })
    expect(byName.Lead?.meanDays).toBeCloseTo(124 / 6, 9)
    expect(byName.Qualified).toMatchObject({ stays: 2, meanDays: 20, medianDays: 20, current: 1 })
    expect(byName.Proposal).toMatchObject({ stays: 2, meanDays: 22.5, medianDays: 22.5, current: 0 })
    expect(byName.Negotiation).toMatchObject({ stays: 0, meanDays: null, medianDays: null, current: 1 })
  })

  it('builds the stage funnel with conversion between ordered stages', async () => {
    const funnel = await stageFunnel(crm.t, { pipelineId: seed.pipeline.id })
    results.set(`${adapter}:funnel`, funnel)
    expect(funnel.map((s) => [s.name, s.reached])).toEqual([
      ['Lead', 7],
      ['Qualified', 6],
      ['Proposal', 4],
      ['Negotiation', 4],
      ['Won', 3],
    ])
    expect(funnel.map((s) => s.conversionFromPrevious)).toEqual([null, 6 / 7, 4 / 6, 1, 3 / 4])
    expect(funnel[4]?.conversionFromFirst).toBe(3 / 7)
  })

  it('rejects an unknown pipeline and bad thresholds with a ValidationError', async () => {
    await expect(pipelineForecast(crm.t, { pipelineId: 'nope' })).rejects.toMatchObject({ code: 'VALIDATION' })
    await expect(
      pipelineForecast(crm.t, { pipelineId: seed.pipeline.id, commitThreshold: 0.2, bestCaseThreshold: 0.5 }),
    ).rejects.toMatchObject({ code: 'VALIDATION' })
    await expect(timeInStage(crm.t, { pipelineId: 'nope' })).rejects.toMatchObject({ code: 'VALIDATION' })
  })
})

describe('pipeline analytics agree across adapters', () => {
  it.each(adapters.filter((a) => a !== 'memory'))('%s gives exactly what memory gives', (adapter) => {
    for (const key of ['forecast', 'velocity', 'time', 'funnel']) {
      expect(results.get(`${adapter}:${key}`)).toEqual(results.get(`memory:${key}`))
    }
  })
})
