/**
 * Migration `0004_pipeline_currency`: a pipeline's currency became required (every deal of a
 * pipeline is valued in it). The column exists since `0001_initial`; this fills it in. A
 * pipeline stored without one gets the most common currency of its live deals (ties: the
 * alphabetically first), else of all its deals, else {@link DEFAULT_PIPELINE_CURRENCY}. The
 * column stays nullable in SQL; core never writes NULL. FROZEN like every shipped migration.
 */
import type { Kysely, Migration } from 'kysely'
import { sql } from 'kysely'
import type { SqlDb } from '../dialect.js'

/** The currency a pipeline without one gets when none of its deals has one either. */
export const DEFAULT_PIPELINE_CURRENCY = 'USD'

/** `0004_pipeline_currency` (the same statement on every dialect). */
export function pipelineCurrencyMigration(): Migration {
  return {
    async up(db: Kysely<SqlDb>) {
      const pipelines = sql.table('crm_pipelines')
      const deals = sql.table('crm_deals')
      const mostCommon = (liveOnly: boolean) => sql`(
        select d.amount_currency from ${deals} d
        where d.tenant_id = ${pipelines}.tenant_id and d.pipeline_id = ${pipelines}.id
        ${liveOnly ? sql`and d.deleted_at is null` : sql``}
        group by d.amount_currency
        order by count(*) desc, d.amount_currency
        limit 1
      )`
      await sql`update ${pipelines}
        set currency = coalesce(${mostCommon(true)}, ${mostCommon(false)}, ${DEFAULT_PIPELINE_CURRENCY})
        where currency is null`.execute(db)
    },
  }
}
