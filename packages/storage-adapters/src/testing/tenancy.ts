import { NotFoundError, ValidationError } from '@crmkit/core/storage'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SuiteContext, Tenant } from './context.js'
import { describeError, snapshotTenant } from './context.js'
import { salesPipeline } from './crud-pipeline.js'

/** One tenant's records, created through the public API. */
async function seedTenant(t: Tenant, label: string) {
  const company = await t.companies.create({ name: `${label} Inc`, size: 10 })
  const contact = await t.contacts.create({ email: `shared@${label}.io`, firstName: label, companyIds: [company.id] })
  const deleted = await t.contacts.create({ email: `deleted@${label}.io` })
  await t.contacts.delete(deleted.id)
  const pipeline = await salesPipeline(t, `${label} pipeline`)
  const deal = await t.deals.create({
    title: `${label} deal`,
    pipelineId: pipeline.id,
    amount: { value: 1_000, currency: 'EUR' },
    companyId: company.id,
    contactIds: [contact.id],
  })
  const activity = await t.activities.log({ type: 'call', contactId: contact.id, dealId: deal.id })
  const task = await t.tasks.create({ title: `${label} task`, contactId: contact.id })
  const field = await t.customFields.define({ entity: 'contact', key: 'plan', label: 'Plan', type: 'text' })
  const events = await t.events.list({ limit: 1000 })
  return {
    company: company.id,
    contact: contact.id,
    contactEmail: contact.email ?? '',
    deleted: deleted.id,
    pipeline: pipeline.id,
    stage: pipeline.stages[1]!.id,
    firstStage: pipeline.stages[0]!.id,
    deal: deal.id,
    activity: activity.id,
    task: task.id,
    field: field.id,
    event: events.items[0]!.id,
  }
}

type Ids = Awaited<ReturnType<typeof seedTenant>>
type Arg = { readonly text: string; readonly version: number | undefined }
/** `deny`: must reject with NotFoundError/ValidationError. `read`: must resolve and reveal nothing of B. */
type Op = {
  readonly kind: 'deny' | 'read' | 'upsert'
  readonly run: (a: Tenant, A: Ids, B: Ids, arg: Arg) => Promise<unknown>
}

const v = (arg: Arg) => (arg.version === undefined ? {} : { expectedVersion: arg.version })
const amount = { value: 5, currency: 'EUR' }

