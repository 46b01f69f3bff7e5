/**
 * A database server that drops connections (an admin kill, a restart, a proxy timing out) must
 * not take the host process down. pg emits 'error' on an idle pool client and on a checked-out
 * client; with no listener Node treats it as an uncaught exception and the host exits — even a
 * host that listens on its own pool's 'error', because a checked-out client is not the pool.
 * Expected: the call in flight fails with a typed StorageError, the pool replaces the dead
 * connection, the next call succeeds. Vitest fails a run on any uncaught exception, so these
 * tests fail loudly if an 'error' event goes unhandled.
 */
import { type StorageAdapter, StorageError } from '@crmkit/core/storage'
import mysql from 'mysql2/promise'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mysqlStorage } from '../../mysql.js'
import { postgresStorage } from '../../postgres.js'
import { availableSqlDialects, createTestDatabase, type TestDatabase } from '../../testing/databases.js'
import { contact, nextTenant } from './fixtures.js'

const dialects = await availableSqlDialects()

/** Let pg deliver the termination to its sockets before the next step. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200))

describe.runIf(dialects.includes('postgres'))('postgres: connections dropped by the server', () => {
  let db: TestDatabase
  let admin: pg.Client
  const unhandled: unknown[] = []
  const onUncaught = (error: unknown) => unhandled.push(error)

  beforeAll(async () => {
    db = await createTestDatabase('postgres')
    const migrator = db.storage()
    await migrator.migrate()
    await migrator.close()
    admin = new pg.Client({ connectionString: db.url })
    await admin.connect()
  })

  afterAll(async () => {
    await admin?.end()
    await db?.drop()
  })

  /** Terminate every other backend connected to the test database. */
  async function killConnections(): Promise<number> {
    const result = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    )
    await settle()
    return result.rowCount ?? 0
  }

  /** Both kinds of pool: one the adapter opens, one the host owns (with its own 'error' listener). */
  const pools = [
    { name: 'adapter-owned pool', open: () => ({ storage: postgresStorage({ connectionString: db.url, max: 3 }) }) },
    {
      name: 'host-owned pool',
      open: () => {
        const pool = new pg.Pool({ connectionString: db.url, max: 3 })
        pool.on('error', () => {})
        return { storage: postgresStorage({ pool }), pool }
      },
    },
  ] as const

  describe.each(pools)('$name', ({ open }) => {
    let storage: StorageAdapter
    let pool: pg.Pool | undefined

    beforeAll(() => {
      ;({ storage, pool } = open() as { storage: StorageAdapter; pool?: pg.Pool })
      process.on('uncaughtException', onUncaught)
    })

    afterAll(async () => {
      process.off('uncaughtException', onUncaught)
      await storage.close()
      await pool?.end()
    })

    it('survives idle connections being killed, and the next call succeeds', async () => {
      const tenant = nextTenant()
      await storage.insert('contacts', tenant, [contact()])
      expect(await killConnections()).toBeGreaterThan(0)
      // The pool may hand out a dead idle client once; what matters is a typed error, then recovery.
      const first = await storage.count('contacts', tenant).catch((e: unknown) => e)
      if (typeof first !== 'number') expect(first).toBeInstanceOf(StorageError)
      expect(await storage.count('contacts', tenant)).toBe(1)
      expect(unhandled).toEqual([])
    })

    it('fails the call in flight with a StorageError when its connection is killed mid-transaction', async () => {
      const tenant = nextTenant()
      const row = contact()
      const error = await storage
        .transaction(async (session) => {
          await session.insert('contacts', tenant, [row])
          await killConnections()
          await session.count('contacts', tenant)
        })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StorageError)
      // Nothing of the broken transaction was committed, and the pool serves the next call.
      expect(await storage.get('contacts', tenant, String(row.id))).toBeUndefined()
      expect(unhandled).toEqual([])
    })
  })
})

describe.runIf(dialects.includes('mysql'))('mysql: connections dropped by the server', () => {
  let db: TestDatabase
  let admin: mysql.Connection
  let storage: StorageAdapter
  const unhandled: unknown[] = []
  const onUncaught = (error: unknown) => unhandled.push(error)

  beforeAll(async () => {
    db = await createTestDatabase('mysql')
    admin = await mysql.createConnection(db.url)
    storage = mysqlStorage({ uri: db.url, connectionLimit: 3 })
    await storage.migrate()
    process.on('uncaughtException', onUncaught)
  })

  afterAll(async () => {
    process.off('uncaughtException', onUncaught)
    await storage?.close()
    await admin?.end()
    await db?.drop()
  })

  async function killConnections(): Promise<number> {
    const [rows] = await admin.query<mysql.RowDataPacket[]>(
      'select id from information_schema.processlist where db = database() and id <> connection_id()',
    )
    for (const row of rows) await admin.query(`kill connection ${Number(row.id)}`)
    await settle()
    return rows.length
  }

  it('survives idle connections being killed, and the next call succeeds', async () => {
    const tenant = nextTenant()
    await storage.insert('contacts', tenant, [contact()])
    expect(await killConnections()).toBeGreaterThan(0)
    const first = await storage.count('contacts', tenant).catch((e: unknown) => e)
    if (typeof first !== 'number') expect(first).toBeInstanceOf(StorageError)
    expect(await storage.count('contacts', tenant)).toBe(1)
    expect(unhandled).toEqual([])
  })

  it('a statement larger than max_allowed_packet fails typed, and the next call is not poisoned', async () => {
    const tenant = nextTenant()
    // 20 MB in one JSON value: past MariaDB's default max_allowed_packet of 16 MB.
    const huge = contact({ custom: { note: 'x'.repeat(20_000_000) } })
    const error = await storage.insert('contacts', tenant, [huge]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageError)
    for (let i = 0; i < 5; i++) expect(await storage.count('contacts', tenant)).toBe(0)
    expect(unhandled).toEqual([])
  })
})
