import { NotFoundError, ValidationError } from '@crmkit/core'
import { describe, expect, it } from 'vitest'
import type { SuiteContext, Tenant } from './context.js'
import { caught, liveRows, snapshotTenant } from './context.js'

const vip = { field: 'tags', op: 'contains', value: 'vip' } as const

/** The segment events of a tenant's outbox, as `type contactId` strings in write order. */
async function segmentEvents(t: Tenant): Promise<string[]> {
  const out: string[] = []
  for (let cursor: string | null | undefined; ; ) {
    const page = await t.events.list({ limit: 1000, ...(cursor ? { after: cursor } : {}) })
    for (const e of page.items) {
      if (e.type === 'segment.entered' || e.type === 'segment.left') out.push(`${e.type} ${e.payload.contactId}`)
    }
    cursor = page.nextCursor
    if (!cursor) return out
  }
}

const ids = (items: readonly { id: string }[]) => items.map((c) => c.id).sort()

function pathsOf(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError)
  return (error as ValidationError).issues.map((issue) => issue.path.join('.'))
}

/** Saved segments: CRUD, static lists, live dynamic membership, references, refresh and explain. */
export function segmentTests(get: () => SuiteContext): void {
  describe('segments', () => {
    it('create, get, list, update and delete a segment; rows are stored as written', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const s = await t.segments.create({ name: 'VIPs', where: vip, description: 'big spenders' })
      expect(s).toMatchObject({ name: 'VIPs', kind: 'dynamic', where: vip, description: 'big spenders', version: 1 })
      expect(await t.segments.get(s.id)).toEqual(s)
      expect(await raw.row('segments', tenantId, s.id)).toMatchObject({ kind: 'dynamic', definition: { where: vip } })
      const list = await t.segments.create({ name: 'Newsletter', kind: 'static' })
      expect(list).toMatchObject({ kind: 'static', where: null })
      expect(ids((await t.segments.list()).items)).toEqual(ids([s, list]))
      const renamed = await t.segments.update(s.id, { name: 'VIP customers' })
      expect(renamed).toMatchObject({ name: 'VIP customers', version: 2, where: vip })
      expect(await t.segments.delete(list.id)).toMatchObject({ id: list.id })
      expect(await t.segments.get(list.id)).toBeNull()
      expect(await caught(t.segments.delete(list.id))).toBeInstanceOf(NotFoundError)
      expect(await caught(t.segments.count(list.id))).toBeInstanceOf(NotFoundError)
    })

    it('a static segment: add and remove by ids and by filter, with entered/left counts and events', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const [a, b, c] = [
        await t.contacts.create({ email: 'a@s.io', tags: ['x'] }),
        await t.contacts.create({ email: 'b@s.io', tags: ['x'] }),
        await t.contacts.create({ email: 'c@s.io' }),
      ]
      const s = await t.segments.create({ name: 'List', kind: 'static' })
      expect(await t.segments.addContacts(s.id, [a.id, a.id])).toEqual({ entered: 1, left: 0 })
      expect(await t.segments.addContacts(s.id, { where: { field: 'tags', op: 'contains', value: 'x' } })).toEqual({
        entered: 1,
        left: 0,
      })
      expect(ids((await t.segments.members(s.id)).items)).toEqual(ids([a, b]))
      expect(await t.segments.count(s.id)).toBe(2)
      expect(await t.segments.contains(s.id, c.id)).toBe(false)
      expect(await t.segments.removeContacts(s.id, [a.id, c.id])).toEqual({ entered: 0, left: 1 })
      expect(await t.segments.removeContacts(s.id, [a.id])).toEqual({ entered: 0, left: 0 })
      expect(ids((await t.segments.members(s.id)).items)).toEqual([b.id])
      expect(await segmentEvents(t)).toEqual([
        `segment.entered ${a.id}`,
        `segment.entered ${b.id}`,
        `segment.left ${a.id}`,
      ])
      // Two stints of a, one closed; b's open.
      const rows = await raw.rows('segmentMembers', tenantId)
      expect(rows.map((r) => [r.contactId, r.deletedAt === null]).sort()).toEqual(
        [
          [a.id, false],
          [b.id, true],
        ].sort(),
      )
    })

    it('bad input is a typed error that changes nothing', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const a = await t.contacts.create({ email: 'a@bad.io' })
      const list = await t.segments.create({ name: 'List', kind: 'static' })
      const dyn = await t.segments.create({ name: 'Dyn', where: vip })
      const before = await snapshotTenant(raw, tenantId)
      expect(pathsOf(await caught(t.segments.create({ name: '' })))).toEqual(['name'])
      expect(pathsOf(await caught(t.segments.create({ name: 'S', kind: 'static', where: vip })))).toEqual(['where'])
      expect(
        pathsOf(await caught(t.segments.create({ name: 'S', where: { field: 'nope', op: 'eq', value: 1 } as never }))),
      ).toEqual(['where.field'])
      expect(pathsOf(await caught(t.segments.create({ name: 'S', where: { inSegment: 'missing' } })))).toEqual([
        'where.inSegment',
      ])
      expect(pathsOf(await caught(t.segments.addContacts(list.id, [a.id, 'missing'])))).toEqual(['contacts.1'])
      expect(pathsOf(await caught(t.segments.addContacts(dyn.id, [a.id])))).toEqual(['id'])
      expect(pathsOf(await caught(t.segments.update(list.id, { where: vip })))).toEqual(['where'])
      expect(await caught(t.segments.addContacts('missing', [a.id]))).toBeInstanceOf(NotFoundError)
      expect(await caught(t.segments.explain(dyn.id, 'missing'))).toBeInstanceOf(NotFoundError)
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
    })

    it('dynamic membership follows writes: members() equals evaluating the condition, events fire exactly once', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const a = await t.contacts.create({ email: 'a@d.io', tags: ['vip'] })
      const s = await t.segments.create({ name: 'VIPs', where: vip })
      const b = await t.contacts.create({ email: 'b@d.io' })
      await t.contacts.update(b.id, { tags: ['vip'] })
      await t.contacts.update(b.id, { firstName: 'Bo' })
      await t.contacts.update(a.id, { tags: [] })
      const c = await t.contacts.create({ email: 'c@d.io', tags: ['vip'] })
      await t.contacts.delete(c.id)
      const expected = ids((await t.contacts.list({ where: vip })).items)
      expect(ids((await t.segments.members(s.id)).items)).toEqual(expected)
      expect(expected).toEqual([b.id])
      expect(await t.segments.count(s.id)).toBe(1)
      expect(await segmentEvents(t)).toEqual([
        `segment.entered ${a.id}`,
        `segment.entered ${b.id}`,
        `segment.left ${a.id}`,
        `segment.entered ${c.id}`,
        `segment.left ${c.id}`,
      ])
      const live = await liveRows(raw, 'segmentMembers', tenantId)
      expect(live.map((r) => r.contactId)).toEqual([b.id])
      expect(await t.segments.refresh()).toEqual({ segments: 1, entered: 0, left: 0 })
    })

    it('time-window conditions: members() follows the clock, refresh() diffs the stored membership once', async () => {
      const { clock, raw } = get()
      const { t, tenantId } = get().tenant()
      await clock.restoring(async () => {
        const a = await t.contacts.create({ email: 'a@w.io' })
        const recent = await t.segments.create({
          name: 'New',
          where: { field: 'createdAt', op: 'withinLast', value: { days: 1 } },
        })
        expect(await t.segments.contains(recent.id, a.id)).toBe(true)
        clock.set(new Date(clock.peek().getTime() + 2 * 86_400_000))
        expect((await t.segments.members(recent.id)).items).toEqual([])
        expect(await t.contacts.count(recent.where ? { where: recent.where } : {})).toBe(0)
        expect((await liveRows(raw, 'segmentMembers', tenantId)).length).toBe(1)
        expect(await t.segments.refresh(recent.id)).toEqual({ segments: 1, entered: 0, left: 1 })
        expect(await t.segments.refresh()).toEqual({ segments: 1, entered: 0, left: 0 })
        expect(await segmentEvents(t)).toEqual([`segment.entered ${a.id}`, `segment.left ${a.id}`])
      })
    })

    it('segment references: inSegment and not-in in any filter, nested, tenant-scoped; cycles are rejected', async () => {
      const { t } = get().tenant()
      const other = get().tenant().t
      const a = await t.contacts.create({ email: 'a@r.io', tags: ['vip'], country: 'DE' })
      const b = await t.contacts.create({ email: 'b@r.io', country: 'DE' })
      const c = await t.contacts.create({ email: 'c@r.io', tags: ['vip'] })
      const vips = await t.segments.create({ name: 'VIPs', where: vip })
      const list = await t.segments.create({ name: 'List', kind: 'static' })
      await t.segments.addContacts(list.id, [b.id])
      const inVips = { inSegment: vips.id }
      expect(ids((await t.contacts.list({ where: inVips })).items)).toEqual(ids([a, c]))
      // No country is UNKNOWN for the condition, yet `not in` is exactly the complement.
      const germans = await t.segments.create({ name: 'DE', where: { field: 'country', op: 'eq', value: 'DE' } })
      expect(ids((await t.contacts.list({ where: { not: { inSegment: germans.id } } })).items)).toEqual([c.id])
      expect(
        ids(
          (
            await t.contacts.list({
              where: { any: [{ inSegment: list.id }, { all: [inVips, { field: 'country', op: 'isSet' }] }] },
            })
          ).items,
        ),
      ).toEqual(ids([a, b]))
      const nested = await t.segments.create({
        name: 'German VIPs',
        where: { all: [inVips, { inSegment: germans.id }] },
      })
      expect(ids((await t.segments.members(nested.id)).items)).toEqual([a.id])
      // A write changes the nested segment's membership too.
      await t.contacts.update(b.id, { tags: ['vip'] })
      expect(ids((await t.segments.members(nested.id)).items)).toEqual(ids([a, b]))
      expect(await t.segments.refresh()).toMatchObject({ entered: 0, left: 0 })

      const cycle = await caught(t.segments.update(vips.id, { where: { any: [vip, { inSegment: nested.id }] } }))
      expect(pathsOf(cycle)).toEqual(['where.any.1.inSegment'])
      expect((cycle as ValidationError).message).toContain('cycle')
      expect(pathsOf(await caught(t.segments.update(vips.id, { where: { inSegment: vips.id } })))).toEqual([
        'where.inSegment',
      ])
      expect(pathsOf(await caught(t.segments.delete(germans.id)))).toEqual(['id'])
      expect(pathsOf(await caught(other.contacts.list({ where: inVips })))).toEqual(['where.inSegment'])
      expect(pathsOf(await caught(t.companies.list({ where: inVips } as never)))).toEqual(['where.inSegment'])
    })

    it('explain says which nodes held and the values that decided them', async () => {
      const { t } = get().tenant()
      const a = await t.contacts.create({ email: 'a@e.io', tags: ['vip'] })
      const s = await t.segments.create({
        name: 'German VIPs',
        where: { all: [vip, { field: 'country', op: 'eq', value: 'DE' }] },
      })
      expect(await t.segments.explain(s.id, a.id)).toEqual({
        segmentId: s.id,
        contactId: a.id,
        member: false,
        tree: {
          kind: 'all',
          held: null,
          nodes: [
            { kind: 'condition', field: 'tags', op: 'contains', value: 'vip', held: true, actual: ['vip'] },
            { kind: 'condition', field: 'country', op: 'eq', value: 'DE', held: null, actual: null },
          ],
        },
      })
      await t.contacts.update(a.id, { country: 'DE' })
      expect(await t.segments.explain(s.id, a.id)).toMatchObject({ member: true, tree: { held: true } })
    })
  })
}
