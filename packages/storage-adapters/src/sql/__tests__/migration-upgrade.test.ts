/**
 * A database migrated by an earlier release is upgraded by the next `migrate()`, and
 * existing data stays: `0002_attribution` adds the touchpoint, conversion and identity
 * tables to a foundation database; `0004_pipeline_currency` fills in pipelines' currency;
 * `0005_pipeline_editing` adds `archived_at` to pipelines.
 */
import { createCrm } from '@crmkit/core'
import { describe, expect, it } from 'vitest'
import { availableSqlDialects, createTestDatabase } from '../../testing/databases.js'
import { sqliteDialect } from '../dialects/sqlite/dialect.js'
import { attributionTables } from '../migrations/0002-attribution.js'
import { sqlMigrations } from '../migrations/index.js'
import { MIGRATION_TABLE, sqlTableName } from '../names.js'

/** Every migration the package ships, in order (the names do not depend on the dialect). */
const allMigrations = Object.keys(sqlMigrations(sqliteDialect)).sort()

const dialects = await availableSqlDialects()

describe.each(dialects)('%s upgrade from the foundation schema', (dialect) => {
  it('0001 creates exactly the foundation tables; migrate() then adds the later ones and keeps the data', async () => {
    const db = await createTestDatabase(dialect)
    const storage = db.storage()
    try {
      await storage.migrate()
      const crm = createCrm({ storage })
      const t = crm.forTenant('up', { actor: 'a' })
      const ada = await t.contacts.create({ email: 'ada@up.io' })
      // Roll the schema back to what the previous version left: no 0002 tables, no 0002 record.
      for (const name of attributionTables) await db.execute(`drop table ${db.quote(name)}`, [])
      // 0003 and 0005 only added columns; they are rerun too (their columns are kept).
      await db.execute(`delete from ${db.quote(MIGRATION_TABLE)} where name <> ${db.placeholder(1)}`, ['0001_initial'])

      const upgraded = db.storage()
      try {
        await upgraded.migrate()
        const t2 = createCrm({ storage: upgraded }).forTenant('up', { actor: 'a' })
        expect(await t2.contacts.get(ada.id)).toMatchObject({ email: 'ada@up.io' })
        await t2.attribution.track({ channel: 'ads', contactId: ada.id }, { idempotencyKey: 'k' })
        await t2.attribution.recordConversion({ type: 'signup', currency: 'EUR', contactId: ada.id })
        await t2.attribution.identify('cookie', ada.id)
        const rows = await db.execute(`select name from ${db.quote(MIGRATION_TABLE)}`, [])
        expect(rows.map((r) => String(r.name)).sort()).toEqual(allMigrations)
      } finally {
        await upgraded.close()
      }
    } finally {
      await storage.close()
      await db.drop()
    }
  })
  it('0005 adds pipelines.archived_at to a database that lacks it; pipelines read as active and can be archived', async () => {
    const db = await createTestDatabase(dialect)
    const storage = db.storage()
    try {
      await storage.migrate()
      const t = createCrm({ storage }).forTenant('up', { actor: 'a' })
      const sales = await t.pipelines.create({
        name: 'Sales',
        currency: 'EUR',
        stages: [{ name: 'Lead', probability: 0.1 }],
      })
      // Roll back to the schema before 0005: no archived_at column, no record of 0005 or of a
      // later migration (those are idempotent and run again).
      const pipelines = db.quote(sqlTableName('pipelines'))
      await db.execute(`alter table ${pipelines} drop column ${db.quote('archived_at')}`, [])
      await db.execute(`delete from ${db.quote(MIGRATION_TABLE)} where name >= ${db.placeholder(1)}`, [
        '0005_pipeline_editing',
      ])
      await expect(t.pipelines.get(sales.id)).rejects.toThrow()

      const upgraded = db.storage()
      try {
        await upgraded.migrate()
        const t2 = createCrm({ storage: upgraded }).forTenant('up', { actor: 'a' })
        expect(await t2.pipelines.get(sales.id)).toMatchObject({ name: 'Sales', archivedAt: null, version: 1 })
        const archived = await t2.pipelines.archive(sales.id)
        expect(archived.archivedAt).not.toBeNull()
        expect((await t2.pipelines.list()).items).toEqual([])
        const rows = await db.execute(`select name from ${db.quote(MIGRATION_TABLE)}`, [])
        expect(rows.map((r) => String(r.name)).sort()).toEqual(allMigrations)
        // Migrating again finds the column there and changes nothing.
        await upgraded.migrate()
        expect(await t2.pipelines.get(sales.id)).toEqual(archived)
      } finally {
        await upgraded.close()
      }
    } finally {
      await storage.close()
      await db.drop()
    }
  })
})
