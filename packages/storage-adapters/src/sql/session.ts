/**
 * The shared implementation of every `StorageSession` method for the SQL dialects. A
 * session wraps either the root Kysely instance or a Kysely transaction; every statement it
 * issues is filtered by `tenant_id` and fully parameterised.
 */

import type {
  AggregateQuery,
  ColumnMatch,
  FindOptions,
  LinkTableName,
  StorageRow,
  StorageSession,
  TableDefinition,
  TableName,
  TableQuery,
} from '@crmkit/core/storage'
import { compareCodePoints, StorageError } from '@crmkit/core/storage'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { runAggregate } from './aggregate.js'
import { columnOf, columnRef, decodeRow, encodeInsertRow, encodePatch, selectColumns, toNumber } from './codec.js'
import type { Condition, Fragment, SqlDb, SqlDialect } from './dialect.js'
import { guard, type WriteTarget } from './errors.js'
import { compileFilter } from './filter-compiler.js'
import { insertStatement, rowsPerInsert } from './insert-statement.js'
import { deleteLinks, hydrateLinks, insertLinks, PAIRS_PER_STATEMENT, selectLinks } from './links.js'
import { sqlTableName, tableDefinition } from './names.js'
import { DEFAULT_ORDER, pagePhases } from './order.js'
import { columnListText, selectRowById, updateReturningRow } from './row-statements.js'
import { BULK_ROWS, dueForAnalyze } from './statistics.js'
import { couldBeStored } from './storable-keys.js'

/** Keys of a patch the adapter sets itself (or that never change). */
const NOT_PATCHABLE = new Set(['id', 'tenantId', 'version'])

/**
 * Characters of parameter text one multi-row INSERT carries at most. MySQL refuses a statement
 * larger than `max_allowed_packet` (16 MiB by default, counted in bytes: up to 4 per character) and
 * then drops the connection; wide rows (custom values, long notes) start a new statement earlier.
 */
const MAX_STATEMENT_CHARS = 2_000_000

/** Characters of an encoded row's text parameters (numbers and NULLs count a few). */
function encodedLength(values: readonly unknown[]): number {
  let length = 0
  for (const value of values) length += typeof value === 'string' ? value.length : 8
  return length
}

let savepointCounter = 0

function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined
  if (!Number.isSafeInteger(limit) || limit < 0) throw new StorageError(`invalid limit ${String(limit)}`)
  return limit
}

/** A `StorageSession` over a Kysely instance or transaction. */
export class SqlSession implements StorageSession {
  /**
   * @param db the root Kysely instance, or the transaction this session runs in
   * @param spec what differs between databases
   * @param inTransaction whether `db` is a transaction (multi-statement writes then need no own one)
   * @param savepoints whether each write inside the transaction runs in a savepoint, so that a
   *   failed write leaves the transaction usable on a dialect that would abort it (Postgres);
   *   false when the caller never continues after a failed write (see `TransactionOptions`)
   */
  constructor(
    protected readonly db: Kysely<SqlDb>,
    protected readonly spec: SqlDialect,
    protected readonly inTransaction: boolean,
    private readonly savepoints = inTransaction && spec.savepointPerWrite,
  ) {}

  /**
   * Run a write. Outside a transaction, `atomic` writes (several statements) get their own
   * transaction. Inside one, with `savepoints`, the write is isolated in a savepoint so that a
   * conflict the caller handles is recoverable. `recovered` marks a write whose failure the
   * session itself swallows: it is isolated on such a dialect whatever `savepoints` says.
   */
  private async write<T>(
    operation: string,
    atomic: boolean,
    work: (db: Kysely<SqlDb>) => Promise<T>,
    target?: WriteTarget,
    recovered = false,
  ): Promise<T> {
    return this.run(
      operation,
      async () => {
        if (!this.inTransaction) return atomic ? this.db.transaction().execute(work) : work(this.db)
        if (!this.savepoints && !(recovered && this.spec.savepointPerWrite)) return work(this.db)
        const name = sql.id(`crm_sp_${++savepointCounter}`)
        await sql`savepoint ${name}`.execute(this.db)
        try {
          const result = await work(this.db)
          await sql`release savepoint ${name}`.execute(this.db)
          return result
        } catch (error) {
          // Keep the original error; if even the rollback fails, the transaction is lost anyway.
          await sql`rollback to savepoint ${name}`.execute(this.db).catch(() => undefined)
          throw error
        }
      },
      target,
    )
  }

