import { ConflictError, NotFoundError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'
import { caught, ISO_TIMESTAMP, UUID } from './context.js'
import { sortPairs } from './raw-sql.js'

/** Contacts and companies: create, read, update (compare-and-set), links, uniqueness. */
export function contactCrudTests(get: () => SuiteContext): void {
  describe('contacts and companies CRUD', () => {
    it('create persists a normalised contact with defaults and returns it', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const ada = await t.contacts.create({
        email: '  Ada@Example.COM ',
        firstName: 'Ada',
        lastName: 'Lovelace',
        tags: ['vip', 'math'],
      })
      expect(ada.id).toMatch(UUID)
      expect(ada.id[14]).toBe('7') // UUIDv7: time-sortable ids
      expect(ada).toMatchObject({
        tenantId,
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        lifecycleStage: 'lead',
        tags: ['vip', 'math'],
        custom: {},
        companyIds: [],
        version: 1,
        deletedAt: null,
      })
      expect(ada.createdAt).toMatch(ISO_TIMESTAMP)
      expect(ada.updatedAt).toBe(ada.createdAt)
      const row = await raw.row('contacts', tenantId, ada.id)
      expect(row).toMatchObject({
        id: ada.id,
        tenantId,
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        phone: null,
        lifecycleStage: 'lead',
        tags: ['vip', 'math'],
        custom: {},
        version: 1,
        createdAt: ada.createdAt,
        updatedAt: ada.createdAt,
        deletedAt: null,
      })
      expect(await t.contacts.get(ada.id)).toEqual(ada)
    })

    it('ids are unique and increase with creation time', async () => {
      const { t } = get().tenant()
      const ids: string[] = []
      for (let i = 0; i < 5; i++) ids.push((await t.contacts.create({ firstName: `n${i}` })).id)
      expect(new Set(ids).size).toBe(5)
      expect([...ids].sort()).toEqual(ids)
    })

    it('get returns null for an id that does not exist', async () => {
      const { t } = get().tenant()
      expect(await t.contacts.get('0190a0a0-0000-7000-8000-000000000000')).toBeNull()
    })

    it('update with the current version changes only the patched fields and bumps version', async () => {
      const { raw, clock } = get()
      const { t, tenantId } = get().tenant()
      const c = await t.contacts.create({ email: 'u@x.io', firstName: 'U', phone: '+1 555', tags: ['a'] })
      clock.set('2026-06-01T00:00:00.000Z')
      const u = await t.contacts.update(c.id, { lastName: 'Updated', tags: ['a', 'b'] }, { expectedVersion: 1 })
      expect(u).toMatchObject({
        id: c.id,
        version: 2,
        lastName: 'Updated',
        firstName: 'U',
        phone: '+1 555',
        tags: ['a', 'b'],
      })
      expect(u.createdAt).toBe(c.createdAt)
      expect(u.updatedAt > c.updatedAt).toBe(true)
      const row = await raw.row('contacts', tenantId, c.id)
      expect(row).toMatchObject({ version: 2, lastName: 'Updated', firstName: 'U', phone: '+1 555', tags: ['a', 'b'] })
      expect(row?.updatedAt).toBe(u.updatedAt)
      expect(row?.createdAt).toBe(c.createdAt)
      expect(await t.contacts.get(c.id)).toEqual(u)
    })

    it('update can clear a field by setting it to null', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const c = await t.contacts.create({ email: 'n@x.io', title: 'CTO' })
      const u = await t.contacts.update(c.id, { title: null })
      expect(u.title).toBeNull()
      expect((await raw.row('contacts', tenantId, c.id))?.title).toBeNull()
    })

    it('update with a stale expectedVersion throws ConflictError and writes nothing', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const c = await t.contacts.create({ firstName: 'A' })
      await t.contacts.update(c.id, { firstName: 'B' }, { expectedVersion: 1 })
      const before = await raw.row('contacts', tenantId, c.id)
      const error = await caught(t.contacts.update(c.id, { firstName: 'C' }, { expectedVersion: 1 }))
      expect(error).toBeInstanceOf(ConflictError)
      expect(await raw.row('contacts', tenantId, c.id)).toEqual(before)
    })

    it('update and delete of an absent id throw NotFoundError', async () => {
      const { t } = get().tenant()
      const absent = '0190a0a0-0000-7000-8000-0000000000ff'
      expect(await caught(t.contacts.update(absent, { firstName: 'x' }))).toBeInstanceOf(NotFoundError)
      expect(await caught(t.contacts.delete(absent))).toBeInstanceOf(NotFoundError)
      expect(await caught(t.contacts.restore(absent))).toBeInstanceOf(NotFoundError)
    })

    it('email is unique among live contacts, case-insensitively: a duplicate is a ConflictError', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      await t.contacts.create({ email: 'dup@x.io' })
      expect(await caught(t.contacts.create({ email: 'DUP@x.io' }))).toBeInstanceOf(ConflictError)
      const other = await t.contacts.create({ email: 'other@x.io' })
      expect(await caught(t.contacts.update(other.id, { email: 'Dup@X.io' }))).toBeInstanceOf(ConflictError)
      expect(await raw.count('contacts', tenantId)).toBe(2)
      expect((await raw.row('contacts', tenantId, other.id))?.email).toBe('other@x.io')
    })

    it('the same email may exist once in each tenant', async () => {
      const { t: a } = get().tenant()
      const { t: b } = get().tenant()
      const x = await a.contacts.create({ email: 'same@x.io' })
      const y = await b.contacts.create({ email: 'same@x.io' })
      expect(x.id).not.toBe(y.id)
    })

    it('contacts without email never collide', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      await t.contacts.create({ firstName: 'A' })
      await t.contacts.create({ firstName: 'B' })
      expect(await raw.count('contacts', tenantId)).toBe(2)
    })

    it('companies: create, get, update and list persist through storage', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const acme = await t.companies.create({
        name: 'Acme',
        domain: 'acme.test',
        industry: 'Tools',
        size: 250,
        tags: ['b2b'],
      })
      expect(acme).toMatchObject({
        tenantId,
        name: 'Acme',
        size: 250,
        version: 1,
        contactIds: [],
        custom: {},
        deletedAt: null,
      })
      expect(await raw.row('companies', tenantId, acme.id)).toMatchObject({
        name: 'Acme',
        domain: 'acme.test',
        industry: 'Tools',
        size: 250,
        tags: ['b2b'],
        version: 1,
      })
      const u = await t.companies.update(acme.id, { size: 300 }, { expectedVersion: 1 })
      expect(u).toMatchObject({ size: 300, version: 2, name: 'Acme' })
      expect(await raw.row('companies', tenantId, acme.id)).toMatchObject({ size: 300, version: 2 })
      expect(await caught(t.companies.update(acme.id, { size: 1 }, { expectedVersion: 1 }))).toBeInstanceOf(
        ConflictError,
      )
      await t.companies.create({ name: 'Beta' })
      const page = await t.companies.list()
      expect(page.items.map((c) => c.name)).toEqual(['Acme', 'Beta'])
      expect(page.nextCursor).toBeNull()
      expect(await t.companies.count()).toBe(2)
    })

    it('contact-company links are stored in the link table and hydrated on both sides', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const [c1, c2] = [await t.companies.create({ name: 'One' }), await t.companies.create({ name: 'Two' })]
      const ada = await t.contacts.create({ email: 'ada@x.io', companyIds: [c2.id] })
      expect(ada.companyIds).toEqual([c2.id])
      await t.contacts.linkCompany(ada.id, c1.id)
      // Linking twice is harmless.
      await t.contacts.linkCompany(ada.id, c1.id)
      expect(await raw.links('contactCompanies', tenantId)).toEqual(
        sortPairs([
          [ada.id, c1.id],
          [ada.id, c2.id],
        ]),
      )
      expect((await t.contacts.get(ada.id))?.companyIds).toEqual([c1.id, c2.id].sort())
      expect((await t.companies.get(c1.id))?.contactIds).toEqual([ada.id])
      await t.contacts.unlinkCompany(ada.id, c2.id)
      expect(await raw.links('contactCompanies', tenantId)).toEqual([[ada.id, c1.id]])
      expect((await t.contacts.get(ada.id))?.companyIds).toEqual([c1.id])
      expect((await t.companies.get(c2.id))?.contactIds).toEqual([])
    })

    it('update with companyIds replaces the set of links', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const [a, b, c] = [
        await t.companies.create({ name: 'A' }),
        await t.companies.create({ name: 'B' }),
        await t.companies.create({ name: 'C' }),
      ]
      const ada = await t.contacts.create({ email: 'ada@x.io', companyIds: [a.id, b.id] })
      const u = await t.contacts.update(ada.id, { companyIds: [c.id, b.id] })
      expect(u.companyIds).toEqual([b.id, c.id].sort())
      expect(await raw.links('contactCompanies', tenantId)).toEqual(
        sortPairs([
          [ada.id, b.id],
          [ada.id, c.id],
        ]),
      )
      await t.contacts.update(ada.id, { companyIds: [] })
      expect(await raw.links('contactCompanies', tenantId)).toEqual([])
    })

    it('linking to an absent company fails and links nothing', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const ada = await t.contacts.create({ firstName: 'Ada' })
      const error = await caught(t.contacts.linkCompany(ada.id, '0190a0a0-0000-7000-8000-0000000000aa'))
      expect(error).toSatisfy(
        (e: unknown) => e instanceof NotFoundError || (e as { code?: string }).code === 'VALIDATION',
      )
      const error2 = await caught(
        t.contacts.create({ firstName: 'B', companyIds: ['0190a0a0-0000-7000-8000-0000000000ab'] }),
      )
      expect(error2).toSatisfy(
        (e: unknown) => e instanceof NotFoundError || (e as { code?: string }).code === 'VALIDATION',
      )
      expect(await raw.links('contactCompanies', tenantId)).toEqual([])
      expect(await raw.count('contacts', tenantId)).toBe(1)
    })
  })
}