/** Every public method, called in tenant A's scope with tenant B's ids. */
const OPS: Record<string, Op> = {
  'contacts.get': { kind: 'read', run: (a, _A, B) => a.contacts.get(B.contact) },
  'contacts.get(deleted)': { kind: 'read', run: (a, _A, B) => a.contacts.get(B.deleted) },
  'contacts.list(id in)': {
    kind: 'read',
    run: (a, A, B) => a.contacts.list({ where: { field: 'id', op: 'in', value: [B.contact, A.contact] } }),
  },
  'contacts.list(companyIds)': {
    kind: 'read',
    run: (a, _A, B) => a.contacts.list({ where: { field: 'companyIds', op: 'contains', value: B.company } }),
  },
  'contacts.count(email)': {
    kind: 'read',
    run: (a, _A, B) => a.contacts.count({ where: { field: 'email', op: 'eq', value: B.contactEmail } }),
  },
  'contacts.update': {
    kind: 'deny',
    run: (a, _A, B, arg) => a.contacts.update(B.contact, { firstName: arg.text }, v(arg)),
  },
  'contacts.delete': { kind: 'deny', run: (a, _A, B, arg) => a.contacts.delete(B.contact, v(arg)) },
  'contacts.restore': { kind: 'deny', run: (a, _A, B) => a.contacts.restore(B.deleted) },
  'contacts.create(companyIds)': {
    kind: 'deny',
    run: (a, _A, B, arg) => a.contacts.create({ firstName: arg.text, companyIds: [B.company] }),
  },
  'contacts.linkCompany(A,B)': { kind: 'deny', run: (a, A, B) => a.contacts.linkCompany(A.contact, B.company) },
  'contacts.linkCompany(B,A)': { kind: 'deny', run: (a, A, B) => a.contacts.linkCompany(B.contact, A.company) },
  'contacts.unlinkCompany(B,B)': { kind: 'deny', run: (a, _A, B) => a.contacts.unlinkCompany(B.contact, B.company) },
  'contacts.importMany(B email)': {
    kind: 'upsert',
    run: (a, _A, B, arg) => a.contacts.importMany([{ email: B.contactEmail, firstName: arg.text.slice(0, 50) || 'x' }]),
  },
  'companies.get': { kind: 'read', run: (a, _A, B) => a.companies.get(B.company) },
  'companies.update': {
    kind: 'deny',
    run: (a, _A, B, arg) => a.companies.update(B.company, { name: arg.text || 'n' }, v(arg)),
  },
  'companies.delete': { kind: 'deny', run: (a, _A, B, arg) => a.companies.delete(B.company, v(arg)) },
  'companies.restore': { kind: 'deny', run: (a, _A, B) => a.companies.restore(B.company) },
  'contacts.updateMany(id B)': {
    kind: 'read',
    run: (a, _A, B, arg) =>
      a.contacts.updateMany({ where: { field: 'id', op: 'eq', value: B.contact }, set: { title: arg.text } }),
  },
  'contacts.updateMany(A, B company)': {
    kind: 'deny',
    run: (a, A, B) =>
      a.contacts.updateMany({
        where: { field: 'id', op: 'eq', value: A.contact },
        set: { companyIds: [A.company, B.company] },
      }),
  },
  'companies.updateMany(id B)': {
    kind: 'read',
    run: (a, _A, B) => a.companies.updateMany({ where: { field: 'id', op: 'eq', value: B.company }, set: { size: 1 } }),
  },
  'deals.updateMany(id B)': {
    kind: 'read',
    run: (a, _A, B) => a.deals.updateMany({ where: { field: 'id', op: 'eq', value: B.deal }, set: { title: 'x' } }),
  },
  'deals.updateMany(A, B contact)': {
    kind: 'deny',
    run: (a, A, B) =>
      a.deals.updateMany({ where: { field: 'id', op: 'eq', value: A.deal }, set: { contactIds: [B.contact] } }),
  },
  'pipelines.get': { kind: 'read', run: (a, _A, B) => a.pipelines.get(B.pipeline) },
  'pipelines.list': { kind: 'read', run: (a) => a.pipelines.list() },
  'pipelines.update': {
    kind: 'deny',
    run: (a, _A, B, arg) => a.pipelines.update(B.pipeline, { name: arg.text || 'n' }, v(arg)),
  },
  'pipelines.addStage': {
    kind: 'deny',
    run: (a, _A, B) => a.pipelines.addStage(B.pipeline, { name: 'X', probability: 0.5 }),
  },
  'deals.get': { kind: 'read', run: (a, _A, B) => a.deals.get(B.deal) },
  'deals.list(stageId)': {
    kind: 'read',
    run: (a, _A, B) => a.deals.list({ where: { field: 'stageId', op: 'eq', value: B.firstStage } }),
  },
  'deals.create(B pipeline)': {
    kind: 'deny',
    run: (a, _A, B) => a.deals.create({ title: 'x', pipelineId: B.pipeline, amount }),
  },
  'deals.create(B stage)': {
    kind: 'deny',
    run: (a, A, B) => a.deals.create({ title: 'x', pipelineId: A.pipeline, stageId: B.stage, amount }),
  },
  'deals.create(B contact)': {
    kind: 'deny',
    run: (a, A, B) => a.deals.create({ title: 'x', pipelineId: A.pipeline, amount, contactIds: [B.contact] }),
  },
  'deals.create(B company)': {
    kind: 'deny',
    run: (a, A, B) => a.deals.create({ title: 'x', pipelineId: A.pipeline, amount, companyId: B.company }),
  },
  'deals.update': { kind: 'deny', run: (a, _A, B, arg) => a.deals.update(B.deal, { title: arg.text || 't' }, v(arg)) },
  'deals.update(A, B company)': { kind: 'deny', run: (a, A, B) => a.deals.update(A.deal, { companyId: B.company }) },
  'deals.delete': { kind: 'deny', run: (a, _A, B, arg) => a.deals.delete(B.deal, v(arg)) },
  'deals.restore': { kind: 'deny', run: (a, _A, B) => a.deals.restore(B.deal) },
  'deals.moveToStage(B,B)': { kind: 'deny', run: (a, _A, B, arg) => a.deals.moveToStage(B.deal, B.stage, v(arg)) },
  'deals.moveToStage(A,B)': { kind: 'deny', run: (a, A, B) => a.deals.moveToStage(A.deal, B.stage) },
  'deals.history': { kind: 'read', run: (a, _A, B) => a.deals.history(B.deal) },
  'activities.log(contact)': {
    kind: 'deny',
    run: (a, _A, B, arg) => a.activities.log({ type: 'note', subject: arg.text, contactId: B.contact }),
  },
  'activities.log(deal)': { kind: 'deny', run: (a, _A, B) => a.activities.log({ type: 'call', dealId: B.deal }) },
  'activities.log(company)': {
    kind: 'deny',
    run: (a, _A, B) => a.activities.log({ type: 'meeting', companyId: B.company }),
  },
  'activities.timeline': { kind: 'read', run: (a, _A, B) => a.activities.timeline({ contactId: B.contact }) },
  'activities.timeline(where id B)': {
    kind: 'read',
    run: (a, _A, B) => a.activities.timeline({ where: { field: 'id', op: 'eq', value: B.activity }, withTotal: true }),
  },
  'activities.count(dealId B)': { kind: 'read', run: (a, _A, B) => a.activities.count({ dealId: B.deal }) },
  'activities.get': { kind: 'read', run: (a, _A, B) => a.activities.get(B.activity) },
  'activities.update': {
    kind: 'deny',
    run: (a, _A, B, arg) => a.activities.update(B.activity, { subject: arg.text }, v(arg)),
  },
  'activities.update(A, B contact)': {
    kind: 'deny',
    run: (a, A, B) => a.activities.update(A.activity, { contactId: B.contact }),
  },
  'activities.delete': { kind: 'deny', run: (a, _A, B, arg) => a.activities.delete(B.activity, v(arg)) },
  'activities.restore': { kind: 'deny', run: (a, _A, B) => a.activities.restore(B.activity) },
  'tasks.get': { kind: 'read', run: (a, _A, B) => a.tasks.get(B.task) },
  'tasks.list(contactId)': {
    kind: 'read',
    run: (a, _A, B) => a.tasks.list({ where: { field: 'contactId', op: 'eq', value: B.contact } }),
  },
  'tasks.create(B contact)': {
    kind: 'deny',
    run: (a, _A, B, arg) => a.tasks.create({ title: arg.text || 't', contactId: B.contact }),
  },
  'tasks.update': { kind: 'deny', run: (a, _A, B, arg) => a.tasks.update(B.task, { title: arg.text || 't' }, v(arg)) },
  'tasks.update(A, B deal)': { kind: 'deny', run: (a, A, B) => a.tasks.update(A.task, { dealId: B.deal }) },
  'tasks.complete': { kind: 'deny', run: (a, _A, B, arg) => a.tasks.complete(B.task, v(arg)) },
  'tasks.delete': { kind: 'deny', run: (a, _A, B, arg) => a.tasks.delete(B.task, v(arg)) },
  'tasks.restore': { kind: 'deny', run: (a, _A, B) => a.tasks.restore(B.task) },
  'tasks.count(contactId B)': {
    kind: 'read',
    run: (a, _A, B) => a.tasks.count({ where: { field: 'contactId', op: 'eq', value: B.contact } }),
  },
  'customFields.list': { kind: 'read', run: (a) => a.customFields.list() },
  'customFields.delete': { kind: 'deny', run: (a, _A, B) => a.customFields.delete(B.field) },
  'customFields.update': {
    kind: 'deny',
    run: (a, _A, B, arg) => a.customFields.update(B.field, { label: arg.text || 'l' }, v(arg)),
  },
  'customFields.count(id B)': {
    kind: 'read',
    run: (a, _A, B) => a.customFields.count({ where: { field: 'id', op: 'eq', value: B.field } }),
  },
  'pipelines.list(id B)': {
    kind: 'read',
    run: (a, _A, B) => a.pipelines.list({ where: { field: 'id', op: 'eq', value: B.pipeline }, withTotal: true }),
  },
  'events.list': { kind: 'read', run: (a) => a.events.list({ limit: 1000, withTotal: true }) },
  'events.list(cursor B)': { kind: 'read', run: (a, _A, B) => a.events.list({ cursor: B.event, limit: 1000 }) },
}

