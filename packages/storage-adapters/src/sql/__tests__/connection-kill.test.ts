/**
 * Fault injection with real connection kills: the server terminates the connection that holds a
 * transaction in the middle of an import batch or a stage move (PostgreSQL `pg_terminate_backend`,
 * MySQL `KILL CONNECTION`), and SQLite's database is closed while an import runs. Whatever the
 * moment, nothing is half-applied (a record without its outbox event, a deal moved without its
 * transition), the call fails with a typed CrmError, the process lives, and the next call works.
 */
import { type Crm, createCrm, type TenantCrm } from '@crmkit/core'
import { CrmError, type StorageAdapter, StorageError, type StorageSession, type TableName } from '@crmkit/core/storage'
import mysql from 'mysql2/promise'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { availableSqlDialects, createTestDatabase, type TestDatabase } from '../../testing/databases.js'
import { serverUrl } from '../../testing/dialects.js'

const dialects = await availableSqlDialects()
const servers = dialects.filter((d): d is 'postgres' | 'mysql' => d === 'postgres' || d === 'mysql')

/** Terminate every connection to database `name`, from an administrative connection of the server. */
async function killConnectionsTo(dialect: 'postgres' | 'mysql', name: string): Promise<void> {
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: serverUrl('postgres') })
    await admin.connect()
    try {
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name])
    } finally {
      await admin.end()
    }
  } else {
    const admin = await mysql.createConnection(serverUrl('mysql'))
    try {
      const [rows] = await admin.query<mysql.RowDataPacket[]>(
        'select id from information_schema.processlist where db = ? and id <> connection_id()',
        [name],
      )
      for (const row of rows) await admin.query(`kill connection ${Number(row.id)}`)
    } finally {
      await admin.end()
    }
  }
  // Let the driver see the closed sockets before the write goes on.
  await new Promise((resolve) => setTimeout(resolve, 100))
}

/**
 * `inner`, except that inside a transaction the first write matching `when` first has the server
 * kill every connection to the database, the transaction's own included, and then runs.
 */
function killingStorage(
  inner: StorageAdapter,
  when: (table: TableName, calls: number) => boolean,
  kill: () => Promise<void>,
): StorageAdapter {
  const calls = new Map<TableName, number>()
  let armed = true
  const guardSession = (session: StorageSession): StorageSession => ({
    ...bind(session),
    insert: async (table, tenantId, rows) => {
      const n = (calls.get(table) ?? 0) + 1
      calls.set(table, n)
      if (armed && when(table, n)) {
        armed = false
        await kill()
      }
      return session.insert(table, tenantId, rows)
    },
  })
  return {
    ...bind(inner),
    dialect: inner.dialect,
    capabilities: inner.capabilities,
    migrate: () => inner.migrate(),
    close: () => inner.close(),
    transaction: (work) => inner.transaction((session) => work(guardSession(session))),
  }
}

/** The session methods of `session`, bound (spreading a class instance would lose them). */
function bind(session: StorageSession): StorageSession {
  return {
    insert: session.insert.bind(session),
    get: session.get.bind(session),
    findBy: session.findBy.bind(session),
    query: session.query.bind(session),
    count: session.count.bind(session),
    update: session.update.bind(session),
    link: session.link.bind(session),
    unlink: session.unlink.bind(session),
    linked: session.linked.bind(session),
    aggregate: session.aggregate.bind(session),
  }
}

