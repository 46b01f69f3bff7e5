import { CrmError, ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'
import { caught, describeError, snapshotTenant } from './context.js'
import { salesPipeline } from './crud-pipeline.js'

/** Asserts a ValidationError and returns its issues' paths (joined with '.'). */
export async function validationPaths(call: Promise<unknown>): Promise<string[]> {
  const error = await caught(call)
  expect(error, describeError(error)).toBeInstanceOf(ValidationError)
  expect(error).toBeInstanceOf(CrmError)
  expect((error as ValidationError).code).toBe('VALIDATION')
  const issues = (error as ValidationError).issues
  expect(issues.length).toBeGreaterThan(0)
  for (const issue of issues) expect(typeof issue.message).toBe('string')
  return issues.map((i) => i.path.join('.'))
}

/** The issues of a ValidationError as text, to look for a rejected key name. */
async function issueText(call: Promise<unknown>): Promise<string> {
  const error = await caught(call)
  expect(error, describeError(error)).toBeInstanceOf(ValidationError)
  const e = error as ValidationError
  return JSON.stringify(e.issues) + e.message
}

/** Fields only crmkit may set. */
const FORBIDDEN = {
  id: '0190a0a0-0000-7000-8000-000000000001',
  tenantId: 'other-tenant',
  version: 7,
  createdAt: '2020-01-01T00:00:00.000Z',
  updatedAt: '2020-01-01T00:00:00.000Z',
  deletedAt: '2020-01-01T00:00:00.000Z',
} as const

/** Input validation: ValidationError with issue paths, forbidden keys, nothing written. */
export function validationTests(get: () => SuiteContext): void {
  describe('validation', () => {
    it('bad contact input: ValidationError naming every bad path, nothing written', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const paths = await validationPaths(
        t.contacts.create({
          email: 'not-an-email',
          lifecycleStage: 'bogus' as 'lead',
          tags: [42 as unknown as string],
        }),
      )
      expect(paths).toEqual(expect.arrayContaining(['email', 'lifecycleStage', 'tags.0']))
      expect(await raw.count('contacts', tenantId)).toBe(0)
      expect(await raw.count('events', tenantId)).toBe(0)
    })

    for (const key of Object.keys(FORBIDDEN) as Array<keyof typeof FORBIDDEN>) {
      it(`create rejects the caller-forbidden key "${key}" on every entity and writes nothing`, async () => {
        const { raw } = get()
        const { t, tenantId } = get().tenant()
        const p = await salesPipeline(t)
        const extra = { [key]: FORBIDDEN[key] } as Record<string, unknown>
        const before = await snapshotTenant(raw, tenantId)
        // Thunks: each call starts only when awaited, so no rejection is left unhandled.
        const calls: Array<() => Promise<unknown>> = [
          () => t.contacts.create({ email: 'x@x.io', ...extra } as never),
          () => t.companies.create({ name: 'X', ...extra } as never),
          () =>
            t.deals.create({ title: 'X', pipelineId: p.id, amount: { value: 1, currency: 'EUR' }, ...extra } as never),
          () =>
            t.pipelines.create({
              name: 'P',
              currency: 'EUR',
              stages: [{ name: 'S', probability: 0.5 }],
              ...extra,
            } as never),
          () => t.tasks.create({ title: 'T', ...extra } as never),
          () =>
            t.customFields.define({ entity: 'contact', key: 'plan', label: 'Plan', type: 'text', ...extra } as never),
        ]
        for (const call of calls) expect(await issueText(call())).toContain(key)
        expect(await snapshotTenant(raw, tenantId)).toEqual(before)
      })
    }

    it('update rejects forbidden keys (id, tenantId, version, timestamps) and leaves the row unchanged', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const c = await t.contacts.create({ email: 'keep@x.io' })
      const co = await t.companies.create({ name: 'Keep' })
      const before = await snapshotTenant(raw, tenantId)
      for (const [key, value] of Object.entries(FORBIDDEN)) {
        expect(await issueText(t.contacts.update(c.id, { [key]: value } as never))).toContain(key)
        expect(await issueText(t.companies.update(co.id, { [key]: value } as never))).toContain(key)
      }
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
    })

    it('every issue is reported, with paths into nested inputs', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const paths = await validationPaths(
        t.pipelines.create({
          name: '',
          currency: 'EUR',
          stages: [
            { name: 'A', probability: 0.2 },
            { name: 'B', probability: 2 },
          ],
        }),
      )
      expect(paths).toEqual(expect.arrayContaining(['name', 'stages.1.probability']))
      expect(await validationPaths(t.pipelines.create({ name: 'No stages', currency: 'EUR', stages: [] }))).toContain(
        'stages',
      )
      const p = await salesPipeline(t)
      const dealPaths = await validationPaths(
        t.deals.create({ title: '', pipelineId: p.id, amount: { value: 10.5, currency: 'euro' } }),
      )
      expect(dealPaths).toEqual(expect.arrayContaining(['title', 'amount.value', 'amount.currency']))
      expect(await raw.count('pipelines', tenantId)).toBe(1)
      expect(await raw.count('deals', tenantId)).toBe(0)
    })

    it('dates must be valid ISO strings or Dates', async () => {
      const { t } = get().tenant()
      expect(await validationPaths(t.tasks.create({ title: 'x', dueAt: 'next tuesday' }))).toContain('dueAt')
      expect(await validationPaths(t.tasks.create({ title: 'x', dueAt: new Date(Number.NaN) }))).toContain('dueAt')
      const p = await salesPipeline(t)
      expect(
        await validationPaths(
          t.deals.create({
            title: 'x',
            pipelineId: p.id,
            amount: { value: 1, currency: 'EUR' },
            expectedCloseDate: '2026-02-30',
          }),
        ),
      ).toContain('expectedCloseDate')
    })

    it('forTenant rejects malformed tenant ids and actors', () => {
      const { crm } = get()
      for (const tenantId of ['', 'has space', 'x'.repeat(129), 'semi;colon', 'ünï']) {
        expect(() => crm.forTenant(tenantId, { actor: 'a' }), tenantId).toThrow(ValidationError)
      }
      expect(() => crm.forTenant('ok', { actor: '' })).toThrow(ValidationError)
      expect(() => crm.forTenant('ok', { actor: 'x'.repeat(129) })).toThrow(ValidationError)
      expect(() => crm.forTenant('a.b_c:d@e-f', { actor: 'user-1' })).not.toThrow()
    })

    it('list arguments are validated: limit range, unknown filter field, wrong value type, bad cursor', async () => {
      const { t } = get().tenant()
      await t.contacts.create({ email: 'a@x.io' })
      expect(await validationPaths(t.contacts.list({ limit: 0 }))).toContain('limit')
      expect(await validationPaths(t.contacts.list({ limit: 1001 }))).toContain('limit')
      // @ts-expect-error an unknown field fails to compile, and at run time it is a ValidationError
      await validationPaths(t.contacts.list({ where: { field: 'nope', op: 'eq', value: 'x' } }))
      await validationPaths(t.contacts.list({ where: { field: 'createdAt', op: 'gt', value: 'yesterday' } }))
      await validationPaths(t.contacts.list({ where: { field: 'email', op: 'in', value: [] } }))
      await validationPaths(t.contacts.list({ where: { all: [{ field: 'tags', op: 'lt', value: 'a' }] } }))
      // @ts-expect-error tags are not sortable: a compile error, and a ValidationError at run time
      await validationPaths(t.contacts.list({ sort: { field: 'tags', direction: 'asc' } }))
      await validationPaths(t.contacts.list({ cursor: 'not-a-cursor' }))
      expect((await t.contacts.list({ limit: 1000 })).items).toHaveLength(1)
    })
  })
}
