import { describe, expect, it } from 'vitest'
import type { SuiteContext, Tenant } from './context.js'
import { snapshotTenant } from './context.js'
import { salesPipeline } from './crud-pipeline.js'
import { skipRemote } from './remote-skips.js'

type Seen = { type: string; changes?: readonly string[] }

/** Runs `work` and returns the events delivered for `tenantId` meanwhile. */
async function eventsDuring(get: () => SuiteContext, tenantId: string, work: () => Promise<unknown>): Promise<Seen[]> {
  const seen: Seen[] = []
  const off = get().crm.events.onAny((e) => {
    if (e.tenantId !== tenantId) return
    const changes = (e.payload as { changes?: readonly string[] }).changes
    seen.push(changes === undefined ? { type: e.type } : { type: e.type, changes })
  })
  try {
    await work()
  } finally {
    off()
  }
  return seen
}

/** Asserts that `work` leaves the tenant's storage (rows, versions, updatedAt, outbox, links) exactly as it was. */
async function expectNoChange(get: () => SuiteContext, tenantId: string, work: () => Promise<unknown>) {
  const before = await snapshotTenant(get().raw, tenantId)
  const events = await eventsDuring(get, tenantId, work)
  expect(events).toEqual([])
  expect(await snapshotTenant(get().raw, tenantId)).toEqual(before)
}

async function seed(t: Tenant) {
  await t.customFields.define({ entity: 'contact', key: 'plan', label: 'Plan', type: 'select', options: ['a', 'b'] })
  await t.customFields.define({ entity: 'contact', key: 'renews', label: 'Renews', type: 'date' })
  const acme = await t.companies.create({ name: 'Acme', tags: ['x', 'y'], domain: 'acme.com' })
  const globex = await t.companies.create({ name: 'Globex' })
  const ada = await t.contacts.create({
    email: 'ada@x.io',
    firstName: 'Ada',
    tags: ['vip', 'beta'],
    companyIds: [acme.id, globex.id],
    custom: { plan: 'a', renews: '2026-05-01' },
  })
  return { acme, globex, ada }
}

