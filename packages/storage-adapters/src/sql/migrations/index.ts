/**
 * The schema, as Kysely migrations shipped inside the package (a static provider: no
 * migration files on disk, so bundlers and serverless deploys need nothing extra).
 *
 * - `0001_initial`: the foundation tables and the link tables;
 * - `0002_attribution`: touchpoints, conversions, identities;
 * - `0003_addresses`: address and time-zone columns of contacts and companies;
 * - `0004_pipeline_currency`: fills in pipelines' currency (now required) from their deals;
 * - `0005_pipeline_editing`: `archived_at` on pipelines;
 * - `0006_list_indexes`: `(tenant_id, key, id)` indexes for keyset pages, a tenant-scoped GIN index on tags (Postgres);
 * - `0008_segments`: saved segments and their membership stints;
 * - `0009_idempotency_keys`: the HTTP handler's idempotency keys.
 *
 * Shipped migrations are frozen: each spells out its own schema (never reading core's live
 * table definitions) and the schema it leaves on each dialect is a committed snapshot
 * (`__snapshots__/`) that a test compares after a fresh migrate and after an upgrade from
 * every earlier version. A change to `tables.ts` in core needs a new migration here.
 *
 * Rules that keep the schema ready for a tenant-distributed database (Citus and the like):
 * - every table's primary key is `(tenant_id, id)`; link tables `(tenant_id, left, right)`;
 * - every secondary index leads with `tenant_id`;
 * - `uniqueActive` keys are unique among live rows only (partial index, or MySQL's live marker).
 */

import type { Kysely, Migration, MigrationProvider } from 'kysely'
import { Migrator } from 'kysely'
import type { SqlDb, SqlDialect } from '../dialect.js'
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from '../names.js'
import { initialMigration } from './0001-initial.js'
import { attributionMigration } from './0002-attribution.js'
import { addressesMigration } from './0003-addresses.js'
import { pipelineCurrencyMigration } from './0004-pipeline-currency.js'
import { pipelineEditingMigration } from './0005-pipeline-editing.js'
import { listIndexesMigration } from './0006-list-indexes.js'
import { segmentsMigration } from './0008-segments.js'
import { idempotencyKeysMigration } from './0009-idempotency-keys.js'
import { migrationSchema } from './current-schema.js'

/** The migrations of the SQL adapters, by name (applied in name order). */
export function sqlMigrations(dialect: SqlDialect): Record<string, Migration> {
  return {
    '0001_initial': initialMigration(dialect),
    '0002_attribution': attributionMigration(dialect),
    '0003_addresses': addressesMigration(dialect),
    '0004_pipeline_currency': pipelineCurrencyMigration(),
    '0005_pipeline_editing': pipelineEditingMigration(dialect),
    '0006_list_indexes': listIndexesMigration(dialect),
    '0008_segments': segmentsMigration(dialect),
    '0009_idempotency_keys': idempotencyKeysMigration(dialect),
  }
}

/** A Kysely migration provider serving {@link sqlMigrations} from memory. */
export function sqlMigrationProvider(dialect: SqlDialect): MigrationProvider {
  return { getMigrations: async () => sqlMigrations(dialect) }
}

/**
 * Apply pending migrations. Kysely's migration locks are disabled for these adapters (no
 * advisory locks, see `sql/storage.ts`); two processes migrating at once are resolved by
 * retrying: on Postgres the loser's transaction rolls back, elsewhere the statements are
 * idempotent, and on the retry the migration table shows the work as done.
 */
export async function runMigrations(db: Kysely<SqlDb>, dialect: SqlDialect): Promise<void> {
  // Postgres: keep the migrator to this connection's schema (see current-schema.ts).
  const schema = await migrationSchema(db, dialect)
  const migrator = new Migrator({
    db,
    provider: sqlMigrationProvider(dialect),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  })
  let lastError: unknown
  for (let attempt = 0; attempt < 5; attempt++) {
    const { error } = await migrator.migrateToLatest()
    if (error === undefined) return
    lastError = error
    await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)))
  }
  throw lastError
}
