import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { StorageRow } from '../storage/port.js'
import type { TableName } from '../storage/tables.js'
import { condition, contactRow, customFields, filterNode, now } from './__tests__/arbitraries.js'
import { evaluateFilter, evaluateFilterTruth } from './evaluate.js'
import { resolveFilter } from './resolve.js'
import type { FilterNode, ResolvedFilter } from './types.js'

const resolve = (node: FilterNode, table: TableName = 'contacts') => resolveFilter(node, { table, customFields, now })
const truth = (node: FilterNode, row: StorageRow, table: TableName = 'contacts') =>
  evaluateFilterTruth(resolve(node, table), row)

type Case = readonly [op: string, value: unknown, row: unknown, expected: boolean | null]

/** Run `field op value` on a row where the field holds `row`, expecting a truth value. */
function check(field: string, cases: readonly Case[], table: TableName = 'contacts') {
  for (const [op, value, stored, expected] of cases) {
    const node = (value === undefined ? { field, op } : { field, op, value }) as FilterNode
    const row: StorageRow = field.startsWith('custom.')
      ? { custom: stored === undefined ? {} : ({ [field.slice(7)]: stored } as Record<string, never>) }
      : ({ [field === 'amount' ? 'amountValue' : field]: stored } as StorageRow)
    expect([op, value, stored, truth(node, row, table)]).toEqual([op, value, stored, expected])
  }
}

