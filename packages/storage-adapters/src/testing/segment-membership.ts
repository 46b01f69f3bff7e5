import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SuiteContext, Tenant } from './context.js'
import { liveRows } from './context.js'

/** One step of a random history: writes that move contacts in and out of segments, and time passing. */
type Step =
  | { readonly op: 'create'; readonly tags: readonly string[]; readonly country: string | null }
  | { readonly op: 'tag'; readonly who: number; readonly tags: readonly string[] }
  | { readonly op: 'country'; readonly who: number; readonly country: string | null }
  | { readonly op: 'delete' | 'restore' | 'list' | 'unlist'; readonly who: number }
  | { readonly op: 'wait'; readonly days: number }
  | { readonly op: 'refresh' }

const tags = fc.subarray(['vip', 'beta'])
const country = fc.constantFrom('DE', 'FR', null)
const who = fc.nat(20)
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), tags, country }),
  fc.record({ op: fc.constant('tag' as const), who, tags }),
  fc.record({ op: fc.constant('country' as const), who, country }),
  fc.record({ op: fc.constantFrom('delete' as const, 'restore' as const, 'list' as const, 'unlist' as const), who }),
  fc.record({ op: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('refresh' as const) }),
)

async function apply(t: Tenant, s: Step, ids: string[], listId: string, get: () => SuiteContext): Promise<void> {
  const id = ids.length > 0 && 'who' in s ? ids[s.who % ids.length] : undefined
  const tolerate = (p: Promise<unknown>) => p.catch(() => undefined) // a deleted contact: NotFoundError
  switch (s.op) {
    case 'create':
      ids.push((await t.contacts.create({ tags: [...s.tags], country: s.country })).id)
      return
    case 'wait': {
      const { clock } = get()
      clock.set(new Date(clock.peek().getTime() + s.days * 86_400_000))
      return
    }
    case 'refresh':
      await t.segments.refresh()
      return
  }
  if (id === undefined) return
  if (s.op === 'tag') await tolerate(t.contacts.update(id, { tags: [...s.tags] }))
  else if (s.op === 'country') await tolerate(t.contacts.update(id, { country: s.country }))
  else if (s.op === 'delete') await tolerate(t.contacts.delete(id))
  else if (s.op === 'restore') await tolerate(t.contacts.restore(id))
  else if (s.op === 'list') await tolerate(t.segments.addContacts(listId, [id]))
  else await t.segments.removeContacts(listId, [id])
}

/** The segment events of a tenant's outbox, by `segmentId contactId`, in write order. */
async function eventsByPair(t: Tenant): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  for (let cursor: string | null | undefined; ; ) {
    const page = await t.events.list({ limit: 1000, ...(cursor ? { after: cursor } : {}) })
    for (const e of page.items) {
      if (e.type !== 'segment.entered' && e.type !== 'segment.left') continue
      const key = `${e.payload.segmentId} ${e.payload.contactId}`
      out.set(key, [...(out.get(key) ?? []), e.type])
    }
    cursor = page.nextCursor
    if (!cursor) return out
  }
}

const sortedIds = (items: readonly { id: string }[]) => items.map((c) => c.id).sort()

/**
 * Live membership under random histories: after any sequence of writes and time passing,
 * every dynamic segment's `members()` equals the contacts its condition selects now; after
 * `refresh()` the stored membership equals it too; and the outbox holds, per contact and
 * segment, alternating entered/left events that end in the stored state.
 */
export function segmentMembershipTests(get: () => SuiteContext): void {
  describe('segment membership', () => {
    it('property: members() equals the condition now; refresh() makes stored membership and events agree', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
          const { raw, clock } = get()
          const { t, tenantId } = get().tenant()
          clock.run()
          await get().clock.restoring(async () => {
            const list = await t.segments.create({ name: 'List', kind: 'static' })
            const ids: string[] = []
            const conditions = [
              { field: 'tags', op: 'contains', value: 'vip' },
              { field: 'createdAt', op: 'withinLast', value: { days: 3 } },
              { all: [{ not: { inSegment: list.id } }, { field: 'country', op: 'neq', value: 'FR' }] },
            ] as const
            const segments = []
            for (const [i, where] of conditions.entries()) {
              segments.push(await t.segments.create({ name: `S${i}`, where }))
            }
            for (const s of steps) await apply(t, s, ids, list.id, get)
            for (const segment of segments) {
              const expected = sortedIds(
                (await t.contacts.list({ ...(segment.where ? { where: segment.where } : {}), limit: 1000 })).items,
              )
              expect(sortedIds((await t.segments.members(segment.id, { limit: 1000 })).items)).toEqual(expected)
              expect(await t.segments.count(segment.id)).toBe(expected.length)
            }
            await t.segments.refresh()
            const live = await liveRows(raw, 'segmentMembers', tenantId)
            const events = await eventsByPair(t)
            for (const segment of [...segments, list]) {
              const stored = live.filter((r) => r.segmentId === segment.id).map((r) => String(r.contactId))
              const members = sortedIds((await t.segments.members(segment.id, { limit: 1000 })).items)
              // Static lists keep deleted contacts' rows (members() shows live contacts only).
              if (segment.kind === 'dynamic') expect(stored.sort()).toEqual(members)
              for (const contactId of ids) {
                const history = events.get(`${segment.id} ${contactId}`) ?? []
                const alternating = history.map((_, i) => (i % 2 === 0 ? 'segment.entered' : 'segment.left'))
                expect(history).toEqual(alternating)
                expect(history.length % 2 === 1).toBe(stored.includes(contactId))
              }
            }
          })
        }),
        { numRuns: get().harness.name === 'memory' ? 60 : 12 },
      )
    })
  })
}
