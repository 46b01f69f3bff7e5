/**
 * Behaviour of the SQL adapters that core relies on, on every dialect: compare-and-set
 * updates, unique conflicts (among live rows only), tenancy, link hydration, lookups and
 * error mapping. Transactions and aggregates are in their own files.
 */
import { ConflictError, StorageError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import { availableSqlDialects, createTestDatabase } from '../../testing/databases.js'
import { company, contact, deal, nextTenant, useMigratedDatabase } from './fixtures.js'

const dialects = await availableSqlDialects()

describe.each(dialects)('%s session', (dialect) => {
  const fixture = useMigratedDatabase(dialect)

  it('reports its dialect and capabilities, and offers the attribution and custom-field index extensions', () => {
    const { storage } = fixture()
    expect(storage.dialect).toBe(dialect)
    expect(storage.capabilities).toEqual({ supportsTransactions: true })
    expect(Object.keys(storage.extensions ?? {})).toEqual(['attribution', 'customFieldIndexes'])
  })

  it('update is compare-and-set on version and returns the row as stored', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const row = contact({ email: 'a@x.io', tags: ['a'] })
    await storage.insert('contacts', t, [row])
    const updated = await storage.update('contacts', t, String(row.id), 1, {
      firstName: 'Ann',
      updatedAt: '2026-02-01T00:00:00.000Z',
    })
    expect(updated).toEqual({
      ...row,
      tenantId: t,
      firstName: 'Ann',
      updatedAt: '2026-02-01T00:00:00.000Z',
      version: 2,
      companyIds: [],
    })
    // A stale version changes nothing and returns undefined.
    expect(await storage.update('contacts', t, String(row.id), 1, { firstName: 'Stale' })).toBeUndefined()
    expect((await storage.get('contacts', t, String(row.id)))?.firstName).toBe('Ann')
    // An id that does not exist: undefined as well.
    expect(await storage.update('contacts', t, 'missing', 2, { firstName: 'X' })).toBeUndefined()
  })

  it('update ignores id, tenantId and version in the patch and rejects unknown keys', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const row = contact()
    await storage.insert('contacts', t, [row])
    const updated = await storage.update('contacts', t, String(row.id), 1, {
      ...row,
      tenantId: 'evil',
      id: 'other',
      version: 99,
      title: 'CEO',
      companyIds: [],
    })
    expect(updated).toMatchObject({ id: row.id, tenantId: t, version: 2, title: 'CEO' })
    await expect(storage.update('contacts', t, String(row.id), 2, { nope: 1 })).rejects.toBeInstanceOf(StorageError)
  })

  it('other tenants see nothing and change nothing', async () => {
    const { storage } = fixture()
    const [t1, t2] = [nextTenant(), nextTenant()]
    const row = contact({ email: 'same@x.io' })
    await storage.insert('contacts', t1, [row])
    expect(await storage.get('contacts', t2, String(row.id))).toBeUndefined()
    expect(await storage.update('contacts', t2, String(row.id), 1, { title: 'x' })).toBeUndefined()
    expect(await storage.query('contacts', t2, {})).toEqual([])
    expect(await storage.count('contacts', t2)).toBe(0)
    // The same id and email in another tenant is a different row.
    await storage.insert('contacts', t2, [{ ...row }])
    expect(await storage.count('contacts', t1)).toBe(1)
    expect((await storage.get('contacts', t1, String(row.id)))?.title).toBeNull()
  })

  it('a duplicate id is a ConflictError and nothing of the batch is written', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const first = contact()
    await storage.insert('contacts', t, [first])
    const fresh = contact()
    const error = await storage.insert('contacts', t, [fresh, { ...first }]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConflictError)
    expect((error as ConflictError).cause).toBeDefined()
    expect(await storage.get('contacts', t, String(fresh.id))).toBeUndefined()
  })

  it('uniqueActive keys collide among live rows only; NULLs and trailing spaces never collide', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const a = contact({ email: 'dup@x.io' })
    await storage.insert('contacts', t, [a, contact({ email: null }), contact({ email: null })])
    await expect(storage.insert('contacts', t, [contact({ email: 'dup@x.io' })])).rejects.toBeInstanceOf(ConflictError)
    // Binary collation: case and trailing spaces make different values.
    await storage.insert('contacts', t, [contact({ email: 'DUP@x.io' }), contact({ email: 'dup@x.io ' })])
    // Soft-delete the holder, and the key is free again.
    await storage.update('contacts', t, String(a.id), 1, { deletedAt: '2026-03-01T00:00:00.000Z' })
    const b = contact({ email: 'dup@x.io' })
    await storage.insert('contacts', t, [b])
    // Restoring the deleted one now breaks the key: ConflictError from update.
    await expect(storage.update('contacts', t, String(a.id), 2, { deletedAt: null })).rejects.toBeInstanceOf(
      ConflictError,
    )
    expect((await storage.get('contacts', t, String(a.id), { includeDeleted: true }))?.version).toBe(2)
  })

  it('multi-column uniqueActive keys (custom field entity + key)', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const field = (entity: string, key: string) => ({
      id: `cf-${entity}-${key}-${Math.random()}`,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      version: 1,
      deletedAt: null,
      entity,
      key,
      label: key,
      type: 'text',
      options: [],
      required: 0,
    })
    await storage.insert('customFields', t, [field('contact', 'plan'), field('deal', 'plan')])
    await expect(storage.insert('customFields', t, [field('contact', 'plan')])).rejects.toBeInstanceOf(ConflictError)
  })

  it('refuses rows that do not fit the table, before the database sees them', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const refused = [
      contact({ lifecycleStage: null }),
      contact({ createdAt: '2026-01-01' }),
      contact({ tags: ['a', 1] }),
      contact({ nope: 'x' }),
      contact({ tenantId: 'someone-else' }),
      // 320 code points is the limit: SQLite has no VARCHAR limit, so the adapter enforces it.
      contact({ email: '😀'.repeat(321) }),
      deal({ amountValue: 1.5 }),
    ]
    for (const row of refused) {
      const table = 'amountValue' in row ? 'deals' : 'contacts'
      await expect(storage.insert(table, t, [row]), JSON.stringify(row).slice(0, 80)).rejects.toBeInstanceOf(
        StorageError,
      )
    }
    await storage.insert('contacts', t, [contact({ email: '😀'.repeat(320) })])
    expect(await storage.count('contacts', t)).toBe(1)
  })

  it('driver errors become StorageError with the driver error as cause', async () => {
    // A database that was never migrated: every statement fails in the driver.
    const db = await createTestDatabase(dialect)
    const storage = db.storage()
    try {
      const error = await storage.get('contacts', 't', 'x').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StorageError)
      expect((error as StorageError).cause).toBeInstanceOf(Error)
      expect((error as StorageError).message).toMatch(/crm_contacts/)
    } finally {
      await storage.close()
      await db.drop()
    }
  })

  it('soft-deleted rows are hidden unless includeDeleted', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const gone = contact({ deletedAt: '2026-01-02T00:00:00.000Z', ownerId: 'o' })
    const live = contact({ ownerId: 'o' })
    await storage.insert('contacts', t, [gone, live])
    expect(await storage.get('contacts', t, String(gone.id))).toBeUndefined()
    expect((await storage.get('contacts', t, String(gone.id), { includeDeleted: true }))?.id).toBe(gone.id)
    expect((await storage.findBy('contacts', t, { ownerId: 'o' })).map((r) => r.id)).toEqual([live.id])
    expect(await storage.count('contacts', t, { includeDeleted: true })).toBe(2)
  })

  it('findBy matches values, NULL and lists, in id order, with a limit', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const rows = [
      contact({ ownerId: 'u1' }),
      contact({ ownerId: 'u2' }),
      contact({ ownerId: null }),
      contact({ ownerId: 'u1', title: 'x' }),
    ]
    await storage.insert('contacts', t, rows)
    const ids = (found: readonly { id?: unknown }[]) => found.map((r) => r.id)
    expect(ids(await storage.findBy('contacts', t, { ownerId: 'u1' }))).toEqual([rows[0]?.id, rows[3]?.id])
    expect(ids(await storage.findBy('contacts', t, { ownerId: null }))).toEqual([rows[2]?.id])
    expect(ids(await storage.findBy('contacts', t, { ownerId: ['u2', 'u1'], title: null }))).toEqual([
      rows[0]?.id,
      rows[1]?.id,
    ])
    expect(ids(await storage.findBy('contacts', t, { ownerId: ['u1'] }, { limit: 1 }))).toEqual([rows[0]?.id])
    expect(await storage.findBy('contacts', t, { ownerId: [] })).toEqual([])
    // A repeated value finds its rows once; a limit over several values keeps id order.
    expect(ids(await storage.findBy('contacts', t, { ownerId: ['u1', 'u1', 'u9'] }))).toEqual([
      rows[0]?.id,
      rows[3]?.id,
    ])
    expect(ids(await storage.findBy('contacts', t, { ownerId: ['u2', 'u1'] }, { limit: 2 }))).toEqual([
      rows[0]?.id,
      rows[1]?.id,
    ])
    // Two lists: both must match (Postgres probes the first one, filters by the second).
    expect(ids(await storage.findBy('contacts', t, { ownerId: ['u1', 'u2'], title: ['x', 'y'] }))).toEqual([
      rows[3]?.id,
    ])
    expect(ids(await storage.findBy('contacts', t, { ownerId: ['u1'], id: [String(rows[3]?.id)] }))).toEqual([
      rows[3]?.id,
    ])
  })

  it('money beyond 32 bits and fractional numbers come back as numbers', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const big = deal({ amountValue: 2 ** 53 - 1, custom: { score: 0.1 } })
    await storage.insert('deals', t, [big])
    const got = await storage.get('deals', t, String(big.id))
    expect(got?.amountValue).toBe(2 ** 53 - 1)
    expect(got?.custom).toEqual({ score: 0.1 })
    const stage = {
      id: 'st1',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      version: 1,
      deletedAt: null,
      pipelineId: 'p',
      name: 'S',
      position: 0,
      probability: 0.35,
      kind: 'open',
    }
    await storage.insert('stages', t, [stage])
    expect((await storage.get('stages', t, 'st1'))?.probability).toBe(0.35)
  })

  it('hydrates link fields on get, findBy, query and update, sorted; link/unlink are idempotent', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const [c1, c2] = [contact({ ownerId: 'o' }), contact({ ownerId: 'o' })]
    const [k1, k2] = [company(), company()]
    await storage.insert('contacts', t, [c1, c2])
    await storage.insert('companies', t, [k1, k2])
    const id = (r: { id?: unknown }) => String(r.id)
    await storage.link(
      'contactCompanies',
      t,
      [
        [id(c1), id(k2)],
        [id(c1), id(k1)],
        [id(c1), id(k1)],
      ],
      '2026-01-01T00:00:00.000Z',
    )
    await storage.link(
      'contactCompanies',
      t,
      [
        [id(c1), id(k1)],
        [id(c2), id(k1)],
      ],
      '2026-01-01T00:00:00.000Z',
    )
    const sorted = [id(k1), id(k2)].sort()
    expect((await storage.get('contacts', t, id(c1)))?.companyIds).toEqual(sorted)
    expect((await storage.findBy('contacts', t, { ownerId: 'o' })).map((r) => r.companyIds)).toEqual([sorted, [id(k1)]])
    expect((await storage.query('companies', t, {})).map((r) => r.contactIds)).toEqual([
      [id(c1), id(c2)].sort(),
      [id(c1)],
    ])
    expect((await storage.update('contacts', t, id(c2), 1, { title: 't' }))?.companyIds).toEqual([id(k1)])
    expect(await storage.linked('contactCompanies', t, 'right', [id(k1)])).toEqual([
      [id(c1), id(k1)],
      [id(c2), id(k1)],
    ])
    await storage.unlink('contactCompanies', t, [
      [id(c1), id(k2)],
      [id(c1), 'absent'],
    ])
    expect((await storage.get('contacts', t, id(c1)))?.companyIds).toEqual([id(k1)])
    // Links are per tenant.
    expect(await storage.linked('contactCompanies', nextTenant(), 'left', [id(c1)])).toEqual([])
  })

  it('link fields and link filters list live partners only; the link row survives', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const [c1, c2] = [contact(), contact()]
    const k = company()
    await storage.insert('contacts', t, [c1, c2])
    await storage.insert('companies', t, [k])
    const id = (r: { id?: unknown }) => String(r.id)
    // 'ghost' does not exist in this tenant (it exists in another one): never shown.
    await storage.insert('contacts', nextTenant(), [contact({ id: 'ghost' })])
    await storage.link(
      'contactCompanies',
      t,
      [
        [id(c1), id(k)],
        [id(c2), id(k)],
        ['ghost', id(k)],
      ],
      '2026-01-01T00:00:00.000Z',
    )
    expect((await storage.get('companies', t, id(k)))?.contactIds).toEqual([id(c1), id(c2)])
    await storage.update('contacts', t, id(c2), 1, { deletedAt: '2026-01-02T00:00:00.000Z' })
    expect((await storage.get('companies', t, id(k)))?.contactIds).toEqual([id(c1)])
    const has = (contactId: string) =>
      storage.count('companies', t, {
        where: {
          kind: 'condition',
          target: { source: 'link', field: 'contactIds', type: 'stringArray' },
          op: 'contains',
          value: contactId,
        },
      })
    expect(await has(id(c2))).toBe(0)
    expect(await has('ghost')).toBe(0)
    // The deleted contact still lists its own (live) company; the raw pairs are all still there.
    expect((await storage.get('contacts', t, id(c2), { includeDeleted: true }))?.companyIds).toEqual([id(k)])
    expect(await storage.linked('contactCompanies', t, 'right', [id(k)])).toHaveLength(3)
    await storage.update('contacts', t, id(c2), 2, { deletedAt: null })
    expect(await has(id(c2))).toBe(1)
  })

  it('inserts and links large batches across statement chunks', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const rows = Array.from({ length: 450 }, (_, i) => contact({ email: `u${i}@x.io` }))
    await storage.insert('contacts', t, rows)
    await storage.insert('companies', t, [company({ id: 'k1' }), company({ id: 'k2' })])
    const pairs = rows.flatMap(
      (r) =>
        [
          [String(r.id), 'k1'],
          [String(r.id), 'k2'],
        ] as const,
    )
    await storage.link('contactCompanies', t, pairs, '2026-01-01T00:00:00.000Z')
    expect(await storage.count('contacts', t)).toBe(450)
    expect(
      (
        await storage.linked(
          'contactCompanies',
          t,
          'left',
          rows.map((r) => String(r.id)),
        )
      ).length,
    ).toBe(900)
    const page = await storage.query('contacts', t, { limit: 3 })
    expect(page.map((r) => r.companyIds)).toEqual([
      ['k1', 'k2'],
      ['k1', 'k2'],
      ['k1', 'k2'],
    ])
  })
})
