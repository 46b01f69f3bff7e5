import { ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import { changesOf, watchCommitted } from './activity-operations.js'
import { requireCapability } from './capabilities.js'
import type { SuiteContext } from './context.js'
import { caught, describeError, snapshotTenant } from './context.js'
import { salesPipeline } from './crud-pipeline.js'
import { faultyStorage, isInjectedFault } from './faults.js'

const ABSENT = '0190a0a0-0000-7000-8000-0000000000cd'

/** Bulk update by filter: `updateMany` on contacts, companies and deals. */
export function updateManyTests(get: () => SuiteContext): void {
  describe('updateMany', () => {
    it('contacts.updateMany sets fields on the matches in batches; no-op rows keep their version; one event per changed row after commit', async () => {
      const { raw, crm } = get()
      const { t, tenantId } = get().tenant()
      const made = []
      for (let i = 0; i < 7; i++) {
        made.push(
          await t.contacts.create({
            email: `c${i}@x.io`,
            lifecycleStage: i < 5 ? 'lead' : 'customer',
            ownerId: i === 1 ? 'bob' : 'ann',
          }),
        )
      }
      const watch = watchCommitted(crm, raw, tenantId)
      try {
        // The filter selects on the field the update changes: every lead is visited once.
        const result = await t.contacts.updateMany(
          { where: { field: 'lifecycleStage', op: 'eq', value: 'lead' }, set: { ownerId: 'bob', tags: ['moved'] } },
          { batchSize: 2 },
        )
        expect(result).toEqual({ matched: 5, updated: 5, unchanged: 0 })
        const again = await t.contacts.updateMany(
          { where: { field: 'ownerId', op: 'eq', value: 'bob' }, set: { ownerId: 'bob', tags: ['moved'] } },
          { batchSize: 2 },
        )
        expect(again).toEqual({ matched: 5, updated: 0, unchanged: 5 })
        const stage = await t.contacts.updateMany({
          where: { field: 'ownerId', op: 'eq', value: 'bob' },
          set: { lifecycleStage: 'customer' },
        })
        expect(stage).toEqual({ matched: 5, updated: 5, unchanged: 0 })
        expect(await t.contacts.count({ where: { field: 'lifecycleStage', op: 'eq', value: 'lead' } })).toBe(0)
        for (const [i, c] of made.entries()) {
          const row = await raw.row('contacts', tenantId, c.id)
          if (i < 5)
            expect(row).toMatchObject({ ownerId: 'bob', tags: ['moved'], lifecycleStage: 'customer', version: 3 })
          else expect(row).toMatchObject({ ownerId: 'ann', tags: [], version: 1 })
        }
        expect(watch.events.map((e) => e.type)).toEqual(Array(10).fill('contact.updated'))
        const changes = watch.events.map((e) => changesOf(e).join(','))
        // Contact 1 already had owner bob, so only its tags changed.
        expect(changes.slice(0, 5).sort()).toEqual([
          'ownerId,tags',
          'ownerId,tags',
          'ownerId,tags',
          'ownerId,tags',
          'tags',
        ])
        const rows = await watch.rows
        expect(rows.slice(0, 5).every((row) => row?.version === 2 && row.ownerId === 'bob')).toBe(true)
        expect(await raw.count('events', tenantId)).toBe(7 + 10)
      } finally {
        watch.off()
      }
    })

    it('contacts.updateMany validates like update (paths under set/where) and writes nothing on bad input', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      await t.customFields.define({ entity: 'contact', key: 'plan', label: 'Plan', type: 'select', options: ['pro'] })
      await t.contacts.create({ email: 'a@x.io', custom: { plan: 'pro' } })
      await t.contacts.create({ email: 'b@x.io' })
      const before = await snapshotTenant(raw, tenantId)
      const paths = async (input: unknown, options?: unknown) => {
        const error = await caught(t.contacts.updateMany(input as never, options as never))
        expect(error).toBeInstanceOf(ValidationError)
        return (error as ValidationError).issues.map((i) => i.path.join('.'))
      }
      const all = { all: [] }
      expect(await paths({ set: { firstName: 'x' } })).toEqual(['where'])
      expect(await paths({ where: all })).toEqual(['set'])
      expect(await paths({ where: all, set: { firstName: 7, version: 3 } })).toEqual(['set.firstName', 'set.version'])
      expect(await paths({ where: all, set: { email: 'same@x.io' } })).toEqual(['set.email'])
      expect(await paths({ where: all, set: { custom: { plan: 'free' } } })).toEqual(['set.custom.plan'])
      expect(await paths({ where: all, set: { companyIds: [ABSENT] } })).toEqual(['set.companyIds.0'])
      expect(await paths({ where: { field: 'nope', op: 'eq', value: 1 }, set: {} })).toEqual(['where.field'])
      expect(await paths({ where: all, set: {} }, { batchSize: 0 })).toEqual(['batchSize'])
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
      // An empty filter tree matches every live contact.
      expect(await t.contacts.updateMany({ where: all, set: { custom: { plan: 'pro' } } })).toEqual({
        matched: 2,
        updated: 1,
        unchanged: 1,
      })
    })

    it('contacts.updateMany replaces company links like update, and leaves rows with the same links alone', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const acme = await t.companies.create({ name: 'Acme' })
      const beta = await t.companies.create({ name: 'Beta' })
      const a = await t.contacts.create({ email: 'a@x.io', companyIds: [beta.id, acme.id] })
      const b = await t.contacts.create({ email: 'b@x.io' })
      const result = await t.contacts.updateMany({ where: { all: [] }, set: { companyIds: [acme.id, beta.id] } })
      expect(result).toEqual({ matched: 2, updated: 1, unchanged: 1 })
      expect((await raw.row('contacts', tenantId, a.id))?.version).toBe(1)
      expect((await t.contacts.get(b.id))?.companyIds.sort()).toEqual([acme.id, beta.id].sort())
      expect(await raw.links('contactCompanies', tenantId)).toHaveLength(4)
    })

    it('companies.updateMany and deals.updateMany update matches, validate references, and skip deleted records', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const acme = await t.companies.create({ name: 'Acme', industry: 'tools' })
      const gone = await t.companies.create({ name: 'Gone', industry: 'tools' })
      await t.companies.delete(gone.id)
      expect(
        await t.companies.updateMany({ where: { field: 'industry', op: 'eq', value: 'tools' }, set: { size: 50 } }),
      ).toEqual({ matched: 1, updated: 1, unchanged: 0 })
      expect(await raw.row('companies', tenantId, gone.id)).toMatchObject({ size: null, version: 2 })
      const p = await salesPipeline(t)
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      const d1 = await t.deals.create({ title: 'D1', pipelineId: p.id, amount: { value: 100, currency: 'EUR' } })
      const d2 = await t.deals.create({ title: 'D2', pipelineId: p.id, amount: { value: 200, currency: 'EUR' } })
      const before = await snapshotTenant(raw, tenantId)
      const bad = await caught(
        t.deals.updateMany({ where: { all: [] }, set: { companyId: ABSENT, contactIds: [ada.id, ABSENT] } }),
      )
      expect((bad as ValidationError).issues.map((i) => i.path.join('.'))).toEqual([
        'set.companyId',
        'set.contactIds.1',
      ])
      const stage = await caught(t.deals.updateMany({ where: { all: [] }, set: { stageId: p.stages[1]!.id } as never }))
      expect((stage as ValidationError).issues.map((i) => i.path.join('.'))).toEqual(['set.stageId'])
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
      const result = await t.deals.updateMany({
        where: { field: 'amount', op: 'gte', value: 150 },
        set: { companyId: acme.id, contactIds: [ada.id], amount: { value: 250, currency: 'EUR' } },
      })
      expect(result).toEqual({ matched: 1, updated: 1, unchanged: 0 })
      expect(await t.deals.get(d2.id)).toMatchObject({
        companyId: acme.id,
        contactIds: [ada.id],
        amount: { value: 250, currency: 'EUR' },
        version: 2,
      })
      expect((await raw.row('deals', tenantId, d1.id))?.version).toBe(1)
      const events = (await raw.rows('events', tenantId)).filter((e) => e.type === 'deal.updated')
      expect(events).toHaveLength(1)
      expect((events[0]!.payload as { changes: string[] }).changes.sort()).toEqual([
        'amount',
        'companyId',
        'contactIds',
      ])
    })

    it('a failing batch rolls back alone: earlier batches stay, no event of it is delivered, and a rerun finishes', async ({
      skip,
    }) => {
      // Rolling the failing batch back takes a transaction.
      requireCapability(skip, get().storage, 'supportsTransactions')
      const { raw, storage } = get()
      let updates = 0
      let failAt = 0
      const faulty = get().crmOver(
        faultyStorage(storage, (c) => c.op === 'update' && c.target === 'contacts' && ++updates === failAt),
      )
      const { tenantId } = get().tenant()
      const t = faulty.forTenant(tenantId, { actor: 'x' })
      const ids: string[] = []
      for (let i = 0; i < 5; i++) ids.push((await t.contacts.create({ email: `f${i}@x.io` })).id)
      const delivered: string[] = []
      faulty.events.onAny((e) => {
        if (e.tenantId === tenantId && e.type === 'contact.updated') delivered.push(e.payload.contact.id)
      })
      updates = 0
      failAt = 4 // the second contact of the second batch
      const input = { where: { all: [] }, set: { title: 'VP' } }
      const error = await caught(t.contacts.updateMany(input, { batchSize: 3 }))
      expect(isInjectedFault(error), describeError(error)).toBe(true)
      const titles = async () => Promise.all(ids.map(async (id) => (await raw.row('contacts', tenantId, id))?.title))
      expect(await titles()).toEqual(['VP', 'VP', 'VP', null, null])
      expect(delivered).toEqual(ids.slice(0, 3))
      failAt = 0
      expect(await t.contacts.updateMany(input, { batchSize: 3 })).toEqual({ matched: 5, updated: 2, unchanged: 3 })
      expect(await titles()).toEqual(['VP', 'VP', 'VP', 'VP', 'VP'])
      expect(delivered).toEqual(ids)
    })

    it('updateMany and concurrent single updates of the same contacts lose no write', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const ids: string[] = []
      for (let i = 0; i < 12; i++) ids.push((await t.contacts.create({ email: `r${i}@x.io` })).id)
      await Promise.all([
        t.contacts.updateMany({ where: { all: [] }, set: { title: 'Buyer' } }, { batchSize: 4 }),
        ...ids.map((id, i) => t.contacts.update(id, { firstName: `N${i}` })),
      ])
      for (const [i, id] of ids.entries()) {
        expect(await raw.row('contacts', tenantId, id)).toMatchObject({
          title: 'Buyer',
          firstName: `N${i}`,
          version: 3,
        })
      }
    })
  })
}
