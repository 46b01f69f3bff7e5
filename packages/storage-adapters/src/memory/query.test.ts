import type { QueryCursor, QueryOrder, StorageRow } from '@crmkit/core/storage'
import { cursorFromRow, resolveFilter, StorageError } from '@crmkit/core/storage'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { company, deal, openMemory, T0 } from './__tests__/fixtures.js'

const ids = (rows: readonly StorageRow[]) => rows.map((r) => r.id)

describe('memoryStorage: query order and keyset pagination', () => {
  it('orders NULLs last in both directions with id as the tie-breaker', async () => {
    const storage = await openMemory()
    await storage.insert('companies', 'acme', [
      company('a', { size: 10 }),
      company('b', { size: null }),
      company('c', { size: 5 }),
      company('d', { size: 10 }),
      company('e', { size: null }),
    ])
    const asc = await storage.query('companies', 'acme', { orderBy: { column: 'size', direction: 'asc' } })
    expect(ids(asc)).toEqual(['c', 'a', 'd', 'b', 'e'])
    const desc = await storage.query('companies', 'acme', { orderBy: { column: 'size', direction: 'desc' } })
    expect(ids(desc)).toEqual(['d', 'a', 'c', 'e', 'b'])
    const page = await storage.query('companies', 'acme', {
      orderBy: { column: 'size', direction: 'desc' },
      after: { value: 10, id: 'a' },
      limit: 2,
    })
    expect(ids(page)).toEqual(['c', 'e'])
    const tail = await storage.query('companies', 'acme', {
      orderBy: { column: 'size', direction: 'asc' },
      after: { value: null, id: 'b' },
    })
    expect(ids(tail)).toEqual(['e'])
  })

  it('orders strings by code point, not by UTF-16 unit', async () => {
    const storage = await openMemory()
    await storage.insert('companies', 'acme', [
      company('1', { name: '😀' }),
      company('2', { name: '\uFFFF' }),
      company('3', { name: 'Z' }),
    ])
    expect(ids(await storage.query('companies', 'acme', { orderBy: { column: 'name', direction: 'asc' } }))).toEqual([
      '3',
      '2',
      '1',
    ])
  })

  it('pages through any data in any order without gaps or repeats', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ id: fc.uuid(), size: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }) }), {
          selector: (r) => r.id,
          maxLength: 20,
        }),
        fc.constantFrom<QueryOrder['direction']>('asc', 'desc'),
        fc.integer({ min: 1, max: 6 }),
        async (data, direction, limit) => {
          const storage = await openMemory()
          await storage.insert(
            'companies',
            'acme',
            data.map((d) => company(d.id, { size: d.size })),
          )
          const orderBy: QueryOrder = { column: 'size', direction }
          const all = await storage.query('companies', 'acme', { orderBy })
          const seen: StorageRow[] = []
          let after: QueryCursor | undefined
          for (;;) {
            const page = await storage.query('companies', 'acme', { orderBy, limit, ...(after ? { after } : {}) })
            seen.push(...page)
            const last = page.at(-1)
            if (page.length < limit || last === undefined) break
            after = cursorFromRow(last, orderBy)
          }
          expect(ids(seen)).toEqual(ids(all))
          expect(all).toHaveLength(data.length)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('refuses to order by a column that has no order', async () => {
    const storage = await openMemory()
    await expect(storage.query('companies', 'acme', { orderBy: { column: 'tags', direction: 'asc' } })).rejects.toThrow(
      StorageError,
    )
    await expect(storage.query('companies', 'acme', { orderBy: { column: 'nope', direction: 'asc' } })).rejects.toThrow(
      StorageError,
    )
    await expect(storage.query('companies', 'acme', { limit: -1 })).rejects.toThrow(StorageError)
  })
})