describe('evaluateFilter: every operator on every type', () => {
  it('case-insensitive string operators fold A-Z only; NULL is UNKNOWN', () => {
    check('lastName', [
      ['eqi', 'lovelace', 'LoveLace', true],
      ['eqi', 'LOVELACE', 'lovelace', true],
      ['eqi', 'love', 'lovelace', false],
      ['eqi', 'é', 'É', false],
      ['eqi', 'ss', 'ß', false],
      ['eqi', 'i', 'İ', false],
      ['eqi', 'x', null, null],
      ['containsi', 'VEL', 'Lovelace', true],
      ['containsi', '', 'x', true],
      ['containsi', '%', 'a%b', true],
      ['containsi', '_', 'ab', false],
      ['containsi', 'ÉM', 'émile', false],
      ['containsi', 'x', null, null],
      ['startsWithi', 'LO', 'lovelace', true],
      ['startsWithi', 'ove', 'Lovelace', false],
      ['endsWithi', 'LACE', 'Lovelace', true],
      ['endsWithi', 'Ω', 'ω', false],
    ])
    check('custom.plan', [
      ['eqi', 'PRO', 'pro', true],
      ['eqi', 'PRO', 3, null],
      ['containsi', 'r', undefined, null],
    ])
  })

  it('strings: case-sensitive, by code point, NULL is UNKNOWN, empty string is a value', () => {
    check('email', [
      ['eq', 'a@x', 'a@x', true],
      ['eq', 'a@x', 'A@x', false],
      ['eq', 'a', 'a ', false],
      ['eq', 'a@x', null, null],
      ['neq', 'a@x', 'b@x', true],
      ['neq', 'a@x', null, null],
      ['lt', '😀', '\uFFFF', true],
      ['lt', 'b', 'B', true],
      ['lte', 'b', 'b', true],
      ['gt', '\uFFFF', '😀', true],
      ['gte', 'b', 'a', false],
      ['between', ['b', 'd'], 'c', true],
      ['between', ['b', 'd'], 'd', true],
      ['between', ['b', 'd'], 'da', false],
      ['between', ['b', 'd'], null, null],
      ['in', ['a', 'b'], 'b', true],
      ['in', ['a', 'b'], 'c', false],
      ['in', ['a'], null, null],
      ['notIn', ['a', 'b'], 'c', true],
      ['notIn', ['a', 'b'], 'a', false],
      ['notIn', ['a'], null, null],
      ['contains', 'ell', 'hello', true],
      ['contains', 'ELL', 'hello', false],
      ['contains', '', '', true],
      ['contains', 'x', null, null],
      ['startsWith', 'he', 'hello', true],
      ['startsWith', 'He', 'hello', false],
      ['endsWith', '😀', 'hi😀', true],
      ['endsWith', 'lo', 'hello', true],
      ['endsWith', 'x', null, null],
      ['isSet', undefined, '', true],
      ['isSet', undefined, null, false],
      ['isNotSet', undefined, null, true],
      ['isNotSet', undefined, 'a', false],
    ])
  })

  it('numbers: numeric order, integer columns and custom numbers', () => {
    check(
      'amount',
      [
        ['eq', 100, 100, true],
        ['neq', 100, 100, false],
        ['lt', 100, 99, true],
        ['lte', 100, 100, true],
        ['gt', 9, 10, true],
        ['gte', 10, 9, false],
        ['between', [10, 20], 20, true],
        ['between', [10, 20], 21, false],
        ['in', [1, 2], 2, true],
        ['notIn', [1, 2], 3, true],
        ['isSet', undefined, 0, true],
      ],
      'deals',
    )
    check('custom.score', [
      ['gt', 1.5, 2, true],
      ['lt', 10, 9, true], // numerically, not as text
      ['eq', 1, '1', null], // stored with the wrong type reads as NULL
      ['eq', 1, undefined, null], // missing key reads as NULL
      ['neq', 1, null, null],
      ['isNotSet', undefined, undefined, true],
      ['isNotSet', undefined, '1', true],
      ['isSet', undefined, 0, true],
    ])
  })

  it('booleans (custom fields)', () => {
    check('custom.vip', [
      ['eq', true, true, true],
      ['eq', true, false, false],
      ['eq', false, 'false', null],
      ['neq', true, false, true],
      ['neq', true, undefined, null],
      ['isSet', undefined, false, true],
      ['isNotSet', undefined, undefined, true],
    ])
  })

  it('timestamps compare as canonical ISO strings', () => {
    check('createdAt', [
      ['eq', '2026-03-01T00:00:00+01:00', '2026-02-28T23:00:00.000Z', true],
      ['lt', '2026-03-01', '2026-02-28T23:59:59.999Z', true],
      ['gte', '2026-03-01', '2026-03-01T00:00:00.000Z', true],
      ['between', ['2026-03-01', '2026-03-02'], '2026-03-02T00:00:00.001Z', false],
      ['in', ['2026-03-01'], '2026-03-01T00:00:00.000Z', true],
      ['notIn', ['2026-03-01'], '2026-03-01T00:00:00.000Z', false],
      ['withinLast', { days: 1 }, '2026-03-14T12:00:00.000Z', true],
      ['withinLast', { days: 1 }, '2026-03-14T11:59:59.999Z', false],
      ['withinLast', { days: 1 }, '2026-03-15T12:00:00.001Z', false],
      ['olderThan', { days: 1 }, '2026-03-14T11:59:59.999Z', true],
      ['olderThan', { days: 1 }, '2026-03-14T12:00:00.000Z', false],
      ['olderThan', { days: 1 }, null, null],
    ])
  })

  it('dates compare as YYYY-MM-DD, relative bounds are UTC calendar days', () => {
    check('custom.renewal', [
      ['eq', '2026-03-15', '2026-03-15', true],
      ['lt', '2026-03-15', '2026-03-14', true],
      ['between', ['2026-03-01', '2026-03-31'], '2026-03-31', true],
      ['withinLast', { days: 0 }, '2026-03-15', true],
      ['withinLast', { days: 7 }, '2026-03-08', true],
      ['withinLast', { days: 7 }, '2026-03-07', false],
      ['withinLast', { days: 7 }, '2026-03-16', false],
      ['olderThan', { days: 7 }, '2026-03-07', true],
      ['olderThan', { days: 7 }, '2026-03-08', false],
      ['withinLast', { days: 7 }, undefined, null],
    ])
  })

  it('arrays: contains / in (any) / notIn (none) / isSet (non-empty); never UNKNOWN', () => {
    check('tags', [
      ['contains', 'x', ['x', 'y'], true],
      ['contains', 'X', ['x'], false],
      ['in', ['a', 'y'], ['x', 'y'], true],
      ['in', ['a'], ['x'], false],
      ['in', ['a'], [], false],
      ['notIn', ['a', 'b'], ['x'], true],
      ['notIn', ['x'], ['x', 'y'], false],
      ['notIn', ['x'], [], true],
      ['isSet', undefined, ['x'], true],
      ['isSet', undefined, [], false],
      ['isNotSet', undefined, [], true],
    ])
    check('custom.seats', [
      ['contains', 'x', ['x'], true],
      ['contains', 'x', undefined, false], // missing multiselect = empty array
      ['notIn', ['x'], undefined, true],
      ['isNotSet', undefined, null, true],
      ['isNotSet', undefined, 'x', true], // not an array reads as empty
      ['contains', 'x', ['x', 1], true], // only string elements count
      ['in', ['1'], [1], false],
    ])
    check('companyIds', [
      ['contains', 'c1', ['c1', 'c2'], true],
      ['notIn', ['c3'], ['c1'], true],
      ['isSet', undefined, undefined, false],
    ])
  })

  it('reads only own custom keys', () => {
    const row: StorageRow = { custom: {} }
    const filter = resolveFilter(
      { field: 'custom.constructor', op: 'isSet' },
      { table: 'contacts', customFields: [{ key: 'constructor', type: 'text' }], now },
    )
    expect(evaluateFilter(filter, row)).toBe(false)
  })
})

