import { ConflictError, resolveFilter, StorageError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import { company, contact, event, openMemory, T0 } from './__tests__/fixtures.js'
import { memoryStorage } from './adapter.js'
import { createMemoryStore, memoryStoreLinks, memoryStoreRows } from './store.js'

describe('memoryStorage: basics', () => {
  it('reports its dialect and capabilities, and offers no extensions (core falls back)', () => {
    const storage = memoryStorage()
    expect(storage.dialect).toBe('memory')
    expect(storage.capabilities).toEqual({ supportsTransactions: true })
    expect(storage.extensions).toBeUndefined()
  })

  it('refuses to work before migrate(), like a fresh database, and after close()', async () => {
    const storage = memoryStorage()
    await expect(storage.get('contacts', 'acme', 'c1')).rejects.toThrow(StorageError)
    await storage.migrate()
    await storage.migrate()
    await expect(storage.get('contacts', 'acme', 'c1')).resolves.toBeUndefined()
    await storage.close()
    await expect(storage.get('contacts', 'acme', 'c1')).rejects.toThrow(/closed/)
  })

  it('stores and returns deep copies, with every column and the link fields', async () => {
    const storage = await openMemory()
    const input = contact('c1', { email: 'a@x.io', tags: ['vip'], custom: { plan: 'pro', seats: ['a'] } })
    await storage.insert('contacts', 'acme', [input])
    ;(input.tags as string[]).push('mutated')
    const got = await storage.get('contacts', 'acme', 'c1')
    expect(got).toEqual({
      ...contact('c1', { email: 'a@x.io', tags: ['vip'], custom: { plan: 'pro', seats: ['a'] } }),
      companyIds: [],
    })
    ;(got?.custom as { plan: string }).plan = 'mutated'
    expect((await storage.get('contacts', 'acme', 'c1'))?.custom).toEqual({ plan: 'pro', seats: ['a'] })
    expect(memoryStoreRows(storage.store, 'contacts', 'acme')).toEqual([
      contact('c1', { email: 'a@x.io', tags: ['vip'], custom: { plan: 'pro', seats: ['a'] } }),
    ])
  })

  it('refuses rows that do not fit the table, as a schema would', async () => {
    const storage = await openMemory()
    await expect(storage.insert('contacts', 'acme', [{ ...contact('c1'), nope: 1 }])).rejects.toThrow(/no such column/)
    await expect(storage.insert('contacts', 'acme', [contact('c1', { lifecycleStage: null })])).rejects.toThrow(
      /NOT NULL/,
    )
    await expect(storage.insert('contacts', 'acme', [contact('c1', { version: 1.5 })])).rejects.toThrow(StorageError)
    await expect(storage.insert('contacts', 'acme', [contact('c1', { createdAt: '2026-03-01' })])).rejects.toThrow(
      StorageError,
    )
    await expect(storage.insert('contacts', 'acme', [contact('c1', { tenantId: 'other' })])).rejects.toThrow(
      /another tenant/,
    )
    await expect(storage.update('events', 'acme', 'e1', 1, {})).rejects.toThrow(/not versioned/)
    expect(memoryStoreRows(storage.store, 'contacts', 'acme')).toEqual([])
  })
})

describe('memoryStorage: keys', () => {
  it('enforces the primary key (tenantId, id), all-or-nothing per insert', async () => {
    const storage = await openMemory()
    await storage.insert('contacts', 'acme', [contact('c1')])
    await expect(storage.insert('contacts', 'acme', [contact('c2'), contact('c1')])).rejects.toThrow(ConflictError)
    await expect(storage.insert('contacts', 'acme', [contact('c3'), contact('c3')])).rejects.toThrow(ConflictError)
    expect(memoryStoreRows(storage.store, 'contacts', 'acme').map((r) => r.id)).toEqual(['c1'])
    // The same id in another tenant is another row.
    await storage.insert('contacts', 'globex', [contact('c1', { tenantId: 'globex' })])
    // A soft-deleted row still holds its primary key.
    await storage.update('contacts', 'acme', 'c1', 1, { deletedAt: T0 })
    await expect(storage.insert('contacts', 'acme', [contact('c1')])).rejects.toThrow(ConflictError)
  })

  it('enforces uniqueActive keys among live rows of a tenant; NULLs never collide', async () => {
    const storage = await openMemory()
    await storage.insert('contacts', 'acme', [contact('c1', { email: 'a@x.io' }), contact('c2'), contact('c3')])
    await expect(storage.insert('contacts', 'acme', [contact('c4', { email: 'a@x.io' })])).rejects.toThrow(
      ConflictError,
    )
    await expect(
      storage.insert('contacts', 'acme', [contact('c5', { email: 'b@x.io' }), contact('c6', { email: 'b@x.io' })]),
    ).rejects.toThrow(ConflictError)
    await storage.insert('contacts', 'globex', [contact('c4', { tenantId: 'globex', email: 'a@x.io' })])
    await expect(storage.update('contacts', 'acme', 'c2', 1, { email: 'a@x.io' })).rejects.toThrow(ConflictError)
    expect((await storage.get('contacts', 'acme', 'c2'))?.version).toBe(1)
    // Soft-deleting frees the key; restoring into a taken key conflicts.
    await storage.update('contacts', 'acme', 'c1', 1, { deletedAt: T0 })
    await storage.insert('contacts', 'acme', [contact('c7', { email: 'a@x.io' })])
    await expect(storage.update('contacts', 'acme', 'c1', 2, { deletedAt: null })).rejects.toThrow(ConflictError)
    // Equality is exact: case and trailing spaces make a different key.
    await storage.insert('contacts', 'acme', [contact('c8', { email: 'A@x.io' }), contact('c9', { email: 'a@x.io ' })])
  })

  it('enforces multi-column keys (custom field entity + key)', async () => {
    const storage = await openMemory()
    const field = (id: string, entity: string, key: string) => ({
      id,
      tenantId: 'acme',
      createdAt: T0,
      updatedAt: T0,
      version: 1,
      deletedAt: null,
      entity,
      key,
      label: key,
      type: 'text',
      options: [],
      required: 0,
    })
    await storage.insert('customFields', 'acme', [field('f1', 'contact', 'plan'), field('f2', 'company', 'plan')])
    await expect(storage.insert('customFields', 'acme', [field('f3', 'contact', 'plan')])).rejects.toThrow(
      ConflictError,
    )
  })
})

describe('memoryStorage: compare-and-set update', () => {
  it('applies a patch only at the expected version and bumps it', async () => {
    const storage = await openMemory()
    await storage.insert('contacts', 'acme', [contact('c1')])
    const updated = await storage.update('contacts', 'acme', 'c1', 1, { firstName: 'Ada', version: 99, id: 'zz' })
    expect(updated).toMatchObject({ id: 'c1', firstName: 'Ada', version: 2, companyIds: [] })
    expect(await storage.update('contacts', 'acme', 'c1', 1, { firstName: 'stale' })).toBeUndefined()
    expect(await storage.update('contacts', 'acme', 'nope', 1, { firstName: 'x' })).toBeUndefined()
    expect(await storage.update('contacts', 'globex', 'c1', 2, { firstName: 'x' })).toBeUndefined()
    expect(memoryStoreRows(storage.store, 'contacts', 'acme')[0]).toMatchObject({ firstName: 'Ada', version: 2 })
  })

  it('updates soft-deleted rows too (restore is an update)', async () => {
    const storage = await openMemory()
    await storage.insert('contacts', 'acme', [contact('c1', { deletedAt: T0 })])
    expect(await storage.update('contacts', 'acme', 'c1', 1, { deletedAt: null })).toMatchObject({
      deletedAt: null,
      version: 2,
    })
  })
})

describe('memoryStorage: reads', () => {
  it('scopes every read by tenant and hides soft-deleted rows unless asked', async () => {
    const storage = await openMemory()
    await storage.insert('contacts', 'acme', [
      contact('c1', { email: 'a@x.io' }),
      contact('c2', { deletedAt: T0, email: 'b@x.io' }),
    ])
    await storage.insert('contacts', 'globex', [contact('g1', { tenantId: 'globex', email: 'a@x.io' })])
    expect(await storage.get('contacts', 'globex', 'c1')).toBeUndefined()
    expect(await storage.get('contacts', 'acme', 'c2')).toBeUndefined()
    expect(await storage.get('contacts', 'acme', 'c2', { includeDeleted: true })).toMatchObject({ id: 'c2' })
    expect((await storage.findBy('contacts', 'acme', { email: 'a@x.io' })).map((r) => r.id)).toEqual(['c1'])
    expect(
      (await storage.findBy('contacts', 'acme', { email: ['a@x.io', 'b@x.io'] }, { includeDeleted: true })).map(
        (r) => r.id,
      ),
    ).toEqual(['c1', 'c2'])
    expect((await storage.findBy('contacts', 'acme', { id: ['c2', 'c1', 'g1'] })).map((r) => r.id)).toEqual(['c1'])
    expect(await storage.findBy('contacts', 'acme', { phone: null }, { limit: 1 })).toHaveLength(1)
    expect(await storage.findBy('contacts', 'acme', { email: [] })).toEqual([])
    expect(await storage.count('contacts', 'acme')).toBe(1)
    expect(await storage.count('contacts', 'acme', { includeDeleted: true })).toBe(2)
    expect((await storage.query('contacts', 'acme', {})).map((r) => r.id)).toEqual(['c1'])
    expect(await storage.count('contacts', 'nobody')).toBe(0)
    await expect(storage.findBy('contacts', 'acme', { tags: 'x' })).rejects.toThrow(StorageError)
  })

  it('hydrates link fields sorted and filters on them, per tenant', async () => {
    const storage = await openMemory()
    await storage.insert('contacts', 'acme', [contact('c1'), contact('c2')])
    await storage.insert('companies', 'acme', [company('k2'), company('k1')])
    await storage.link(
      'contactCompanies',
      'acme',
      [
        ['c1', 'k2'],
        ['c1', 'k1'],
        ['c1', 'k2'],
      ],
      T0,
    )
    await storage.link('contactCompanies', 'globex', [['c2', 'k1']], T0)
    expect((await storage.get('contacts', 'acme', 'c1'))?.companyIds).toEqual(['k1', 'k2'])
    expect((await storage.get('contacts', 'acme', 'c2'))?.companyIds).toEqual([])
    expect((await storage.get('companies', 'acme', 'k1'))?.contactIds).toEqual(['c1'])
    expect(await storage.linked('contactCompanies', 'acme', 'right', ['k2', 'k1'])).toEqual([
      ['c1', 'k1'],
      ['c1', 'k2'],
    ])
    expect(memoryStoreLinks(storage.store, 'contactCompanies', 'acme')).toEqual([
      ['c1', 'k1'],
      ['c1', 'k2'],
    ])
    const where = resolveFilter(
      { field: 'companyIds', op: 'contains', value: 'k1' },
      { table: 'contacts', customFields: [], now: new Date() },
    )
    expect((await storage.query('contacts', 'acme', { where })).map((r) => r.id)).toEqual(['c1'])
    await storage.unlink('contactCompanies', 'acme', [
      ['c1', 'k1'],
      ['c9', 'k9'],
    ])
    expect((await storage.findBy('contacts', 'acme', { id: 'c1' }))[0]?.companyIds).toEqual(['k2'])
    expect((await storage.update('contacts', 'acme', 'c1', 1, { title: 'CTO' }))?.companyIds).toEqual(['k2'])
  })

  it('lists only live partners in link fields and link filters; the link row survives a soft delete', async () => {
    const storage = await openMemory()
    await storage.insert('contacts', 'acme', [contact('c1'), contact('c2')])
    await storage.insert('companies', 'acme', [company('k1')])
    await storage.link(
      'contactCompanies',
      'acme',
      [
        ['c1', 'k1'],
        ['c2', 'k1'],
        ['c3', 'k1'],
      ],
      T0,
    )
    // c3 does not exist: a dangling link is not shown either.
    expect((await storage.get('companies', 'acme', 'k1'))?.contactIds).toEqual(['c1', 'c2'])
    await storage.update('contacts', 'acme', 'c2', 1, { deletedAt: T0 })
    expect((await storage.get('companies', 'acme', 'k1'))?.contactIds).toEqual(['c1'])
    const ctx = { table: 'companies' as const, customFields: [], now: new Date() }
    const withC2 = resolveFilter({ field: 'contactIds', op: 'contains', value: 'c2' }, ctx)
    expect(await storage.count('companies', 'acme', { where: withC2 })).toBe(0)
    // The deleted row still shows its own links, and restoring brings it back everywhere.
    expect((await storage.get('contacts', 'acme', 'c2', { includeDeleted: true }))?.companyIds).toEqual(['k1'])
    expect(memoryStoreLinks(storage.store, 'contactCompanies', 'acme')).toHaveLength(3)
    await storage.update('contacts', 'acme', 'c2', 2, { deletedAt: null })
    expect(await storage.count('companies', 'acme', { where: withC2 })).toBe(1)
  })

  it('filters with core semantics: custom fields, NULLs and three-valued logic', async () => {
    const storage = await openMemory()
    await storage.insert('contacts', 'acme', [
      contact('c1', { email: 'a@x.io', custom: { score: 5 } }),
      contact('c2', { email: null, custom: { score: '5' } }),
      contact('c3', { email: 'b@x.io', custom: {} }),
    ])
    const ctx = {
      table: 'contacts' as const,
      customFields: [{ key: 'score', type: 'number' as const }],
      now: new Date(),
    }
    const ids = async (node: unknown) =>
      (await storage.query('contacts', 'acme', { where: resolveFilter(node, ctx) })).map((r) => r.id)
    expect(await ids({ field: 'email', op: 'neq', value: 'a@x.io' })).toEqual(['c3'])
    expect(await ids({ not: { field: 'email', op: 'eq', value: 'a@x.io' } })).toEqual(['c3'])
    expect(await ids({ field: 'custom.score', op: 'gte', value: 5 })).toEqual(['c1'])
    expect(await ids({ field: 'custom.score', op: 'isNotSet' })).toEqual(['c2', 'c3'])
    expect(
      await storage.count('contacts', 'acme', { where: resolveFilter({ field: 'email', op: 'isSet' }, ctx) }),
    ).toBe(2)
    const bad = {
      kind: 'condition',
      target: { source: 'column', column: 'nope', type: 'string' },
      op: 'isSet',
    } as const
    await expect(storage.query('contacts', 'acme', { where: bad })).rejects.toThrow(StorageError)
  })

  it('keeps events append-only rows readable by id', async () => {
    const storage = await openMemory()
    await storage.insert('events', 'acme', [event('e2'), event('e1')])
    expect(
      (await storage.query('events', 'acme', { orderBy: { column: 'id', direction: 'desc' } })).map((r) => r.id),
    ).toEqual(['e2', 'e1'])
  })
})

describe('memoryStorage: shared store', () => {
  it('lets a second adapter on the same store see the same data', async () => {
    const store = createMemoryStore()
    const a = await openMemory(store)
    const b = memoryStorage({ store })
    await a.insert('contacts', 'acme', [contact('c1', { email: 'a@x.io' })])
    expect(await b.get('contacts', 'acme', 'c1')).toMatchObject({ email: 'a@x.io' })
    await expect(b.insert('contacts', 'acme', [contact('c2', { email: 'a@x.io' })])).rejects.toThrow(ConflictError)
    await b.close()
    expect(await a.count('contacts', 'acme')).toBe(1)
  })
})
