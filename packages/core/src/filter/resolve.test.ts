import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ValidationError, type ValidationIssue } from '../errors.js'
import type { TableName } from '../storage/tables.js'
import { customFields, filterNode, now } from './__tests__/arbitraries.js'
import { type FilterContext, resolveFilter } from './resolve.js'
import { filterNodeSchema } from './schema.js'
import { resolveSort } from './sort-input.js'

const ctx = (table: TableName = 'contacts'): FilterContext => ({ table, customFields, now })

function issuesOf(node: unknown, table: TableName = 'contacts'): ValidationIssue[] {
  try {
    resolveFilter(node, ctx(table))
  } catch (err) {
    if (err instanceof ValidationError) return [...err.issues]
    throw err
  }
  throw new Error('expected a ValidationError')
}

describe('resolveFilter: fields', () => {
  it('maps public names to columns, aliases, link fields and custom keys', () => {
    expect(resolveFilter({ field: 'amount', op: 'gte', value: 1000 }, ctx('deals'))).toEqual({
      kind: 'condition',
      target: { source: 'column', column: 'amountValue', type: 'number' },
      op: 'gte',
      value: 1000,
    })
    expect(resolveFilter({ field: 'currency', op: 'eq', value: 'EUR' }, ctx('deals'))).toMatchObject({
      target: { source: 'column', column: 'amountCurrency', type: 'string' },
    })
    expect(resolveFilter({ field: 'companyIds', op: 'contains', value: 'c1' }, ctx())).toMatchObject({
      target: { source: 'link', field: 'companyIds', type: 'stringArray' },
    })
    expect(resolveFilter({ field: 'contactIds', op: 'isSet' }, ctx('deals'))).toMatchObject({
      target: { source: 'link' },
    })
    expect(resolveFilter({ field: 'custom.seats', op: 'contains', value: 'x' }, ctx())).toMatchObject({
      target: { source: 'custom', key: 'seats', type: 'stringArray' },
    })
    expect(resolveFilter({ field: 'custom.plan', op: 'eq', value: 'pro' }, ctx())).toMatchObject({
      target: { source: 'custom', key: 'plan', type: 'string' },
    })
  })

  it('rejects unknown fields, hidden column names and undefined custom keys with the field path', () => {
    expect(issuesOf({ field: 'amountValue', op: 'eq', value: 1 }, 'deals')).toEqual([
      expect.objectContaining({
        path: ['field'],
        message: expect.stringContaining("Unknown field 'amountValue' on deals"),
      }),
    ])
    expect(issuesOf({ field: 'custom.nope', op: 'isSet' })[0]?.message).toBe("Unknown custom field 'nope' on contacts")
    // A key that exists on Object.prototype is still just an undefined custom field.
    expect(issuesOf({ field: 'custom.constructor', op: 'isSet' })[0]?.path).toEqual(['field'])
    expect(issuesOf({ field: 'custom.plan', op: 'isSet' }, 'tasks')[0]?.message).toBe('tasks have no custom fields')
    expect(issuesOf({ field: 'body', op: 'isSet' }, 'activities')[0]?.path).toEqual(['field'])
  })

  it('rejects operators that do not fit the field type', () => {
    const [tagsIssue] = issuesOf({ field: 'tags', op: 'lt', value: 'x' })
    expect(tagsIssue).toMatchObject({
      path: ['op'],
      message: expect.stringContaining("'lt' does not apply to tags (stringArray)"),
    })
    expect(issuesOf({ field: 'size', op: 'contains', value: 'x' }, 'companies')[0]?.path).toEqual(['op'])
    expect(issuesOf({ field: 'email', op: 'withinLast', value: { days: 1 } })[0]?.path).toEqual(['op'])
    expect(issuesOf({ field: 'custom.vip', op: 'lt', value: true })[0]?.path).toEqual(['op'])
    expect(issuesOf({ field: 'email', op: 'like', value: 'x' })[0]).toMatchObject({
      path: ['op'],
      message: expect.stringContaining("unknown operator ('like')"),
    })
  })
})

