/**
 * `0004_pipeline_currency`: pipelines stored before a currency was required get one from
 * their deals (the most common currency of the live deals), else the documented default.
 */
import { createCrm } from '@crmkit/core'
import { describe, expect, it } from 'vitest'
import { availableSqlDialects, createTestDatabase } from '../../testing/databases.js'
import { DEFAULT_PIPELINE_CURRENCY } from '../migrations/0004-pipeline-currency.js'
import { MIGRATION_TABLE, sqlTableName } from '../names.js'

const dialects = await availableSqlDialects()
const stages = [{ name: 'Open', probability: 0.5 }]

describe.each(dialects)('%s 0004_pipeline_currency', (dialect) => {
  it('backfills a pipeline without currency from its deals, else the default', async () => {
    const db = await createTestDatabase(dialect)
    const storage = db.storage()
    try {
      await storage.migrate()
      const t = createCrm({ storage }).forTenant('up', { actor: 'a' })
      const sek = await t.pipelines.create({ name: 'Nordics', currency: 'SEK', stages })
      const gbp = await t.pipelines.create({ name: 'UK', currency: 'GBP', stages })
      const gone = await t.pipelines.create({ name: 'Deleted deals only', currency: 'CHF', stages })
      const empty = await t.pipelines.create({ name: 'Empty', currency: 'JPY', stages })
      const keep = await t.pipelines.create({ name: 'Has one', currency: 'EUR', stages })
      const nordic = []
      for (let i = 0; i < 3; i++) {
        nordic.push(await t.deals.create({ title: 'd', pipelineId: sek.id, amount: { value: 1, currency: 'SEK' } }))
      }
      await t.deals.create({ title: 'd', pipelineId: gbp.id, amount: { value: 1, currency: 'GBP' } })
      const deleted = await t.deals.create({ title: 'd', pipelineId: gone.id, amount: { value: 1, currency: 'CHF' } })
      await t.deals.delete(deleted.id)
      // What an earlier version could leave: pipelines without currency, deals in mixed currencies.
      const pipelines = db.quote(sqlTableName('pipelines'))
      const deals = db.quote(sqlTableName('deals'))
      const setDealCurrency = (currency: string, where: string, id: string) =>
        db.execute(`update ${deals} set amount_currency = ${db.placeholder(1)} where ${where} = ${db.placeholder(2)}`, [
          currency,
          id,
        ])
      await db.execute(`update ${pipelines} set currency = null where id <> ${db.placeholder(1)}`, [keep.id])
      await setDealCurrency('DKK', 'id', nordic[0]!.id)
      await setDealCurrency('NOK', 'pipeline_id', gbp.id)
      // Forget 0004 and every later migration (Kysely applies migrations in name order only);
      // the later ones rerun harmlessly (0005 finds its column there).
      await db.execute(`delete from ${db.quote(MIGRATION_TABLE)} where name >= ${db.placeholder(1)}`, [
        '0004_pipeline_currency',
      ])

      await storage.migrate()
      const currencies = Object.fromEntries(
        (await db.execute(`select name, currency from ${pipelines}`, [])).map((r) => [r.name, r.currency]),
      )
      expect(currencies).toEqual({
        Nordics: 'SEK',
        UK: 'NOK',
        'Deleted deals only': 'CHF',
        Empty: DEFAULT_PIPELINE_CURRENCY,
        'Has one': 'EUR',
      })
      expect(empty.currency).toBe('JPY')
    } finally {
      await storage.close()
      await db.drop()
    }
  })
})
