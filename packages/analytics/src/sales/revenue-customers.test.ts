/**
 * Revenue series and forecast, cohort retention, churn and lifetime value over every storage
 * adapter, against hand-computed values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { holtWinters } from '../forecasting/holt-winters.js'
import { adapters, DB_TIMEOUT, openCrm, type TestCrm } from './__tests__/harness.js'
import { seedSmall } from './__tests__/seed-small.js'
import {
  churnFromPurchases,
  churnRate,
  cohortRetention,
  customerLifetimeValue,
  type Purchase,
  retentionMatrix,
} from './customers.js'
import { revenueForecast, revenueSeries } from './revenue.js'

const results = new Map<string, unknown>()
/** Monthly revenue of the 'shop' tenant: trend plus a 4-month season. */
const shopRevenue = Array.from({ length: 30 }, (_, i) => 100_000 + 2_000 * i + [0, 30_000, -10_000, 15_000][i % 4]!)

async function seedShop(crm: TestCrm) {
  const shop = crm.tenant('shop')
  crm.at('2024-01-01T00:00:00.000Z')
  const p = await shop.pipelines.create({
    name: 'Web',
    currency: 'USD',
    stages: [{ name: 'Paid', probability: 1, kind: 'won' }],
  })
  for (const [i, value] of shopRevenue.entries()) {
    crm.at(new Date(Date.UTC(2024, i, 15, 12)).toISOString())
    await shop.deals.create({ title: `order ${i}`, pipelineId: p.id, amount: { value, currency: 'USD' } })
  }
  return shop
}

describe.each(adapters)('revenue and customers on %s', { timeout: DB_TIMEOUT }, (adapter) => {
  let crm: TestCrm
  beforeAll(async () => {
    crm = await openCrm(adapter)
    await seedSmall(crm)
    await seedShop(crm)
  }, DB_TIMEOUT)
  afterAll(() => crm?.close())

  it('sums won revenue by closing month and fills gaps with 0', async () => {
    const series = await revenueSeries(crm.t, { from: '2026-01', to: '2026-05' })
    results.set(`${adapter}:series`, series)
    expect(series).toEqual({
      currency: 'EUR',
      points: [
        { month: '2026-01', revenue: 0, deals: 0 },
        { month: '2026-02', revenue: 100_000, deals: 1 },
        { month: '2026-03', revenue: 60_000, deals: 1 },
        { month: '2026-04', revenue: 200_000, deals: 1 },
        { month: '2026-05', revenue: 0, deals: 0 },
      ],
    })
    expect((await revenueSeries(crm.t)).points.map((p) => p.month)).toEqual(['2026-02', '2026-03', '2026-04'])
  })

  it('refuses a forecast without two full periods of history', async () => {
    // February to May 2026: the history runs to the last complete month by the clock (June 2026 after the seed).
    await expect(revenueForecast(crm.t, { horizon: 3 })).rejects.toThrow(/at least 2 full periods \(24 months\).*got 4/)
  })

  it('forecasts revenue with Holt-Winters and prediction intervals', async () => {
    const shop = crm.tenant('shop')
    crm.at('2026-07-01T00:00:00.000Z') // June, the last month with an order, is complete
    const f = await revenueForecast(shop, { horizon: 4, period: 4 })
    results.set(`${adapter}:forecast`, f.forecast)
    expect(f.history.map((p) => p.revenue)).toEqual(shopRevenue)
    const reference = holtWinters(shopRevenue, { period: 4 }).forecast(4)
    expect(f.forecast.map((p) => p.month)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10'])
    expect(f.forecast.map((p) => p.mean)).toEqual(reference.mean)
    expect(f.forecast.map((p) => p.lower)).toEqual(reference.lower)
    for (const p of f.forecast) expect(p.lower).toBeLessThan(p.mean)
  })

  it('builds the cohort retention matrix by company and by contact', async () => {
    const byCompany = await cohortRetention(crm.t, { by: 'company' })
    results.set(`${adapter}:cohorts`, byCompany)
    const expected = [
      { cohort: '2026-02', size: 1, active: [1, 0, 1], retention: [1, 0, 1] },
      { cohort: '2026-03', size: 1, active: [1, 0], retention: [1, 0] },
    ]
    expect(byCompany.cohorts).toEqual(expected)
    expect((await cohortRetention(crm.t, { by: 'contact' })).cohorts).toEqual(expected)
    const longer = await cohortRetention(crm.t, { until: '2026-05' })
    expect(longer.cohorts[0]?.active).toEqual([1, 0, 1, 0])
  })

  it('computes churn and lifetime value with the documented definitions', async () => {
    const monthly = await churnRate(crm.t, { windowMonths: 1 })
    results.set(`${adapter}:churn`, monthly)
    expect(monthly.months).toEqual([
      { month: '2026-03', activeAtStart: 1, churned: 1, rate: 1, activeAtEnd: 1 },
      { month: '2026-04', activeAtStart: 1, churned: 1, rate: 1, activeAtEnd: 1 },
    ])
    expect((await churnRate(crm.t, { windowMonths: 2 })).monthlyRate).toBe(0)
    // 360000 over 3 customer-months, churn 1 per month -> lifetime 1 month.
    const clv = await customerLifetimeValue(crm.t, { windowMonths: 1, grossMargin: 0.5 })
    expect(clv).toEqual({
      currency: 'EUR',
      monthlyRevenuePerCustomer: 120_000,
      monthlyChurnRate: 1,
      grossMargin: 0.5,
      expectedLifetimeMonths: 1,
      lifetimeValue: 60_000,
    })
    expect((await customerLifetimeValue(crm.t, { windowMonths: 2 })).lifetimeValue).toBeNull()
  })
})

describe('revenue and customer analytics agree across adapters', () => {
  it.each(adapters.filter((a) => a !== 'memory'))('%s gives exactly what memory gives', (adapter) => {
    for (const key of ['series', 'forecast', 'cohorts', 'churn']) {
      expect(results.get(`${adapter}:${key}`)).toEqual(results.get(`memory:${key}`))
    }
  })
})

describe('customer metrics from purchases (pure)', () => {
  const p = (customerId: string, month: string): Purchase => ({ customerId, month: `2026-${month}`, revenue: 1 })
  const purchases = [p('x', '01'), p('x', '02'), p('x', '03'), p('y', '01'), p('z', '02'), p('z', '04')]

  it('counts a cohort member as retained in each later month they buy', () => {
    expect(retentionMatrix(purchases)).toEqual([
      { cohort: '2026-01', size: 2, active: [2, 1, 1, 0], retention: [1, 0.5, 0.5, 0] },
      { cohort: '2026-02', size: 1, active: [1, 0, 1], retention: [1, 0, 1] },
    ])
  })

  it('churn depends on the activity window', () => {
    const one = churnFromPurchases(purchases, 1)
    expect(one.months.map((m) => [m.activeAtStart, m.churned, m.activeAtEnd])).toEqual([
      [2, 1, 2],
      [2, 1, 1],
      [1, 1, 1],
    ])
    expect(one.monthlyRate).toBe(3 / 5)
    expect(churnFromPurchases(purchases, 2).monthlyRate).toBe(1 / 7)
    expect(churnFromPurchases([], 1)).toEqual({ windowMonths: 1, months: [], monthlyRate: null })
  })
})