  /**
   * Hook run before every operation; the adapter overrides it to refuse calls made on
   * itself from inside its own `transaction()` (see `SqlStorage`).
   */
  protected checkUsable(): void {}

  /** Run one operation with driver errors translated. */
  protected async run<T>(operation: string, work: () => Promise<T>, target?: WriteTarget): Promise<T> {
    this.checkUsable()
    return guard(this.spec, operation, work, target)
  }

  /** tenant + soft-delete conditions on the row alias `r`. */
  private baseWhere(def: TableDefinition, tenantId: string, includeDeleted: boolean | undefined): Condition[] {
    const conditions: Condition[] = [sql`${columnRef(def, 'tenantId')} = ${tenantId}`]
    if (def.softDelete && !includeDeleted) conditions.push(sql`${columnRef(def, 'deletedAt')} is null`)
    return conditions
  }

  private async selectRows(
    db: Kysely<SqlDb>,
    def: TableDefinition,
    tenantId: string,
    conditions: readonly Condition[],
    options: { orderBy?: readonly Fragment[]; limit?: number | undefined; links?: boolean },
  ): Promise<StorageRow[]> {
    // Raw SQL around the column list compiled once per table: building the select list with
    // the query builder (a node per column) took most of a small query's JavaScript time.
    let query = sql`select ${sql.raw(columnListText(db, this.spec, def))} from ${sql.table(sqlTableName(def.name))} as r
      where ${sql.join(conditions, sql` and `)}`
    if (options.orderBy !== undefined && options.orderBy.length > 0) {
      query = sql`${query} order by ${sql.join(options.orderBy)}`
    }
    if (options.limit !== undefined) query = sql`${query} limit ${options.limit}`
    const { rows } = await query.execute(db)
    return this.toRows(db, def, tenantId, rows as Record<string, unknown>[], options.links)
  }

  /** Selected rows in storage form, with their link fields. */
  private async toRows(
    db: Kysely<SqlDb>,
    def: TableDefinition,
    tenantId: string,
    raw: readonly Record<string, unknown>[],
    links = true,
  ): Promise<StorageRow[]> {
    const rows = raw.map((row) => decodeRow(this.spec, def, row))
    if (links) await hydrateLinks(db, this.spec, def, tenantId, rows)
    return rows
  }

  async insert(table: TableName, tenantId: string, rows: readonly StorageRow[]): Promise<void> {
    const def = tableDefinition(table)
    if (rows.length === 0) return
    // Encode (and check) every row before the first statement, so a bad row writes nothing.
    const perStatement = rowsPerInsert(def)
    const values: unknown[][] = []
    let chunk: unknown[] = []
    let chunkRows = 0
    let chunkChars = 0
    for (const row of rows) {
      const encoded: unknown[] = []
      encodeInsertRow(def, tenantId, row, encoded)
      const chars = encodedLength(encoded)
      if (chunkRows > 0 && (chunkRows === perStatement || chunkChars + chars > MAX_STATEMENT_CHARS)) {
        values.push(chunk)
        chunk = []
        chunkRows = 0
        chunkChars = 0
      }
      chunk.push(...encoded)
      chunkRows += 1
      chunkChars += chars
    }
    values.push(chunk)
    await this.write(
      `insert into ${table}`,
      values.length > 1,
      async (db) => {
        for (const chunk of values) await db.executeQuery(insertStatement(db, this.spec, def, chunk))
      },
      { def, rows },
    )
    await this.keepStatistics(def.name, rows.length)
  }

  /** ANALYZE a table that grew enough (Postgres, see `statistics.ts`); never fails the write. */
  private async keepStatistics(table: TableName | LinkTableName, rows: number, lookup = false): Promise<void> {
    if (!this.spec.analyzeAfterGrowth) return
    const name = sqlTableName(table)
    if (!dueForAnalyze(name, rows, lookup || rows >= BULK_ROWS)) return
    // Its failure is swallowed, so it runs in a savepoint even in core's own transactions.
    await this.write(
      `analyze ${table}`,
      false,
      (db) => sql`analyze ${sql.table(name)}`.execute(db),
      undefined,
      true,
    ).catch(() => undefined)
  }

