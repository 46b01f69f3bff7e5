import { ConflictError, NotFoundError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { SuiteContext, Tenant } from './context.js'
import { caught } from './context.js'
import { validationPaths } from './validation.js'

/** Defines one contact custom field of each type (used by several areas). */
export async function defineContactFields(t: Tenant) {
  return [
    await t.customFields.define({ entity: 'contact', key: 'note', label: 'Note', type: 'text' }),
    await t.customFields.define({ entity: 'contact', key: 'score', label: 'Score', type: 'number' }),
    await t.customFields.define({ entity: 'contact', key: 'active', label: 'Active', type: 'boolean' }),
    await t.customFields.define({ entity: 'contact', key: 'since', label: 'Since', type: 'date' }),
    await t.customFields.define({
      entity: 'contact',
      key: 'plan',
      label: 'Plan',
      type: 'select',
      options: ['free', 'pro', 'Pro'],
    }),
    await t.customFields.define({
      entity: 'contact',
      key: 'features',
      label: 'Features',
      type: 'multiselect',
      options: ['api', 'sso', 'audit', 'ß', '日本'],
    }),
  ]
}

/** Custom field definitions, validation of custom values, filtering on `custom.<key>`. */
export function customFieldTests(get: () => SuiteContext): void {
  describe('custom fields', () => {
    it('define persists the definition; list returns it per entity', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const defs = await defineContactFields(t)
      const tier = await t.customFields.define({
        entity: 'company',
        key: 'tier',
        label: 'Tier',
        type: 'select',
        options: ['a', 'b'],
        required: true,
      })
      expect(tier).toMatchObject({
        entity: 'company',
        key: 'tier',
        label: 'Tier',
        type: 'select',
        options: ['a', 'b'],
        required: true,
        version: 1,
      })
      expect(await raw.row('customFields', tenantId, tier.id)).toMatchObject({
        entity: 'company',
        key: 'tier',
        type: 'select',
        options: ['a', 'b'],
        required: 1,
      })
      expect(await raw.row('customFields', tenantId, defs[1]!.id)).toMatchObject({
        key: 'score',
        type: 'number',
        options: [],
        required: 0,
      })
      expect((await t.customFields.list({ entity: 'contact' })).items.map((d) => d.key).sort()).toEqual([
        'active',
        'features',
        'note',
        'plan',
        'score',
        'since',
      ])
      expect((await t.customFields.list({ entity: 'company' })).items.map((d) => d.key)).toEqual(['tier'])
      expect((await t.customFields.list()).items).toHaveLength(7)
    })

    it('a key is unique per entity (ConflictError) but may repeat across entities', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      await t.customFields.define({ entity: 'contact', key: 'plan', label: 'Plan', type: 'text' })
      expect(
        await caught(t.customFields.define({ entity: 'contact', key: 'plan', label: 'Again', type: 'number' })),
      ).toBeInstanceOf(ConflictError)
      await t.customFields.define({ entity: 'deal', key: 'plan', label: 'Plan', type: 'text' })
      expect(await raw.count('customFields', tenantId)).toBe(2)
    })

    it('bad definitions are ValidationErrors: key syntax, select without options, unknown type', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      expect(
        await validationPaths(t.customFields.define({ entity: 'contact', key: 'Bad-Key', label: 'x', type: 'text' })),
      ).toContain('key')
      expect(
        await validationPaths(t.customFields.define({ entity: 'contact', key: '9lives', label: 'x', type: 'text' })),
      ).toContain('key')
      await validationPaths(t.customFields.define({ entity: 'contact', key: 'sel', label: 'x', type: 'select' }))
      expect(
        await validationPaths(
          t.customFields.define({ entity: 'contact', key: 'k', label: 'x', type: 'json' as 'text' }),
        ),
      ).toContain('type')
      expect(
        await validationPaths(
          t.customFields.define({ entity: 'task' as 'contact', key: 'k', label: 'x', type: 'text' }),
        ),
      ).toContain('entity')
      expect(await raw.count('customFields', tenantId)).toBe(0)
    })

    it('custom values are validated against their definitions on create and update', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      await defineContactFields(t)
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ score: 'high' }, 'custom.score'],
        [{ active: 'yes' }, 'custom.active'],
        [{ since: '2026-13-01' }, 'custom.since'],
        [{ plan: 'enterprise' }, 'custom.plan'],
        [{ features: ['api', 'teleport'] }, 'custom.features'],
        [{ note: 5 }, 'custom.note'],
        [{ undefinedKey: 'x' }, 'custom.undefinedKey'],
      ]
      for (const [custom, path] of bad) {
        const paths = await validationPaths(t.contacts.create({ email: 'x@x.io', custom } as never))
        expect(
          paths.some((p) => p.startsWith(path)),
          `${JSON.stringify(custom)} -> ${JSON.stringify(paths)}`,
        ).toBe(true)
      }
      expect(await raw.count('contacts', tenantId)).toBe(0)
      const ok = await t.contacts.create({
        email: 'ok@x.io',
        custom: { note: 'hi', score: 4.5, active: false, since: '2025-12-31', plan: 'Pro', features: ['sso', '日本'] },
      })
      expect(ok.custom).toEqual({
        note: 'hi',
        score: 4.5,
        active: false,
        since: '2025-12-31',
        plan: 'Pro',
        features: ['sso', '日本'],
      })
      expect((await raw.row('contacts', tenantId, ok.id))?.custom).toEqual(ok.custom)
      await validationPaths(t.contacts.update(ok.id, { custom: { score: 'nine' } } as never))
      expect((await raw.row('contacts', tenantId, ok.id))?.custom).toEqual(ok.custom)
    })

    it('a custom patch merges key by key; null removes a key', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      await defineContactFields(t)
      const c = await t.contacts.create({ email: 'm@x.io', custom: { note: 'keep', score: 1, plan: 'free' } })
      await t.contacts.update(c.id, { custom: { score: 2, plan: null } })
      expect((await raw.row('contacts', tenantId, c.id))?.custom).toEqual({ note: 'keep', score: 2 })
      expect((await t.contacts.get(c.id))?.custom).toEqual({ note: 'keep', score: 2 })
    })

    it('a required custom field must be present on create', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      await t.customFields.define({ entity: 'company', key: 'tier', label: 'Tier', type: 'text', required: true })
      expect((await validationPaths(t.companies.create({ name: 'NoTier' }))).some((p) => p.startsWith('custom'))).toBe(
        true,
      )
      const co = await t.companies.create({ name: 'Tiered', custom: { tier: 'gold' } })
      expect((await raw.row('companies', tenantId, co.id))?.custom).toEqual({ tier: 'gold' })
      expect(await raw.count('companies', tenantId)).toBe(1)
    })

    it('list filters on custom.<key> by the field’s type', async () => {
      const { t } = get().tenant()
      await defineContactFields(t)
      const a = await t.contacts.create({
        email: 'a@x.io',
        custom: { score: 10, active: true, plan: 'pro', features: ['api', 'sso'], since: '2025-01-15', note: 'Alpha' },
      })
      const b = await t.contacts.create({
        email: 'b@x.io',
        custom: { score: 2, active: false, plan: 'free', features: [], since: '2026-02-01', note: 'alpha' },
      })
      const c = await t.contacts.create({ email: 'c@x.io', custom: { score: 9.5, plan: 'Pro', features: ['sso'] } })
      const d = await t.contacts.create({ email: 'd@x.io' })
      const ids = async (where: unknown) => (await t.contacts.list({ where } as never)).items.map((x) => x.id)
      expect(await ids({ field: 'custom.score', op: 'gt', value: 9 })).toEqual([a.id, c.id])
      expect(await ids({ field: 'custom.score', op: 'between', value: [2, 9.5] })).toEqual([b.id, c.id])
      expect(await ids({ field: 'custom.active', op: 'eq', value: true })).toEqual([a.id])
      expect(await ids({ field: 'custom.active', op: 'eq', value: false })).toEqual([b.id])
      expect(await ids({ field: 'custom.active', op: 'isNotSet' })).toEqual([c.id, d.id])
      expect(await ids({ field: 'custom.plan', op: 'in', value: ['pro', 'free'] })).toEqual([a.id, b.id])
      expect(await ids({ field: 'custom.plan', op: 'neq', value: 'pro' })).toEqual([b.id, c.id])
      expect(await ids({ field: 'custom.features', op: 'contains', value: 'sso' })).toEqual([a.id, c.id])
      expect(await ids({ field: 'custom.features', op: 'notIn', value: ['api'] })).toEqual([b.id, c.id, d.id])
      expect(await ids({ field: 'custom.features', op: 'isSet' })).toEqual([a.id, c.id])
      expect(await ids({ field: 'custom.since', op: 'lt', value: '2026-01-01' })).toEqual([a.id])
      expect(await ids({ field: 'custom.note', op: 'startsWith', value: 'al' })).toEqual([b.id])
      expect(await ids({ not: { field: 'custom.score', op: 'lt', value: 5 } })).toEqual([a.id, c.id])
      expect(await t.contacts.count({ where: { field: 'custom.plan', op: 'isSet' } })).toBe(3)
      await validationPaths(t.contacts.list({ where: { field: 'custom.score', op: 'eq', value: 'ten' } }))
      await validationPaths(t.contacts.list({ where: { field: 'custom.nope', op: 'eq', value: 'x' } }))
    })

    it('a deleted definition is gone from list and from filters; delete of an absent id is NotFoundError', async () => {
      const { t } = get().tenant()
      const [note] = await defineContactFields(t)
      await t.customFields.delete(note!.id)
      expect((await t.customFields.list({ entity: 'contact' })).items.map((d) => d.key)).not.toContain('note')
      await validationPaths(t.contacts.list({ where: { field: 'custom.note', op: 'eq', value: 'x' } }))
      expect(await caught(t.customFields.delete(note!.id))).toBeInstanceOf(NotFoundError)
      // The key is free again.
      await t.customFields.define({ entity: 'contact', key: 'note', label: 'Note 2', type: 'number' })
    })

    it('after a key is redefined with another type, old values of the wrong type count as missing in filters', async () => {
      const { t } = get().tenant()
      const [note, score, active] = await defineContactFields(t)
      const text = await t.contacts.create({ email: 't@x.io', custom: { note: 'hi', score: 5, active: true } })
      const numeric = await t.contacts.create({ email: 'n@x.io', custom: { note: '12', score: 1, active: false } })
      for (const def of [note, score, active]) await t.customFields.delete(def!.id)
      await t.customFields.define({ entity: 'contact', key: 'note', label: 'Note', type: 'number' })
      await t.customFields.define({ entity: 'contact', key: 'score', label: 'Score', type: 'text' })
      await t.customFields.define({
        entity: 'contact',
        key: 'active',
        label: 'Active',
        type: 'multiselect',
        options: ['x'],
      })
      const ids = async (where: unknown) => (await t.contacts.list({ where } as never)).items.map((c) => c.id)
      // Stored strings are not numbers (not even '12'); stored numbers are not text; booleans are not arrays.
      expect(await ids({ field: 'custom.note', op: 'gt', value: 1 })).toEqual([])
      expect(await ids({ field: 'custom.note', op: 'isNotSet' })).toEqual([text.id, numeric.id])
      expect(await ids({ not: { field: 'custom.note', op: 'eq', value: 12 } })).toEqual([])
      expect(await ids({ field: 'custom.score', op: 'eq', value: '5' })).toEqual([])
      expect(await ids({ field: 'custom.score', op: 'startsWith', value: '' })).toEqual([])
      expect(await ids({ field: 'custom.active', op: 'isNotSet' })).toEqual([text.id, numeric.id])
      expect(await ids({ field: 'custom.active', op: 'notIn', value: ['x'] })).toEqual([text.id, numeric.id])
    })
    it('after a text field is redefined as a date, stored strings that are not dates count as missing', async () => {
      const { t } = get().tenant()
      const since = await t.customFields.define({ entity: 'contact', key: 'since', label: 'Since', type: 'text' })
      const word = await t.contacts.create({ email: 'w@x.io', custom: { since: 'soon' } })
      const dated = await t.contacts.create({ email: 'd@x.io', custom: { since: '2026-03-01' } })
      const long = await t.contacts.create({ email: 'l@x.io', custom: { since: '2026-03-01 at noon' } })
      await t.customFields.delete(since.id)
      await t.customFields.define({ entity: 'contact', key: 'since', label: 'Since', type: 'date' })
      const ids = async (where: unknown) => (await t.contacts.list({ where } as never)).items.map((c) => c.id)
      expect(await ids({ field: 'custom.since', op: 'isSet' })).toEqual([dated.id])
      expect(await ids({ field: 'custom.since', op: 'isNotSet' })).toEqual([word.id, long.id])
      // 'soon' sorted after every date as text; as a date it is missing, so no comparison holds.
      expect(await ids({ field: 'custom.since', op: 'gt', value: '2026-01-01' })).toEqual([dated.id])
      expect(await ids({ not: { field: 'custom.since', op: 'lt', value: '2026-01-01' } })).toEqual([dated.id])
    })
  })
}
