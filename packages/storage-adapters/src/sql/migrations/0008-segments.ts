/**
 * Migration `0008_segments`: saved segments and their membership. FROZEN like every shipped
 * migration (see `0001-initial.ts`).
 *
 * - `crm_segments`: a named condition tree (`definition`, JSON) that is `dynamic` (members are
 *   the contacts matching it now) or `static` (members are added and removed explicitly);
 * - `crm_segment_members`: one row per stint of a contact in a segment. `created_at` is when
 *   it entered, `deleted_at` when it left; at most one live row per (segment, contact).
 */
import type { Kysely, Migration } from 'kysely'
import type { SqlDb, SqlDialect } from '../dialect.js'
import { baseColumns, versionColumns } from './0001-initial.js'
import type { TableSpec } from './ddl.js'
import { createTable, optional, required } from './ddl.js'

/** The SQL names of the tables this migration creates. */
export const segmentTables = ['crm_segments', 'crm_segment_members'] as const

const tables: readonly TableSpec[] = [
  {
    table: 'crm_segments',
    columns: [
      ...baseColumns,
      ...versionColumns,
      optional('deleted_at', 'timestamp'),
      required('name', 'string', 255),
      required('kind', 'string', 8),
      required('definition', 'json'),
      optional('description', 'text'),
    ],
    softDelete: true,
    uniqueActive: [],
    indexes: [['name']],
  },
  {
    table: 'crm_segment_members',
    columns: [
      ...baseColumns,
      ...versionColumns,
      optional('deleted_at', 'timestamp'),
      required('segment_id', 'string', 36),
      required('contact_id', 'string', 36),
    ],
    softDelete: true,
    uniqueActive: [['segment_id', 'contact_id']],
    indexes: [['contact_id']],
  },
]

/** `0008_segments` for one dialect. */
export function segmentsMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<SqlDb>) {
      const options = await dialect.tableOptions(db)
      for (const spec of tables) await createTable(db, dialect, spec, options)
    },
  }
}