  async get(
    table: TableName,
    tenantId: string,
    id: string,
    options?: { includeDeleted?: boolean },
  ): Promise<StorageRow | undefined> {
    const def = tableDefinition(table)
    if (!couldBeStored(id)) return undefined
    return this.run(`get from ${table}`, () =>
      selectRowById(this.db, this.spec, def, tenantId, id, options?.includeDeleted === true),
    )
  }

  async findBy(table: TableName, tenantId: string, match: ColumnMatch, options?: FindOptions): Promise<StorageRow[]> {
    const def = tableDefinition(table)
    const limit = checkLimit(options?.limit)
    const links = options?.links !== false
    const where = this.baseWhere(def, tenantId, options?.includeDeleted)
    let probe: { ref: Fragment; values: string[] } | undefined
    for (const [column, given] of Object.entries(match)) {
      const value = Array.isArray(given) ? given.filter(couldBeStored) : given
      const col = columnOf(def, column)
      if (col.type === 'json' || col.type === 'stringArray')
        throw new StorageError(`findBy cannot match JSON column ${column}`)
      const ref = columnRef(def, column)
      const bind = (v: string | number) => (typeof v === 'number' ? this.spec.bindNumber(v) : sql`${v}`)
      if (value === null) where.push(sql`${ref} is null`)
      else if (Array.isArray(value)) {
        if (value.length === 0) return []
        const strings = col.type === 'string' && value.every((v) => typeof v === 'string')
        if (this.spec.lateralLookups && strings && probe === undefined) {
          probe = { ref, values: [...new Set(value as string[])] }
        } else where.push(sql`${ref} in (${sql.join(value.map(bind))})`)
      } else {
        const scalar = value as string | number
        if (!couldBeStored(scalar)) return []
        where.push(sql`${ref} = ${bind(scalar)}`)
      }
    }
    // Without a limit the order is applied in JS: an ORDER BY id makes SQLite walk the primary
    // key instead of the index on the matched column (75 ms vs 0.8 ms per import batch lookup).
    const rows = await this.run(`find in ${table}`, () =>
      probe
        ? this.probeEach(def, tenantId, where, probe, limit, links)
        : this.selectRows(
            this.db,
            def,
            tenantId,
            where,
            limit === undefined ? { links } : { limit, links, orderBy: this.byId(def) },
          ),
    )
    return limit === undefined ? rows.sort((a, b) => compareCodePoints(a.id as string, b.id as string)) : rows
  }

  /**
   * `findBy` with `ref IN values` as a lateral join: one index probe per distinct value
   * (`OFFSET 0` keeps the planner from flattening the subquery back into a filter).
   */
  private async probeEach(
    def: TableDefinition,
    tenantId: string,
    where: readonly Condition[],
    probe: { ref: Fragment; values: string[] },
    limit: number | undefined,
    links: boolean,
  ): Promise<StorageRow[]> {
    await this.keepStatistics(def.name, 0, true)
    const conditions = sql.join([...where, sql`${probe.ref} = m.v`], sql` and `)
    const tail = limit === undefined ? sql`` : sql` order by found.id limit ${this.spec.bindNumber(limit)}`
    const { rows: raw } = await sql<Record<string, unknown>>`
      select found.* from unnest(cast(${probe.values} as text[])) as m(v)
      cross join lateral (
        select ${sql.join(selectColumns(def))} from ${sql.table(sqlTableName(def.name))} as r
        where ${conditions} offset 0
      ) as found${tail}`.execute(this.db)
    return this.toRows(this.db, def, tenantId, raw, links)
  }

  async query(table: TableName, tenantId: string, query: TableQuery): Promise<StorageRow[]> {
    const def = tableDefinition(table)
    const where = this.baseWhere(def, tenantId, query.includeDeleted)
    if (query.where) where.push(compileFilter(query.where, { dialect: this.spec, table: def, tenantId }))
    const phases = pagePhases(this.spec, def, query.orderBy ?? DEFAULT_ORDER, query.after)
    const limit = checkLimit(query.limit)
    return this.run(`query ${table}`, async () => {
      // One statement per phase (see order.ts), the next only while the page is not full.
      const rows: StorageRow[] = []
      const seen = new Set<unknown>()
      for (const phase of phases) {
        const wanted = limit === undefined ? undefined : limit - rows.length
        if (wanted === 0) break
        const found = await this.selectRows(this.db, def, tenantId, [...where, ...phase.where], {
          orderBy: phase.orderBy,
          limit: wanted,
        })
        // Outside a transaction a row can move from the first phase to the second between the
        // two statements; it is listed once.
        for (const row of found) {
          if (seen.has(row.id)) continue
          seen.add(row.id)
          rows.push(row)
        }
      }
      return rows
    })
  }

