import { ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'
import { caught } from './context.js'
import { salesPipeline } from './crud-pipeline.js'

type Paged<T> = (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null; total?: number }>

/** Every item of a list, page by page (with a guard against a cursor that never ends). */
async function readAll<T>(list: Paged<T>): Promise<T[]> {
  const all: T[] = []
  let cursor: string | undefined
  for (let guard = 0; guard < 100; guard++) {
    const page = await list(cursor)
    all.push(...page.items)
    if (page.nextCursor === null) return all
    cursor = page.nextCursor
  }
  throw new Error('the list did not end after 100 pages')
}

/** Every list has one shape: `{ items, nextCursor }`, `cursor` to read on, and `total` on request. */
export function listPageTests(get: () => SuiteContext): void {
  describe('list pages', () => {
    it('withTotal counts every match of the filter on any page, equals count(), and is absent unless asked', async () => {
      const { t } = get().tenant()
      for (let i = 0; i < 7; i++) {
        await t.contacts.create({ email: `p${i}@x.io`, lifecycleStage: i % 2 === 0 ? 'customer' : 'lead' })
      }
      const where = { field: 'lifecycleStage', op: 'eq', value: 'customer' } as const
      const first = await t.contacts.list({ where, limit: 2, withTotal: true })
      expect(first.total).toBe(4)
      expect(first.items).toHaveLength(2)
      const second = await t.contacts.list({ where, limit: 2, cursor: first.nextCursor!, withTotal: true })
      expect(second.total).toBe(4)
      expect(await t.contacts.count({ where })).toBe(4)
      expect(await t.contacts.list({ where, limit: 2 })).not.toHaveProperty('total')
      expect((await t.contacts.list({ withTotal: true, limit: 1 })).total).toBe(7)
      const none = await t.contacts.list({ where: { field: 'email', op: 'eq', value: 'nobody@x.io' }, withTotal: true })
      expect(none).toEqual({ items: [], nextCursor: null, total: 0 })
      expect(await caught(t.contacts.list({ withTotal: 'yes' as unknown as boolean }))).toBeInstanceOf(ValidationError)
    })

    it('tasks, deals and companies take withTotal too; deleted records are not counted', async () => {
      const { t } = get().tenant()
      const p = await salesPipeline(t)
      const a = await t.companies.create({ name: 'A' })
      await t.companies.create({ name: 'B' })
      await t.companies.delete(a.id)
      for (let i = 0; i < 3; i++) {
        await t.deals.create({ title: `D${i}`, pipelineId: p.id, amount: { value: 10 * i, currency: 'EUR' } })
      }
      const t1 = await t.tasks.create({ title: 'one' })
      await t.tasks.create({ title: 'two' })
      await t.tasks.delete(t1.id)
      expect((await t.companies.list({ withTotal: true })).total).toBe(1)
      expect((await t.deals.list({ where: { field: 'amount', op: 'gt', value: 0 }, withTotal: true })).total).toBe(2)
      expect((await t.tasks.list({ withTotal: true })).total).toBe(1)
      expect(await t.tasks.count()).toBe(1)
    })

    it('pipelines.list returns pages, filters by name, counts, and reads back every pipeline once', async () => {
      const { t } = get().tenant()
      const made = []
      for (const name of ['Sales', 'Renewals', 'Partners', 'Sales EMEA']) made.push(await salesPipeline(t, name))
      const first = await t.pipelines.list({ limit: 3, withTotal: true })
      expect(first.items.map((p) => p.name)).toEqual(['Sales', 'Renewals', 'Partners'])
      expect(first.items[0]!.stages.map((s) => s.name)).toEqual(['Lead', 'Proposal', 'Won', 'Lost'])
      expect(first.total).toBe(4)
      expect(first.nextCursor).not.toBeNull()
      const all = await readAll((cursor) => t.pipelines.list({ limit: 1, ...(cursor ? { cursor } : {}) }))
      expect(all.map((p) => p.id)).toEqual(made.map((p) => p.id))
      const sales = await t.pipelines.list({ where: { field: 'name', op: 'startsWith', value: 'Sales' } })
      expect(sales.items.map((p) => p.name)).toEqual(['Sales', 'Sales EMEA'])
      expect(sales.nextCursor).toBeNull()
      expect(await t.pipelines.count({ where: { field: 'name', op: 'startsWith', value: 'Sales' } })).toBe(2)
      const bad = await caught(t.pipelines.list({ where: { field: 'stages', op: 'isSet' } }))
      expect(bad).toBeInstanceOf(ValidationError)
      expect((bad as ValidationError).issues[0]?.path[0]).toBe('where')
    })

    it('customFields.list pages, narrows to one entity, filters and counts; a bare entity string is refused', async () => {
      const { t } = get().tenant()
      await t.customFields.define({ entity: 'contact', key: 'plan', label: 'Plan', type: 'text' })
      await t.customFields.define({ entity: 'company', key: 'tier', label: 'Tier', type: 'select', options: ['a'] })
      await t.customFields.define({ entity: 'contact', key: 'seats', label: 'Seats', type: 'number' })
      const contact = await t.customFields.list({ entity: 'contact', limit: 1, withTotal: true })
      expect(contact.items.map((f) => f.key)).toEqual(['plan'])
      expect(contact.total).toBe(2)
      const next = await t.customFields.list({ entity: 'contact', limit: 1, cursor: contact.nextCursor! })
      expect(next.items.map((f) => f.key)).toEqual(['seats'])
      expect(next.nextCursor).toBeNull()
      expect((await t.customFields.list()).items.map((f) => f.key)).toEqual(['plan', 'tier', 'seats'])
      expect(await t.customFields.count({ where: { field: 'type', op: 'eq', value: 'select' } })).toBe(1)
      const bad = await caught(t.customFields.list('contact' as never))
      expect(bad).toBeInstanceOf(ValidationError)
      const entity = await caught(t.customFields.list({ entity: 'order' as 'deal' }))
      expect((entity as ValidationError).issues.map((i) => i.path.join('.'))).toEqual(['entity'])
    })

    it('insights.transitions reports total with the same pipeline and time filter', async () => {
      const { t } = get().tenant()
      const p = await salesPipeline(t)
      const other = await salesPipeline(t, 'Other')
      const d = await t.deals.create({ title: 'D', pipelineId: p.id, amount: { value: 1, currency: 'EUR' } })
      await t.deals.create({ title: 'E', pipelineId: other.id, amount: { value: 1, currency: 'EUR' } })
      await t.deals.moveToStage(d.id, p.stages[1]!.id)
      const page = await t.insights.transitions({ pipelineId: p.id, limit: 1, withTotal: true })
      expect(page.items).toHaveLength(1)
      expect(page.total).toBe(2)
      expect(page.items[0]!.dealId).toBe(d.id)
    })
  })
}