describe('resolveFilter: values', () => {
  it('checks value types with the exact path', () => {
    expect(issuesOf({ field: 'email', op: 'eq', value: 5 })).toEqual([
      { path: ['value'], message: 'expected a string', code: 'custom' },
    ])
    expect(issuesOf({ field: 'email', op: 'eq', value: null })[0]?.message).toContain('use isNotSet')
    expect(issuesOf({ field: 'email', op: 'eq', value: ['a'] })[0]?.message).toContain('single value')
    expect(issuesOf({ field: 'email', op: 'in', value: ['a', 2, 'c', null] }).map((i) => i.path)).toEqual([
      ['value', 1],
      ['value', 3],
    ])
    expect(issuesOf({ field: 'email', op: 'eq', value: 'a\u0000b' })[0]?.message).toContain('U+0000')
    expect(issuesOf({ field: 'email', op: 'eq', value: 'a\uD800' })[0]?.message).toContain('unpaired surrogates')
  })

  it('takes finite numbers only, and integers only for integer columns', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '3']) {
      expect(issuesOf({ field: 'custom.score', op: 'eq', value: bad })[0]?.path).toEqual(['value'])
    }
    expect(issuesOf({ field: 'size', op: 'gt', value: 1.5 }, 'companies')[0]?.message).toBe('expected an integer')
    expect(resolveFilter({ field: 'custom.score', op: 'gt', value: 1.5 }, ctx())).toMatchObject({ value: 1.5 })
    expect(resolveFilter({ field: 'custom.score', op: 'eq', value: -0 }, ctx())).toMatchObject({ value: 0 })
  })

  it('checks list and pair shapes', () => {
    expect(issuesOf({ field: 'email', op: 'in', value: [] })[0]?.message).toBe("'in' takes a non-empty array")
    expect(issuesOf({ field: 'email', op: 'notIn', value: 'a' })[0]?.path).toEqual(['value'])
    expect(issuesOf({ field: 'email', op: 'between', value: ['a'] })[0]?.message).toBe("'between' takes [low, high]")
    expect(issuesOf({ field: 'email', op: 'between', value: ['b', 'a'] })[0]?.message).toContain('low <= high')
    expect(issuesOf({ field: 'email', op: 'isSet', value: 'a' })[0]?.message).toBe("'isSet' takes no value")
    expect(resolveFilter({ field: 'email', op: 'isSet' }, ctx())).toEqual({
      kind: 'condition',
      target: { source: 'column', column: 'email', type: 'string' },
      op: 'isSet',
    })
  })

  it('normalises timestamps to the canonical 24-character UTC form', () => {
    const ts = (value: unknown) => resolveFilter({ field: 'createdAt', op: 'gte', value }, ctx())
    expect(ts('2026-01-31T10:00:00+02:00')).toMatchObject({ value: '2026-01-31T08:00:00.000Z' })
    expect(ts('2026-01-31T10:00Z')).toMatchObject({ value: '2026-01-31T10:00:00.000Z' })
    expect(ts('2026-01-31T10:00:00.5-01:30')).toMatchObject({ value: '2026-01-31T11:30:00.500Z' })
    expect(ts('2026-01-31T10:00:00.123000000Z')).toMatchObject({ value: '2026-01-31T10:00:00.123Z' })
    expect(ts('2026-01-31')).toMatchObject({ value: '2026-01-31T00:00:00.000Z' })
    expect(ts(new Date(Date.UTC(2026, 0, 31, 1, 2, 3, 4)))).toMatchObject({ value: '2026-01-31T01:02:03.004Z' })
    const bad = (value: unknown) => issuesOf({ field: 'createdAt', op: 'gte', value })[0]?.message
    expect(bad('2026-01-31T10:00:00')).toContain('needs a time zone')
    expect(bad('2026-02-30T10:00:00Z')).toContain('not a valid timestamp')
    expect(bad('2026-01-31T24:00:00Z')).toContain('not a valid timestamp')
    expect(bad('2026-01-31T10:00:00.1234Z')).toContain('more precise than milliseconds')
    expect(bad('0000-01-01T00:00:00+00:01')).toContain('outside years 0000-9999')
    expect(bad('yesterday')).toContain('ISO-8601')
    expect(bad(1_700_000_000_000)).toContain('ISO-8601')
    expect(bad(new Date(Number.NaN))).toBe('invalid Date')
  })

  it('normalises dates to YYYY-MM-DD (a Date object gives its UTC calendar date)', () => {
    const d = (value: unknown) => resolveFilter({ field: 'expectedCloseDate', op: 'eq', value }, ctx('deals'))
    expect(d('2024-02-29')).toMatchObject({ value: '2024-02-29' })
    expect(d(new Date('2026-03-01T23:30:00-05:00'))).toMatchObject({ value: '2026-03-02' })
    expect(issuesOf({ field: 'expectedCloseDate', op: 'eq', value: '2025-02-29' }, 'deals')[0]?.message).toContain(
      'not a valid calendar date',
    )
    expect(
      issuesOf({ field: 'expectedCloseDate', op: 'eq', value: '2026-03-01T00:00:00Z' }, 'deals')[0]?.message,
    ).toContain('YYYY-MM-DD')
  })
})

