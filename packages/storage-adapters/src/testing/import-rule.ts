import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SuiteContext, Tenant } from './context.js'
import { liveRows } from './context.js'

type Seen = { type: string; id: string }

/** Imports `rows` and returns the result with the contact events it emitted. */
async function importWatched(get: () => SuiteContext, t: Tenant, tenantId: string, rows: unknown[], batchSize: number) {
  const events: Seen[] = []
  const off = get().crm.events.onAny((e) => {
    if (e.tenantId !== tenantId || !e.type.startsWith('contact.')) return
    events.push({ type: e.type, id: (e.payload as { contact: { id: string } }).contact.id })
  })
  try {
    const result = await t.contacts.importMany(rows as never, { batchSize })
    return { result, events }
  } finally {
    off()
  }
}

const emailArb = fc.constantFrom('a@x.io', 'A@x.io', 'b@x.io', 'c@x.io', 'new@x.io', 'bad email', undefined)
const rowArb = fc.record(
  {
    email: emailArb,
    firstName: fc.constantFrom('Ann', 'Bo', 'Cy'),
    tags: fc.constantFrom([], ['x'], ['x', 'y']),
    lifecycleStage: fc.constantFrom('lead', 'customer'),
  },
  { requiredKeys: ['email'] },
)

/** importMany: rows of one email are merged, every row counted once, and events agree with the counts. */
export function importRuleTests(get: () => SuiteContext): void {
  describe('importMany: result and events agree', () => {
    it('three rows with one email: one record, one event, two rows merged into the first', async () => {
      const { t, tenantId } = get().tenant()
      const rows = [
        { email: 'sam@x.io', firstName: 'Sam' },
        { email: 'SAM@x.io', lastName: 'Smith' },
        { email: 'sam@x.io', tags: ['vip'] },
      ]
      const { result, events } = await importWatched(get, t, tenantId, rows, 2)
      const [sam] = await liveRows(get().raw, 'contacts', tenantId)
      expect(sam).toMatchObject({ firstName: 'Sam', lastName: 'Smith', tags: ['vip'], version: 1 })
      expect(result).toEqual({
        created: 1,
        updated: 0,
        unchanged: 0,
        merged: [
          { index: 1, into: 0, id: sam?.id },
          { index: 2, into: 0, id: sam?.id },
        ],
        failed: [],
      })
      expect(events).toEqual([{ type: 'contact.created', id: sam?.id }])

      // The same email again, with one change among three rows: one update, one event.
      const again = await importWatched(get, t, tenantId, [...rows, { email: 'sam@x.io', title: 'CEO' }], 1)
      expect(again.result).toMatchObject({ created: 0, updated: 1, unchanged: 0, failed: [] })
      expect(again.result.merged.map((m) => [m.index, m.into])).toEqual([
        [1, 0],
        [2, 0],
        [3, 0],
      ])
      expect(again.events).toEqual([{ type: 'contact.updated', id: sam?.id }])
    })

    it('property: every row is counted once and the events are one per created and updated record', async () => {
      const { t, tenantId } = get().tenant()
      await t.contacts.importMany([
        { email: 'a@x.io', firstName: 'Ann' },
        { email: 'b@x.io', firstName: 'Bo', tags: ['x'] },
        { email: 'c@x.io', firstName: 'Cy', lifecycleStage: 'customer' },
      ])
      await fc.assert(
        fc.asyncProperty(fc.array(rowArb, { maxLength: 12 }), fc.integer({ min: 1, max: 5 }), async (rows, size) => {
          const { result, events } = await importWatched(get, t, tenantId, rows, size)
          const { created, updated, unchanged, merged, failed } = result
          expect(created + updated + unchanged + merged.length + failed.length).toBe(rows.length)
          expect(events.filter((e) => e.type === 'contact.created')).toHaveLength(created)
          expect(events.filter((e) => e.type === 'contact.updated')).toHaveLength(updated)
          expect(events).toHaveLength(created + updated)
          // One event per record, and every merged row points at an earlier row of its email.
          expect(new Set(events.map((e) => e.id)).size).toBe(events.length)
          for (const m of merged) {
            expect(m.into).toBeLessThan(m.index)
            const email = (i: number) => String(rows[i]?.email).toLowerCase()
            expect(email(m.index)).toBe(email(m.into))
          }
          // Live emails stay unique.
          const emails = (await liveRows(get().raw, 'contacts', tenantId)).flatMap((r) => (r.email ? [r.email] : []))
          expect(new Set(emails).size).toBe(emails.length)
        }),
        { numRuns: 25 },
      )
    })
  })
}
