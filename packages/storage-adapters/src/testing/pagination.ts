import { describe, expect, it } from 'vitest'
import type { SuiteContext, Tenant } from './context.js'

type ContactList = Awaited<ReturnType<Tenant['contacts']['list']>>
type ListArgs = NonNullable<Parameters<Tenant['contacts']['list']>[0]>

/** Follows `nextCursor` until it is null; fails if the walk does not terminate. */
export async function walkPages(
  t: Tenant,
  args: ListArgs,
  maxPages = 500,
): Promise<{ ids: string[]; pages: ContactList[] }> {
  const pages: ContactList[] = []
  let cursor: string | undefined
  for (let i = 0; i < maxPages; i++) {
    const page = await t.contacts.list({ ...args, ...(cursor === undefined ? {} : { cursor }) })
    pages.push(page)
    if (page.nextCursor === null) return { ids: pages.flatMap((p) => p.items.map((c) => c.id)), pages }
    expect(page.items.length, 'a page with a next cursor is never empty').toBeGreaterThan(0)
    cursor = page.nextCursor
  }
  throw new Error(`pagination did not end after ${maxPages} pages`)
}

/** lastName values with duplicates, NULLs, case and non-ASCII, in creation order. */
const LAST_NAMES = [
  'b',
  null,
  'A',
  'b',
  'Ä',
  'a',
  null,
  'B',
  'b',
  '',
  'ä',
  'A',
  null,
  'z',
  'b',
  'Z',
  '😀',
  '\uFFFF',
] as const

