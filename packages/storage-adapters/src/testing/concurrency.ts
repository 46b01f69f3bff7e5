import { ConflictError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import { requireCapability } from './capabilities.js'
import type { SuiteContext, Tenant } from './context.js'
import { describeError } from './context.js'
import { salesPipeline } from './crud-pipeline.js'

/** Parallel writers per test. Kept at the core's retry budget so "no lost update" is decidable. */
const N = 8

/** Writers in the crowd test: many more than a pool has connections, all on one row. */
const CROWD = 200

type Settled<T> = PromiseSettledResult<T>
const fulfilled = <T>(results: Settled<T>[]) =>
  results.filter((r): r is PromiseFulfilledResult<T> => r.status === 'fulfilled')
const rejected = <T>(results: Settled<T>[]) =>
  results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')

/**
 * The read-modify-write loop a host writes to add a tag: read, write with the version it
 * read, retry on ConflictError. It can only lose a tag if compare-and-set is not atomic.
 */
async function addTag(t: Tenant, id: string, tag: string): Promise<number> {
  for (let attempt = 1; attempt <= 200; attempt++) {
    const current = await t.contacts.get(id)
    if (!current) throw new Error(`contact ${id} vanished`)
    try {
      await t.contacts.update(id, { tags: [...current.tags, tag] }, { expectedVersion: current.version })
      return attempt
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
    }
  }
  throw new Error(`addTag(${tag}) kept conflicting`)
}

/** Optimistic concurrency under concurrent writers. */
export function concurrencyTests(get: () => SuiteContext): void {
  describe('optimistic concurrency', () => {
    it(`${N} parallel updates with the same expectedVersion: exactly one wins, the others get ConflictError`, async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const c = await t.contacts.create({ email: 'race@x.io' })
      const results = await Promise.allSettled(
        Array.from({ length: N }, (_, i) =>
          t.contacts.update(c.id, { firstName: `writer-${i}` }, { expectedVersion: 1 }),
        ),
      )
      const winners = fulfilled(results)
      expect(
        winners,
        results.map((r) => (r.status === 'rejected' ? describeError(r.reason) : 'ok')).join('; '),
      ).toHaveLength(1)
      for (const loser of rejected(results))
        expect(loser.reason, describeError(loser.reason)).toBeInstanceOf(ConflictError)
      const row = await raw.row('contacts', tenantId, c.id)
      expect(row?.version).toBe(2)
      expect(row?.firstName).toBe(winners[0]?.value.firstName)
      // Exactly one contact.updated event was stored: losers wrote nothing.
      const updates = (await raw.rows('events', tenantId)).filter((e) => e.type === 'contact.updated')
      expect(updates).toHaveLength(1)
    })

    it(`${N} parallel stage moves with the same expectedVersion: one transition, one winner`, async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const d = await t.deals.create({ title: 'race', pipelineId: p.id, amount: { value: 1, currency: 'EUR' } })
      const targets = [p.stages[1]!, p.stages[2]!, p.stages[3]!]
      const results = await Promise.allSettled(
        Array.from({ length: N }, (_, i) => t.deals.moveToStage(d.id, targets[i % 3]!.id, { expectedVersion: 1 })),
      )
      expect(fulfilled(results)).toHaveLength(1)
      for (const loser of rejected(results))
        expect(loser.reason, describeError(loser.reason)).toBeInstanceOf(ConflictError)
      const row = await raw.row('deals', tenantId, d.id)
      expect(row?.version).toBe(2)
      expect(row?.stageId).toBe(fulfilled(results)[0]?.value.stageId)
      expect(await raw.count('dealTransitions', tenantId)).toBe(2)
    })

    it(`${N} parallel updates without expectedVersion of different fields: none is lost`, async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      await t.customFields.define({ entity: 'contact', key: 'counter', label: 'Counter', type: 'number' })
      const c = await t.contacts.create({ email: 'many@x.io' })
      // Each writer sets a different field; a writer that wrote a stale full row would undo the others.
      const patches = [
        { firstName: 'F' },
        { lastName: 'L' },
        { phone: '+1 2' },
        { title: 'T' },
        { ownerId: 'owner-1' },
        { lifecycleStage: 'customer' as const },
        { tags: ['t'] },
        { custom: { counter: 7 } },
      ].slice(0, N)
      const results = await Promise.allSettled(patches.map((patch) => t.contacts.update(c.id, patch)))
      expect(rejected(results).map((r) => describeError(r.reason))).toEqual([])
      const row = await raw.row('contacts', tenantId, c.id)
      expect(row).toMatchObject({
        firstName: 'F',
        lastName: 'L',
        phone: '+1 2',
        title: 'T',
        ownerId: 'owner-1',
        lifecycleStage: 'customer',
        tags: ['t'],
        custom: { counter: 7 },
        version: 1 + patches.length,
      })
    })

    it(`${CROWD} parallel read-modify-writes without expectedVersion on one contact all apply`, async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const contact = await t.contacts.create({ email: 'crowd@x.io' })
      const companies = await Promise.all(
        Array.from({ length: CROWD }, (_, i) => t.companies.create({ name: `C${i}` })),
      )
      // linkCompany re-reads the contact and compare-and-sets it: every loser of a race retries.
      const results = await Promise.allSettled(
        companies.map((company) => t.contacts.linkCompany(contact.id, company.id)),
      )
      expect(rejected(results).map((r) => describeError(r.reason))).toEqual([])
      const linked = await raw.links('contactCompanies', tenantId)
      expect(linked.map(([, company]) => company).sort()).toEqual(companies.map((c) => c.id).sort())
      expect((await raw.row('contacts', tenantId, contact.id))?.version).toBe(1 + CROWD)
    })

    it(`${N} hosts adding distinct tags with read + compare-and-set retries: all tags present`, async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const c = await t.contacts.create({ email: 'tags@x.io', tags: ['seed'] })
      const tags = Array.from({ length: N }, (_, i) => `tag-${i}`)
      const results = await Promise.allSettled(tags.map((tag) => addTag(t, c.id, tag)))
      expect(rejected(results).map((r) => describeError(r.reason))).toEqual([])
      const row = await raw.row('contacts', tenantId, c.id)
      expect([...((row?.tags as string[] | undefined) ?? [])].sort()).toEqual(['seed', ...tags].sort())
      expect(row?.version).toBe(1 + N)
    })

    it(`${N} parallel stage moves without expectedVersion: every move logged, history is a consistent chain`, async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      // One open stage per writer plus the start, so every move is a real change of stage.
      const stages = Array.from({ length: N + 1 }, (_, i) => ({ name: `S${i}`, probability: i / (N + 1) }))
      const p = await t.pipelines.create({ name: 'Many stages', currency: 'EUR', stages })
      const d = await t.deals.create({ title: 'chain', pipelineId: p.id, amount: { value: 1, currency: 'EUR' } })
      const results = await Promise.allSettled(p.stages.slice(1).map((stage) => t.deals.moveToStage(d.id, stage.id)))
      expect(rejected(results).map((r) => describeError(r.reason))).toEqual([])
      const history = await t.deals.history(d.id)
      const row = await raw.row('deals', tenantId, d.id)
      // A move that read a stale stage would log a fromStageId that breaks the chain.
      for (let i = 1; i < history.length; i++)
        expect(history[i]?.fromStageId, `transition ${i}`).toBe(history[i - 1]?.toStageId)
      expect(row?.stageId).toBe(history.at(-1)?.toStageId)
      expect(await raw.count('dealTransitions', tenantId)).toBe(history.length)
      expect(row?.version).toBe(history.length)
      expect(history).toHaveLength(N + 1)
      expect(new Set(history.map((h) => h.toStageId)).size).toBe(N + 1)
    })

    it(`${N} parallel creates with the same email: one contact, the others ConflictError`, async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const results = await Promise.allSettled(
        Array.from({ length: N }, (_, i) => t.contacts.create({ email: 'Same@X.io', firstName: `c${i}` })),
      )
      const [winner] = fulfilled(results)
      expect(fulfilled(results)).toHaveLength(1)
      // Racing inserts are reported like a plain duplicate: same fields and wording on every adapter.
      for (const loser of rejected(results)) {
        expect(loser.reason, describeError(loser.reason)).toBeInstanceOf(ConflictError)
        expect(loser.reason).toMatchObject({
          kind: 'unique',
          entity: 'contact',
          key: 'email',
          value: 'same@x.io',
          id: winner?.value.id,
          message: 'contact email "same@x.io" is already taken',
        })
      }
      expect(await raw.count('contacts', tenantId)).toBe(1)
      expect((await raw.rows('events', tenantId)).filter((e) => e.type === 'contact.created')).toHaveLength(1)
    })

    it('parallel imports of overlapping emails create each contact once and lose no row', async ({ skip }) => {
      // Each import batch must be all-or-nothing for racing imports to count every row once.
      requireCapability(skip, get().storage, 'supportsTransactions')
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const emails = Array.from({ length: 20 }, (_, i) => `shared${i}@x.io`)
      const imports = Array.from({ length: 4 }, (_, k) =>
        t.contacts.importMany(
          emails.map((email) => ({ email, tags: [`import-${k}`] })),
          { batchSize: 5 },
        ),
      )
      const results = await Promise.allSettled(imports)
      expect(rejected(results).map((r) => describeError(r.reason))).toEqual([])
      const done = fulfilled(results).map((r) => r.value)
      expect(done.flatMap((r) => r.failed)).toEqual([])
      expect(done.reduce((n, r) => n + r.created, 0)).toBe(emails.length)
      expect(done.reduce((n, r) => n + r.created + r.updated, 0)).toBe(emails.length * 4)
      const rows = await raw.rows('contacts', tenantId)
      expect(rows.map((r) => r.email).sort()).toEqual([...emails].sort())
    })

    it(`${N} parallel links of one contact to different companies: all links stored`, async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const c = await t.contacts.create({ email: 'links@x.io' })
      const companies = await Promise.all(Array.from({ length: N }, (_, i) => t.companies.create({ name: `Co ${i}` })))
      const results = await Promise.allSettled(companies.map((co) => t.contacts.linkCompany(c.id, co.id)))
      expect(rejected(results).map((r) => describeError(r.reason))).toEqual([])
      expect((await raw.links('contactCompanies', tenantId)).map(([, co]) => co).sort()).toEqual(
        companies.map((co) => co.id).sort(),
      )
      expect((await t.contacts.get(c.id))?.companyIds).toEqual(companies.map((co) => co.id).sort())
    })
  })
}
