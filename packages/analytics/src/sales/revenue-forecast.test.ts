/**
 * revenueForecast's history window and fit report over every storage adapter, against hand-computed values:
 * the history runs to the last complete month by the CRM's clock (months without wins, trailing ones included,
 * count as 0), the running month is never fitted, and a fit that never updates its start values is reported as
 * degenerate, not converged.
 */
import { ValidationError } from '@crmkit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { holtWinters } from '../forecasting/holt-winters.js'
import { adapters, DB_TIMEOUT, openCrm, type TestCrm } from './__tests__/harness.js'
import { revenueForecast } from './revenue.js'

/** One won deal on the 15th of each month from January 2024 for every non-zero amount (a zero month has none). */
async function seedMonthlyWins(crm: TestCrm, tenant: string, amounts: readonly number[]) {
  const t = crm.tenant(tenant)
  crm.at('2024-01-01T00:00:00.000Z')
  const p = await t.pipelines.create({
    name: 'Web',
    currency: 'EUR',
    stages: [{ name: 'Paid', probability: 1, kind: 'won' }],
  })
  for (const [i, value] of amounts.entries()) {
    if (value === 0) continue
    crm.at(new Date(Date.UTC(2024, i, 15, 12)).toISOString())
    await t.deals.create({ title: `order ${i}`, pipelineId: p.id, amount: { value, currency: 'EUR' } })
  }
  return { t, pipelineId: p.id }
}

// A 4-month season around 10,000 that repeats exactly for two seasons, then alternates ±500 around it, flipping
// sign every month and every season: adapting level or season to the deviations only makes the next forecast
// worse, so the least-squares fit keeps its start values (alpha = gamma = 0).
const pattern = [10_000, 13_000, 9_000, 11_500]
const flip = (i: number) => (i % 2 === 0 ? 1 : -1) * (Math.floor(i / 4) % 2 === 0 ? 1 : -1)
const steady = Array.from({ length: 16 }, (_, i) => pattern[i % 4]! + (i >= 8 ? 500 * flip(i) : 0))

describe.each(adapters)('revenueForecast on %s', { timeout: DB_TIMEOUT }, (adapter) => {
  let crm: TestCrm
  beforeAll(async () => {
    crm = await openCrm(adapter)
  }, DB_TIMEOUT)
  afterAll(() => crm?.close())

  it('runs the history to the last complete month by the CRM clock, trailing months without wins as 0', async () => {
    // Wins January to June 2024, then nothing; a win on 10 September, the month the clock is in.
    const { t, pipelineId } = await seedMonthlyWins(crm, 'quiet', [100, 300, 200, 400, 300, 500])
    crm.at('2024-09-10T08:00:00.000Z')
    await t.deals.create({ title: 'this month', pipelineId, amount: { value: 9_999, currency: 'EUR' } })

    const f = await revenueForecast(t, { horizon: 2, period: 2 })
    // July and August count as 0; September is still running and is left out with its 9,999.
    expect(f.history.map((p) => [p.month, p.revenue])).toEqual([
      ['2024-01', 100],
      ['2024-02', 300],
      ['2024-03', 200],
      ['2024-04', 400],
      ['2024-05', 300],
      ['2024-06', 500],
      ['2024-07', 0],
      ['2024-08', 0],
    ])
    expect(f.forecast.map((p) => p.month)).toEqual(['2024-09', '2024-10'])
    const reference = holtWinters([100, 300, 200, 400, 300, 500, 0, 0], { period: 2 }).forecast(2)
    expect(f.forecast.map((p) => p.mean)).toEqual(reference.mean)
  })

  it('fits only complete months: `to` may not reach the month of the clock', async () => {
    const t = crm.tenant('quiet')
    crm.at('2024-09-10T08:00:00.000Z')
    const error = await revenueForecast(t, { horizon: 1, period: 2, to: '2024-09' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({
        path: ['to'],
        message: "must be a complete month: 2024-08 or earlier (the CRM's clock is in 2024-09)",
      }),
    ])
    const earlier = await revenueForecast(t, { horizon: 1, period: 2, to: '2024-06' })
    expect(earlier.history.at(-1)).toEqual({ month: '2024-06', revenue: 500, deals: 1 })
    expect(earlier.forecast.map((p) => p.month)).toEqual(['2024-07'])
  })

  it('reports a degenerate fit (level and season never updated) instead of calling it converged', async () => {
    const { t } = await seedMonthlyWins(crm, 'steady', steady)
    crm.at('2025-05-02T00:00:00.000Z')
    const f = await revenueForecast(t, { horizon: 4, period: 4 })
    expect(f.history.map((p) => p.revenue)).toEqual(steady)
    expect([f.model.alpha, f.model.gamma]).toEqual([0, 0])
    expect(f.degenerate).toBe(true)
    expect(f.converged).toBe(false)
    expect(f.warnings).toEqual([
      'degenerate fit: alpha and gamma are 0, so level and season never update and the forecast only extends the first two seasons',
    ])
    // The start values of the first two seasons, extended: level 10,875, no trend, season -875, 2125, -1875, 625.
    expect(f.forecast.map((p) => p.mean)).toEqual(pattern)
  })

  it('calls a fit that adapts converged, with no warnings', async () => {
    const growing = Array.from({ length: 12 }, (_, i) => pattern[i % 4]! + 150 * i + (i % 3) * 40)
    const { t } = await seedMonthlyWins(crm, 'growing', growing)
    crm.at('2025-01-20T00:00:00.000Z')
    const f = await revenueForecast(t, { horizon: 1, period: 4 })
    expect(f.history.map((p) => p.revenue)).toEqual(growing)
    expect(f.model.alpha + f.model.gamma).toBeGreaterThan(0)
    expect({ degenerate: f.degenerate, converged: f.converged, warnings: f.warnings }).toEqual({
      degenerate: false,
      converged: true,
      warnings: [],
    })
  })
})
