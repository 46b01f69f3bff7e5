import { StorageError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import { requireCapability } from './capabilities.js'
import type { SuiteContext } from './context.js'
import { caught, describeError, liveRows } from './context.js'
import { faultyStorage } from './faults.js'
import { skipRemote } from './remote-skips.js'

type Progress = {
  processed: number
  total: number
  created: number
  updated: number
  unchanged: number
  merged: number
  failed: number
}

/** Bulk import: upsert by email, bad rows reported, batches transactional, progress reported. */
export function importTests(get: () => SuiteContext): void {
  describe('importMany', () => {
    it('persists the good rows, reports each bad row by index with issues, and reports progress', async (test) => {
      skipRemote(get, test, 'functionArgument')
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const rows = [
        { email: 'a@x.io', firstName: 'A' },
        { email: 'not an email', firstName: 'Bad' },
        { email: 'b@x.io', firstName: 'B', tags: ['imported'] },
        { email: 'c@x.io', id: '0190a0a0-0000-7000-8000-000000000001' },
        { email: 'd@x.io', lifecycleStage: 'king' },
        { email: 'e@x.io', firstName: 'E', lifecycleStage: 'customer' },
        { firstName: 'No email' },
      ]
      const progress: Progress[] = []
      const result = await t.contacts.importMany(rows as never, {
        onProgress: (p) => void progress.push({ ...p }),
        batchSize: 2,
      })
      expect(result.created).toBe(4)
      expect(result.updated).toBe(0)
      expect(result.failed.map((f) => f.index)).toEqual([1, 3, 4])
      for (const f of result.failed) expect(f.issues.length).toBeGreaterThan(0)
      expect(result.failed[0]?.issues.map((i) => i.path.join('.'))).toContain('email')
      expect(result.failed[2]?.issues.map((i) => i.path.join('.'))).toContain('lifecycleStage')
      expect(JSON.stringify(result.failed[1]?.issues)).toContain('id')
      const stored = await liveRows(raw, 'contacts', tenantId)
      expect(stored.map((r) => r.email).sort()).toEqual(['a@x.io', 'b@x.io', 'e@x.io', null].sort())
      expect(stored.find((r) => r.email === 'b@x.io')).toMatchObject({ firstName: 'B', tags: ['imported'] })
      expect(stored.some((r) => r.id === '0190a0a0-0000-7000-8000-000000000001')).toBe(false)
      // Progress: called per batch of valid rows, monotone, ends with everything processed.
      expect(progress.length).toBeGreaterThanOrEqual(Math.ceil(4 / 2))
      for (let i = 1; i < progress.length; i++)
        expect(progress[i]!.processed).toBeGreaterThanOrEqual(progress[i - 1]!.processed)
      expect(progress.at(-1)).toEqual({
        processed: 7,
        total: 7,
        created: 4,
        updated: 0,
        unchanged: 0,
        merged: 0,
        failed: 3,
      })
    })

    it('a re-import creates no duplicates, reports updates and unchanged rows; emails match case-insensitively', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const first = await t.contacts.importMany([
        { email: 'ada@x.io', firstName: 'Ada' },
        { email: 'bob@x.io', firstName: 'Bob' },
        { email: 'cyd@x.io', firstName: 'Cyd' },
      ])
      expect(first).toEqual({ created: 3, updated: 0, unchanged: 0, merged: [], failed: [] })
      const ids = new Map((await raw.rows('contacts', tenantId)).map((r) => [r.email, r.id]))
      const second = await t.contacts.importMany([
        { email: 'ADA@x.io', firstName: 'Ada', lastName: 'Lovelace' },
        { email: ' bob@X.IO ', firstName: 'Robert' },
        { email: 'cyd@x.io', firstName: 'Cyd' },
        { email: 'dee@x.io', firstName: 'Dee' },
      ])
      // Cyd's row equals what is stored: unchanged, not updated.
      expect(second).toEqual({ created: 1, updated: 2, unchanged: 1, merged: [], failed: [] })
      const after = await raw.rows('contacts', tenantId)
      expect(after).toHaveLength(4)
      for (const [email, id] of ids) expect(after.find((r) => r.email === email)?.id).toBe(id)
      expect(after.find((r) => r.email === 'ada@x.io')).toMatchObject({
        firstName: 'Ada',
        lastName: 'Lovelace',
        version: 2,
      })
      expect(after.find((r) => r.email === 'bob@x.io')).toMatchObject({ firstName: 'Robert' })
      const third = await t.contacts.importMany([{ email: 'ada@x.io' }, { email: 'bob@x.io' }])
      expect(third).toEqual({ created: 0, updated: 0, unchanged: 2, merged: [], failed: [] })
      expect(await raw.count('contacts', tenantId)).toBe(4)
    })

    it('a row linking an absent company fails alone; its batch neighbours and their links are kept', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const acme = await t.companies.create({ name: 'Acme' })
      const result = await t.contacts.importMany(
        [
          { email: 'one@x.io', companyIds: [acme.id] },
          { email: 'two@x.io', companyIds: ['0190a0a0-0000-7000-8000-00000000beef'] },
          { email: 'three@x.io', companyIds: [acme.id] },
        ],
        { batchSize: 10 },
      )
      expect(result.created).toBe(2)
      expect(result.failed.map((f) => f.index)).toEqual([1])
      expect(result.failed[0]?.issues.length).toBeGreaterThan(0)
      const rows = await raw.rows('contacts', tenantId)
      expect(rows.map((r) => r.email).sort()).toEqual(['one@x.io', 'three@x.io'])
      expect((await raw.links('contactCompanies', tenantId)).map(([, co]) => co)).toEqual([acme.id, acme.id])
    })

    it('importing the email of a soft-deleted contact creates a new live contact and leaves the deleted one alone', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const old = await t.contacts.create({ email: 'gone@x.io', firstName: 'Old' })
      await t.contacts.delete(old.id)
      const before = await raw.row('contacts', tenantId, old.id)
      const result = await t.contacts.importMany([{ email: 'gone@x.io', firstName: 'New' }])
      expect(result).toEqual({ created: 1, updated: 0, unchanged: 0, merged: [], failed: [] })
      expect(await raw.row('contacts', tenantId, old.id)).toEqual(before)
      expect(await raw.count('contacts', tenantId, { live: true })).toBe(1)
    })

    it('the same email twice in one import yields one contact', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const result = await t.contacts.importMany(
        [
          { email: 'twin@x.io', firstName: 'First' },
          { email: 'other@x.io' },
          { email: 'TWIN@x.io', lastName: 'Second' },
        ],
        { batchSize: 10 },
      )
      const rows = await raw.rows('contacts', tenantId)
      const twin = rows.find((r) => r.email === 'twin@x.io')
      expect(result).toEqual({
        created: 2,
        updated: 0,
        unchanged: 0,
        merged: [{ index: 2, into: 0, id: twin?.id }],
        failed: [],
      })
      expect(rows.map((r) => r.email).sort()).toEqual(['other@x.io', 'twin@x.io'])
      expect(rows.find((r) => r.email === 'twin@x.io')).toMatchObject({ lastName: 'Second' })
    })

    it('imports a few hundred rows across batches, with custom fields and tags, exactly once each', async (test) => {
      skipRemote(get, test, 'functionArgument')
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      await t.customFields.define({ entity: 'contact', key: 'score', label: 'Score', type: 'number' })
      const rows = Array.from({ length: 450 }, (_, i) => ({
        email: `bulk${i}@x.io`,
        firstName: `Bulk ${i}`,
        tags: i % 2 === 0 ? ['even'] : [],
        custom: { score: i },
      }))
      rows[123] = { ...rows[123]!, custom: { score: 'NaN' as unknown as number } }
      let calls = 0
      const result = await t.contacts.importMany(rows, { batchSize: 100, onProgress: () => void calls++ })
      expect(result.created).toBe(449)
      expect(result.failed.map((f) => [f.index, f.issues.map((i) => i.path.join('.'))])).toEqual([
        [123, ['custom.score']],
      ])
      expect(calls).toBeGreaterThanOrEqual(5)
      expect(await raw.count('contacts', tenantId)).toBe(449)
      expect((await raw.rows('contacts', tenantId)).find((r) => r.email === 'bulk449@x.io')).toMatchObject({
        custom: { score: 449 },
        tags: [],
      })
      expect(await t.contacts.count({ where: { field: 'tags', op: 'contains', value: 'even' } })).toBe(225)
    })

    it('each batch is one transaction: a storage failure never leaves a contact without its event, nor a lost row', async ({
      skip,
    }) => {
      requireCapability(skip, get().storage, 'supportsTransactions')
      const { raw, storage } = get()
      let eventInserts = 0
      // Fail the outbox insert of the second batch once, after its contacts were inserted.
      const faulty = get().crmOver(
        faultyStorage(storage, (c) => c.op === 'insert' && c.target === 'events' && ++eventInserts === 2),
      )
      const { tenantId } = get().tenant()
      const t = faulty.forTenant(tenantId, { actor: 'importer' })
      const rows = Array.from({ length: 6 }, (_, i) => ({ email: `batch${i}@x.io` }))
      const outcome = await t.contacts.importMany(rows, { batchSize: 3 }).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      )
      const stored = (await raw.rows('contacts', tenantId)).map((r) => String(r.email)).sort()
      const outbox = (await raw.rows('events', tenantId)).map((e) => JSON.stringify(e.payload))
      // The first batch committed before the fault.
      expect(stored).toEqual(expect.arrayContaining(['batch0@x.io', 'batch1@x.io', 'batch2@x.io']))
      // All or nothing per write: every stored contact has its event, and no event lacks its contact.
      for (const email of stored)
        expect(
          outbox.filter((p) => p.includes(email)),
          email,
        ).toHaveLength(1)
      expect(outbox).toHaveLength(stored.length)
      if ('result' in outcome) {
        // Reported per row (a replay may have written rows of the failed batch one by one):
        // every row is either created or failed, and the counts match storage.
        const { created, updated, unchanged, merged, failed } = outcome.result
        expect(created + updated + unchanged + merged.length + failed.length).toBe(6)
        expect(created).toBe(stored.length)
        for (const f of failed) expect(stored).not.toContain(`batch${f.index}@x.io`)
      } else {
        expect(stored).toEqual(['batch0@x.io', 'batch1@x.io', 'batch2@x.io'])
      }
    })
    it('a database outage during an import throws a StorageError; it is not reported as failed rows', async (test) => {
      const { skip } = test
      skipRemote(get, test, 'functionArgument')
      // It also checks that the failing batch left nothing behind, which takes a transaction.
      requireCapability(skip, get().storage, 'supportsTransactions')
      const { raw, storage } = get()
      let contactInserts = 0
      // The second batch's insert fails the way a dropped connection does (adapters raise StorageError).
      const down = get().crmOver(
        faultyStorage(
          storage,
          (c) => c.op === 'insert' && c.target === 'contacts' && ++contactInserts >= 2,
          () => new StorageError('connection lost'),
        ),
      )
      const { tenantId } = get().tenant()
      const t = down.forTenant(tenantId, { actor: 'importer' })
      const rows = Array.from({ length: 9 }, (_, i) => ({ email: `outage${i}@x.io` }))
      const progress: number[] = []
      const error = await caught(
        t.contacts.importMany(rows, { batchSize: 3, onProgress: (p) => progress.push(p.processed) }),
      )
      expect(error, describeError(error)).toBeInstanceOf(StorageError)
      // The first batch committed and was reported; nothing of the failed batch remains.
      expect(progress).toEqual([3])
      expect((await raw.rows('contacts', tenantId)).map((r) => r.email).sort()).toEqual([
        'outage0@x.io',
        'outage1@x.io',
        'outage2@x.io',
      ])
    })
  })
}
