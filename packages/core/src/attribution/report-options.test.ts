import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { type ReportOptions, reportOptionsSchema } from './report.js'

const range = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }

/** The issues' paths of parsing `input` with the report options schema. */
const issuePaths = (input: unknown) => z.safeParse(reportOptionsSchema, input).error?.issues.map((i) => i.path) ?? []

describe('report options', () => {
  it('are typed per model: a wrong value or another model’s parameter fails tsc (npm run typecheck)', () => {
    const good: ReportOptions[] = [
      { ...range, model: 'markov', order: 2, solver: 'iterative' },
      { ...range, model: 'shapley', variant: 'conversionRate' },
      { ...range, model: 'positionBased', first: 0.3, last: 0.5 },
      { ...range, model: 'custom', weights: (touches) => touches.map(() => 1) },
    ]
    // @ts-expect-error a Markov order is 1-4
    const order: ReportOptions = { ...range, model: 'markov', order: 9 }
    // @ts-expect-error variant is 'conversions' | 'conversionRate'
    const variant: ReportOptions = { ...range, model: 'shapley', variant: 42 }
    // @ts-expect-error order belongs to markov
    const foreign: ReportOptions = { ...range, model: 'first', order: 2 }
    for (const options of good) expect(z.safeParse(reportOptionsSchema, options).success).toBe(true)
    expect(issuePaths(order)).toEqual([['order']])
    expect(issuePaths(variant)).toEqual([['variant']])
    // zod reports an unknown key on the object; crmkit's parse turns it into an issue at the key.
    expect(z.safeParse(reportOptionsSchema, foreign).error?.issues).toMatchObject([
      { code: 'unrecognized_keys', keys: ['order'] },
    ])
  })
})
