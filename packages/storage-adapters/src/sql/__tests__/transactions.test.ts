/**
 * Transactions of the SQL adapters: all-or-nothing, the caller's error comes back
 * unchanged, a handled conflict leaves the transaction usable (also on Postgres, which
 * otherwise aborts the whole transaction), isolation from readers outside, serialisation on
 * SQLite; and `close()` leaving a host-owned connection open.
 */
import { ConflictError, StorageError } from '@crmkit/core/storage'
import Database from 'better-sqlite3'
import mysql from 'mysql2'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { mysqlStorage } from '../../mysql.js'
import { postgresStorage } from '../../postgres.js'
import { sqliteStorage } from '../../sqlite.js'
import { availableSqlDialects, createTestDatabase } from '../../testing/databases.js'
import { contact, nextTenant, useMigratedDatabase } from './fixtures.js'

const dialects = await availableSqlDialects()

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {}
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe.each(dialects)('%s transactions', (dialect) => {
  const fixture = useMigratedDatabase(dialect)

  it('rolls back every write when work throws, and rethrows the same error', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const kept = contact()
    await storage.insert('contacts', t, [kept])
    const boom = new Error('boom')
    const added = contact()
    const error = await storage
      .transaction(async (s) => {
        await s.insert('contacts', t, [added])
        await s.update('contacts', t, String(kept.id), 1, { title: 'changed' })
        await s.link('contactCompanies', t, [[String(kept.id), 'k1']], '2026-01-01T00:00:00.000Z')
        throw boom
      })
      .catch((e: unknown) => e)
    expect(error).toBe(boom)
    expect(await storage.get('contacts', t, String(added.id))).toBeUndefined()
    expect(await storage.get('contacts', t, String(kept.id))).toMatchObject({ title: null, version: 1, companyIds: [] })
  })

  it('commits every write and returns the result of work', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const row = contact()
    const result = await storage.transaction(async (s) => {
      await s.insert('contacts', t, [row])
      return (await s.update('contacts', t, String(row.id), 1, { title: 'in trx' }))?.version
    })
    expect(result).toBe(2)
    expect((await storage.get('contacts', t, String(row.id)))?.title).toBe('in trx')
  })

  it('a conflict handled inside the transaction does not break it', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const taken = contact({ email: 'taken@x.io' })
    await storage.insert('contacts', t, [taken])
    const ok1 = contact({ email: 'ok1@x.io' })
    const ok2 = contact({ email: 'ok2@x.io' })
    await storage.transaction(async (s) => {
      await s.insert('contacts', t, [ok1])
      await expect(s.insert('contacts', t, [contact({ email: 'taken@x.io' })])).rejects.toBeInstanceOf(ConflictError)
      await expect(s.update('contacts', t, String(ok1.id), 1, { email: 'taken@x.io' })).rejects.toBeInstanceOf(
        ConflictError,
      )
      await s.insert('contacts', t, [ok2])
    })
    expect((await storage.query('contacts', t, {})).map((r) => r.email).sort()).toEqual([
      'ok1@x.io',
      'ok2@x.io',
      'taken@x.io',
    ])
  })

  it('refuses calls on the adapter itself inside its transaction instead of hanging', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    let later: Promise<number> | undefined
    const error = await storage
      .transaction(async (s) => {
        await s.insert('contacts', t, [contact()])
        // Scheduled inside work but run after the transaction: allowed.
        later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => storage.count('contacts', t))
        await storage.count('contacts', t)
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageError)
    expect(String(error)).toMatch(/inside its own transaction/)
    expect(await later).toBe(0)
    await expect(storage.transaction(() => storage.transaction(async () => 1))).rejects.toBeInstanceOf(StorageError)
  })

  it('readers outside never see uncommitted writes', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const inside = deferred()
    const release = deferred()
    const trx = storage.transaction(async (s) => {
      await s.insert('contacts', t, [contact()])
      inside.resolve()
      await release.promise
    })
    await inside.promise
    const outside = storage.count('contacts', t)
    if (dialect === 'sqlite') {
      // One connection: the outside read waits for the transaction, then sees its commit.
      const early = await Promise.race([outside, new Promise((r) => setTimeout(() => r('waiting'), 50))])
      expect(early).toBe('waiting')
      release.resolve()
      await trx
      expect(await outside).toBe(1)
    } else {
      expect(await outside).toBe(0)
      release.resolve()
      await trx
      expect(await storage.count('contacts', t)).toBe(1)
    }
  })
})

describe('sqlite transactions', () => {
  // better-sqlite3 is one connection; the adapter must queue transactions, not interleave them.
  const fixture = useMigratedDatabase('sqlite')

  it('runs concurrent transactions one after another', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const row = contact()
    await storage.insert('contacts', t, [row])
    const bump = () =>
      storage.transaction(async (s) => {
        const current = await s.get('contacts', t, String(row.id))
        await new Promise((r) => setTimeout(r, 10))
        return s.update('contacts', t, String(row.id), Number(current?.version), { title: 'bumped' })
      })
    const results = await Promise.all([bump(), bump(), bump()])
    expect(results.map((r) => r?.version)).toEqual([2, 3, 4])
  })
})

describe.each(dialects)('%s close()', (dialect) => {
  it('leaves a database or pool passed in by the host open', async () => {
    const db = await createTestDatabase(dialect)
    try {
      if (dialect === 'sqlite') {
        const database = new Database(db.url)
        const storage = sqliteStorage({ database })
        await storage.migrate()
        await storage.close()
        expect(database.open).toBe(true)
        expect(database.prepare('select count(*) as n from crm_contacts').get()).toEqual({ n: 0 })
        database.close()
      } else if (dialect === 'postgres') {
        const pool = new pg.Pool({ connectionString: db.url, max: 2 })
        const storage = postgresStorage({ pool })
        await storage.migrate()
        await storage.close()
        expect((await pool.query('select count(*)::int as n from crm_contacts')).rows).toEqual([{ n: 0 }])
        await pool.end()
      } else {
        const pool = mysql.createPool({ uri: db.url, connectionLimit: 2 })
        const storage = mysqlStorage({ pool })
        await storage.migrate()
        await storage.close()
        const [rows] = await pool.promise().query('select count(*) as n from crm_contacts')
        expect(rows).toEqual([{ n: 0 }])
        await pool.promise().end()
      }
    } finally {
      await db.drop()
    }
  })
})