/** Sorting (NULLs last, code-point order, id tie-break) and keyset pagination. */
export function paginationTests(get: () => SuiteContext): void {
  describe('sorting and cursor pagination', () => {
    async function seed() {
      const { t } = get().tenant()
      const created = []
      for (const [i, lastName] of LAST_NAMES.entries()) {
        created.push(await t.contacts.create({ email: `p${i}@x.io`, lastName, tags: i % 3 === 0 ? ['third'] : [] }))
      }
      return { t, created }
    }

    it('default order is creation order (ids are time-sortable); limit and count work', async () => {
      const { t, created } = await seed()
      const all = await t.contacts.list({ limit: 1000 })
      expect(all.items.map((c) => c.id)).toEqual(created.map((c) => c.id))
      expect(all.nextCursor).toBeNull()
      const first = await t.contacts.list({ limit: 5 })
      expect(first.items.map((c) => c.id)).toEqual(created.slice(0, 5).map((c) => c.id))
      expect(first.nextCursor).toEqual(expect.any(String))
      expect(await t.contacts.count()).toBe(LAST_NAMES.length)
      // Default page size is 50: a list without limit returns everything here.
      expect((await t.contacts.list()).items).toHaveLength(LAST_NAMES.length)
    })

    it('sorts by a string field in code-point order, NULLs last in both directions, ties by id', async () => {
      const { t, created } = await seed()
      const ordered = (direction: 'asc' | 'desc') => {
        const sign = direction === 'asc' ? 1 : -1
        const cmp = (a: string, b: string) => {
          const x = [...a].map((ch) => ch.codePointAt(0) ?? 0)
          const y = [...b].map((ch) => ch.codePointAt(0) ?? 0)
          for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
          return x.length - y.length
        }
        const nonNull = created.filter((c) => c.lastName !== null)
        return nonNull.sort((a, b) => sign * cmp(a.lastName!, b.lastName!) || (a.id < b.id ? -1 : 1) * sign)
      }
      for (const direction of ['asc', 'desc'] as const) {
        const page = await t.contacts.list({ sort: { field: 'lastName', direction }, limit: 1000 })
        const names = page.items.map((c) => c.lastName)
        const expectedNames = ordered(direction).map((c) => c.lastName)
        expect(names.slice(0, expectedNames.length), direction).toEqual(expectedNames)
        expect(names.slice(expectedNames.length), 'NULLs last').toEqual([null, null, null])
        // Ties are ordered by id; only the name sequence is compared here, so the id
        // direction of ties (unspecified for desc) is not asserted.
        expect(new Set(page.items.map((c) => c.id)).size).toBe(LAST_NAMES.length)
      }
    })

    it('paging through every sort order visits each record exactly once, in list order', async () => {
      const { t } = await seed()
      const sorts = [
        undefined,
        { field: 'lastName', direction: 'asc' },
        { field: 'lastName', direction: 'desc' },
        { field: 'createdAt', direction: 'desc' },
        { field: 'email', direction: 'asc' },
        { field: 'title', direction: 'asc' }, // all NULL: only the id tie-break orders
      ] as const
      for (const sort of sorts) {
        const full = await t.contacts.list({ ...(sort ? { sort } : {}), limit: 1000 })
        for (const limit of [1, 4, 7]) {
          const { ids } = await walkPages(t, { ...(sort ? { sort } : {}), limit })
          expect(ids, `${JSON.stringify(sort)} limit ${limit}`).toEqual(full.items.map((c) => c.id))
        }
      }
    })

    it('pagination combines with a filter and stays stable when records are added and deleted meanwhile', async () => {
      const { t, created } = await seed()
      const where = { field: 'tags', op: 'contains', value: 'third' } as const
      const expected = created.filter((_, i) => i % 3 === 0).map((c) => c.id)
      const { ids } = await walkPages(t, { where, sort: { field: 'lastName', direction: 'asc' }, limit: 2 })
      expect([...ids].sort()).toEqual([...expected].sort())
      // Walk again by id while writing: earlier pages never repeat, and rows after the
      // cursor that are deleted are skipped rather than breaking the walk.
      const first = await t.contacts.list({ where, limit: 2 })
      await t.contacts.delete(expected[3]!)
      const late = await t.contacts.create({ email: 'late@x.io', tags: ['third'] })
      const rest = await walkPages(t, { where, limit: 2, ...(first.nextCursor ? { cursor: first.nextCursor } : {}) })
      const seen = [...first.items.map((c) => c.id), ...rest.ids]
      expect(seen).toEqual([...expected.filter((id) => id !== expected[3]), late.id])
    })

    it('sorts by custom fields of every sortable type, NULLs last, and pages through them without gaps', async () => {
      const { t } = get().tenant()
      await t.customFields.define({ entity: 'contact', key: 'score', label: 'Score', type: 'number' })
      await t.customFields.define({
        entity: 'contact',
        key: 'tier',
        label: 'Tier',
        type: 'select',
        options: ['a', 'B', 'b'],
      })
      await t.customFields.define({ entity: 'contact', key: 'note', label: 'Note', type: 'text' })
      await t.customFields.define({ entity: 'contact', key: 'renewal', label: 'Renewal', type: 'date' })
      await t.customFields.define({ entity: 'contact', key: 'vip', label: 'VIP', type: 'boolean' })
      // Duplicates, missing values, negatives and fractions, case and non-ASCII text.
      const values: Array<Record<string, string | number | boolean>> = [
        { score: 2, tier: 'b', note: 'é', renewal: '2026-05-01', vip: true },
        {},
        { score: -1.5, tier: 'B', note: 'E', renewal: '2025-12-31', vip: false },
        { score: 2, tier: 'a', note: '😀', vip: true },
        { score: 10, note: '\uFFFF', renewal: '2026-05-01' },
        { score: 0, tier: 'b', note: '', vip: false },
        { tier: 'a', note: 'e', renewal: '2024-02-29' },
        { score: 2, renewal: '2026-05-01', vip: true },
      ]
      const created: Array<Awaited<ReturnType<Tenant['contacts']['create']>>> = []
      for (const custom of values) created.push(await t.contacts.create({ custom }))
      const byCodePoint = (a: string, b: string) => {
        const x = [...a].map((ch) => ch.codePointAt(0) ?? 0)
        const y = [...b].map((ch) => ch.codePointAt(0) ?? 0)
        for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
        return x.length - y.length
      }
      for (const key of ['score', 'tier', 'note', 'renewal', 'vip'] as const) {
        for (const direction of ['asc', 'desc'] as const) {
          const sign = direction === 'asc' ? 1 : -1
          const customOf = (c: (typeof created)[number]) => (c.custom as Record<string, unknown>)[key]
          const expected = [...created].sort((a, b) => {
            const x = customOf(a)
            const y = customOf(b)
            if (x === undefined || y === undefined) {
              if (x !== y) return x === undefined ? 1 : -1 // missing values last either way
            } else {
              const c = typeof x === 'string' ? byCodePoint(x, y as string) : Number(x) - Number(y) // false < true
              if (c !== 0) return sign * c
            }
            return sign * (a.id < b.id ? -1 : 1)
          })
          const sort = { field: `custom.${key}` as const, direction }
          const full = await t.contacts.list({ sort, limit: 1000 })
          expect(
            full.items.map((c) => c.id),
            `${key} ${direction}`,
          ).toEqual(expected.map((c) => c.id))
          for (const limit of [1, 3]) {
            const { ids } = await walkPages(t, { sort, limit })
            expect(ids, `${key} ${direction} limit ${limit}`).toEqual(expected.map((c) => c.id))
          }
        }
      }
      // A cursor is bound to its custom field.
      const page = await t.contacts.list({ sort: { field: 'custom.score' }, limit: 2 })
      await expect(
        t.contacts.list({ sort: { field: 'custom.note' }, cursor: page.nextCursor ?? '' }),
      ).rejects.toMatchObject({ code: 'VALIDATION' })
    })

    it('rejects sorting by an unknown or multiselect custom field, naming sort.field', async () => {
      const { t } = get().tenant()
      await t.customFields.define({
        entity: 'contact',
        key: 'colors',
        label: 'Colors',
        type: 'multiselect',
        options: ['r'],
      })
      for (const field of ['custom.colors', 'custom.nope', 'custom.'] as const) {
        const error = await t.contacts.list({ sort: { field } }).then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(error, field).toMatchObject({ code: 'VALIDATION', issues: [{ path: ['sort', 'field'] }] })
      }
    })

    it('without a limit a page holds 50 records and says there are more', async () => {
      const { t } = get().tenant()
      await t.contacts.importMany(Array.from({ length: 51 }, (_, i) => ({ email: `many${i}@x.io` })))
      const first = await t.contacts.list()
      expect(first.items).toHaveLength(50)
      expect(first.nextCursor).toEqual(expect.any(String))
      const rest = await t.contacts.list({ cursor: first.nextCursor! })
      expect(rest.items).toHaveLength(1)
      expect(rest.nextCursor).toBeNull()
    })

    it('the last page has nextCursor null, also when the total is a multiple of the limit', async () => {
      const { t } = await seed()
      const { pages } = await walkPages(t, { limit: LAST_NAMES.length / 2 })
      expect(pages.flatMap((p) => p.items)).toHaveLength(LAST_NAMES.length)
      // No trailing empty page: the second full page already says there is nothing more.
      expect(pages.map((p) => [p.items.length, p.nextCursor === null])).toEqual([
        [LAST_NAMES.length / 2, false],
        [LAST_NAMES.length / 2, true],
      ])
    })
  })
}
