import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateFilterTruth } from '../filter/evaluate.js'
import type { FilterTarget, ResolvedFilter } from '../filter/types.js'
import type { StorageRow } from '../storage/port.js'
import { isFalse, isTrue } from './two-valued.js'

const targets: FilterTarget[] = [
  { source: 'column', column: 'email', type: 'string' },
  { source: 'column', column: 'score', type: 'number' },
  { source: 'custom', key: 'vip', type: 'boolean' },
  { source: 'column', column: 'tags', type: 'stringArray' },
]

const condition: fc.Arbitrary<ResolvedFilter> = fc.oneof(
  fc.record({
    kind: fc.constant('condition' as const),
    target: fc.constant(targets[0]!),
    op: fc.constantFrom('eq' as const, 'neq' as const, 'lt' as const, 'contains' as const),
    value: fc.constantFrom('a', 'b', ''),
  }),
  fc.record({
    kind: fc.constant('condition' as const),
    target: fc.constant(targets[1]!),
    op: fc.constantFrom('eq' as const, 'gt' as const, 'lte' as const),
    value: fc.constantFrom(0, 1, 2),
  }),
  fc.record({
    kind: fc.constant('condition' as const),
    target: fc.constant(targets[2]!),
    op: fc.constantFrom('eq' as const, 'neq' as const),
    value: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('condition' as const),
    target: fc.constantFrom(...targets),
    op: fc.constantFrom('isSet' as const, 'isNotSet' as const),
  }),
  fc.record({
    kind: fc.constant('condition' as const),
    target: fc.constant(targets[3]!),
    op: fc.constantFrom('contains' as const),
    value: fc.constantFrom('x', 'y'),
  }),
)

const { tree } = fc.letrec<{ tree: ResolvedFilter }>((self) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    condition,
    fc.record({
      kind: fc.constantFrom('all' as const, 'any' as const),
      nodes: fc.array(self('tree'), { maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant('not' as const), node: self('tree') }),
  ),
}))

const row: fc.Arbitrary<StorageRow> = fc.record({
  email: fc.constantFrom('a', 'b', '', null),
  score: fc.constantFrom(0, 1, 2, null),
  custom: fc.oneof(fc.constant({}), fc.record({ vip: fc.oneof(fc.boolean(), fc.constant('yes')) })),
  tags: fc.subarray(['x', 'y']),
})

describe('two-valued rewriting of segment filters', () => {
  it('property: isTrue(f) is TRUE exactly where f is TRUE, isFalse(f) exactly where f is FALSE, never UNKNOWN', () => {
    fc.assert(
      fc.property(tree, row, (f, r) => {
        const truth = evaluateFilterTruth(f, r)
        expect(evaluateFilterTruth(isTrue(f), r)).toBe(truth === true)
        expect(evaluateFilterTruth(isFalse(f), r)).toBe(truth === false)
      }),
      { numRuns: 2000 },
    )
  })

  it('a condition on a missing value is UNKNOWN, yet not-in is its exact complement', () => {
    const f: ResolvedFilter = { kind: 'condition', target: targets[0]!, op: 'eq', value: 'a' }
    const missing = { email: null }
    expect(evaluateFilterTruth(f, missing)).toBeNull()
    expect(evaluateFilterTruth({ kind: 'not', node: isTrue(f) }, missing)).toBe(true)
  })
})