  /** ORDER BY id, for reads that need a stable order without a sort of their own. */
  private byId(def: TableDefinition): Fragment[] {
    return [sql`${columnRef(def, 'id')} asc`]
  }

  async count(
    table: TableName,
    tenantId: string,
    query?: Pick<TableQuery, 'where' | 'includeDeleted'>,
  ): Promise<number> {
    const def = tableDefinition(table)
    const where = this.baseWhere(def, tenantId, query?.includeDeleted)
    if (query?.where) where.push(compileFilter(query.where, { dialect: this.spec, table: def, tenantId }))
    return this.run(`count ${table}`, async () => {
      const { rows } = await sql<{ n: unknown }>`select count(*) as n from ${sql.table(sqlTableName(table))} as r
        where ${sql.join(where, sql` and `)}`.execute(this.db)
      return toNumber(rows[0]?.n) ?? 0
    })
  }

  async update(
    table: TableName,
    tenantId: string,
    id: string,
    expectedVersion: number,
    patch: StorageRow,
  ): Promise<StorageRow | undefined> {
    const def = tableDefinition(table)
    if (!def.versioned) throw new StorageError(`${table} is not versioned; update() is compare-and-set on version`)
    if (!Number.isSafeInteger(expectedVersion))
      throw new StorageError(`invalid expectedVersion ${String(expectedVersion)}`)
    if (!couldBeStored(id)) return undefined
    const set = { ...encodePatch(def, patch, NOT_PATCHABLE), version: expectedVersion + 1 }
    const target = { def, rows: [{ ...patch, id }] }
    if (this.spec.updateReturning) {
      // One statement: the compare-and-set and the row it wrote (RETURNING, link fields included).
      return this.write(
        `update ${table}`,
        false,
        (db) => updateReturningRow(db, this.spec, def, tenantId, id, expectedVersion, set),
        target,
      )
    }
    // UPDATE and the read-back run in one transaction so the row returned is the one written.
    return this.write(
      `update ${table}`,
      true,
      async (db) => {
        const result = await db
          .updateTable(sqlTableName(table))
          .set(set)
          .where(sql<boolean>`tenant_id = ${tenantId} and id = ${id} and version = ${expectedVersion}`)
          .executeTakeFirst()
        if (Number(result.numUpdatedRows) === 0) return undefined
        return selectRowById(db, this.spec, def, tenantId, id, true)
      },
      target,
    )
  }

  async link(
    link: LinkTableName,
    tenantId: string,
    pairs: readonly (readonly [string, string])[],
    createdAt: string,
  ): Promise<void> {
    if (pairs.length === 0) return
    await this.write(`link ${link}`, pairs.length > PAIRS_PER_STATEMENT, (db) =>
      insertLinks(db, this.spec, link, tenantId, pairs, createdAt),
    )
    await this.keepStatistics(link, pairs.length)
  }

  async unlink(link: LinkTableName, tenantId: string, pairs: readonly (readonly [string, string])[]): Promise<void> {
    if (pairs.length === 0) return
    await this.write(`unlink ${link}`, pairs.length > PAIRS_PER_STATEMENT, (db) =>
      deleteLinks(db, link, tenantId, pairs),
    )
  }

  async linked(
    link: LinkTableName,
    tenantId: string,
    side: 'left' | 'right',
    ids: readonly string[],
  ): Promise<Array<readonly [string, string]>> {
    const keys = ids.filter(couldBeStored)
    if (keys.length === 0) return []
    return this.run(`read ${link}`, () => selectLinks(this.db, link, tenantId, side, keys))
  }

  async aggregate(
    table: TableName,
    tenantId: string,
    query: AggregateQuery,
  ): Promise<Array<Record<string, string | number | null>>> {
    const def = tableDefinition(table)
    const where = this.baseWhere(def, tenantId, query.includeDeleted)
    if (query.where) where.push(compileFilter(query.where, { dialect: this.spec, table: def, tenantId }))
    return this.run(`aggregate ${table}`, () =>
      runAggregate(this.db, this.spec, def, sql<boolean>`${sql.join(where, sql` and `)}`, query),
    )
  }
}
