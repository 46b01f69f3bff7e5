/**
 * Differential tests: for random rows and random resolved filters, every SQL dialect must
 * select exactly the rows core's in-memory `evaluateFilter` selects, count them the same,
 * and order/paginate them exactly as core's `compareRows`/`isAfterCursor` do. This is what
 * lets the memory adapter and the SQL adapters be used interchangeably.
 */

import type { QueryOrder, StorageAdapter, StorageRow, TableName } from '@crmkit/core/storage'
import { compareRows, cursorFromRow, evaluateFilter, tables } from '@crmkit/core/storage'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestDatabase } from '../../testing/databases.js'
import { availableSqlDialects, createTestDatabase } from '../../testing/databases.js'
import type { FieldSpec, GeneratedRow } from './arbitraries.js'
import { contactFields, contactRows, dealFields, dealRows, filters, LINK_IDS } from './arbitraries.js'
import { company, contact } from './fixtures.js'

const dialects = await availableSqlDialects()
let tenantCounter = 0

interface TableCase {
  readonly table: TableName
  readonly rows: fc.Arbitrary<GeneratedRow[]>
  readonly fields: readonly FieldSpec[]
  readonly link: { readonly name: 'contactCompanies' | 'dealContacts'; readonly field: string }
  /** The table on the other side of the link, and a row of it. */
  readonly partner: { readonly table: TableName; readonly row: (overrides: Record<string, unknown>) => StorageRow }
}

const cases: readonly TableCase[] = [
  {
    table: 'contacts',
    rows: contactRows(),
    fields: contactFields,
    link: { name: 'contactCompanies', field: 'companyIds' },
    partner: { table: 'companies', row: company },
  },
  {
    table: 'deals',
    rows: dealRows(),
    fields: dealFields,
    link: { name: 'dealContacts', field: 'contactIds' },
    partner: { table: 'contacts', row: contact },
  },
]

/** Link fields list live partners only: each partner id is live, soft-deleted or absent. */
type PartnerState = 'live' | 'deleted' | 'absent'
const partnerStates = fc.array(fc.constantFrom<PartnerState>('live', 'deleted', 'absent'), {
  minLength: LINK_IDS.length,
  maxLength: LINK_IDS.length,
})

interface Dataset {
  readonly rows: GeneratedRow[]
  readonly partners: PartnerState[]
}

const dataset = (c: TableCase): fc.Arbitrary<Dataset> => fc.record({ rows: c.rows, partners: partnerStates })

/** Store a dataset in a fresh tenant; returns the tenant and the rows as memory sees them. */
async function load(
  storage: StorageAdapter,
  c: TableCase,
  data: Dataset,
): Promise<{ tenantId: string; rows: StorageRow[] }> {
  const tenantId = `diff-${process.pid}-${++tenantCounter}`
  await storage.insert(
    c.table,
    tenantId,
    data.rows.map((g) => g.row),
  )
  const live = new Set<string>()
  const partners: StorageRow[] = []
  LINK_IDS.forEach((id, i) => {
    const state = data.partners[i]
    if (state === 'live') live.add(id)
    if (state !== 'absent')
      partners.push(c.partner.row({ id, deletedAt: state === 'deleted' ? '2026-01-02T00:00:00.000Z' : null }))
  })
  await storage.insert(c.partner.table, tenantId, partners)
  const pairs = data.rows.flatMap((g) => g.links.map((other) => [g.row.id as string, other] as const))
  await storage.link(c.link.name, tenantId, pairs, '2026-01-01T00:00:00.000Z')
  const rows = data.rows.map((g) => ({
    ...g.row,
    tenantId,
    [c.link.field]: g.links.filter((id) => live.has(id)).sort(),
  }))
  return { tenantId, rows }
}

const ids = (rows: readonly StorageRow[]): string[] => rows.map((r) => String(r.id))
const sortedIds = (rows: readonly StorageRow[]): string[] => ids(rows).sort()

/** Custom-field sorts over the generated `custom` values (see arbitraries.ts). */
const customSorts: readonly NonNullable<QueryOrder['customField']>[] = [
  { key: 'plan', type: 'string' },
  { key: 'seats', type: 'number' },
  { key: 'vip', type: 'boolean' },
  { key: 'renewal', type: 'date' },
  { key: 'missing', type: 'number' },
]

function sortableColumns(table: TableName): string[] {
  return Object.entries(tables[table].columns)
    .filter(([, def]) => 'sortable' in def && def.sortable === true)
    .map(([name]) => name)
}

