/**
 * A database migrated by the foundation release (only `0001_initial`) is upgraded by the
 * next `migrate()`: `0002_attribution` adds the touchpoint, conversion and identity tables,
 * the later migrations run, and existing data stays.
 */
import { attributionTableNames, createCrm, foundationTableNames } from '@crmkit/core'
import { describe, expect, it } from 'vitest'
import { availableSqlDialects, createTestDatabase } from '../../testing/databases.js'
import { MIGRATION_TABLE, sqlTableName } from '../names.js'

const dialects = await availableSqlDialects()

describe.each(dialects)('%s upgrade from the foundation schema', (dialect) => {
  it('0001 creates exactly the foundation tables; migrate() then adds 0002 and keeps the data', async () => {
    const db = await createTestDatabase(dialect)
    const storage = db.storage()
    try {
      await storage.migrate()
      const crm = createCrm({ storage })
      const t = crm.forTenant('up', { actor: 'a' })
      const ada = await t.contacts.create({ email: 'ada@up.io' })
      // Roll the schema back to what the previous version left: no 0002 tables, no 0002 record.
      for (const name of attributionTableNames) await db.execute(`drop table ${db.quote(sqlTableName(name))}`, [])
      await db.execute(`delete from ${db.quote(MIGRATION_TABLE)} where name <> ${db.placeholder(1)}`, ['0001_initial'])
      expect(foundationTableNames).not.toContain('touchpoints')

      const upgraded = db.storage()
      try {
        await upgraded.migrate()
        const t2 = createCrm({ storage: upgraded }).forTenant('up', { actor: 'a' })
        expect(await t2.contacts.get(ada.id)).toMatchObject({ email: 'ada@up.io' })
        await t2.attribution.track({ channel: 'ads', contactId: ada.id }, { idempotencyKey: 'k' })
        await t2.attribution.recordConversion({ type: 'signup', currency: 'EUR', contactId: ada.id })
        await t2.attribution.identify('cookie', ada.id)
        const rows = await db.execute(`select name from ${db.quote(MIGRATION_TABLE)}`, [])
        expect(rows.map((r) => String(r.name)).sort()).toEqual([
          '0001_initial',
          '0002_attribution',
          '0004_pipeline_currency',
        ])
      } finally {
        await upgraded.close()
      }
    } finally {
      await storage.close()
      await db.drop()
    }
  })
})