/** Every string anywhere inside a value (to look for B's ids and names in a read result). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const item of value) strings(item, out)
  else if (value && typeof value === 'object') for (const item of Object.values(value)) strings(item, out)
  return out
}

/** Tenant isolation, property-based: tenant A's scope can neither see nor change tenant B. */
export function tenancyTests(get: () => SuiteContext): void {
  describe('tenant isolation', () => {
    it('random sequences of calls in tenant A with tenant B ids read nothing of B and change nothing of B', async () => {
      const { raw, crm } = get()
      const { t: a, tenantId: tenantA } = get().tenant('alice')
      const { t: b, tenantId: tenantB } = get().tenant('bob')
      const A = await seedTenant(a, 'alpha')
      const B = await seedTenant(b, 'beta')
      // B's secrets: its ids and tenant id must never appear in anything A reads.
      const secrets = new Set([
        tenantB,
        ...Object.entries(B)
          .filter(([k]) => k !== 'contactEmail')
          .map(([, id]) => id),
      ])
      const snapshotB = await snapshotTenant(raw, tenantB)
      const delivered: Array<{ tenantId: string; type: string }> = []
      const off = crm.events.onAny((e) => {
        delivered.push({ tenantId: e.tenantId, type: e.type })
      })
      try {
        const opNames = Object.keys(OPS)
        const step = fc.record({
          op: fc.constantFrom(...opNames),
          text: fc.string({ maxLength: 20 }),
          version: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        })
        await fc.assert(
          fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
            const snapshotA = await snapshotTenant(raw, tenantA)
            delivered.length = 0
            let upserted = false
            for (const { op, text, version } of steps) {
              const spec = OPS[op]!
              let result: unknown
              let error: unknown
              try {
                result = await spec.run(a, A, B, { text, version })
              } catch (e) {
                error = e
              }
              if (spec.kind === 'deny') {
                expect(error, `${op} must be refused, resolved with ${JSON.stringify(result)}`).toBeDefined()
              }
              if (spec.kind === 'upsert' && error === undefined) upserted = true
              if (error !== undefined) {
                expect(
                  error instanceof NotFoundError || error instanceof ValidationError,
                  `${op}: ${describeError(error)}`,
                ).toBe(true)
              }
              const leaked = strings(result).filter((s) => secrets.has(s))
              expect(leaked, `${op} revealed tenant B data`).toEqual([])
            }
            expect(
              await snapshotTenant(raw, tenantB),
              `tenant B changed after ${steps.map((s) => s.op).join(', ')}`,
            ).toEqual(snapshotB)
            expect(delivered.filter((e) => e.tenantId !== tenantA)).toEqual([])
            if (!upserted) {
              expect(
                await snapshotTenant(raw, tenantA),
                `a refused call changed tenant A: ${steps.map((s) => s.op).join(', ')}`,
              ).toEqual(snapshotA)
              expect(delivered, 'a refused call emitted events').toEqual([])
            }
          }),
          { numRuns: 60, interruptAfterTimeLimit: 240_000, markInterruptAsFailure: true },
        )
      } finally {
        off()
      }
    }, 300_000)

    it('each method, once: reads of B ids are empty and writes are NotFound/Validation errors', async () => {
      const { raw } = get()
      const { t: a } = get().tenant()
      const { t: b, tenantId: tenantB } = get().tenant()
      const A = await seedTenant(a, 'one')
      const B = await seedTenant(b, 'two')
      const before = await snapshotTenant(raw, tenantB)
      for (const [name, spec] of Object.entries(OPS)) {
        if (spec.kind === 'upsert') continue
        const outcome = await spec.run(a, A, B, { text: 'x', version: undefined }).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        )
        if (spec.kind === 'deny') {
          expect(outcome.ok, `${name} succeeded across tenants`).toBe(false)
          if (!outcome.ok)
            expect(
              outcome.error instanceof NotFoundError || outcome.error instanceof ValidationError,
              `${name}: ${describeError(outcome.error)}`,
            ).toBe(true)
        } else if (outcome.ok) {
          expect(
            strings(outcome.value).filter((s) => s === tenantB || s === B.contact || s === B.deal || s === B.task),
            name,
          ).toEqual([])
        } else {
          expect(outcome.error, name).toBeInstanceOf(NotFoundError)
        }
      }
      expect(await snapshotTenant(raw, tenantB)).toEqual(before)
      // importMany in A with B's email creates A's own contact and leaves B's alone.
      const result = await a.contacts.importMany([{ email: B.contactEmail, firstName: 'Imported' }])
      expect(result).toMatchObject({ created: 1, updated: 0, failed: [] })
      expect(await snapshotTenant(raw, tenantB)).toEqual(before)
    })
  })
}
