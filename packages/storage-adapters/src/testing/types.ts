import type { LinkTableName, StorageAdapter, StorageRow, TableName } from '@crmkit/core/storage'

/**
 * Reads what an adapter persisted, directly from the database (driver SQL) or from the
 * memory adapter's own store, never through the adapter under test. The conformance suite
 * uses it to check that a write really reached storage and that a denied write changed
 * nothing.
 *
 * Rows come back in storage form (camelCase keys, JSON columns parsed, numeric columns as
 * numbers) so that they compare with what the port documents; soft-deleted rows included.
 * Link fields (`companyIds`, `contactIds`) are not columns and are never on these rows:
 * read them with {@link RawInspector.links}.
 */
export interface RawInspector {
  /** One row by id in this tenant, deleted or not; `undefined` when absent. */
  row(table: TableName, tenantId: string, id: string): Promise<StorageRow | undefined>
  /** Every row of the table in this tenant (deleted included), ordered by id. */
  rows(table: TableName, tenantId: string): Promise<StorageRow[]>
  /** Number of rows of the table in this tenant (deleted included unless `live`). */
  count(table: TableName, tenantId: string, options?: { live?: boolean }): Promise<number>
  /** Pairs `[leftId, rightId]` of a link table in this tenant, sorted. */
  links(link: LinkTableName, tenantId: string): Promise<Array<readonly [string, string]>>
}

/** One ready adapter, as a harness hands it to the suite. */
export interface HarnessInstance {
  /** The adapter under test. The suite calls `migrate()` itself. */
  readonly storage: StorageAdapter
  /** Direct access to what `storage` persisted (see {@link RawInspector}). */
  readonly raw: RawInspector
  /** Close connections and drop whatever `create()` made (e.g. a test database). */
  cleanup(): Promise<void>
}

/**
 * How the conformance suite gets an adapter: a name used in every test title and a
 * factory that creates a fresh, empty store (a new database, a new file, a new memory
 * store) for one suite run.
 */
export interface ConformanceHarness {
  /** Adapter name shown in test titles, e.g. `sqlite` or `my-adapter`. */
  readonly name: string
  /** Create a fresh, empty store plus its raw inspector. */
  create(): Promise<HarnessInstance>
}
