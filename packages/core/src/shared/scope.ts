/**
 * The tenant scope every service works in, and the one write path: a storage
 * transaction that also appends the write's events to the `events` table (the outbox),
 * followed — only after the commit — by delivery to in-process subscribers.
 */
import { type Clock, toTimestamp } from '../clock.js'
import { ConflictError, NotFoundError } from '../errors.js'
import type { EventBus } from '../events/bus.js'
import { toEvent } from '../events/rows.js'
import type { CrmEventMap, CrmEventType } from '../events/types.js'
import type { ResolvedFilter } from '../filter/types.js'
import type { IdGenerator } from '../ids.js'
import type { JsonValue, StorageAdapter, StorageRow, StorageSession } from '../storage/port.js'
import type { TableName } from '../storage/tables.js'

/** Everything a service needs: storage, tenant, actor, clock, ids and the bus. */
export interface Scope {
  readonly storage: StorageAdapter
  readonly tenantId: string
  readonly actor: string
  readonly bus: EventBus
  readonly clock: Clock
  readonly newId: IdGenerator
  /** Saved segments' hooks (wired by `crm.ts`, loaded on first use); absent in a bare scope. */
  readonly segments?: SegmentHooks
  /**
   * How long this process trusts custom-field definitions it loaded (see
   * `custom-fields/cache.ts`); `createCrm({ customFieldCacheMs })`. Default 1000, 0 = no cache.
   */
  readonly customFieldCacheMs?: number
}

/** What the foundation asks of saved segments, which live in a domain folder it cannot import. */
export interface SegmentHooks {
  /**
   * The two-valued filters of the segments `ids` name, their own references expanded, read
   * through `session` (the adapter when absent). Unknown ids are left out of the map.
   * @throws ValidationError when the references form a cycle.
   */
  filters(scope: Scope, ids: readonly string[], session?: StorageSession): Promise<ReadonlyMap<string, ResolvedFilter>>
  /** Re-evaluate the live membership of the contacts a write's `events` touched, in its transaction. */
  afterWrite(scope: Scope, w: WriteContext, events: readonly StoredEvent[]): Promise<void>
}

/** An event of a write, as `afterWrite` sees it. */
export interface StoredEvent {
  readonly type: CrmEventType
  readonly payload: { readonly [key: string]: JsonValue }
}

/** What a write sees inside its transaction. */
export interface WriteContext {
  readonly session: StorageSession
  readonly tenantId: string
  readonly actor: string
  /** The time of this write in storage form; every row and event of the write uses it. */
  readonly now: string
  newId(): string
  /** Record an event: stored in this transaction, delivered after the commit. */
  emit<K extends CrmEventType>(type: K, payload: CrmEventMap[K]): void
}

/** An event as stored in the `events` table. */
type EventRow = {
  readonly id: string
  readonly tenantId: string
  readonly createdAt: string
  readonly type: CrmEventType
  readonly actor: string
  readonly payload: { readonly [key: string]: JsonValue }
}

/**
 * `work` inside `storage.transaction()`, or, for an adapter that declares
 * `supportsTransactions: false`, straight on the adapter (each write stands alone). A failed
 * write always ends the transaction here (core never catches inside one), so the adapter need
 * not keep the transaction usable after a failed statement (no savepoint per write on Postgres).
 */
function transactionally<T>(storage: StorageAdapter, work: (session: StorageSession) => Promise<T>): Promise<T> {
  return storage.capabilities.supportsTransactions === false
    ? work(storage)
    : storage.transaction(work, { continueAfterError: false })
}

/**
 * Run `work` in one storage transaction together with the insert of its events; deliver
 * the events to subscribers after the commit. If `work` throws, nothing is written (on an
 * adapter without transactions: nothing after the failing write) and nobody is notified.
 */
