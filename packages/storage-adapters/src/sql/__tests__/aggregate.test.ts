/**
 * `aggregate()` pushed down to SQL: grouping by columns and by year/month/day of ISO text,
 * measures as plain numbers, identical results on every dialect (avg included).
 */
import type { AggregateQuery, ResolvedFilter, StorageAdapter } from '@crmkit/core/storage'
import { beforeAll, describe, expect, it } from 'vitest'
import { availableSqlDialects } from '../../testing/databases.js'
import { deal, nextTenant, useMigratedDatabase } from './fixtures.js'

const dialects = await availableSqlDialects()

const open: ResolvedFilter = {
  kind: 'condition',
  target: { source: 'column', column: 'status', type: 'string' },
  op: 'eq',
  value: 'open',
}

describe.each(dialects)('%s aggregate', (dialect) => {
  const fixture = useMigratedDatabase(dialect)
  const t = nextTenant()
  let storage: StorageAdapter

  beforeAll(async () => {
    storage = fixture().storage
    await storage.insert('deals', t, [
      deal({ status: 'open', amountValue: 1, createdAt: '2026-01-05T10:00:00.000Z', expectedCloseDate: '2026-02-01' }),
      deal({ status: 'open', amountValue: 2, createdAt: '2026-01-31T23:59:59.999Z', expectedCloseDate: null }),
      deal({ status: 'open', amountValue: 2, createdAt: '2026-02-01T00:00:00.000Z', expectedCloseDate: '2026-02-01' }),
      deal({
        status: 'won',
        amountValue: 5_000_000_000,
        createdAt: '2025-12-31T12:00:00.000Z',
        expectedCloseDate: '2025-12-31',
      }),
      deal({
        status: 'lost',
        amountValue: 7,
        createdAt: '2026-01-10T00:00:00.000Z',
        deletedAt: '2026-01-11T00:00:00.000Z',
      }),
    ])
    // Another tenant's rows never count.
    await storage.insert('deals', nextTenant(), [deal({ status: 'open', amountValue: 100 })])
  })

  it('groups by a column with count, sum, min, max and avg', async () => {
    const query: AggregateQuery = {
      groupBy: ['status'],
      measures: [
        { fn: 'count', as: 'n' },
        { fn: 'sum', column: 'amountValue', as: 'total' },
        { fn: 'min', column: 'createdAt', as: 'first' },
        { fn: 'max', column: 'amountValue', as: 'largest' },
        { fn: 'avg', column: 'amountValue', as: 'mean' },
      ],
    }
    expect(await storage.aggregate('deals', t, query)).toEqual([
      { status: 'open', n: 3, total: 5, first: '2026-01-05T10:00:00.000Z', largest: 2, mean: 5 / 3 },
      {
        status: 'won',
        n: 1,
        total: 5_000_000_000,
        first: '2025-12-31T12:00:00.000Z',
        largest: 5_000_000_000,
        mean: 5_000_000_000,
      },
    ])
  })

  it('groups timestamps by year, month and day of their UTC ISO text', async () => {
    const by = (granularity: 'year' | 'month' | 'day') =>
      storage.aggregate('deals', t, {
        groupBy: [{ column: 'createdAt', granularity }],
        measures: [{ fn: 'count', as: 'n' }],
      })
    expect(await by('year')).toEqual([
      { createdAt: '2025', n: 1 },
      { createdAt: '2026', n: 3 },
    ])
    expect(await by('month')).toEqual([
      { createdAt: '2025-12', n: 1 },
      { createdAt: '2026-01', n: 2 },
      { createdAt: '2026-02', n: 1 },
    ])
    expect(await by('day')).toEqual([
      { createdAt: '2025-12-31', n: 1 },
      { createdAt: '2026-01-05', n: 1 },
      { createdAt: '2026-01-31', n: 1 },
      { createdAt: '2026-02-01', n: 1 },
    ])
  })

  it('groups dates with the NULL group last and combines several keys', async () => {
    const rows = await storage.aggregate('deals', t, {
      groupBy: ['status', { column: 'expectedCloseDate', granularity: 'month' }],
      measures: [
        { fn: 'count', column: 'expectedCloseDate', as: 'dated' },
        { fn: 'count', as: 'n' },
      ],
    })
    expect(rows).toEqual([
      { status: 'open', expectedCloseDate: '2026-02', dated: 2, n: 2 },
      { status: 'open', expectedCloseDate: null, dated: 0, n: 1 },
      { status: 'won', expectedCloseDate: '2025-12', dated: 1, n: 1 },
    ])
  })

  it('applies the filter and includeDeleted', async () => {
    expect(
      await storage.aggregate('deals', t, {
        where: open,
        groupBy: [],
        measures: [{ fn: 'sum', column: 'amountValue', as: 's' }],
      }),
    ).toEqual([{ s: 5 }])
    const all = await storage.aggregate('deals', t, {
      groupBy: [],
      measures: [{ fn: 'count', as: 'n' }],
      includeDeleted: true,
    })
    expect(all).toEqual([{ n: 5 }])
  })

  it('without group keys returns one row, also when nothing matches', async () => {
    const none: ResolvedFilter = { ...open, value: 'nothing' } as ResolvedFilter
    expect(
      await storage.aggregate('deals', t, {
        where: none,
        groupBy: [],
        measures: [
          { fn: 'count', as: 'n' },
          { fn: 'sum', column: 'amountValue', as: 's' },
          { fn: 'avg', column: 'amountValue', as: 'a' },
          { fn: 'max', column: 'closedAt', as: 'm' },
        ],
      }),
    ).toEqual([{ n: 0, s: null, a: null, m: null }])
  })

  it(`rejects measures over non-numeric columns (${dialect})`, async () => {
    await expect(
      storage.aggregate('deals', t, { groupBy: [], measures: [{ fn: 'sum', column: 'title', as: 's' }] }),
    ).rejects.toThrow(/numeric/)
  })
})