describe('memoryStorage: aggregate', () => {
  async function deals() {
    const storage = await openMemory()
    await storage.insert('deals', 'acme', [
      deal('d1', {
        status: 'won',
        amountValue: 100,
        closedAt: '2026-01-05T10:00:00.000Z',
        expectedCloseDate: '2026-01-31',
      }),
      deal('d2', { status: 'won', amountValue: 250, closedAt: '2026-01-20T10:00:00.000Z' }),
      deal('d3', { status: 'won', amountValue: 50, closedAt: '2026-02-01T00:00:00.000Z' }),
      deal('d4', { status: 'open', amountValue: 7 }),
      deal('d5', { status: 'lost', amountValue: 1000, deletedAt: T0 }),
    ])
    await storage.insert('deals', 'globex', [deal('g1', { tenantId: 'globex', status: 'won', amountValue: 99 })])
    return storage
  }

  it('groups by columns and by month, with count/sum/min/max/avg', async () => {
    const storage = await deals()
    const byStatus = await storage.aggregate('deals', 'acme', {
      groupBy: ['status'],
      measures: [
        { fn: 'count', as: 'n' },
        { fn: 'sum', column: 'amountValue', as: 'total' },
        { fn: 'avg', column: 'amountValue', as: 'mean' },
        { fn: 'min', column: 'closedAt', as: 'first' },
        { fn: 'max', column: 'amountValue', as: 'largest' },
      ],
    })
    expect(byStatus).toEqual([
      { status: 'open', n: 1, total: 7, mean: 7, first: null, largest: 7 },
      { status: 'won', n: 3, total: 400, mean: 400 / 3, first: '2026-01-05T10:00:00.000Z', largest: 250 },
    ])
    const byMonth = await storage.aggregate('deals', 'acme', {
      groupBy: [{ column: 'closedAt', granularity: 'month' }],
      measures: [
        { fn: 'sum', column: 'amountValue', as: 'total' },
        { fn: 'count', column: 'expectedCloseDate', as: 'dated' },
      ],
    })
    expect(byMonth).toEqual([
      { closedAt: '2026-01', total: 350, dated: 1 },
      { closedAt: '2026-02', total: 50, dated: 0 },
      { closedAt: null, total: 7, dated: 0 },
    ])
  })

  it('follows SQL for empty input: no groups with GROUP BY, one row without', async () => {
    const storage = await deals()
    const where = resolveFilter(
      { field: 'amount', op: 'gt', value: 10_000 },
      { table: 'deals', customFields: [], now: new Date() },
    )
    expect(
      await storage.aggregate('deals', 'acme', { where, groupBy: ['status'], measures: [{ fn: 'count', as: 'n' }] }),
    ).toEqual([])
    expect(
      await storage.aggregate('deals', 'acme', {
        where,
        groupBy: [],
        measures: [
          { fn: 'count', as: 'n' },
          { fn: 'sum', column: 'amountValue', as: 'total' },
          { fn: 'avg', column: 'amountValue', as: 'mean' },
        ],
      }),
    ).toEqual([{ n: 0, total: null, mean: null }])
  })

  it('includes soft-deleted rows only when asked', async () => {
    const storage = await deals()
    const total = async (includeDeleted: boolean) =>
      (
        await storage.aggregate('deals', 'acme', {
          groupBy: [],
          includeDeleted,
          measures: [{ fn: 'sum', column: 'amountValue', as: 't' }],
        })
      )[0]?.t
    expect(await total(false)).toBe(407)
    expect(await total(true)).toBe(1407)
  })

  it('refuses measures and groupings that SQL could not run', async () => {
    const storage = await deals()
    const run = (query: Parameters<typeof storage.aggregate>[2]) => storage.aggregate('deals', 'acme', query)
    await expect(run({ groupBy: [], measures: [{ fn: 'sum', column: 'title', as: 's' }] })).rejects.toThrow(
      StorageError,
    )
    await expect(run({ groupBy: [{ column: 'title', granularity: 'month' }], measures: [] })).rejects.toThrow(
      StorageError,
    )
    await expect(run({ groupBy: ['tags'], measures: [] })).rejects.toThrow(StorageError)
    await expect(run({ groupBy: ['status'], measures: [{ fn: 'count', as: 'status' }] })).rejects.toThrow(StorageError)
  })
})
