import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors.js'
import { planCube } from './cube.js'

describe('planCube', () => {
  it('maps public field names to columns and back', () => {
    const plan = planCube(
      'deals',
      ['currency', { field: 'closedAt', granularity: 'month' }],
      [
        { fn: 'count', as: 'n' },
        { fn: 'sum', field: 'amount', as: 'total' },
      ],
      [],
    )
    expect(plan.query).toEqual({
      groupBy: ['amountCurrency', { column: 'closedAt', granularity: 'month' }],
      measures: [
        { fn: 'count', as: 'm0' },
        { fn: 'sum', column: 'amountValue', as: 'm1' },
      ],
    })
    expect([...plan.measureAliases]).toEqual([
      ['m0', 'n'],
      ['m1', 'total'],
    ])
    expect([...plan.rename]).toEqual([
      ['amountCurrency', 'currency'],
      ['closedAt', 'closedAt'],
    ])
  })

  it('reports every problem with its path', () => {
    const run = () =>
      planCube(
        'contacts',
        ['custom.plan', 'email', 'email'],
        [
          { fn: 'avg', field: 'email', as: 'a' },
          { fn: 'count', as: 'email' },
        ],
        [{ key: 'plan', type: 'select' }],
      )
    expect(run).toThrow(ValidationError)
    try {
      run()
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
        ['dimensions', 0],
        ['dimensions', 2],
        ['measures', 0, 'field'],
        ['measures', 1, 'as'],
      ])
    }
  })
})
