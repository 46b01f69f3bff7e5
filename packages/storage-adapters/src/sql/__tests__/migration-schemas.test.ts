/**
 * PostgreSQL: two crmkit installations in two schemas of one database. Kysely's introspector
 * lists tables of every schema, so without narrowing the migrator to the connection's current
 * schema the second `migrate()` saw the first one's migration tables and failed with
 * "crm_migration_lock does not exist" (and a later migration could skip adding its columns).
 */
import { createCrm } from '@crmkit/core'
import { describe, expect, it } from 'vitest'
import { postgresStorage } from '../../postgres.js'
import { availableSqlDialects, createTestDatabase, type TestDatabase } from '../../testing/databases.js'
import { MIGRATION_TABLE } from '../names.js'

const postgres = (await availableSqlDialects()).filter((dialect) => dialect === 'postgres')

/** An adapter whose connections put `schema` first on the search_path. */
function storageIn(db: TestDatabase, schema: string) {
  const url = new URL(db.url)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return postgresStorage({ connectionString: url.toString(), max: 2 })
}

/** `table.column` of every crmkit column in `schema`, sorted. */
async function columnsIn(db: TestDatabase, schema: string): Promise<string[]> {
  const rows = await db.execute(
    `select table_name, column_name from information_schema.columns
     where table_schema = $1 and table_name like 'crm\\_%' order by 1, 2`,
    [schema],
  )
  return rows.map((row) => `${String(row.table_name)}.${String(row.column_name)}`)
}

describe.each(postgres)('%s: crmkit in two schemas of one database', (dialect) => {
  it('migrates each schema separately; data and migration records stay apart', async () => {
    const db = await createTestDatabase(dialect)
    await db.execute('create schema tenant_a', [])
    await db.execute('create schema tenant_b', [])
    const a = storageIn(db, 'tenant_a')
    const b = storageIn(db, 'tenant_b')
    try {
      await a.migrate()
      const ada = await createCrm({ storage: a }).forTenant('t', { actor: 'x' }).contacts.create({ email: 'ada@a.io' })
      await b.migrate()
      await a.migrate()
      const tb = createCrm({ storage: b }).forTenant('t', { actor: 'x' })
      const bob = await tb.contacts.create({ email: 'bob@b.io' })
      expect(await tb.contacts.get(ada.id)).toBeNull()
      expect((await tb.contacts.list()).items.map((c) => c.id)).toEqual([bob.id])
      const ta = createCrm({ storage: a }).forTenant('t', { actor: 'x' })
      expect((await ta.contacts.list()).items.map((c) => c.id)).toEqual([ada.id])

      // Every table and column (including those later migrations add) exists in both schemas,
      // and each schema records every migration once.
      const inA = await columnsIn(db, 'tenant_a')
      expect(inA).toContain('crm_pipelines.archived_at')
      expect(await columnsIn(db, 'tenant_b')).toEqual(inA)
      const applied = async (schema: string) =>
        (await db.execute(`select name from ${schema}.${MIGRATION_TABLE} order by name`, [])).map((row) =>
          String(row.name),
        )
      expect(await applied('tenant_a')).toContain('0001_initial')
      expect(await applied('tenant_b')).toEqual(await applied('tenant_a'))
      expect(await columnsIn(db, 'public')).toEqual([])
    } finally {
      await a.close()
      await b.close()
      await db.drop()
    }
  })
})