describe.each(servers)('%s: connections killed by the server mid-transaction', (dialect) => {
  let db: TestDatabase
  const unhandled: unknown[] = []
  const onUncaught = (error: unknown) => unhandled.push(error)

  beforeAll(async () => {
    db = await createTestDatabase(dialect)
    const storage = db.storage()
    await storage.migrate()
    await storage.close()
    process.on('uncaughtException', onUncaught)
  })

  afterAll(async () => {
    process.off('uncaughtException', onUncaught)
    await db?.drop()
  })

  /** A CRM whose storage kills its connections at the first write matching `when`. */
  function crmKillingAt(when: (table: TableName, calls: number) => boolean): { crm: Crm; t: TenantCrm } {
    const storage = killingStorage(db.storage(), when, () => killConnectionsTo(dialect, db.name))
    const crm = createCrm({ storage })
    return { crm, t: crm.forTenant(`kill-${Math.random().toString(36).slice(2, 8)}`, { actor: 'test' }) }
  }

  it('an import batch whose connection dies keeps every earlier batch whole, and throws a StorageError', async () => {
    // The second batch's contact insert runs on a killed connection.
    const { crm, t } = crmKillingAt((table, n) => table === 'contacts' && n === 2)
    try {
      const rows = Array.from({ length: 30 }, (_, i) => ({ email: `kill${i}@x.io` }))
      const error = await t.contacts.importMany(rows, { batchSize: 10 }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StorageError)
      // Exactly the first batch: ten contacts, each with its one event.
      expect(await t.contacts.count()).toBe(10)
      const events = await t.events.list({ limit: 100 })
      expect(events.items.filter((e) => e.type === 'contact.created')).toHaveLength(10)
      // The next call works on a fresh connection.
      expect((await t.contacts.importMany(rows, { batchSize: 10 })).created).toBe(20)
      expect(unhandled).toEqual([])
    } finally {
      await crm.close()
    }
  })

  it('a stage move whose connection dies before its transition is written leaves the deal as it was', async () => {
    const { crm, t } = crmKillingAt((table, n) => table === 'dealTransitions' && n === 2)
    try {
      const pipeline = await t.pipelines.create({
        name: 'Sales',
        currency: 'EUR',
        stages: [
          { name: 'Lead', probability: 0.1 },
          { name: 'Won', probability: 1, kind: 'won' },
        ],
      })
      const [lead, won] = pipeline.stages
      // The create writes transition 1; the move's transition (the 2nd) meets the killed connection.
      const deal = await t.deals.create({ title: 'd', pipelineId: pipeline.id, amount: { value: 1, currency: 'EUR' } })
      const error = await t.deals.moveToStage(deal.id, String(won?.id)).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(CrmError)
      expect(error).toBeInstanceOf(StorageError)
      const after = await t.deals.get(deal.id)
      expect(after).toMatchObject({ stageId: lead?.id, version: deal.version, status: 'open' })
      expect(await t.deals.history(deal.id)).toHaveLength(1)
      const events = await t.events.list({ limit: 100 })
      expect(events.items.map((e) => e.type)).not.toContain('deal.stageChanged')
      // The same move succeeds next, once.
      expect((await t.deals.moveToStage(deal.id, String(won?.id))).status).toBe('won')
      expect(await t.deals.history(deal.id)).toHaveLength(2)
      expect(unhandled).toEqual([])
    } finally {
      await crm.close()
    }
  })
})

describe.runIf(dialects.includes('sqlite'))('sqlite: the database closed during an import', () => {
  it('fails typed, leaves whole batches only, and the process lives', async () => {
    const db = await createTestDatabase('sqlite')
    const storage = db.storage()
    try {
      const crm = createCrm({ storage })
      await crm.migrate()
      const t = crm.forTenant('closing', { actor: 'test' })
      const rows = Array.from({ length: 30 }, (_, i) => ({ email: `close${i}@x.io` }))
      let closed: Promise<void> | undefined
      const error = await t.contacts
        .importMany(rows, {
          batchSize: 10,
          onProgress: ({ processed }) => {
            if (processed === 10) closed = storage.close()
          },
        })
        .catch((e: unknown) => e)
      await closed
      expect(error).toBeInstanceOf(StorageError)
      // Reopened: the first batch is there whole (contacts and their events), nothing of the rest.
      const reopened = createCrm({ storage: db.storage() })
      const again = reopened.forTenant('closing', { actor: 'test' })
      expect(await again.contacts.count()).toBe(10)
      expect((await again.events.list({ limit: 100 })).items).toHaveLength(10)
      await reopened.close()
    } finally {
      await db.drop()
    }
  })
})
