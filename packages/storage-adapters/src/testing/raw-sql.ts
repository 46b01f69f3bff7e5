import type { ColumnDefinition, LinkTableName, StorageRow, StorageValue, TableName } from '@crmkit/core/storage'
import { compareCodePoints, links, tables } from '@crmkit/core/storage'
import type { RawInspector } from './types.js'

/** Runs one parameterised statement on a connection that is NOT the adapter under test. */
export type RawSqlExecutor = (sql: string, params: readonly unknown[]) => Promise<Array<Record<string, unknown>>>

/** How to talk to one SQL dialect directly. */
export interface RawSqlOptions {
  /** Executes SQL on a separate connection (driver level, no Kysely, no adapter code). */
  readonly execute: RawSqlExecutor
  /** Placeholder for the n-th (1-based) parameter: `?` for SQLite/MySQL, `$n` for Postgres. */
  readonly placeholder: (n: number) => string
  /** Quotes an identifier: `"x"` or `` `x` ``. */
  readonly quote: (identifier: string) => string
  /** Physical table name of a table or link table. Default: `crm_` + snake_case of the name (`crm_deal_transitions`). */
  readonly tableName?: (name: TableName | LinkTableName) => string
  /** Physical column name. Default: snake_case of the camelCase column. */
  readonly columnName?: (column: string) => string
}

/** `amountValue` -> `amount_value`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

/**
 * A {@link RawInspector} over plain SQL, usable for any SQL adapter that follows the
 * crmkit schema (`crm_`-prefixed snake_case tables, snake_case columns, by default). Values are converted from
 * what drivers return (JSON text, numeric strings, bigints, buffers) to storage form, so
 * a test compares what was stored, not how a driver happens to decode it. Timestamps and
 * dates are left as the database returns them: storing them as anything but the
 * fixed-width text of the port would show up as a mismatch.
 */
export function sqlRawInspector(options: RawSqlOptions): RawInspector {
  const tableName = options.tableName ?? ((name: string) => `crm_${snakeCase(name)}`)
  const columnName = options.columnName ?? snakeCase
  const q = options.quote
  const p = options.placeholder

  const toStorage = (table: TableName, record: Record<string, unknown>): StorageRow => {
    const out: Record<string, StorageValue> = {}
    for (const [column, def] of Object.entries(tables[table].columns) as Array<[string, ColumnDefinition]>) {
      out[column] = convert(record[columnName(column)], def)
    }
    return out
  }

  return {
    async row(table, tenantId, id) {
      const sql = `select * from ${q(tableName(table))} where ${q(columnName('tenantId'))} = ${p(1)} and ${q(columnName('id'))} = ${p(2)}`
      const found = await options.execute(sql, [tenantId, id])
      const first = found[0]
      return first === undefined ? undefined : toStorage(table, first)
    },
    async rows(table, tenantId) {
      const sql = `select * from ${q(tableName(table))} where ${q(columnName('tenantId'))} = ${p(1)}`
      const found = await options.execute(sql, [tenantId])
      return found.map((r) => toStorage(table, r)).sort((a, b) => compareCodePoints(String(a.id), String(b.id)))
    },
    async count(table, tenantId, opts) {
      const live = opts?.live && tables[table].softDelete ? ` and ${q(columnName('deletedAt'))} is null` : ''
      const sql = `select count(*) as n from ${q(tableName(table))} where ${q(columnName('tenantId'))} = ${p(1)}${live}`
      const found = await options.execute(sql, [tenantId])
      return Number(found[0]?.n ?? found[0]?.N ?? 0)
    },
    async links(link, tenantId) {
      const def = links[link]
      const left = columnName(def.left.column)
      const right = columnName(def.right.column)
      const sql = `select ${q(left)} as l, ${q(right)} as r from ${q(tableName(link))} where ${q(columnName('tenantId'))} = ${p(1)}`
      const found = await options.execute(sql, [tenantId])
      return sortPairs(found.map((r) => [String(r.l), String(r.r)] as const))
    },
  }
}

/** Sorts link pairs by code point (left, then right) so snapshots compare deterministically. */
export function sortPairs(pairs: Array<readonly [string, string]>): Array<readonly [string, string]> {
  return pairs.sort((a, b) => compareCodePoints(a[0], b[0]) || compareCodePoints(a[1], b[1]))
}

function convert(value: unknown, def: ColumnDefinition): StorageValue {
  if (value === null || value === undefined) return null
  switch (def.type) {
    case 'integer':
    case 'number':
      return typeof value === 'number' ? value : Number(value)
    case 'json':
    case 'stringArray': {
      const parsed =
        typeof value === 'string' || value instanceof Uint8Array ? JSON.parse(String(bufferToString(value))) : value
      return parsed as StorageValue
    }
    default:
      if (value instanceof Date) return `Date(${value.toISOString()})`
      return typeof value === 'string' ? value : String(bufferToString(value))
  }
}

function bufferToString(value: unknown): unknown {
  return value instanceof Uint8Array ? new TextDecoder().decode(value) : value
}
