/**
 * The contract between the shared Kysely implementation and a dialect folder. Everything
 * that is the same in SQLite, PostgreSQL and MySQL/MariaDB lives in `sql/`; a dialect
 * supplies only the pieces listed here (column types, JSON access, string search, NULL
 * ordering, error classification, the MySQL live-row marker, ...).
 */
import type { ColumnDefinition } from '@crmkit/core/storage'
import type { InsertQueryBuilder, InsertResult, Kysely, RawBuilder, SqlBool } from 'kysely'
import { sql } from 'kysely'

/**
 * The Kysely database type the SQL adapters use. Table and column names are not known to
 * TypeScript statically (they come from core's table definitions at run time), so every
 * table is a record of unknown-typed columns.
 */
export type SqlDb = Record<string, Record<string, unknown>>

/** A SQL fragment. */
export type Fragment = RawBuilder<unknown>

/** A SQL boolean fragment (a condition). */
export type Condition = RawBuilder<SqlBool>

/** The scalar types a custom-field value can be read as. */
export type JsonScalarType = 'string' | 'number' | 'boolean' | 'timestamp' | 'date'

/** Keys core accepts for custom fields (`customFieldKeyPattern`): no quote, no backslash. */
const SAFE_KEY = /^[a-z][a-zA-Z0-9_]{0,63}$/

/**
 * A custom-field key inside a JSON access: an inline literal when it is a key core accepts,
 * otherwise a bound parameter. Inline, the compiled expression is the very expression an
 * `indexed: true` field's expression index is built on (an index expression cannot hold a
 * parameter, and SQLite matches an index only to an identical expression).
 */
export function jsonKey(key: string): Fragment {
  return SAFE_KEY.test(key) ? sql.lit(key) : sql`${key}`
}

/** An index a migration creates; see {@link SqlDialect.createIndex}. */
export interface IndexSpec {
  readonly name: string
  readonly table: string
  readonly columns: readonly string[]
  readonly unique: boolean
  /** Unique among live rows only (`deleted_at IS NULL`). */
  readonly liveOnly: boolean
}

/**
 * `createIndex` for dialects with partial indexes (SQLite, PostgreSQL): a live-only unique
 * key is a unique index `WHERE deleted_at IS NULL`.
 */
/**
 * `keysetAfter` as a row-value comparison, which SQLite (3.15+) and Postgres turn into one
 * index range starting at the cursor.
 */
export function rowValueKeyset(
  key: Fragment,
  value: Fragment,
  id: Fragment,
  cursorId: string,
  direction: 'asc' | 'desc',
): Condition {
  const cmp = direction === 'asc' ? sql`>` : sql`<`
  return sql`((${key}, ${id}) ${cmp} (${value}, ${cursorId}))`
}

export async function createPartialIndex(db: Kysely<SqlDb>, index: IndexSpec): Promise<void> {
  let builder = db.schema
    .createIndex(index.name)
    .ifNotExists()
    .on(index.table)
    .columns([...index.columns])
  if (index.unique) builder = builder.unique()
  if (index.liveOnly) builder = builder.where(sql.ref('deleted_at'), 'is', null)
  await builder.execute()
}

export type LinkInsert = InsertQueryBuilder<SqlDb, string, InsertResult>

/** What differs between SQL dialects. One object per dialect folder. */
export interface SqlDialect {
  /** Reported as `StorageAdapter.dialect`. */
  readonly name: 'sqlite' | 'postgres' | 'mysql'
  /**
   * Postgres aborts the whole transaction when one statement fails; with this flag the
   * session wraps each write inside a transaction in a savepoint so a failed write (e.g. a
   * unique conflict that core catches) leaves the transaction usable, as in SQLite/MySQL.
   */
  readonly savepointPerWrite: boolean
  /**
   * `UPDATE ... RETURNING` exists (PostgreSQL, SQLite >= 3.35): the compare-and-set update
   * returns the row it wrote in the same statement. MariaDB has RETURNING only for INSERT and
   * DELETE, so there the update is followed by a read of the row in the same transaction.
   */
  readonly updateReturning: boolean
  /**
   * Look up `column IN (values)` as one index probe per value (a lateral join over the
   * values) instead of an IN list. Postgres (before 17) plans an IN list on the second
   * column of a `(tenant_id, column)` index as a scan of the tenant's rows with a filter
   * whenever its statistics make the tenant look small, as they do on a fresh or just-grown
   * table: an import's email lookups then cost O(rows of the tenant) per batch.
   */
  readonly lateralLookups: boolean
  /**
   * ANALYZE a table each time the rows this process inserted into it double (see
   * `statistics.ts`), so a bulk import does not run on statistics of a table 100x smaller.
   */
  readonly analyzeAfterGrowth?: boolean

