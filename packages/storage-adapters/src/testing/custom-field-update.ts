import { ConflictError, NotFoundError, ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'
import { caught, snapshotTenant } from './context.js'

/** `customFields.update`: what may change (label, options) and what may not. */
export function customFieldUpdateTests(get: () => SuiteContext): void {
  describe('custom field updates', () => {
    it('renames the label and adds options; records may use a new option at once; a no-op keeps the version', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const plan = await t.customFields.define({
        entity: 'contact',
        key: 'plan',
        label: 'Plan',
        type: 'select',
        options: ['free', 'pro'],
      })
      const u = await t.customFields.update(
        plan.id,
        { label: 'Pricing plan', options: ['free', 'pro', 'enterprise'] },
        { expectedVersion: 1 },
      )
      expect(u).toMatchObject({ key: 'plan', type: 'select', label: 'Pricing plan', version: 2 })
      expect(u.options).toEqual(['free', 'pro', 'enterprise'])
      expect(await raw.row('customFields', tenantId, plan.id)).toMatchObject({
        label: 'Pricing plan',
        options: ['free', 'pro', 'enterprise'],
        version: 2,
      })
      const c = await t.contacts.create({ email: 'a@x.io', custom: { plan: 'enterprise' } })
      expect(c.custom).toEqual({ plan: 'enterprise' })
      expect((await t.customFields.update(plan.id, { label: 'Pricing plan' })).version).toBe(2)
      expect(await caught(t.customFields.update(plan.id, { label: 'x' }, { expectedVersion: 1 }))).toBeInstanceOf(
        ConflictError,
      )
    })

    it('removing an option that live records hold is refused (select and multiselect); an unused one goes', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const plan = await t.customFields.define({
        entity: 'company',
        key: 'plan',
        label: 'Plan',
        type: 'select',
        options: ['free', 'pro', 'old'],
      })
      const langs = await t.customFields.define({
        entity: 'deal',
        key: 'langs',
        label: 'Languages',
        type: 'multiselect',
        options: ['de', 'en', 'ko'],
      })
      await t.companies.create({ name: 'A', custom: { plan: 'pro' } })
      const gone = await t.companies.create({ name: 'B', custom: { plan: 'old' } })
      await t.companies.delete(gone.id)
      const p = await t.pipelines.create({ name: 'P', currency: 'EUR', stages: [{ name: 'S', probability: 0.5 }] })
      await t.deals.create({
        title: 'D',
        pipelineId: p.id,
        amount: { value: 1, currency: 'EUR' },
        custom: { langs: ['en', 'ko'] },
      })
      const before = await snapshotTenant(raw, tenantId)
      const refused = await caught(t.customFields.update(plan.id, { options: ['free'] }))
      expect(refused).toBeInstanceOf(ValidationError)
      expect((refused as ValidationError).issues).toHaveLength(1)
      expect((refused as ValidationError).issues[0]).toMatchObject({ path: ['options'] })
      expect((refused as ValidationError).issues[0]?.message).toContain('"pro"')
      const multi = await caught(t.customFields.update(langs.id, { options: ['de', 'en'] }))
      expect((multi as ValidationError).issues[0]?.message).toContain('"ko"')
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
      // 'old' is held only by a deleted company, so it may go.
      expect((await t.customFields.update(plan.id, { options: ['pro', 'free'] })).options).toEqual(['pro', 'free'])
      expect((await t.customFields.update(langs.id, { options: ['en', 'ko'] })).options).toEqual(['en', 'ko'])
    })

    it('key, type, entity and required cannot change; options only on select fields; nothing is written', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const note = await t.customFields.define({ entity: 'contact', key: 'note', label: 'Note', type: 'text' })
      const before = await snapshotTenant(raw, tenantId)
      const issues = async (patch: unknown) => {
        const error = await caught(t.customFields.update(note.id, patch as never))
        expect(error).toBeInstanceOf(ValidationError)
        return (error as ValidationError).issues.map((i) => `${i.path.join('.')}: ${i.message}`)
      }
      const fixed = await issues({ key: 'memo', type: 'number', entity: 'deal', required: true, label: '' })
      expect(fixed.map((i) => i.split(':')[0])).toEqual(['label', 'key', 'type', 'entity', 'required'])
      expect(fixed[1]).toBe('key: Cannot change after define; define a new field instead')
      expect(await issues({ options: ['a'] })).toEqual(['options: A text field takes no options'])
      expect((await issues({ colour: 'red' })).map((i) => i.split(':')[0])).toEqual(['colour'])
      expect(
        await caught(t.customFields.update('0190a0a0-0000-7000-8000-0000000000aa', { label: 'x' })),
      ).toBeInstanceOf(NotFoundError)
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
    })
  })
}
