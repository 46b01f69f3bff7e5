import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SuiteContext, Tenant } from './context.js'
import { walkPages } from './pagination.js'

type Contact = Awaited<ReturnType<Tenant['contacts']['create']>>
type Sort = { field: 'lastName' | 'custom.rank' | 'custom.code'; direction: 'asc' | 'desc' }

const byCodePoint = (a: string, b: string): number => {
  const x = [...a].map((ch) => ch.codePointAt(0) ?? 0)
  const y = [...b].map((ch) => ch.codePointAt(0) ?? 0)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return x.length - y.length
}

/** The documented order: values (code point / numeric), ties by id, then NULLs by id; all in `direction`. */
function expectedOrder(contacts: readonly Contact[], sort: Sort): string[] {
  const sign = sort.direction === 'asc' ? 1 : -1
  const keyOf = (c: Contact): string | number | null => {
    if (sort.field === 'lastName') return c.lastName
    const v = (c.custom as Record<string, unknown>)[sort.field.slice('custom.'.length)]
    return typeof v === 'string' || typeof v === 'number' ? v : null
  }
  return [...contacts]
    .sort((a, b) => {
      const x = keyOf(a)
      const y = keyOf(b)
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1
      } else {
        const c = typeof x === 'string' ? byCodePoint(x, y as string) : x - (y as number)
        if (c !== 0) return sign * c
      }
      return sign * byCodePoint(a.id, b.id)
    })
    .map((c) => c.id)
}

const nameArb = fc.option(fc.constantFrom('a', 'A', 'b', 'é', 'z', ''), { nil: null, freq: 3 })
const rankArb = fc.option(fc.constantFrom(-2, 0, 0.5, 1, 7), { nil: null, freq: 3 })

/**
 * Keyset pages across the boundary between non-NULL and NULL sort keys (the SQL adapters read a
 * page in a non-NULL phase and a NULL phase), and custom fields declared `indexed: true`
 * returning exactly what the same field without an index returns.
 */
export function seekPageTests(get: () => SuiteContext): void {
  describe('keyset pages across NULL boundaries; indexed custom fields', () => {
    it('walking any sort with any page size visits the documented order exactly once, NULL tail included', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(nameArb, rankArb), { minLength: 1, maxLength: 9 }),
          fc.constantFrom<Sort['field']>('lastName', 'custom.rank', 'custom.code'),
          fc.constantFrom<Sort['direction']>('asc', 'desc'),
          fc.integer({ min: 1, max: 4 }),
          async (values, field, direction, limit) => {
            const { t } = get().tenant()
            await t.customFields.define({ entity: 'contact', key: 'rank', label: 'Rank', type: 'number' })
            await t.customFields.define({ entity: 'contact', key: 'code', label: 'Code', type: 'text', indexed: true })
            const created: Contact[] = []
            for (const [name, rank] of values) {
              const custom: Record<string, string | number> = {}
              if (rank !== null) custom.rank = rank
              if (name !== null) custom.code = name
              created.push(await t.contacts.create({ lastName: name, custom }))
            }
            const sort = { field, direction }
            const { ids } = await walkPages(t, { sort, limit })
            expect(ids).toEqual(expectedOrder(created, sort))
          },
        ),
        { numRuns: 12 },
      )
    })

    it('an indexed custom field filters, counts and sorts exactly like the same field without an index', async () => {
      const { t } = get().tenant()
      const definition = await t.customFields.define({
        entity: 'contact',
        key: 'scoreIndexed',
        label: 'Score (indexed)',
        type: 'number',
        indexed: true,
      })
      expect(definition.indexed).toBe(true)
      await t.customFields.define({ entity: 'contact', key: 'scorePlain', label: 'Score', type: 'number' })
      await t.customFields.define({ entity: 'contact', key: 'dayIndexed', label: 'Day', type: 'date', indexed: true })
      await t.customFields.define({ entity: 'contact', key: 'dayPlain', label: 'Day', type: 'date' })
      const scores = [3, null, -1, 3, 10.5, 0, null, 7, 3]
      for (const [i, score] of scores.entries()) {
        const day = score === null ? null : `2026-0${1 + (i % 9)}-1${i % 10}`
        const custom: Record<string, string | number> = {}
        if (score !== null) Object.assign(custom, { scoreIndexed: score, scorePlain: score })
        if (day !== null) Object.assign(custom, { dayIndexed: day, dayPlain: day })
        await t.contacts.create({ email: `ix${i}@x.io`, custom })
      }
      const cases = [
        (f: string) => ({ field: `custom.score${f}`, op: 'between', value: [0, 5] }),
        (f: string) => ({ field: `custom.score${f}`, op: 'eq', value: 3 }),
        (f: string) => ({ field: `custom.score${f}`, op: 'gt', value: 0 }),
        (f: string) => ({ field: `custom.score${f}`, op: 'isNotSet' }),
        (f: string) => ({ not: { field: `custom.score${f}`, op: 'lt', value: 7 } }),
        (f: string) => ({ field: `custom.day${f}`, op: 'between', value: ['2026-02-01', '2026-06-30'] }),
      ] as const
      const ids = (page: { items: Array<{ id: string }> }) => page.items.map((c) => c.id)
      for (const make of cases) {
        const [indexed, plain] = [make('Indexed'), make('Plain')] as unknown as [never, never]
        expect(ids(await t.contacts.list({ where: indexed, limit: 100 })), JSON.stringify(plain)).toEqual(
          ids(await t.contacts.list({ where: plain, limit: 100 })),
        )
        expect(await t.contacts.count({ where: indexed })).toBe(await t.contacts.count({ where: plain }))
      }
      for (const direction of ['asc', 'desc'] as const) {
        for (const [a, b] of [
          ['custom.scoreIndexed', 'custom.scorePlain'],
          ['custom.dayIndexed', 'custom.dayPlain'],
        ] as const) {
          const indexedWalk = await walkPages(t, { sort: { field: a, direction }, limit: 2 })
          const plainWalk = await walkPages(t, { sort: { field: b, direction }, limit: 2 })
          expect(indexedWalk.ids, `${a} ${direction}`).toEqual(plainWalk.ids)
        }
      }
    })

    it('refuses indexed on a multiselect field, naming indexed', async () => {
      const { t } = get().tenant()
      await expect(
        t.customFields.define({
          entity: 'contact',
          key: 'labels',
          label: 'Labels',
          type: 'multiselect',
          options: ['a'],
          indexed: true,
        }),
      ).rejects.toMatchObject({ code: 'VALIDATION', issues: [expect.objectContaining({ path: ['indexed'] })] })
    })
  })
}
