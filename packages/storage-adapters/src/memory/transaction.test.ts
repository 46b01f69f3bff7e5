import type { StorageSession } from '@crmkit/core/storage'
import { ConflictError, StorageError } from '@crmkit/core/storage'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { company, contact, event, openMemory, T0 } from './__tests__/fixtures.js'
import { memoryStorage } from './adapter.js'
import { createMemoryStore, type MemoryStore, memoryStoreLinks, memoryStoreRows } from './store.js'

function snapshot(store: MemoryStore) {
  return {
    contacts: memoryStoreRows(store, 'contacts', 'acme'),
    companies: memoryStoreRows(store, 'companies', 'acme'),
    events: memoryStoreRows(store, 'events', 'acme'),
    links: memoryStoreLinks(store, 'contactCompanies', 'acme'),
  }
}

class Boom extends Error {}

describe('memoryStorage: transactions', () => {
  it('commits what the work did and returns its result', async () => {
    const storage = await openMemory()
    const result = await storage.transaction(async (tx) => {
      await tx.insert('contacts', 'acme', [contact('c1')])
      await tx.insert('events', 'acme', [event('e1')])
      return 'done'
    })
    expect(result).toBe('done')
    expect(snapshot(storage.store).events).toHaveLength(1)
  })

  it('rolls back every insert, update, link and unlink when the work throws', async () => {
    const storage = await openMemory()
    await storage.insert('contacts', 'acme', [contact('c1', { email: 'a@x.io' })])
    await storage.insert('companies', 'acme', [company('k1')])
    await storage.link('contactCompanies', 'acme', [['c1', 'k1']], T0)
    const before = snapshot(storage.store)
    await expect(
      storage.transaction(async (tx) => {
        await tx.update('contacts', 'acme', 'c1', 1, { email: 'b@x.io', deletedAt: T0 })
        await tx.insert('contacts', 'acme', [contact('c2', { email: 'a@x.io' })])
        await tx.update('contacts', 'acme', 'c2', 1, { firstName: 'Two' })
        await tx.unlink('contactCompanies', 'acme', [['c1', 'k1']])
        await tx.link('contactCompanies', 'acme', [['c2', 'k1']], T0)
        await tx.insert('events', 'acme', [event('e1')])
        throw new Boom('after all the writes')
      }),
    ).rejects.toThrow(Boom)
    expect(snapshot(storage.store)).toEqual(before)
    // The link side index was rolled back with the link rows: reads through it agree.
    expect(await storage.linked('contactCompanies', 'acme', 'left', ['c1', 'c2'])).toEqual([['c1', 'k1']])
    expect(await storage.linked('contactCompanies', 'acme', 'right', ['k1'])).toEqual([['c1', 'k1']])
    expect((await storage.get('contacts', 'acme', 'c1'))?.companyIds).toEqual(['k1'])
    expect((await storage.get('companies', 'acme', 'k1'))?.contactIds).toEqual(['c1'])
    expect((await storage.findBy('contacts', 'acme', { email: ['a@x.io', 'b@x.io'] })).map((r) => r.id)).toEqual(['c1'])
    // The unique index was rolled back too: a@x.io belongs to c1 again, b@x.io is free.
    await expect(storage.insert('contacts', 'acme', [contact('c3', { email: 'a@x.io' })])).rejects.toThrow(
      ConflictError,
    )
    await storage.insert('contacts', 'acme', [contact('c3', { email: 'b@x.io' })])
  })

  it('keeps a transaction usable after a failed write, which leaves nothing behind', async () => {
    const storage = await openMemory()
    await storage.insert('contacts', 'acme', [contact('c1', { email: 'a@x.io' })])
    await storage.transaction(async (tx) => {
      await expect(tx.insert('contacts', 'acme', [contact('c2'), contact('c3', { email: 'a@x.io' })])).rejects.toThrow(
        ConflictError,
      )
      expect(await tx.get('contacts', 'acme', 'c2')).toBeUndefined()
      await tx.insert('contacts', 'acme', [contact('c4')])
    })
    expect(snapshot(storage.store).contacts.map((r) => r.id)).toEqual(['c1', 'c4'])
  })

  it('serialises transactions and makes other callers wait for the commit', async () => {
    const store = createMemoryStore()
    const storage = await openMemory(store)
    const other = memoryStorage({ store })
    const log: string[] = []
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const first = storage.transaction(async (tx) => {
      log.push('first:start')
      await tx.insert('contacts', 'acme', [contact('c1')])
      await gate
      log.push('first:end')
    })
    const second = other.transaction(async (tx) => {
      log.push('second:start')
      expect(await tx.get('contacts', 'acme', 'c1')).toBeDefined()
      log.push('second:end')
    })
    const read = other.get('contacts', 'acme', 'c1').then((row) => {
      log.push(`read:${row ? 'committed' : 'missing'}`)
    })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(log).toEqual(['first:start'])
    release()
    await Promise.all([first, second, read])
    expect(log).toEqual(['first:start', 'first:end', 'second:start', 'second:end', 'read:committed'])
  })

  it('gives sessions that stop working once the transaction is over', async () => {
    const storage = await openMemory()
    let leaked: StorageSession | undefined
    await storage.transaction(async (tx) => {
      leaked = tx
    })
    await expect(leaked?.get('contacts', 'acme', 'c1')).rejects.toThrow(StorageError)
  })

  it('leaves the store exactly as it was after any sequence of writes that ends in a throw', async () => {
    type Write =
      | { kind: 'insert'; id: string; email: string | null }
      | { kind: 'update'; id: string; version: number; email: string | null; deleted: boolean }
      | { kind: 'link' | 'unlink'; contact: string; company: string }
    const id = fc.constantFrom('c1', 'c2', 'c3', 'c4')
    const email = fc.constantFrom('a@x.io', 'b@x.io', null)
    const write: fc.Arbitrary<Write> = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), id, email }),
      fc.record({
        kind: fc.constant('update' as const),
        id,
        version: fc.integer({ min: 1, max: 3 }),
        email,
        deleted: fc.boolean(),
      }),
      fc.record({
        kind: fc.constantFrom('link' as const, 'unlink' as const),
        contact: id,
        company: fc.constantFrom('k1', 'k2'),
      }),
    )
    const apply = async (s: StorageSession, w: Write) => {
      try {
        if (w.kind === 'insert') await s.insert('contacts', 'acme', [contact(w.id, { email: w.email })])
        else if (w.kind === 'update')
          await s.update('contacts', 'acme', w.id, w.version, { email: w.email, deletedAt: w.deleted ? T0 : null })
        else if (w.kind === 'link') await s.link('contactCompanies', 'acme', [[w.contact, w.company]], T0)
        else await s.unlink('contactCompanies', 'acme', [[w.contact, w.company]])
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error
      }
    }
    await fc.assert(
      fc.asyncProperty(fc.array(write, { maxLength: 8 }), fc.array(write, { maxLength: 12 }), async (setup, doomed) => {
        const storage = await openMemory()
        for (const w of setup) await apply(storage, w)
        const before = snapshot(storage.store)
        await expect(
          storage.transaction(async (tx) => {
            for (const w of doomed) await apply(tx, w)
            throw new Boom()
          }),
        ).rejects.toThrow(Boom)
        expect(snapshot(storage.store)).toEqual(before)
        // And the unique index agrees with the rows: re-inserting each live email conflicts.
        for (const row of before.contacts.filter((r) => r.email !== null && r.deletedAt === null)) {
          await expect(
            storage.insert('contacts', 'acme', [contact('probe', { email: row.email ?? null })]),
          ).rejects.toThrow(ConflictError)
        }
      }),
      { numRuns: 100 },
    )
  })
})