describe('evaluateFilter: three-valued logic', () => {
  const T: FilterNode = { field: 'email', op: 'eq', value: 'a' }
  const F: FilterNode = { field: 'email', op: 'eq', value: 'b' }
  const U: FilterNode = { field: 'lastName', op: 'eq', value: 'a' }
  const row: StorageRow = { email: 'a', lastName: null }

  it('follows the SQL truth tables', () => {
    const cases: [FilterNode, boolean | null][] = [
      [{ all: [T, U] }, null],
      [{ all: [F, U] }, false],
      [{ all: [T, T] }, true],
      [{ any: [F, U] }, null],
      [{ any: [T, U] }, true],
      [{ any: [F, F] }, false],
      [{ not: U }, null],
      [{ not: F }, true],
      [{ all: [] }, true],
      [{ any: [] }, false],
    ]
    for (const [node, expected] of cases) expect(truth(node, row)).toBe(expected)
    expect(evaluateFilter(resolve({ not: U }), row)).toBe(false)
  })

  it('De Morgan and double negation hold for every tree and row', () => {
    fc.assert(
      fc.property(filterNode, filterNode, contactRow, (a, b, r) => {
        expect(truth({ not: { all: [a, b] } }, r)).toBe(truth({ any: [{ not: a }, { not: b }] }, r))
        expect(truth({ not: { any: [a, b] } }, r)).toBe(truth({ all: [{ not: a }, { not: b }] }, r))
        expect(truth({ not: { not: a } }, r)).toBe(truth(a, r))
      }),
    )
  })

  it('a row matches a tree or its negation or neither (UNKNOWN), never both', () => {
    fc.assert(
      fc.property(filterNode, contactRow, (a, r) => {
        const yes = evaluateFilter(resolve(a), r)
        const no = evaluateFilter(resolve({ not: a }), r)
        expect(yes && no).toBe(false)
        expect(!yes && !no).toBe(truth(a, r) === null)
      }),
    )
  })

  it('neither a condition nor its negation matches a row where the field is NULL', () => {
    const scalarConditionOnNull = fc
      .tuple(condition, contactRow)
      .filter(
        ([c]) =>
          !['isSet', 'isNotSet'].includes(c.op) &&
          ['email', 'lastName', 'custom.score', 'custom.plan', 'custom.renewal', 'custom.vip'].includes(c.field),
      )
      .map(([c, r]): [FilterNode, StorageRow] => {
        const key = c.field.replace('custom.', '')
        const nulled = c.field.startsWith('custom.')
          ? { ...r, custom: { ...r.custom, [key]: null } }
          : { ...r, [key]: null }
        return [c, nulled]
      })
    fc.assert(
      fc.property(scalarConditionOnNull, ([c, r]) => {
        expect(evaluateFilter(resolve(c), r)).toBe(false)
        expect(evaluateFilter(resolve({ not: c }), r)).toBe(false)
      }),
    )
  })

  it('rejects resolved filters that the resolver could never produce', () => {
    const bad: ResolvedFilter = {
      kind: 'condition',
      target: { source: 'column', column: 'tags', type: 'stringArray' },
      op: 'lt',
      value: 'x',
    }
    expect(() => evaluateFilter(bad, { tags: [] })).toThrow(TypeError)
  })
})