describe.each(dialects)('%s: SQL filters select exactly what evaluateFilter selects', (dialect) => {
  let db: TestDatabase
  let storage: StorageAdapter

  beforeAll(async () => {
    db = await createTestDatabase(dialect)
    storage = db.storage()
    await storage.migrate()
    // Rows of another tenant that match almost anything, and live partner rows for every
    // link id there: none of it may ever show up in (or hide from) the tenant under test.
    for (const c of cases) {
      await storage.insert(
        c.partner.table,
        'decoy-tenant',
        LINK_IDS.map((id) => c.partner.row({ id })),
      )
      const decoy = fc.sample(c.rows, { numRuns: 1, seed: 7 })[0] ?? []
      await storage.insert(
        c.table,
        'decoy-tenant',
        decoy.map((g) => g.row),
      )
      await storage.link(
        c.link.name,
        'decoy-tenant',
        decoy.map((g) => [g.row.id as string, LINK_IDS[0] ?? ''] as const),
        '2026-01-01T00:00:00.000Z',
      )
    }
  })

  afterAll(async () => {
    await storage?.close()
    await db?.drop()
  })

  for (const c of cases) {
    it(`${c.table}: query() and count() agree with evaluateFilter`, async () => {
      await fc.assert(
        fc.asyncProperty(
          dataset(c),
          fc.array(filters(c.fields), { minLength: 1, maxLength: 6 }),
          async (generated, wheres) => {
            const { tenantId, rows } = await load(storage, c, generated)
            const live = rows.filter((r) => r.deletedAt === null)
            for (const where of wheres) {
              const expected = live.filter((r) => evaluateFilter(where, r))
              const got = await storage.query(c.table, tenantId, { where })
              expect(sortedIds(got), JSON.stringify(where)).toEqual(sortedIds(expected))
              expect(await storage.count(c.table, tenantId, { where })).toBe(expected.length)
              const withDeleted = rows.filter((r) => evaluateFilter(where, r))
              const gotAll = await storage.query(c.table, tenantId, { where, includeDeleted: true })
              expect(sortedIds(gotAll)).toEqual(sortedIds(withDeleted))
            }
          },
        ),
        { numRuns: 100 },
      )
    })

    it(`${c.table}: order and keyset pages agree with compareRows`, async () => {
      const direction = fc.constantFrom('asc' as const, 'desc' as const)
      const orders: fc.Arbitrary<QueryOrder> = fc.oneof(
        fc.record({ column: fc.constantFrom(...sortableColumns(c.table)), direction }),
        // Custom fields, including values of the wrong JSON type (they sort as NULL).
        fc.record({ column: fc.constant('custom'), direction, customField: fc.constantFrom(...customSorts) }),
      )
      await fc.assert(
        fc.asyncProperty(
          dataset(c),
          orders,
          fc.integer({ min: 1, max: 4 }),
          async (generated, order: QueryOrder, pageSize) => {
            const { tenantId, rows } = await load(storage, c, generated)
            const expected = rows.filter((r) => r.deletedAt === null).sort(compareRows(order))
            const all = await storage.query(c.table, tenantId, { orderBy: order })
            expect(ids(all)).toEqual(ids(expected))
            const paged: StorageRow[] = []
            let after: ReturnType<typeof cursorFromRow> | undefined
            for (;;) {
              const page = await storage.query(c.table, tenantId, {
                orderBy: order,
                limit: pageSize,
                ...(after ? { after } : {}),
              })
              paged.push(...page)
              const last = page.at(-1)
              if (page.length < pageSize || last === undefined) break
              after = cursorFromRow(last, order)
            }
            expect(ids(paged)).toEqual(ids(expected))
          },
        ),
        { numRuns: 25 },
      )
    })
  }

  it('returns rows exactly as stored, with link fields hydrated (sorted)', async () => {
    await fc.assert(
      fc.asyncProperty(dataset(cases[0] as TableCase), async (generated) => {
        const c = cases[0] as TableCase
        const { tenantId, rows } = await load(storage, c, generated)
        const got = await storage.query('contacts', tenantId, { includeDeleted: true })
        const byId = new Map(rows.map((r) => [String(r.id), r]))
        expect(got).toHaveLength(rows.length)
        for (const row of got) expect(row).toEqual(byId.get(String(row.id)))
      }),
      { numRuns: 15 },
    )
  })
})
