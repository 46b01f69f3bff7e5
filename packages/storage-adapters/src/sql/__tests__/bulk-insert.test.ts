/**
 * Bulk inserts on every dialect: rows beyond one statement's worth are all written, exactly
 * as given, and a bad row anywhere writes nothing. The insert path reuses compiled
 * statement texts (and, on SQLite, prepared statements), so these also check that the
 * reuse binds each statement's own values.
 */
import { StorageError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import { availableSqlDialects } from '../../testing/databases.js'
import { rowsPerInsert } from '../insert-statement.js'
import { tableDefinition } from '../names.js'
import { contact, nextTenant, useMigratedDatabase } from './fixtures.js'

const dialects = await availableSqlDialects()
const perStatement = rowsPerInsert(tableDefinition('contacts'))

function contacts(n: number, prefix: string) {
  return Array.from({ length: n }, (_, i) =>
    contact({
      email: `${prefix}${i}@x.io`,
      firstName: i % 2 === 0 ? `Ann ${i}` : null,
      tags: i % 3 === 0 ? ['vip', `t${i}`] : [],
      custom: { n: i, plan: 'pro' },
    }),
  )
}

describe.each(dialects)('%s bulk insert', (dialect) => {
  const fixture = useMigratedDatabase(dialect)

  it("splits wide rows into statements below MySQL's max_allowed_packet (500 rows of 60 kB: 30 MB)", async () => {
    const { storage } = fixture()
    const tenant = nextTenant()
    const rows = Array.from({ length: 500 }, (_, i) =>
      contact({ email: `wide${i}@x.io`, custom: { note: `${i}:${'ü'.repeat(60_000)}` } }),
    )
    await storage.insert('contacts', tenant, rows)
    expect(await storage.count('contacts', tenant)).toBe(500)
    const [last] = await storage.findBy('contacts', tenant, { email: 'wide499@x.io' })
    expect(last?.custom).toEqual(rows[499]?.custom)
  })

  it('writes every row of an insert spanning several statements, with its own values', async () => {
    const { storage } = fixture()
    const tenant = nextTenant()
    // Two full statements and a remainder, twice: the second call reuses the compiled texts.
    for (const prefix of ['a', 'b']) {
      const rows = contacts(2 * perStatement + 7, prefix)
      await storage.insert('contacts', tenant, rows)
      const stored = await storage.findBy('contacts', tenant, { email: rows.map((r) => String(r.email)) })
      expect(stored).toEqual(rows.map((r) => ({ ...r, tenantId: tenant, companyIds: [] })))
    }
  })

  it('writes nothing when a row of a later statement is invalid', async () => {
    const { storage } = fixture()
    const tenant = nextTenant()
    const rows = contacts(perStatement + 3, 'c')
    rows[perStatement + 1] = { ...rows[perStatement + 1], version: 'one' }
    await expect(storage.insert('contacts', tenant, rows)).rejects.toBeInstanceOf(StorageError)
    expect(await storage.count('contacts', tenant)).toBe(0)
  })
})
