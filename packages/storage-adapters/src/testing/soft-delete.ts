import { ConflictError, NotFoundError, ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'
import { caught, describeError, ISO_TIMESTAMP, snapshotTenant } from './context.js'
import { salesPipeline } from './crud-pipeline.js'

/** Soft delete and restore: deleted records are in no read, list, count or filter. */
export function softDeleteTests(get: () => SuiteContext): void {
  describe('soft delete and restore', () => {
    it('a deleted contact is in no get/list/count/filter, but its row remains with deletedAt set', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const keep = await t.contacts.create({ email: 'keep@x.io', tags: ['x'] })
      const gone = await t.contacts.create({ email: 'gone@x.io', tags: ['x'] })
      await t.contacts.delete(gone.id, { expectedVersion: 1 })
      expect(await t.contacts.get(gone.id)).toBeNull()
      expect((await t.contacts.list()).items.map((c) => c.id)).toEqual([keep.id])
      expect(await t.contacts.count()).toBe(1)
      for (const where of [
        { field: 'id', op: 'eq', value: gone.id },
        { field: 'email', op: 'eq', value: 'gone@x.io' },
        { field: 'tags', op: 'contains', value: 'x' },
        { not: { field: 'email', op: 'eq', value: 'keep@x.io' } },
      ] as const) {
        expect(
          (await t.contacts.list({ where })).items.map((c) => c.id),
          JSON.stringify(where),
        ).not.toContain(gone.id)
        expect(await t.contacts.count({ where }), JSON.stringify(where)).toBe(
          'field' in where && where.field === 'tags' ? 1 : 0,
        )
      }
      const row = await raw.row('contacts', tenantId, gone.id)
      expect(row?.deletedAt).toMatch(ISO_TIMESTAMP)
      expect(row?.version).toBe(2)
      expect(row?.email).toBe('gone@x.io')
      expect(await raw.count('contacts', tenantId, { live: true })).toBe(1)
    })

    it('delete with a stale version is a ConflictError; deleting twice is NotFoundError', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const c = await t.contacts.create({ email: 'c@x.io' })
      await t.contacts.update(c.id, { firstName: 'C' })
      expect(await caught(t.contacts.delete(c.id, { expectedVersion: 1 }))).toBeInstanceOf(ConflictError)
      expect((await raw.row('contacts', tenantId, c.id))?.deletedAt).toBeNull()
      await t.contacts.delete(c.id)
      expect(await caught(t.contacts.delete(c.id))).toBeInstanceOf(NotFoundError)
      expect(await caught(t.contacts.update(c.id, { firstName: 'X' }))).toBeInstanceOf(NotFoundError)
      expect((await raw.row('contacts', tenantId, c.id))?.firstName).toBe('C')
    })

    it('restore brings the record back in every read, with a new version', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const acme = await t.companies.create({ name: 'Acme' })
      const c = await t.contacts.create({ email: 'back@x.io', companyIds: [acme.id] })
      await t.contacts.delete(c.id)
      const restored = await t.contacts.restore(c.id)
      expect(restored).toMatchObject({
        id: c.id,
        email: 'back@x.io',
        deletedAt: null,
        version: 3,
        companyIds: [acme.id],
      })
      expect(await t.contacts.get(c.id)).toEqual(restored)
      expect((await t.contacts.list({ where: { field: 'email', op: 'eq', value: 'back@x.io' } })).items).toHaveLength(1)
      expect(await raw.row('contacts', tenantId, c.id)).toMatchObject({ deletedAt: null, version: 3 })
    })

    it('a deleted contact does not appear among a company’s contactIds, and its filterable links are hidden', async () => {
      const { t } = get().tenant()
      const acme = await t.companies.create({ name: 'Acme' })
      const a = await t.contacts.create({ email: 'a@x.io', companyIds: [acme.id] })
      const b = await t.contacts.create({ email: 'b@x.io', companyIds: [acme.id] })
      await t.contacts.delete(b.id)
      expect((await t.companies.get(acme.id))?.contactIds).toEqual([a.id])
      const linked = await t.contacts.list({ where: { field: 'companyIds', op: 'contains', value: acme.id } })
      expect(linked.items.map((c) => c.id)).toEqual([a.id])
      // Restoring brings the link back: the link row was kept.
      await t.contacts.restore(b.id)
      expect((await t.companies.get(acme.id))?.contactIds).toEqual([a.id, b.id].sort())
    })

    it('a deleted company disappears from contacts’ companyIds and from companyIds filters', async () => {
      const { t } = get().tenant()
      const gone = await t.companies.create({ name: 'Gone' })
      const kept = await t.companies.create({ name: 'Kept' })
      const a = await t.contacts.create({ email: 'a@x.io', companyIds: [gone.id] })
      const b = await t.contacts.create({ email: 'b@x.io', companyIds: [gone.id, kept.id] })
      await t.companies.delete(gone.id)
      expect((await t.contacts.get(a.id))?.companyIds).toEqual([])
      expect((await t.contacts.get(b.id))?.companyIds).toEqual([kept.id])
      const ids = async (where: unknown) => (await t.contacts.list({ where } as never)).items.map((c) => c.id)
      expect(await ids({ field: 'companyIds', op: 'contains', value: gone.id })).toEqual([])
      expect(await ids({ field: 'companyIds', op: 'in', value: [gone.id] })).toEqual([])
      expect(await ids({ field: 'companyIds', op: 'isNotSet' })).toEqual([a.id])
      expect(await ids({ field: 'companyIds', op: 'notIn', value: [gone.id] })).toEqual([a.id, b.id])
    })

    it('new links and references to soft-deleted records are refused and write nothing', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const co = await t.companies.create({ name: 'Gone' })
      const c = await t.contacts.create({ email: 'gone@x.io' })
      const p = await salesPipeline(t)
      const d = await t.deals.create({ title: 'Gone', pipelineId: p.id, amount: { value: 1, currency: 'EUR' } })
      const live = await t.contacts.create({ email: 'live@x.io' })
      await t.companies.delete(co.id)
      await t.contacts.delete(c.id)
      await t.deals.delete(d.id)
      const before = await snapshotTenant(raw, tenantId)
      const refused = [
        () => t.contacts.create({ email: 'new@x.io', companyIds: [co.id] }),
        () => t.contacts.linkCompany(live.id, co.id),
        () =>
          t.deals.create({ title: 'x', pipelineId: p.id, amount: { value: 1, currency: 'EUR' }, contactIds: [c.id] }),
        () => t.deals.create({ title: 'x', pipelineId: p.id, amount: { value: 1, currency: 'EUR' }, companyId: co.id }),
        () => t.activities.log({ type: 'note', contactId: c.id }),
        () => t.activities.log({ type: 'note', dealId: d.id }),
        () => t.tasks.create({ title: 'x', companyId: co.id }),
      ]
      for (const call of refused) {
        const error = await caught(call())
        expect(error instanceof ValidationError || error instanceof NotFoundError, describeError(error)).toBe(true)
      }
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
    })

    it('a deleted contact’s email is free again; restoring the old one then is a ConflictError', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const old = await t.contacts.create({ email: 'reuse@x.io' })
      await t.contacts.delete(old.id)
      const fresh = await t.contacts.create({ email: 'reuse@x.io' })
      expect(fresh.id).not.toBe(old.id)
      expect(await caught(t.contacts.restore(old.id))).toBeInstanceOf(ConflictError)
      expect((await raw.row('contacts', tenantId, old.id))?.deletedAt).toMatch(ISO_TIMESTAMP)
      expect(await raw.count('contacts', tenantId, { live: true })).toBe(1)
    })

    it('companies and deals soft-delete and restore the same way', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const co = await t.companies.create({ name: 'Gone Inc', size: 3 })
      await t.companies.delete(co.id)
      expect(await t.companies.get(co.id)).toBeNull()
      expect(await t.companies.count({ where: { field: 'size', op: 'eq', value: 3 } })).toBe(0)
      expect((await raw.row('companies', tenantId, co.id))?.deletedAt).toMatch(ISO_TIMESTAMP)
      await t.companies.restore(co.id)
      expect((await t.companies.get(co.id))?.name).toBe('Gone Inc')

      const p = await salesPipeline(t)
      const d = await t.deals.create({ title: 'Gone deal', pipelineId: p.id, amount: { value: 1, currency: 'EUR' } })
      await t.deals.delete(d.id, { expectedVersion: 1 })
      expect(await t.deals.get(d.id)).toBeNull()
      expect((await t.deals.list()).items).toEqual([])
      expect(await t.deals.count({ where: { field: 'title', op: 'eq', value: 'Gone deal' } })).toBe(0)
      expect(await caught(t.deals.moveToStage(d.id, p.stages[1]!.id))).toBeInstanceOf(NotFoundError)
      expect(await raw.count('dealTransitions', tenantId)).toBe(1)
      const back = await t.deals.restore(d.id)
      expect(back).toMatchObject({ id: d.id, deletedAt: null })
      expect((await raw.row('deals', tenantId, d.id))?.deletedAt).toBeNull()
      expect((await t.deals.list()).items.map((x) => x.id)).toEqual([d.id])
    })
  })
}
