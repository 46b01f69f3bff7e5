/**
 * fast-check arbitraries for filter tests: contact rows with NULLs and odd custom values,
 * and valid filter trees over them whose values hit the rows' small value domains often.
 */
import fc from 'fast-check'
import type { CustomFieldShape } from '../fields.js'
import type { FilterCondition, FilterNode } from '../types.js'

/** The custom fields the arbitrary rows and filters use. */
export const customFields: readonly CustomFieldShape[] = [
  { key: 'score', type: 'number' },
  { key: 'plan', type: 'select' },
  { key: 'vip', type: 'boolean' },
  { key: 'renewal', type: 'date' },
  { key: 'seats', type: 'multiselect' },
]

/** A fixed "now" for relative dates. */
export const now = new Date('2026-03-15T12:00:00.000Z')

const strings = ['', 'a', 'ab', 'b', 'B', 'é', '\uFFFF', '😀', 'a😀']
const timestamps = [
  '2026-03-01T00:00:00.000Z',
  '2026-03-10T08:30:00.000Z',
  '2026-03-15T12:00:00.000Z',
  '2025-12-31T23:59:59.999Z',
]
const dates = ['2026-03-01', '2026-03-08', '2026-03-15', '2026-04-01']
const tagValues = ['x', 'y', 'z']

const str = fc.constantFrom(...strings)
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 })
const tags = fc.uniqueArray(fc.constantFrom(...tagValues), { maxLength: 3 })

/** A contact row in storage form; custom values may be absent, null or of the wrong type. */
export const contactRow = fc.record({
  id: fc.uuid(),
  email: nullable(str),
  lastName: nullable(str),
  tags,
  companyIds: tags,
  createdAt: fc.constantFrom(...timestamps),
  custom: fc.record(
    {
      score: fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constant(null), fc.constant('1')),
      plan: fc.oneof(str, fc.constant(null), fc.constant(3)),
      vip: fc.oneof(fc.boolean(), fc.constant(null), fc.constant('true')),
      renewal: fc.oneof(fc.constantFrom(...dates), fc.constant(null)),
      seats: fc.oneof(tags, fc.constant(null), fc.constant('x'), fc.constant(['x', 1])),
    },
    { requiredKeys: [] },
  ),
})

const list = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: 1, maxLength: 3 })
const ordered = <T>(arb: fc.Arbitrary<T>, cmp: (a: T, b: T) => number) =>
  fc.tuple(arb, arb).map(([a, b]) => (cmp(a, b) <= 0 ? [a, b] : [b, a]))
const byCodePoint = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))

function scalarConditions(
  field: string,
  value: fc.Arbitrary<string | number>,
  cmp: (a: never, b: never) => number,
  extra: string[] = [],
) {
  const c = cmp as (a: string | number, b: string | number) => number
  return fc.oneof(
    fc.record({
      field: fc.constant(field),
      op: fc.constantFrom('eq', 'neq', 'lt', 'lte', 'gt', 'gte', ...extra),
      value,
    }),
    fc.record({ field: fc.constant(field), op: fc.constantFrom('in', 'notIn'), value: list(value) }),
    fc.record({ field: fc.constant(field), op: fc.constant('between'), value: ordered(value, c) }),
    fc.record({ field: fc.constant(field), op: fc.constantFrom('isSet', 'isNotSet') }),
  )
}

function arrayConditions(field: string) {
  return fc.oneof(
    fc.record({ field: fc.constant(field), op: fc.constant('contains'), value: fc.constantFrom(...tagValues) }),
    fc.record({
      field: fc.constant(field),
      op: fc.constantFrom('in', 'notIn'),
      value: list(fc.constantFrom(...tagValues)),
    }),
    fc.record({ field: fc.constant(field), op: fc.constantFrom('isSet', 'isNotSet') }),
  )
}

/** A valid condition on a contact field. */
export const condition: fc.Arbitrary<FilterCondition> = fc.oneof(
  scalarConditions('email', str, byCodePoint, ['contains', 'startsWith', 'endsWith', 'eqi', 'endsWithi']),
  scalarConditions('lastName', str, byCodePoint, ['contains', 'containsi', 'startsWithi']),
  scalarConditions('createdAt', fc.constantFrom(...timestamps), byCodePoint),
  scalarConditions('custom.score', fc.integer({ min: -2, max: 2 }), (a: number, b: number) => a - b),
  scalarConditions('custom.plan', str, byCodePoint),
  scalarConditions('custom.renewal', fc.constantFrom(...dates), byCodePoint),
  fc.record({ field: fc.constant('custom.vip'), op: fc.constantFrom('eq', 'neq'), value: fc.boolean() }),
  fc.record({
    field: fc.constant('createdAt'),
    op: fc.constantFrom('withinLast', 'olderThan', 'withinNext', 'beyondNext'),
    value: fc.record({ days: fc.integer({ min: 0, max: 20 }) }),
  }),
  fc.record({
    field: fc.constant('custom.renewal'),
    op: fc.constantFrom('withinLast', 'olderThan', 'withinNext', 'beyondNext'),
    value: fc.record({ days: fc.integer({ min: 0, max: 20 }) }),
  }),
  arrayConditions('tags'),
  arrayConditions('companyIds'),
  arrayConditions('custom.seats'),
) as fc.Arbitrary<FilterCondition>

/** A valid filter tree of bounded depth over contacts. */
export const filterNode: fc.Arbitrary<FilterNode> = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    condition,
    fc.record({ all: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ not: tie('node') }),
  ),
})).node
