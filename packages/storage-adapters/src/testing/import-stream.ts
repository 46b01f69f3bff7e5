import type { AnyCrmEvent } from '@crmkit/core'
import { describe, expect, it } from 'vitest'
import { requireCapability } from './capabilities.js'
import type { SuiteContext } from './context.js'
import { faultyStorage } from './faults.js'
import { skipRemote } from './remote-skips.js'

/** Events of one tenant delivered to subscribers of `crm` while `work` runs. */
async function delivered<T>(
  crm: SuiteContext['crm'],
  tenantId: string,
  work: () => Promise<T>,
): Promise<{ value: T; events: AnyCrmEvent[] }> {
  const events: AnyCrmEvent[] = []
  const off = crm.events.onAny((e) => {
    if (e.tenantId === tenantId) events.push(e)
  })
  try {
    return { value: await work(), events }
  } finally {
    off()
  }
}

/** Ids of the contacts named by `contact.*` events of a type, in delivery order. */
function contactIds(events: readonly AnyCrmEvent[], type: string): string[] {
  return events
    .filter((e) => e.type === type)
    .map((e) => String((e.payload as unknown as { contact: { id: string } }).contact.id))
}

/**
 * `importMany` over an iterable or async iterable (read one batch at a time), and the
 * outbox contract of imports: one delivered and one stored event per written contact.
 */
export function importStreamTests(get: () => SuiteContext): void {
  describe('importMany: streamed input and its events', () => {
    for (const kind of ['iterable', 'async iterable'] as const) {
      it(`reads an ${kind} one window at a time, with the import rules and one event per written contact`, async (test) => {
        skipRemote(get, test, 'streamedInput')
        const { raw, crm } = get()
        const { t, tenantId } = get().tenant()
        const acme = await t.companies.create({ name: 'Acme' })
        await t.contacts.create({ email: 'known@x.io', firstName: 'Known' })
        const rows = [
          { email: 'a@x.io', firstName: 'A', companyIds: [acme.id] },
          { email: 'not an email' },
          { email: 'A@x.io', lastName: 'Merged' }, // same window as row 0: merged into it
          { email: 'known@x.io', firstName: 'Changed' }, // an existing contact: updated
          { email: 'b@x.io', companyIds: ['0190a0a0-0000-7000-8000-00000000beef'] }, // unknown company
          { email: 'a@x.io', title: 'Later' }, // a later window: updates the contact of row 0
          { firstName: 'No email' },
        ]
        let pulled = 0
        function* sync() {
          for (const row of rows) {
            pulled++
            yield row
          }
        }
        async function* lazy() {
          for (const row of sync()) {
            await Promise.resolve()
            yield row
          }
        }
        const progress: { processed: number; total: number }[] = []
        const { value: result, events } = await delivered(crm, tenantId, () =>
          t.contacts.importMany(kind === 'iterable' ? sync() : lazy(), {
            batchSize: 3,
            onProgress: (p) => {
              progress.push({ processed: p.processed, total: p.total })
              // Read lazily: never more than one window ahead of what was written.
              expect(pulled - p.processed).toBeLessThanOrEqual(3)
            },
          }),
        )
        const stored = await raw.rows('contacts', tenantId)
        const a = stored.find((r) => r.email === 'a@x.io')
        expect(result.failed.map((f) => f.index)).toEqual([1, 4])
        expect(result.merged).toEqual([{ index: 2, into: 0, id: a?.id }])
        expect({ created: result.created, updated: result.updated, unchanged: result.unchanged }).toEqual({
          created: 2,
          updated: 2,
          unchanged: 0,
        })
        const counted = result.created + result.updated + result.unchanged + result.merged.length + result.failed.length
        expect(counted).toBe(rows.length)
        expect(progress.at(-1)).toEqual({ processed: 7, total: 7 })
        expect(a).toMatchObject({ firstName: 'A', lastName: 'Merged', title: 'Later' })
        expect(stored.map((r) => r.email).sort()).toEqual(['a@x.io', 'known@x.io', null].sort())
        expect(await raw.links('contactCompanies', tenantId)).toEqual([[String(a?.id), acme.id]])
        // One delivered event per written contact, and the outbox holds exactly those.
        const created = contactIds(events, 'contact.created')
        const updated = contactIds(events, 'contact.updated')
        expect(created).toHaveLength(result.created)
        expect(updated).toHaveLength(result.updated)
        expect(new Set(created).size).toBe(created.length)
        // The outbox, after the creation of known@x.io that came before the import.
        const outbox = (await t.events.list({ limit: 100 })).items.filter((e) => e.type.startsWith('contact.'))
        expect(outbox.slice(1).map((e) => e.id)).toEqual(
          events.filter((e) => e.type.startsWith('contact.')).map((e) => e.id),
        )
      })
    }

    it('a rejected iterable item is not a row: the import stops with that error after the windows before it', async (test) => {
      skipRemote(get, test, 'streamedInput')
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      async function* broken() {
        for (let i = 0; i < 4; i++) yield { email: `s${i}@x.io` }
        throw new Error('the CSV file is truncated')
      }
      await expect(t.contacts.importMany(broken(), { batchSize: 2 })).rejects.toThrow('the CSV file is truncated')
      expect((await raw.rows('contacts', tenantId)).map((r) => r.email).sort()).toEqual([
        's0@x.io',
        's1@x.io',
        's2@x.io',
        's3@x.io',
      ])
    })

    it('delivered events equal written rows over many batches; a failed batch retried writes no duplicate', async ({
      skip,
    }) => {
      requireCapability(skip, get().storage, 'supportsTransactions')
      const { raw, storage } = get()
      let eventInserts = 0
      // The outbox insert of the third batch fails once: that batch rolls back whole.
      const faulty = get().crmOver(
        faultyStorage(storage, (c) => c.op === 'insert' && c.target === 'events' && ++eventInserts === 3),
      )
      const { tenantId } = get().tenant()
      const t = faulty.forTenant(tenantId, { actor: 'importer' })
      const acme = await t.companies.create({ name: 'Acme' })
      function* rows() {
        for (let i = 0; i < 40; i++) yield { email: `r${i}@x.io`, companyIds: [acme.id] }
      }
      const first = await delivered(faulty, tenantId, () =>
        t.contacts.importMany(rows(), { batchSize: 5 }).then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        ),
      )
      // Retry the whole import: what the first attempt wrote is unchanged now, the rest is created.
      const second = await delivered(faulty, tenantId, () => t.contacts.importMany(rows(), { batchSize: 5 }))
      const stored = await raw.rows('contacts', tenantId)
      expect(stored).toHaveLength(40)
      const createdIds = [
        ...contactIds(first.events, 'contact.created'),
        ...contactIds(second.events, 'contact.created'),
      ]
      expect(createdIds.sort()).toEqual(stored.map((r) => String(r.id)).sort())
      expect(second.value.created + second.value.unchanged).toBe(40)
      expect(second.value.updated).toBe(0)
      const outbox = (await raw.rows('events', tenantId)).filter((e) => e.type === 'contact.created')
      expect(outbox).toHaveLength(40)
      const outboxIds = outbox.map((e) => (e.payload as unknown as { contact: { id: string } }).contact.id)
      expect(outboxIds.sort()).toEqual(stored.map((r) => String(r.id)).sort())
      expect(await raw.links('contactCompanies', tenantId)).toHaveLength(40)
    })
  })
}
