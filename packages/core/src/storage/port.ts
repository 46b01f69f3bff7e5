/**
 * The storage port: what core needs from a database, and nothing more.
 *
 * Core owns every rule (validation, tenancy, versions, events); an adapter only stores and
 * finds rows of the tables described in `tables.ts`. Adapters are created by factory
 * functions (`memoryStorage()`, `sqliteStorage({ filename })`, `postgresStorage(...)`,
 * `mysqlStorage(...)` in `@crmkit/storage-adapters`) and all pass one conformance suite.
 *
 * Every method takes the tenant explicitly and must never touch another tenant's rows:
 * every SQL statement an adapter issues is filtered by `tenant_id`.
 */

import type { ResolvedFilter } from '../filter/types.js'
import type { StorageExtensions } from './extensions/index.js'
import type { LinkTableName, TableName } from './tables.js'

/** A JSON value as stored in `json` columns. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue }

/** A value in storage form (see `tables.ts`). */
export type StorageValue = string | number | null | readonly string[] | { readonly [key: string]: JsonValue }

/** A row in storage form: camelCase column names to values, plus hydrated link fields. */
export type StorageRow = { readonly [column: string]: StorageValue }

/**
 * What an adapter cannot do, declared so that core and the conformance suite adapt instead
 * of failing. Every flag changes behaviour; a flag an adapter leaves out counts as its
 * default. Feature pushdowns are not flags: they are {@link StorageExtensions}, which an
 * adapter offers or not.
 */
export interface StorageCapabilities {
  /**
   * `transaction()` is all-or-nothing: if `work` throws, nothing it wrote remains.
   * Default: `true`.
   *
   * With `false` (a store without multi-item transactions), core runs each operation's
   * writes one after another on the adapter itself and never calls `transaction()`: an
   * operation that fails half-way (a crash between a deal update and its transition log, an
   * event insert that fails) can leave its earlier writes behind. Single-row writes keep
   * their guarantees (compare-and-set updates, unique keys). The conformance suite skips its
   * all-or-nothing tests for such an adapter and says so.
   */
  readonly supportsTransactions?: boolean
}

/** Value types a custom field can be sorted as (multiselect arrays have no order). */
export type SortableCustomType = 'string' | 'number' | 'boolean' | 'date'

/** Order of a query: a sortable column, and `id` as the tie-breaker, NULLs last either way. */
export interface QueryOrder {
  /** The sortable column; `custom` (the JSON column) when {@link customField} is set. */
  readonly column: string
  readonly direction: 'asc' | 'desc'
  /**
   * Sort by one key of the `custom` JSON column, read exactly as filters read a custom field
   * of `type`: an absent key, JSON null or a value of another JSON type sorts as NULL (last).
   * Booleans sort false before true; their cursor value is `0` or `1`.
   */
  readonly customField?: { readonly key: string; readonly type: SortableCustomType }
}

/** Keyset position: the sort value and id of the last row of the previous page. */
export interface QueryCursor {
  readonly value: string | number | null
  readonly id: string
}

/** A read of one table. */
export interface TableQuery {
  /** Rows must match this filter (TRUE under three-valued logic). */
  readonly where?: ResolvedFilter
  /** Default `{ column: 'id', direction: 'asc' }` (ids are time-sortable). */
  readonly orderBy?: QueryOrder
  /** Return rows strictly after this position in `orderBy` order. */
  readonly after?: QueryCursor
  /** At most this many rows. Default: no limit. */
  readonly limit?: number
  /** Include soft-deleted rows. Default `false`. */
  readonly includeDeleted?: boolean
}

/** Equality lookup: every listed column equals the value (`null` matches NULL; an array means IN). */
export type ColumnMatch = { readonly [column: string]: string | number | null | readonly (string | number)[] }

/** Options of {@link StorageSession.findBy}. */
export interface FindOptions {
  /** Include soft-deleted rows. Default `false`. */
  readonly includeDeleted?: boolean
  /** At most this many rows (the first by id). Default: no limit. */
  readonly limit?: number
  /** Hydrate link fields. Default `true`. */
  readonly links?: boolean
}

/** One group-by aggregation, for analytics pushdown. */
export interface AggregateQuery {
  readonly where?: ResolvedFilter
  /** Columns (or `{ column, granularity: 'month' | 'day' }` over timestamps/dates) to group by. */
  readonly groupBy: readonly (string | { readonly column: string; readonly granularity: 'day' | 'month' | 'year' })[]
  /** Measures: `count` of rows, or `sum`/`min`/`max`/`avg` of a numeric column. */
  readonly measures: readonly {
    readonly fn: 'count' | 'sum' | 'min' | 'max' | 'avg'
    readonly column?: string
    readonly as: string
  }[]
  readonly includeDeleted?: boolean
}

