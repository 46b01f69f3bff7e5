import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../errors.js'
import { attribute } from './attribute.js'
import { PreparedPaths, preparePaths } from './prepare.js'
import type { AggregatedPath } from './schemas.js'
import { aggregatedPathSchema } from './schemas.js'

function issuesOf(run: () => unknown) {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError)
    return (e as ValidationError).issues
  }
  return expect.fail('expected a ValidationError')
}

describe('input validation', () => {
  it('reports every bad row with its index and the field at fault', () => {
    const rows = [
      { path: ['a'], conversions: 1 },
      { path: [], conversions: 1 },
      { path: ['a', ''], conversions: 1 },
      { path: ['a'], conversions: -1 },
      { path: ['a'], conversions: 0, value: 5 },
      { path: ['a'], conversions: 1, nulls: Number.NaN },
      { path: ['a'], conversions: 1, null: 3 },
    ] as unknown as AggregatedPath[]
    const issues = issuesOf(() => attribute(rows, { model: 'first' }))
    const where = issues.map((i) => i.path.join('.'))
    expect(where).toEqual(expect.arrayContaining(['1.path', '2.path.1', '3.conversions', '4.value', '5.nulls', '6']))
    expect(issues.find((i) => i.path.join('.') === '4.value')?.message).toBe('value must be 0 when conversions is 0')
    expect(issues.find((i) => i.path.join('.') === '6')?.code).toBe('unrecognized_keys')
    expect(issues.some((i) => i.path[0] === 0)).toBe(false)
  })

  it('rejects a non-array input', () => {
    expect(() => preparePaths({} as never)).toThrow(ValidationError)
  })

  it('rejects unknown models, unknown option keys and out-of-range parameters', () => {
    const rows = [{ path: ['a'], conversions: 1 }]
    for (const options of [
      { model: 'nope' },
      { model: 'first', directChannel: 'direct' },
      { model: 'markov', order: 0 },
      { model: 'markov', tolerance: 0 },
      { model: 'shapley', variant: 'rates' },
      { model: 'lastNonDirect', directChannel: '' },
    ]) {
      expect(() => attribute(rows, options as never), JSON.stringify(options)).toThrow(ValidationError)
    }
  })

  it('the fast row check accepts exactly what the zod schema accepts (fast-check)', () => {
    const junk = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.integer({ min: -3, max: 3 }),
      fc.double(),
      fc.constantFrom('', 'a', 'b'),
      fc.array(fc.constantFrom('a', 'b', '', 1), { maxLength: 3 }),
      fc.constant(Number.POSITIVE_INFINITY),
    )
    const row = fc.oneof(
      fc.record({ path: junk, conversions: junk, value: junk, nulls: junk, extra: junk }, { requiredKeys: [] }),
      fc.record({
        path: fc.array(fc.constantFrom('a', 'b'), { minLength: 1, maxLength: 3 }),
        conversions: fc.integer({ min: 0, max: 3 }),
      }),
      junk,
    )
    fc.assert(
      fc.property(row, (r) => {
        const zodAccepts = aggregatedPathSchema.safeParse(r).success
        let fastAccepts = true
        try {
          preparePaths([r as AggregatedPath])
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError)
          fastAccepts = false
        }
        expect(fastAccepts).toBe(zodAccepts)
      }),
      { numRuns: 2000 },
    )
  })

  it('PreparedPaths can only come from preparePaths', () => {
    expect(() => new PreparedPaths(Symbol('fake') as never, {} as never)).toThrow(TypeError)
  })
})