describe('resolveFilter: relative dates', () => {
  it('resolves withinLast/olderThan on timestamps against the injected now', () => {
    expect(resolveFilter({ field: 'createdAt', op: 'withinLast', value: { days: 30 } }, ctx())).toMatchObject({
      op: 'between',
      value: ['2026-02-13T12:00:00.000Z', '2026-03-15T12:00:00.000Z'],
    })
    expect(resolveFilter({ field: 'createdAt', op: 'olderThan', value: { days: 1 } }, ctx())).toMatchObject({
      op: 'lt',
      value: '2026-03-14T12:00:00.000Z',
    })
  })

  it('uses UTC calendar dates for date fields', () => {
    const late = { ...ctx('deals'), now: new Date('2026-03-15T23:59:59.999Z') }
    expect(resolveFilter({ field: 'expectedCloseDate', op: 'withinLast', value: { days: 7 } }, late)).toMatchObject({
      op: 'between',
      value: ['2026-03-08', '2026-03-15'],
    })
    expect(resolveFilter({ field: 'custom.renewal', op: 'olderThan', value: { days: 15 } }, ctx())).toMatchObject({
      op: 'lt',
      value: '2026-02-28',
    })
  })

  it('takes { days } with a whole, non-negative number of days only', () => {
    for (const op of ['withinLast', 'olderThan', 'withinNext', 'beyondNext']) {
      for (const value of [
        { days: -1 },
        { days: 1.5 },
        { days: '3' },
        { days: 3, hours: 1 },
        { days: 100_001 },
        3,
        null,
      ]) {
        expect(issuesOf({ field: 'createdAt', op, value })[0]?.path).toEqual(['value'])
      }
      expect(issuesOf({ field: 'email', op, value: { days: 1 } })[0]?.path).toEqual(['op'])
    }
  })

  it('resolves withinNext/beyondNext ahead of now: timestamps exactly, dates by UTC calendar day', () => {
    expect(resolveFilter({ field: 'createdAt', op: 'withinNext', value: { days: 30 } }, ctx())).toMatchObject({
      op: 'between',
      value: ['2026-03-15T12:00:00.000Z', '2026-04-14T12:00:00.000Z'],
    })
    expect(resolveFilter({ field: 'createdAt', op: 'beyondNext', value: { days: 1 } }, ctx())).toMatchObject({
      op: 'gt',
      value: '2026-03-16T12:00:00.000Z',
    })
    const late = { ...ctx('deals'), now: new Date('2026-03-15T23:59:59.999Z') }
    expect(resolveFilter({ field: 'expectedCloseDate', op: 'withinNext', value: { days: 30 } }, late)).toMatchObject({
      op: 'between',
      value: ['2026-03-15', '2026-04-14'],
    })
    expect(resolveFilter({ field: 'custom.renewal', op: 'beyondNext', value: { days: 0 } }, late)).toMatchObject({
      op: 'gt',
      value: '2026-03-15',
    })
    // Past year 9999 is not a date any database stores: a ValidationError, not a crash.
    const end = { ...ctx(), now: new Date('9999-12-01T00:00:00.000Z') }
    expect(() => resolveFilter({ field: 'createdAt', op: 'withinNext', value: { days: 60 } }, end)).toThrow(
      ValidationError,
    )
  })
})