  // ---- schema (migrations) ----
  /** SQL type of a column, including its collation where the dialect needs one. */
  columnType(column: ColumnDefinition): Fragment
  /** Appended after `CREATE TABLE (...)` (MySQL: engine and binary collation), or undefined. */
  tableOptions(db: Kysely<SqlDb>): Promise<Fragment | undefined>
  /** Whether tables with `uniqueActive` keys get the `live_marker` generated column (MySQL). */
  readonly usesLiveMarker: boolean
  /**
   * Create an index if it does not exist yet (migrations must be resumable after a crash
   * on dialects without transactional DDL). `liveOnly` asks for uniqueness among rows
   * with `deleted_at IS NULL` only.
   */
  createIndex(db: Kysely<SqlDb>, index: IndexSpec): Promise<void>

  // ---- errors ----
  /** The driver error is a primary-key or unique-index violation. */
  isUniqueViolation(error: unknown): boolean
  /** The driver error is an integer overflow of an aggregate (SQLite's `sum()` past 2^63). */
  isIntegerOverflow?(error: unknown): boolean

  // ---- values and expressions ----
  /** A number parameter, cast where the server would otherwise infer a too-narrow type. */
  bindNumber(value: number): Fragment
  /** A boolean parameter in the form {@link jsonScalar}'s `boolean` values compare with. */
  bindBoolean(value: boolean): Fragment
  /** The JSON value under `key` of a JSON object column (NULL when absent). `key` goes through {@link jsonKey}. */
  jsonMember(json: Fragment, key: string): Fragment
  /**
   * The JSON value `member` as a SQL scalar of `type`, or NULL when it is absent, JSON null
   * or of another JSON type. Strings come out with binary (code-point) comparison.
   */
  jsonScalar(member: Fragment, type: JsonScalarType): Fragment
  /** Whether the JSON array `array` has a string element equal to any of `values`; FALSE (never NULL) when `array` is not an array. */
  jsonArrayHasAny(array: Fragment, values: readonly string[]): Condition
  /**
   * `jsonArrayHasAny` for a `stringArray` column (never NULL, always an array of strings: no
   * type guard needed), written so the dialect's index on the column serves it: Postgres's
   * tenant-scoped GIN index of migration 0006 over `tenantColumn` and `array`.
   */
  stringArrayHasAny(array: Fragment, tenantColumn: Fragment, tenantId: string, values: readonly string[]): Condition
  /** Whether `array` is a non-empty JSON array; FALSE (never NULL) otherwise. */
  jsonArrayNonEmpty(array: Fragment): Condition
  /** Case-sensitive, code-point substring tests; NULL when `text` is NULL. */
  textContains(text: Fragment, needle: string): Condition
  textStartsWith(text: Fragment, prefix: string): Condition
  textEndsWith(text: Fragment, suffix: string): Condition
  /**
   * `text` with ASCII letters A–Z lowered to a–z and every other character unchanged (core's
   * `foldCase`); NULL stays NULL. Never Unicode lowercasing: databases disagree on it.
   */
  foldCase(text: Fragment): Fragment
  /**
   * The keyset condition "(key, id) after (value, cursorId)" in `direction`, for a key that
   * is not NULL, written so the dialect seeks in an index `(tenant_id, key, id)` (see order.ts).
   */
  keysetAfter(key: Fragment, value: Fragment, id: Fragment, cursorId: string, direction: 'asc' | 'desc'): Condition
  /** Make a link-table insert skip pairs that already exist (and nothing else). */
  ignoreDuplicateLinks(insert: LinkInsert, leftColumn: string): LinkInsert
  /**
   * Aggregate: the group's `expr` values as a JSON array (`[]` over no rows, in any order), in
   * a form {@link parseJson} reads. Used for link fields of single-row statements.
   */
  jsonArrayAgg(expr: Fragment): Fragment
  /** Turn a JSON column value as the driver returns it into a JS value. */
  parseJson(value: unknown): unknown

  // ---- attribution pushdown (see sql/attribution.ts) ----
  /**
   * Ordered string aggregation: the group's `expr` values joined by `separator` in
   * `orderBy` order. `separator` is a constant of ours, never caller input.
   */
  orderedConcat(expr: Fragment, orderBy: Fragment, separator: string): Fragment
  /** A numeric expression as a double-precision float (no integer division). */
  toDouble(expr: Fragment): Fragment
  /** Run on the connection before string aggregation (MySQL lifts `group_concat_max_len`). */
  prepareStringAggregation(db: Kysely<SqlDb>): Promise<void>
}
