import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { QueryOrder, StorageRow } from '../storage/port.js'
import { compareRows, cursorFromRow, isAfterCursor } from './sort.js'

const rows: StorageRow[] = [
  { id: 'r1', size: 5, name: 'b' },
  { id: 'r2', size: null, name: null },
  { id: 'r3', size: 1, name: '😀' },
  { id: 'r4', size: 5, name: '\uFFFF' },
  { id: 'r5', size: null, name: 'a' },
]
const ids = (list: readonly StorageRow[]) => list.map((r) => r.id)

describe('compareRows', () => {
  it('puts NULLs last when ascending and breaks ties by ascending id', () => {
    expect(ids([...rows].sort(compareRows({ column: 'size', direction: 'asc' })))).toEqual([
      'r3',
      'r1',
      'r4',
      'r2',
      'r5',
    ])
  })

  it('puts NULLs last when descending too, and breaks ties by descending id', () => {
    expect(ids([...rows].sort(compareRows({ column: 'size', direction: 'desc' })))).toEqual([
      'r4',
      'r1',
      'r3',
      'r5',
      'r2',
    ])
  })

  it('orders strings by code point', () => {
    expect(ids([...rows].sort(compareRows({ column: 'name', direction: 'asc' })))).toEqual([
      'r5',
      'r1',
      'r4',
      'r3',
      'r2',
    ])
  })
})

const rowArb = fc.record({
  id: fc.uuid(),
  v: fc.option(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', '\uFFFF', '😀')), { nil: null }),
})

describe('keyset pagination', () => {
  it('pages of any size concatenate to exactly the sorted rows, NULLs included', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(rowArb, { selector: (r) => r.id, maxLength: 25 }),
        fc.constantFrom<QueryOrder['direction']>('asc', 'desc'),
        fc.integer({ min: 1, max: 7 }),
        (data, direction, pageSize) => {
          // Columns never mix numbers and strings; keep one type per run.
          const typed = data.map((r) => ({ ...r, v: typeof r.v === 'string' ? r.v.length : r.v }))
          const order: QueryOrder = { column: 'v', direction }
          const sorted = [...typed].sort(compareRows(order))
          const seen: StorageRow[] = []
          let after: ReturnType<typeof cursorFromRow> | undefined
          for (;;) {
            const page = sorted.filter((r) => after === undefined || isAfterCursor(r, order, after)).slice(0, pageSize)
            if (page.length === 0) break
            seen.push(...page)
            const last = page[page.length - 1]
            if (last === undefined) break
            after = cursorFromRow(last, order)
          }
          expect(ids(seen)).toEqual(ids(sorted))
        },
      ),
    )
  })

  it('treats a NULL cursor value as a position inside the NULL tail', () => {
    const order: QueryOrder = { column: 'size', direction: 'asc' }
    const after = cursorFromRow({ id: 'r2', size: null }, order)
    expect(after).toEqual({ value: null, id: 'r2' })
    expect(ids(rows.filter((r) => isAfterCursor(r, order, after)))).toEqual(['r5'])
  })

  it('keeps rows with NULLs after a non-NULL cursor in both directions', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const after = { value: 5, id: 'r4' }
      const order: QueryOrder = { column: 'size', direction }
      const expected = direction === 'asc' ? ['r2', 'r5'] : ['r1', 'r2', 'r3', 'r5']
      expect(ids(rows.filter((r) => isAfterCursor(r, order, after)))).toEqual(expected)
    }
  })
})

describe('custom-field order', () => {
  const custom = (value: unknown, id: string): StorageRow =>
    ({ id, custom: value === undefined ? {} : { score: value } }) as StorageRow
  const scored = [
    custom(2, 'a'),
    custom(undefined, 'b'),
    custom('2', 'c'),
    custom(-1, 'd'),
    custom(2, 'e'),
    custom(null, 'f'),
  ]

  it('reads the typed custom value (another JSON type sorts as NULL), NULLs last either way', () => {
    const asc: QueryOrder = { column: 'custom', direction: 'asc', customField: { key: 'score', type: 'number' } }
    expect(ids([...scored].sort(compareRows(asc)))).toEqual(['d', 'a', 'e', 'b', 'c', 'f'])
    const desc: QueryOrder = { ...asc, direction: 'desc' }
    expect(ids([...scored].sort(compareRows(desc)))).toEqual(['e', 'a', 'd', 'f', 'c', 'b'])
    expect(cursorFromRow(scored[0]!, asc)).toEqual({ value: 2, id: 'a' })
    expect(cursorFromRow(scored[2]!, asc)).toEqual({ value: null, id: 'c' })
    expect(isAfterCursor(scored[4]!, asc, { value: 2, id: 'a' })).toBe(true)
    expect(isAfterCursor(scored[3]!, asc, { value: 2, id: 'a' })).toBe(false)
  })

  it('sorts booleans false before true, with 0/1 cursor values', () => {
    const rows = [custom(true, 'a'), custom(false, 'b'), custom('true', 'c')]
    const order: QueryOrder = { column: 'custom', direction: 'asc', customField: { key: 'score', type: 'boolean' } }
    expect(ids([...rows].sort(compareRows(order)))).toEqual(['b', 'a', 'c'])
    expect(cursorFromRow(rows[0]!, order)).toEqual({ value: 1, id: 'a' })
  })
})