export async function write<T>(scope: Scope, work: (w: WriteContext) => Promise<T>): Promise<T> {
  const now = toTimestamp(scope.clock())
  const { tenantId, actor } = scope
  let rows: EventRow[] = []
  const result = await transactionally(scope.storage, async (session) => {
    rows = []
    const context: WriteContext = {
      session,
      tenantId,
      actor,
      now,
      newId: scope.newId,
      emit(type, payload) {
        // Payloads are records: strings, numbers, booleans, arrays and plain objects.
        const json = payload as unknown as EventRow['payload']
        rows.push({ id: scope.newId(), tenantId, createdAt: now, type, actor, payload: json })
      },
    }
    const value = await work(context)
    if (scope.segments && rows.length > 0) await scope.segments.afterWrite(scope, context, rows.slice())
    if (rows.length > 0) await session.insert('events', tenantId, rows)
    return value
  })
  if (rows.length > 0 && scope.bus.hasSubscribers()) scope.bus.dispatch(rows.map(toEvent))
  return result
}

/**
 * How long a write without `expectedVersion` keeps re-reading and retrying after losing races:
 * at most {@link MAX_ATTEMPTS} attempts within {@link RETRY_BUDGET_MS}. Sixteen attempts were too
 * few: with 1,000 writers on one row, 4.7 % of them ran out on PostgreSQL. A writer that loses
 * this often for this long meets a row under sustained contention and gets a ConflictError.
 */
const MAX_ATTEMPTS = 200
const RETRY_BUDGET_MS = 30_000

/**
 * A random pause before a retry ("full jitter", exponential up to 100 ms), so that writers racing
 * for one row spread out instead of colliding again in lockstep.
 */
const backoff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 100)))

/**
 * Whether a failed attempt is worth repeating: a compare-and-set that lost a race (only
 * without `expectedVersion`: with it, the caller wants to hear about the race), or — once — a
 * unique key taken by a concurrent writer, so that the repeated attempt's own check reports
 * it with the same fields and wording on every adapter.
 */
function isRetryable(error: unknown, expectedVersion: number | undefined, attempt: number): boolean {
  if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS) return false
  return error.kind === 'version' ? expectedVersion === undefined : attempt === 1
}

/**
 * A versioned write. With `expectedVersion`, losing a race is a `ConflictError`. Without
 * it, the write is repeated on the latest version (each attempt re-reads), so concurrent
 * writers never lose each other's updates; only a row hammered by many writers for all
 * attempts ends in a `ConflictError`.
 */
export async function versionedWrite<T>(
  scope: Scope,
  expectedVersion: number | undefined,
  work: (w: WriteContext) => Promise<T>,
): Promise<T> {
  const started = Date.now()
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(scope, work)
    } catch (error) {
      if (!isRetryable(error, expectedVersion, attempt)) throw error
      if (Date.now() - started >= RETRY_BUDGET_MS) throw error
      if (attempt > 1) await backoff(attempt)
    }
  }
}

/**
 * Read the row a write is about to change, enforcing `expectedVersion`.
 * @throws NotFoundError when absent (or soft-deleted, unless `includeDeleted`).
 * @throws ConflictError when `expectedVersion` is given and stale.
 */
export async function loadForWrite(
  w: WriteContext,
  table: TableName,
  entity: string,
  id: string,
  expectedVersion: number | undefined,
  options: { includeDeleted?: boolean } = {},
): Promise<StorageRow> {
  const row = await w.session.get(table, w.tenantId, id, options)
  if (!row) throw new NotFoundError(entity, id)
  if (expectedVersion !== undefined && Number(row.version) !== expectedVersion) {
    throw new ConflictError({ kind: 'version', entity, id, expectedVersion, currentVersion: Number(row.version) })
  }
  return row
}

/**
 * Compare-and-set update; throws a `version` {@link ConflictError} (with the version stored
 * now) when the version moved on.
 */
export async function casUpdate(
  w: WriteContext,
  table: TableName,
  entity: string,
  current: StorageRow,
  patch: StorageRow,
): Promise<StorageRow> {
  const id = String(current.id)
  const updated = await w.session.update(table, w.tenantId, id, Number(current.version), { ...patch, updatedAt: w.now })
  if (updated) return updated
  const now = await w.session.get(table, w.tenantId, id, { includeDeleted: true })
  const currentVersion = now ? Number(now.version) : null
  throw new ConflictError({ kind: 'version', entity, id, expectedVersion: Number(current.version), currentVersion })
}