/** Updates whose values equal the stored ones change nothing: same version, same updatedAt, no event. */
export function noOpWriteTests(get: () => SuiteContext): void {
  describe('no-op writes', () => {
    it('a contact update with the stored values (normalised, links as a set) writes nothing and emits nothing', async (test) => {
      skipRemote(get, test, 'dateAsCalendarDate')
      const { t, tenantId } = get().tenant()
      const { acme, globex, ada } = await seed(t)
      await expectNoChange(get, tenantId, async () => {
        const same = await t.contacts.update(ada.id, {
          email: ' ADA@X.io ',
          firstName: 'Ada',
          lastName: null,
          tags: ['vip', 'beta'],
          companyIds: [globex.id, acme.id],
          custom: { plan: 'a', renews: new Date('2026-05-01T00:00:00Z'), gone: null } as never,
        })
        expect(same).toEqual(ada)
        // With the current expectedVersion too; and an empty patch.
        expect(await t.contacts.update(ada.id, { title: null }, { expectedVersion: 1 })).toEqual(ada)
        expect(await t.contacts.update(ada.id, {})).toEqual(ada)
      })
    })

    it('a real change lists only the fields that changed; reordered tags are a change', async () => {
      const { t, tenantId } = get().tenant()
      const { acme, globex, ada } = await seed(t)
      const events = await eventsDuring(get, tenantId, async () => {
        const u = await t.contacts.update(ada.id, {
          firstName: 'Ada',
          lastName: 'Lovelace',
          companyIds: [globex.id, acme.id],
          custom: { plan: 'a' },
        })
        expect(u.version).toBe(2)
        await t.contacts.update(ada.id, { tags: ['beta', 'vip'], custom: { plan: 'b' } })
        await t.contacts.update(ada.id, { companyIds: [acme.id] })
      })
      expect(events).toEqual([
        { type: 'contact.updated', changes: ['lastName'] },
        { type: 'contact.updated', changes: ['tags', 'custom'] },
        { type: 'contact.updated', changes: ['companyIds'] },
      ])
      expect(await get().raw.row('contacts', tenantId, ada.id)).toMatchObject({ version: 4, tags: ['beta', 'vip'] })
    })

    it('companies, deals, pipelines and tasks: an update with the stored values is a no-op', async (test) => {
      skipRemote(get, test, 'dateAsCalendarDate')
      const { t, tenantId } = get().tenant()
      const { acme, ada } = await seed(t)
      const p = await salesPipeline(t)
      const deal = await t.deals.create({
        title: 'D',
        pipelineId: p.id,
        amount: { value: 500, currency: 'EUR' },
        contactIds: [ada.id],
        expectedCloseDate: '2026-06-30',
        tags: ['q2'],
      })
      const task = await t.tasks.create({ title: 'Call', dueAt: '2026-03-02T10:00:00.000Z', contactId: ada.id })
      const company = await t.companies.get(acme.id)
      await expectNoChange(get, tenantId, async () => {
        expect(await t.companies.update(acme.id, { name: ' Acme ', tags: ['x', 'y'], domain: 'acme.com' })).toEqual(
          company,
        )
        const sameDeal = await t.deals.update(deal.id, {
          title: 'D',
          amount: { value: 500, currency: 'eur' },
          contactIds: [ada.id],
          expectedCloseDate: new Date('2026-06-30T00:00:00Z'),
          companyId: null,
          tags: ['q2'],
        })
        expect(sameDeal).toEqual(deal)
        expect(await t.pipelines.update(p.id, { name: 'Sales', currency: 'eur' })).toEqual(p)
        const sameTask = await t.tasks.update(task.id, { title: 'Call', dueAt: '2026-03-02T12:00:00+02:00' })
        expect(sameTask).toEqual(task)
      })
      const events = await eventsDuring(get, tenantId, async () => {
        await t.deals.update(deal.id, { title: 'D', amount: { value: 600, currency: 'EUR' } })
        await t.companies.update(acme.id, { name: 'Acme', industry: 'Tools' })
        await t.tasks.update(task.id, { title: 'Call back', dueAt: '2026-03-02T10:00:00.000Z' })
      })
      expect(events).toEqual([
        { type: 'deal.updated', changes: ['amount'] },
        { type: 'company.updated', changes: ['industry'] },
        { type: 'task.updated', changes: ['title'] },
      ])
    })

    it('activities.update and customFields.update with the stored values are no-ops; a real change lists only it', async () => {
      const { t, tenantId } = get().tenant()
      const { acme, ada } = await seed(t)
      const call = await t.activities.log({
        type: 'call',
        subject: 'Intro',
        contactId: ada.id,
        metadata: { minutes: 12, tags: ['a', 'b'] },
      })
      const tier = await t.customFields.define({
        entity: 'company',
        key: 'tier',
        label: 'Tier',
        type: 'select',
        options: ['gold', 'silver'],
      })
      await expectNoChange(get, tenantId, async () => {
        // Metadata keys in another order, a null that is already null: nothing differs.
        const same = await t.activities.update(call.id, {
          subject: 'Intro',
          contactId: ada.id,
          companyId: null,
          metadata: { tags: ['a', 'b'], minutes: 12 },
        })
        expect(same).toEqual(call)
        expect(await t.activities.update(call.id, {}, { expectedVersion: 1 })).toEqual(call)
        expect(await t.customFields.update(tier.id, { label: 'Tier', options: ['gold', 'silver'] })).toEqual(tier)
        expect(await t.customFields.update(tier.id, { label: 'Tier' }, { expectedVersion: 1 })).toEqual(tier)
      })
      const events = await eventsDuring(get, tenantId, async () => {
        const moved = await t.activities.update(call.id, { subject: 'Intro', companyId: acme.id })
        expect(moved.version).toBe(2)
        const relabelled = await t.customFields.update(tier.id, { label: 'Level', options: ['gold', 'silver'] })
        expect(relabelled.version).toBe(2)
      })
      expect(events).toEqual([{ type: 'activity.updated', changes: ['companyId'] }])
      expect(await get().raw.row('customFields', tenantId, tier.id)).toMatchObject({ label: 'Level', version: 2 })
    })

    it('re-importing an unchanged file writes nothing, emits no event and counts the rows as unchanged', async () => {
      const { t, tenantId } = get().tenant()
      const { acme } = await seed(t)
      const rows = Array.from({ length: 30 }, (_, i) => ({
        email: `row${i}@x.io`,
        firstName: `Row ${i}`,
        tags: i % 3 === 0 ? ['x'] : [],
        ...(i % 5 === 0 ? { companyIds: [acme.id] } : {}),
        ...(i % 2 === 0 ? { custom: { plan: 'b', renews: '2027-01-01' } } : {}),
      }))
      const first = await t.contacts.importMany(rows, { batchSize: 7 })
      expect(first).toMatchObject({ created: 30, updated: 0, unchanged: 0 })
      await expectNoChange(get, tenantId, async () => {
        const again = await t.contacts.importMany(
          rows.map((row) => ({ ...row, email: row.email.toUpperCase() })),
          { batchSize: 7 },
        )
        expect(again).toEqual({ created: 0, updated: 0, unchanged: 30, merged: [], failed: [] })
      })
    })
  })
}