/** Operations available both directly on an adapter and inside a transaction. */
export interface StorageSession {
  /**
   * Insert rows (all or none). Rows carry every column of the table. Throws `ConflictError`
   * when a row breaks a primary or `uniqueActive` key.
   */
  insert(table: TableName, tenantId: string, rows: readonly StorageRow[]): Promise<void>

  /** One row by id, or `undefined`. Soft-deleted rows are returned only with `includeDeleted`. */
  get(
    table: TableName,
    tenantId: string,
    id: string,
    options?: { includeDeleted?: boolean },
  ): Promise<StorageRow | undefined>

  /**
   * Rows whose columns equal the given values (non-deleted unless `includeDeleted`), with
   * their link fields unless `links: false` (an existence check or a lookup that never reads
   * the links should not load every link of the rows it finds; an adapter may still include them).
   */
  findBy(table: TableName, tenantId: string, match: ColumnMatch, options?: FindOptions): Promise<StorageRow[]>

  /** Rows matching a query, in order. Link fields of the table are hydrated on every row. */
  query(table: TableName, tenantId: string, query: TableQuery): Promise<StorageRow[]>

  /** Number of rows matching a filter (non-deleted unless `includeDeleted`). */
  count(table: TableName, tenantId: string, query?: Pick<TableQuery, 'where' | 'includeDeleted'>): Promise<number>

  /**
   * Compare-and-set update of a versioned table: applies `patch` only if the row exists in
   * this tenant with `version === expectedVersion`, and sets `version = expectedVersion + 1`.
   * Returns the updated row, or `undefined` when nothing matched (absent or stale).
   * Throws `ConflictError` when the patch breaks a `uniqueActive` key.
   */
  update(
    table: TableName,
    tenantId: string,
    id: string,
    expectedVersion: number,
    patch: StorageRow,
  ): Promise<StorageRow | undefined>

  /** Add `(leftId, rightId)` pairs to a link table; pairs already present are ignored. */
  link(
    link: LinkTableName,
    tenantId: string,
    pairs: readonly (readonly [string, string])[],
    createdAt: string,
  ): Promise<void>

  /** Remove pairs from a link table; absent pairs are ignored. */
  unlink(link: LinkTableName, tenantId: string, pairs: readonly (readonly [string, string])[]): Promise<void>

  /** Pairs of a link table whose `side` id is among `ids`. */
  linked(
    link: LinkTableName,
    tenantId: string,
    side: 'left' | 'right',
    ids: readonly string[],
  ): Promise<Array<readonly [string, string]>>

  /** Grouped aggregates. Numeric results are numbers; group keys are strings, numbers or null. */
  aggregate(
    table: TableName,
    tenantId: string,
    query: AggregateQuery,
  ): Promise<Array<Record<string, string | number | null>>>
}

/** How {@link StorageAdapter.transaction} may run its work. */
export interface TransactionOptions {
  /**
   * Whether `work` may catch a failed write (e.g. a unique-key `ConflictError`) and go on
   * writing in the same transaction. Default `true`. PostgreSQL aborts a whole transaction on a
   * failed statement, so the SQL adapter then puts a savepoint around each write; core's own
   * writes pass `false` (a failed write always ends their transaction) and save those two
   * extra round trips per write. With `false`, the first failed write leaves the transaction
   * unusable on such a database.
   */
  readonly continueAfterError?: boolean
}

/** A storage backend. */
export interface StorageAdapter extends StorageSession {
  /** `memory`, `sqlite`, `postgres`, `mysql`, or a third-party adapter's name. */
  readonly dialect: string
  /** What the adapter cannot do (see {@link StorageCapabilities}); `{}` means every default. */
  readonly capabilities: StorageCapabilities
  /** Create or upgrade the schema. Idempotent; safe to call on every start. */
  migrate(): Promise<void>
  /**
   * Run `work` in one transaction: if it throws, nothing it wrote remains. Nested calls on
   * the session passed to `work` are not supported; pass the session down instead. Core does
   * not call it when `capabilities.supportsTransactions` is `false`.
   */
  transaction<T>(work: (session: StorageSession) => Promise<T>, options?: TransactionOptions): Promise<T>
  /** Release connections (a pool passed in by the host is left open). */
  close(): Promise<void>
  /**
   * Optional feature pushdowns (see {@link StorageExtensions}). Core falls back to the
   * general operations above for every extension an adapter does not offer.
   */
  readonly extensions?: StorageExtensions
}
