import { ValidationError } from '@crmkit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readCsv, readJson } from '../__fixtures__/load.js'
import { rfm } from './rfm.js'
import { defaultRfmSegments } from './segments.js'

interface RfmExpected {
  analysisDate: string
  segments: Record<string, { customers: number; orders: number; revenue: number }>
}

const expected = readJson<RfmExpected>('rfm-expected.json')
const orders = readCsv('rfm-orders.csv').map((r) => ({
  customerId: r.customer_id!,
  orderDate: r.order_date!,
  revenue: Number(r.revenue),
}))

describe('rfm against the R rfm package (its own tests, rfm_data_orders, 2006-12-31)', () => {
  const result = rfm(orders, { analysisDate: expected.analysisDate })

  it('reproduces customers, orders and revenue per segment exactly', () => {
    const got = Object.fromEntries(
      result.segments
        .filter((s) => s.customers > 0)
        .map((s) => [s.segment, { customers: s.customers, orders: s.orders, revenue: s.revenue }]),
    )
    expect(got).toEqual(expected.segments)
    expect(result.customers).toHaveLength(995)
    // rules without customers in R's summary are reported with zeros, not dropped
    expect(result.segments.map((s) => s.segment)).toEqual([...defaultRfmSegments.map((s) => s.name), 'Others'])
  })

  it('scores with [lower, upper) intervals from type-7 quantiles + 1, recency reversed', () => {
    const { recency, frequency } = result.thresholds
    expect(recency.map((t) => t.score)).toEqual([1, 2, 3, 4, 5])
    expect(recency[4]!.lower).toBe(Math.min(...result.customers.map((c) => c.recencyDays)))
    expect(frequency[4]!.upper).toBe(Math.max(...result.customers.map((c) => c.frequency)) + 1)
    for (const c of result.customers) {
      const band = recency.find((t) => t.score === c.recencyScore)!
      expect(c.recencyDays).toBeGreaterThanOrEqual(band.lower)
      expect(c.recencyDays).toBeLessThan(band.upper)
      expect(c.rfmScore).toBe(c.recencyScore * 100 + c.frequencyScore * 10 + c.monetaryScore)
    }
  })
})

describe('rfm properties', () => {
  const order = fc.record({
    customerId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
    orderDate: fc.integer({ min: 0, max: 700 }).map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000)),
    revenue: fc.integer({ min: 1, max: 500 }),
  })
  it('scores are monotone: more recent / more orders / more revenue never score lower', () => {
    fc.assert(
      fc.property(fc.array(order, { minLength: 1, maxLength: 60 }), (os) => {
        const { customers } = rfm(os, { analysisDate: '2026-01-01', bins: 4 })
        for (const a of customers) {
          for (const b of customers) {
            if (a.recencyDays < b.recencyDays) expect(a.recencyScore).toBeGreaterThanOrEqual(b.recencyScore)
            if (a.frequency < b.frequency) expect(a.frequencyScore).toBeLessThanOrEqual(b.frequencyScore)
            if (a.monetary < b.monetary) expect(a.monetaryScore).toBeLessThanOrEqual(b.monetaryScore)
          }
          for (const s of [a.recencyScore, a.frequencyScore, a.monetaryScore]) expect(s).toBeGreaterThanOrEqual(1)
        }
      }),
    )
  })

  it('accepts explicit thresholds and custom rules', () => {
    const { customers, thresholds } = rfm(orders, {
      analysisDate: '2006-12-31',
      bins: { recency: [115, 181, 297, 482], frequency: [4, 5, 6, 8], monetary: [256, 382, 506, 666] },
      segments: [{ name: 'Best', recency: [5, 5], frequency: [5, 5], monetary: [5, 5] }],
    })
    expect(thresholds.monetary.map((t) => t.upper).slice(0, 4)).toEqual([256, 382, 506, 666])
    expect(new Set(customers.map((c) => c.segment))).toEqual(new Set(['Best', 'Others']))
  })

  it('rejects malformed input', () => {
    expect(() => rfm([], { analysisDate: '2020-01-01' })).toThrow(ValidationError)
    expect(() => rfm([{ customerId: 'a', orderDate: 'nope', revenue: 1 }], { analysisDate: '2020-01-01' })).toThrow(
      ValidationError,
    )
    expect(() => rfm(orders, { analysisDate: '2006-12-31', bins: { monetary: [5, 3] } })).toThrow(ValidationError)
  })
})