describe('resolveFilter: tree shape', () => {
  it('reports every problem in the tree with its path', () => {
    const issues = issuesOf({
      all: [
        { field: 'nope', op: 'eq', value: 1 },
        { any: [{ field: 'email', op: 'lt', value: 3 }, { not: { field: 'tags', op: 'isSet', extra: 1 } }] },
        { all: [], any: [] },
        'x',
      ],
    })
    expect(issues.map((i) => i.path)).toEqual([
      ['all', 0, 'field'],
      ['all', 1, 'any', 0, 'value'],
      ['all', 1, 'any', 1, 'not', 'extra'],
      ['all', 2],
      ['all', 3],
    ])
  })

  it('resolves groups, including empty ones', () => {
    expect(resolveFilter({ all: [] }, ctx())).toEqual({ kind: 'all', nodes: [] })
    expect(resolveFilter({ not: { any: [] } }, ctx())).toEqual({ kind: 'not', node: { kind: 'any', nodes: [] } })
  })

  it('names the first problem in the error message', () => {
    expect(() => resolveFilter({ all: [{ field: 'email', op: 'eq', value: 1 }] }, ctx())).toThrow(
      'Invalid filter at all.0.value: expected a string',
    )
  })

  it('bounds depth, size and cycles instead of overflowing the stack', () => {
    let deep: unknown = { field: 'email', op: 'isSet' }
    for (let i = 0; i < 100_000; i++) deep = { not: deep }
    expect(issuesOf(deep)[0]?.message).toContain('nested deeper than 32')
    const cyclic: { any: unknown[] } = { any: [] }
    cyclic.any.push(cyclic)
    expect(() => resolveFilter(cyclic, ctx())).toThrow(ValidationError)
    const wide = { any: Array.from({ length: 1001 }, () => ({ field: 'email', op: 'isSet' })) }
    expect(issuesOf(wide)).toEqual([expect.objectContaining({ message: 'filter has more than 1000 nodes' })])
    const big = { any: Array.from({ length: 11 }, () => ({ field: 'email', op: 'in', value: Array(1000).fill('a') })) }
    expect(issuesOf(big)[0]?.message).toBe('filter has more than 10000 values')
  })

  it('throws nothing but ValidationError, whatever the input', () => {
    const garbage = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.anything(),
        fc.dictionary(fc.constantFrom('all', 'any', 'not', 'field', 'op', 'value', 'days', 'x'), tie('node'), {
          maxKeys: 3,
        }),
        fc.record({
          field: fc.constantFrom('email', 'tags', 'createdAt', 'custom.score', 'x'),
          op: fc.string(),
          value: fc.anything(),
        }),
        fc.array(tie('node'), { maxLength: 3 }),
      ),
    })).node
    fc.assert(
      fc.property(
        garbage,
        fc.constantFrom<TableName>('contacts', 'companies', 'deals', 'tasks', 'activities'),
        (node, table) => {
          try {
            resolveFilter(node, { table, customFields, now })
          } catch (err) {
            expect(err).toBeInstanceOf(ValidationError)
            expect((err as ValidationError).issues.length).toBeGreaterThan(0)
          }
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('accepts every well-formed tree, and agrees with filterNodeSchema', () => {
    fc.assert(
      fc.property(filterNode, (node) => {
        expect(filterNodeSchema.safeParse(node).success).toBe(true)
        expect(() => resolveFilter(node, ctx())).not.toThrow()
      }),
    )
    fc.assert(
      fc.property(fc.anything(), (node) => {
        if (!filterNodeSchema.safeParse(node).success) expect(() => resolveFilter(node, ctx())).toThrow(ValidationError)
      }),
    )
  })

  it('rejects a TypeError-level mistake in the context, not in the input', () => {
    expect(() => resolveFilter({ all: [] }, { ...ctx(), now: new Date(Number.NaN) })).toThrow(TypeError)
  })
})

describe('resolveSort', () => {
  it('defaults to id ascending and resolves aliases', () => {
    expect(resolveSort(undefined, 'contacts')).toEqual({ column: 'id', direction: 'asc' })
    expect(resolveSort({ field: 'lastName' }, 'contacts')).toEqual({ column: 'lastName', direction: 'asc' })
    expect(resolveSort({ field: 'amount', direction: 'desc' }, 'deals')).toEqual({
      column: 'amountValue',
      direction: 'desc',
    })
  })

  it('rejects unsortable or unknown fields and bad directions', () => {
    const fails = (sort: unknown, table: TableName) => {
      try {
        resolveSort(sort as { field: string }, table)
      } catch (err) {
        return err instanceof ValidationError ? err.issues.map((i) => i.path) : err
      }
      return 'no error'
    }
    expect(fails({ field: 'tags' }, 'contacts')).toEqual([['field']])
    expect(fails({ field: 'currency' }, 'deals')).toEqual([['field']])
    expect(fails({ field: 'amountValue' }, 'deals')).toEqual([['field']])
    expect(fails({ field: 'custom.plan' }, 'contacts')).toEqual([['field']])
    expect(fails({ field: 'email', direction: 'up' }, 'contacts')).toEqual([['direction']])
    expect(fails({ field: 'email', extra: 1 }, 'contacts')).toEqual([['extra']])
    expect(fails('email', 'contacts')).toEqual([[]])
  })

  it('sorts by text, select, number, date and boolean custom fields, not by multiselect or unknown ones', () => {
    const shapes = [...customFields, { key: 'note', type: 'text' as const }]
    expect(resolveSort({ field: 'custom.score', direction: 'desc' }, 'contacts', shapes)).toEqual({
      column: 'custom',
      direction: 'desc',
      customField: { key: 'score', type: 'number' },
    })
    expect(resolveSort({ field: 'custom.plan' }, 'contacts', shapes)).toMatchObject({
      customField: { key: 'plan', type: 'string' },
    })
    expect(resolveSort({ field: 'custom.note' }, 'contacts', shapes).customField?.type).toBe('string')
    expect(resolveSort({ field: 'custom.renewal' }, 'contacts', shapes).customField?.type).toBe('date')
    expect(resolveSort({ field: 'custom.vip' }, 'contacts', shapes).customField?.type).toBe('boolean')
    for (const field of ['custom.seats', 'custom.nope', 'custom.', 'custom.Score']) {
      expect(() => resolveSort({ field }, 'contacts', shapes), field).toThrow(ValidationError)
    }
    // Tasks have no custom fields at all.
    expect(() => resolveSort({ field: 'custom.score' }, 'tasks', shapes)).toThrow(/no custom fields/)
  })
})
