/**
 * Migration `0005_pipeline_editing`: pipelines can be archived (a nullable `archived_at`).
 * Removed stages are soft-deleted: `crm_stages.deleted_at` exists since `0001_initial`.
 * FROZEN like every shipped migration.
 */
import type { Kysely, Migration } from 'kysely'
import type { SqlDb, SqlDialect } from '../dialect.js'
import { addColumns, optional } from './ddl.js'

/** `0005_pipeline_editing` for one dialect. */
export function pipelineEditingMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<SqlDb>) {
      await addColumns(db, dialect, 'crm_pipelines', [optional('archived_at', 'timestamp')])
    },
  }
}
