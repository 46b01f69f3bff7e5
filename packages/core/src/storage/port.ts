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
import type { LinkTableName, TableName } from './tables.js'

/** A JSON value as stored in `json` columns. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue }

/** A value in storage form (see `tables.ts`). */
export type StorageValue = string | number | null | readonly string[] | { readonly [key: string]: JsonValue }

/** A row in storage form: camelCase column names to values, plus hydrated link fields. */
export type StorageRow = { readonly [column: string]: StorageValue }

/**
 * What an adapter can do natively. Core checks a flag before relying on a feature and
 * falls back (or throws `UnsupportedError`) when it is off. Each flag documents its default:
 * a flag an adapter leaves out counts as its default.
 */
export interface StorageCapabilities {
  /**
   * Filters are evaluated inside the database (compiled to SQL) rather than by loading rows.
   * Default: `false`. The memory adapter evaluates with core's evaluator and says `false`.
   */
  readonly supportsFilterPushdown?: boolean
  /**
   * `transaction()` is truly all-or-nothing and isolated from concurrent writers.
   * Default: `true`. An adapter that cannot roll back must say `false`.
   */
  readonly supportsTransactions?: boolean
  /**
   * Aggregations (`aggregate()`) run inside the database. Default: `false`.
   */
  readonly supportsAggregatePushdown?: boolean
  /**
   * Concurrent transactions may interleave (a real server with a pool). When `false`,
   * transactions are serialised by the adapter (SQLite, memory). Default: `false`.
   */
  readonly supportsConcurrentTransactions?: boolean
  /**
   * `attributionData()` builds journeys inside the database (window functions, GROUP BY,
   * ordered string aggregation) and returns only aggregates. Default: `false`. The memory
   * adapter implements `attributionData()` in JavaScript and says `false`; an adapter
   * without the method makes core read the touchpoints and compute the same thing itself.
   */
  readonly supportsAttributionPushdown?: boolean
}

/**
 * Which journeys an attribution query covers. A converting journey is one conversion with
 * `occurredAt` in `[from, to]` (and `amountCurrency = currency` when given) together with
 * its contact's touchpoints in `[conversion - lookbackMs, conversion]` (by `occurredMs`),
 * ordered by `(occurredMs, id)`. A non-converting journey is a contact with touchpoints in
 * `[from, to]` and no conversion (of any currency) in `[from, to]`: its touchpoints in that
 * range no older than `lookbackMs` before its last one. A touch's key is its `groupBy`
 * column, `'(none)'` when NULL.
 */
export interface AttributionWindow {
  /** Storage-form timestamp; conversions at or after it count. */
  readonly from: string
  /** Storage-form timestamp; conversions at or before it count. */
  readonly to: string
  /** Lookback window in milliseconds (> 0). */
  readonly lookbackMs: number
  /** Touchpoint column whose value is the key of a touch. */
  readonly groupBy: 'channel' | 'campaign' | 'source'
  /** Count only conversions in this currency (ISO 4217). Default: all. */
  readonly currency?: string
}

/** Per-journey weighting that an adapter turns into per-key credit sums. */
export type AttributionWeighting =
  /** Weight 2^(−(newest touch − touch) / halfLifeMs), normalised per journey. */
  | { readonly model: 'timeDecay'; readonly halfLifeMs: number }
  /**
   * One touch: 1; two: first : last normalised (1 : 1 when both are 0); more: `first`,
   * `last`, and `(1 − first − last) / (m − 2)` for each middle touch.
   */
  | { readonly model: 'positionBased'; readonly first: number; readonly last: number }

/**
 * An attribution query. `kind` selects what comes back in {@link AttributionData}:
 * `paths` (aggregated paths, converting and not), `credits` (per-key credit sums of a
 * weighting over the converting journeys), or `journeys` (the converting journeys' compact
 * touches, for models only JavaScript can evaluate, such as custom weight functions).
 */
export type AttributionDataQuery = AttributionWindow &
  (
    | { readonly kind: 'paths' }
    | { readonly kind: 'credits'; readonly weighting: AttributionWeighting }
    | { readonly kind: 'journeys' }
  )

/** Aggregated journeys sharing one key sequence. */
export interface AttributionPathRow {
  readonly path: readonly string[]
  /** Converting journeys on this path. */
  readonly conversions: number
  /** Sum of their conversion values (minor units). */
  readonly value: number
  /** Non-converting journeys on this path. */
  readonly nulls: number
}

/**
 * One converting journey in compact form (touches oldest first, ties by id), with the
 * instants of the CRM milestones the milestone models (`wShaped`, `fullPath`) credit.
 */
export interface AttributionJourneyRow {
  readonly value: number
  readonly convertedMs: number
  readonly touches: readonly { readonly key: string; readonly atMs: number }[]
  /** Lead creation: the converting contact's `createdAt` (deleted contacts included), epoch ms. */
  readonly leadMs: number | null
  /**
   * Opportunity creation, epoch ms: the `createdAt` of the conversion's deal when it has one
   * (deleted or not); otherwise the earliest `createdAt` among the contact's live deals
   * (`dealContacts`) created at or before the conversion; `null` when there is none.
   */
  readonly opportunityMs: number | null
}

/** The answer to an {@link AttributionDataQuery}; fields of other kinds are empty. */
export interface AttributionData {
  /** `kind: 'paths'`: sorted by the path's keys (code-point order, element by element). */
  readonly paths: readonly AttributionPathRow[]
  /** `kind: 'credits'`: credited conversions and value per key, sorted by key. */
  readonly credits: readonly { readonly key: string; readonly conversions: number; readonly value: number }[]
  /** `kind: 'journeys'`: ordered by conversion time, then conversion id. */
  readonly journeys: readonly AttributionJourneyRow[]
  /** Conversions in the window with at least one touch in their lookback window. */
  readonly attributed: { readonly conversions: number; readonly value: number }
  /** Conversions in the window without any touch in their lookback window. */
  readonly unattributed: { readonly conversions: number; readonly value: number }
  /** Distinct currencies of the conversions counted, sorted. */
  readonly currencies: readonly string[]
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

  /** Rows whose columns equal the given values (non-deleted unless `includeDeleted`). */
  findBy(
    table: TableName,
    tenantId: string,
    match: ColumnMatch,
    options?: { includeDeleted?: boolean; limit?: number },
  ): Promise<StorageRow[]>

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

/** A storage backend. */
export interface StorageAdapter extends StorageSession {
  /** `memory`, `sqlite`, `postgres`, `mysql`, or a third-party adapter's name. */
  readonly dialect: string
  readonly capabilities: StorageCapabilities
  /** Create or upgrade the schema. Idempotent; safe to call on every start. */
  migrate(): Promise<void>
  /**
   * Run `work` in one transaction: if it throws, nothing it wrote remains. Nested calls on
   * the session passed to `work` are not supported; pass the session down instead.
   */
  transaction<T>(work: (session: StorageSession) => Promise<T>): Promise<T>
  /** Release connections (a pool passed in by the host is left open). */
  close(): Promise<void>
  /**
   * Optional: journeys of a tenant for attribution reports, aggregated by the adapter (see
   * {@link AttributionDataQuery} for the exact definition every adapter must follow). With
   * `supportsAttributionPushdown` the work runs in the database. Without the method, core
   * reads the touchpoints and conversions through `query()` and aggregates them itself.
   */
  attributionData?(tenantId: string, query: AttributionDataQuery): Promise<AttributionData>
}
