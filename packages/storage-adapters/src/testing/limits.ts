import type { FilterNode } from '@crmkit/core/storage'
import { filterLimits, resolveFilter } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'
import { salesPipeline } from './crud-pipeline.js'

/** A syntactically valid id that no record has (UUIDv7 shape, fixed prefix). */
const absentId = (n: number) => `0190a0a0-0000-7000-8000-${n.toString(16).padStart(12, '0')}`

/** Values at the edges of what crmkit accepts: they must round-trip and filter on every adapter. */
export function limitTests(get: () => SuiteContext): void {
  describe('limits and edge values', () => {
    it('a filter at the documented value limit (10 000 values) runs and selects exactly the listed ids', async () => {
      const { t } = get().tenant()
      const { created } = await t.contacts.importMany(Array.from({ length: 30 }, (_, i) => ({ email: `lim${i}@x.io` })))
      expect(created).toBe(30)
      const all = (await t.contacts.list({ limit: 1000 })).items.map((c) => c.id)
      const lists = filterLimits.maxValues / filterLimits.maxListLength
      const wanted = all.filter((_, i) => i % 3 === 0)
      // Each `in` list holds one or two real ids among absent ones, `maxListLength` entries each.
      const any = Array.from({ length: lists }, (_, k) => {
        const real = wanted.filter((_, i) => i % lists === k)
        const padding = Array.from({ length: filterLimits.maxListLength - real.length }, (_, i) =>
          absentId(k * 10_000 + i),
        )
        return { field: 'id' as const, op: 'in' as const, value: [...padding, ...real] }
      })
      const where: FilterNode<'contact'> = { any }
      expect(() => resolveFilter(where, { table: 'contacts', customFields: [], now: new Date() })).not.toThrow()
      expect((await t.contacts.list({ where, limit: 1000 })).items.map((c) => c.id)).toEqual(wanted)
      expect(await t.contacts.count({ where })).toBe(wanted.length)
      const negated: FilterNode<'contact'> = { not: where }
      expect(await t.contacts.count({ where: negated })).toBe(all.length - wanted.length)
    })

    for (const group of ['any', 'all'] as const) {
      it(`a filter at the documented node limit (${group} of ${filterLimits.maxNodes - 1} conditions) runs`, async () => {
        const { t } = get().tenant()
        const { created } = await t.contacts.importMany(
          Array.from({ length: 20 }, (_, i) => ({ email: `nodes${i}@x.io`, firstName: `n${i}` })),
        )
        expect(created).toBe(20)
        // The names are n0..n9 and 989 that match nobody. `any` of `eq`: n0..n9 match (10 contacts).
        // `all` of `neq`: n0..n9 each fail one condition, the other 10 contacts pass them all (10 contacts).
        const names = Array.from({ length: filterLimits.maxNodes - 1 }, (_, i) => `n${i < 10 ? i : `x${i}`}`)
        const op = group === 'any' ? ('eq' as const) : ('neq' as const)
        const conditions = names.map((value) => ({ field: 'firstName' as const, op, value }))
        const where: FilterNode<'contact'> = group === 'any' ? { any: conditions } : { all: conditions }
        expect(() => resolveFilter(where, { table: 'contacts', customFields: [], now: new Date() })).not.toThrow()
        expect(await t.contacts.count({ where })).toBe(10)
      })
    }

    it('a filter nested to the documented maximum depth runs', async () => {
      const { t } = get().tenant()
      const a = await t.contacts.create({ email: 'deep@x.io', firstName: 'Deep' })
      await t.contacts.create({ email: 'other@x.io', firstName: 'Other' })
      let node: FilterNode<'contact'> = { field: 'firstName', op: 'eq', value: 'Deep' }
      let depth = 1
      // Wrap in pairs of `not` (identity) while the resolver still accepts the tree.
      for (;;) {
        const deeper: FilterNode<'contact'> = { not: { not: node } }
        try {
          resolveFilter(deeper, { table: 'contacts', customFields: [], now: new Date() })
        } catch {
          break
        }
        node = deeper
        depth += 2
      }
      expect(depth).toBeGreaterThanOrEqual(filterLimits.maxDepth - 2)
      expect((await t.contacts.list({ where: node })).items.map((c) => c.id)).toEqual([a.id])
    })

    it('strings at their maximum length, astral characters included, round-trip exactly', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      // 255 UTF-16 units: emoji (2 units each) mixed with BMP text.
      const title = `${'😀'.repeat(100)}${'é'.repeat(55)}`
      expect(title.length).toBe(255)
      const tag = 'ß'.repeat(64)
      const c = await t.contacts.create({ email: `${'a'.repeat(64)}@${'b'.repeat(63)}.io`, title, tags: [tag] })
      expect(await raw.row('contacts', tenantId, c.id)).toMatchObject({ title, tags: [tag] })
      expect((await t.contacts.list({ where: { field: 'title', op: 'eq', value: title } })).items).toHaveLength(1)
      const notes = 'line\n'.repeat(20_000)
      const task = await t.tasks.create({ title: 'long notes', notes })
      expect((await raw.row('tasks', tenantId, task.id))?.notes).toBe(notes)
    })

    it('extreme numbers round-trip exactly and compare exactly in filters', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      await t.customFields.define({ entity: 'contact', key: 'x', label: 'X', type: 'number' })
      const values = [0.30000000000000004, 1e21, -1e-7, 2 ** 53 - 1, 123456.789]
      const made = []
      for (const x of values) made.push(await t.contacts.create({ custom: { x } }))
      for (const [i, c] of made.entries()) {
        expect((await raw.row('contacts', tenantId, c.id))?.custom).toEqual({ x: values[i] })
        const hit = await t.contacts.list({ where: { field: 'custom.x', op: 'eq', value: values[i]! } })
        expect(
          hit.items.map((h) => h.id),
          `custom.x eq ${values[i]}`,
        ).toEqual([c.id])
      }
      expect(await t.contacts.count({ where: { field: 'custom.x', op: 'eq', value: 0.3 } })).toBe(0)
      const p = await salesPipeline(t)
      const max = Number.MAX_SAFE_INTEGER
      const d = await t.deals.create({ title: 'huge', pipelineId: p.id, amount: { value: max, currency: 'EUR' } })
      expect((await raw.row('deals', tenantId, d.id))?.amountValue).toBe(max)
      expect((await t.deals.get(d.id))?.amount.value).toBe(max)
      expect(await t.deals.count({ where: { field: 'amount', op: 'eq', value: max } })).toBe(1)
      expect(await t.deals.count({ where: { field: 'amount', op: 'lt', value: max } })).toBe(0)
    })

    it('timestamps with offsets are stored in UTC; the first and last storable instants round-trip', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const a = await t.tasks.create({ title: 'offset', dueAt: '2026-03-05T15:00:00+02:00' })
      expect(a.dueAt).toBe('2026-03-05T13:00:00.000Z')
      const early = await t.tasks.create({ title: 'early', dueAt: '0001-01-01T00:00:00.000Z' })
      const late = await t.tasks.create({ title: 'late', dueAt: new Date('9999-12-31T23:59:59.999Z') })
      expect((await raw.row('tasks', tenantId, a.id))?.dueAt).toBe('2026-03-05T13:00:00.000Z')
      expect((await raw.row('tasks', tenantId, early.id))?.dueAt).toBe('0001-01-01T00:00:00.000Z')
      expect((await raw.row('tasks', tenantId, late.id))?.dueAt).toBe('9999-12-31T23:59:59.999Z')
      const sorted = await t.tasks.list({ sort: { field: 'dueAt', direction: 'asc' } })
      expect(sorted.items.map((x) => x.title)).toEqual(['early', 'offset', 'late'])
      const after = await t.tasks.list({ where: { field: 'dueAt', op: 'gt', value: '2026-03-05T14:00:00+02:00' } })
      expect(after.items.map((x) => x.title).sort()).toEqual(['late', 'offset'])
    })
  })
}
