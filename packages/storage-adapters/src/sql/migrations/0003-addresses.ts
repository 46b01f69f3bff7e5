/**
 * Migration `0003_addresses`: where a contact or company is (country as an ISO 3166-1
 * alpha-2 code, region, city, postal code) and its IANA time zone, as nullable columns, plus
 * an index for geographic segments by country. FROZEN like every shipped migration.
 */
import type { Kysely, Migration } from 'kysely'
import type { SqlDb, SqlDialect } from '../dialect.js'
import type { ColumnSpec } from './ddl.js'
import { addColumns, createIndex, optional } from './ddl.js'

const addressColumns: readonly ColumnSpec[] = [
  optional('country', 'string', 2),
  optional('region', 'string', 255),
  optional('city', 'string', 255),
  optional('postal_code', 'string', 32),
  optional('time_zone', 'string', 64),
]

/** `0003_addresses` for one dialect. */
export function addressesMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<SqlDb>) {
      for (const table of ['crm_contacts', 'crm_companies']) {
        await addColumns(db, dialect, table, addressColumns)
        await createIndex(db, dialect, table, ['country'])
      }
    },
  }
}
