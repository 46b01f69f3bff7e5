/**
 * Conversion between core's storage rows (camelCase keys, JS values) and SQL rows
 * (snake_case columns, driver values). Only columns of core's table definitions are ever
 * read or written, so no caller-supplied key can become an identifier.
 */

import type { ColumnDefinition, StorageRow, StorageValue, TableDefinition } from '@crmkit/core/storage'
import { StorageError } from '@crmkit/core/storage'
import type { AliasedRawBuilder } from 'kysely'
import { sql } from 'kysely'
import type { Fragment, SqlDialect } from './dialect.js'
import { snakeCase } from './names.js'

/** Alias of the main table in every SELECT, so filters can reference `r.<column>`. */
export const ROW_ALIAS = 'r'

/** The column definition, or a StorageError for a name the table does not have. */
export function columnOf(def: TableDefinition, column: string): ColumnDefinition {
  const col = Object.hasOwn(def.columns, column) ? def.columns[column] : undefined
  if (!col) throw new StorageError(`table ${def.name} has no column ${column}`)
  return col
}

/** `r.<snake_column>` for a column of `def` (validated). */
export function columnRef(def: TableDefinition, column: string): Fragment {
  columnOf(def, column)
  return sql.ref(`${ROW_ALIAS}.${snakeCase(column)}`)
}

/** SELECT list of every column of the table, aliased back to its camelCase name. */
export function selectColumns(def: TableDefinition): AliasedRawBuilder<unknown, string>[] {
  return Object.keys(def.columns).map((name) => sql.ref(`${ROW_ALIAS}.${snakeCase(name)}`).as(name))
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

function refuse(def: TableDefinition, name: string, problem: string): never {
  throw new StorageError(`${def.name}.${name}: ${problem}`)
}

/** Length in code points, which is how VARCHAR(n) counts in Postgres and MySQL. */
function codePointLength(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

/**
 * A value checked against its column and encoded for binding. The checks are the memory
 * adapter's (same StorageErrors for the same caller bugs), plus `maxLength`, so an
 * over-long string fails alike in SQLite (which has no VARCHAR limit) and the servers.
 */
export function encodeValue(def: TableDefinition, name: string, column: ColumnDefinition, value: unknown): unknown {
  if (value === null || value === undefined) {
    return column.nullable ? null : refuse(def, name, 'NOT NULL column got no value')
  }
  switch (column.type) {
    case 'string':
    case 'text':
      if (typeof value !== 'string') return refuse(def, name, `expected a string, got ${typeof value}`)
      // A string has at least as many UTF-16 units as code points: count only when it may be too long.
      if (
        column.maxLength !== undefined &&
        value.length > column.maxLength &&
        codePointLength(value) > column.maxLength
      ) {
        return refuse(def, name, `longer than ${column.maxLength} characters`)
      }
      return value
    case 'timestamp':
      return typeof value === 'string' && TIMESTAMP.test(value)
        ? value
        : refuse(def, name, 'expected an ISO timestamp YYYY-MM-DDTHH:mm:ss.sssZ')
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? value : refuse(def, name, 'expected a date YYYY-MM-DD')
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : refuse(def, name, 'expected an integer')
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : refuse(def, name, 'expected a finite number')
    case 'stringArray':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? JSON.stringify(value)
        : refuse(def, name, 'expected an array of strings')
    case 'json':
      return typeof value === 'object' ? JSON.stringify(value) : refuse(def, name, 'expected a JSON object')
  }
}

/** A column of a table with its SQL name, in the order INSERT statements list them. */
export interface InsertColumn {
  readonly name: string
  readonly sqlName: string
  readonly column: ColumnDefinition
}

const insertColumnCache = new WeakMap<TableDefinition, readonly InsertColumn[]>()

/**
 * Every column of `def` with its snake_case name, computed once per table: the insert path
 * runs per cell, and converting names there cost more than encoding the values.
 */
export function insertColumns(def: TableDefinition): readonly InsertColumn[] {
  let columns = insertColumnCache.get(def)
  if (!columns) {
    columns = Object.entries(def.columns).map(([name, column]) => ({ name, sqlName: snakeCase(name), column }))
    insertColumnCache.set(def, columns)
  }
  return columns
}

/**
 * A full row for INSERT, appended to `out` as one value per column in {@link insertColumns}
 * order (a multi-row statement binds its rows one after another). A key that is neither a
 * column nor a link field (link fields are written with link()) and a row of another tenant
 * are refused.
 */
export function encodeInsertRow(def: TableDefinition, tenantId: string, row: StorageRow, out: unknown[]): void {
  for (const key of Object.keys(row)) {
    if (!Object.hasOwn(def.columns, key) && !Object.hasOwn(def.linkFields, key)) columnOf(def, key)
  }
  if (row.tenantId !== undefined && row.tenantId !== tenantId) refuse(def, 'tenantId', 'row belongs to another tenant')
  for (const { name, column } of insertColumns(def)) {
    out.push(encodeValue(def, name, column, name === 'tenantId' ? tenantId : row[name]))
  }
}

/** An update patch as snake_case columns; `skip` keys and link fields are ignored. */
export function encodePatch(
  def: TableDefinition,
  patch: StorageRow,
  skip: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(patch)) {
    if (skip.has(key) || Object.hasOwn(def.linkFields, key)) continue
    out[snakeCase(key)] = encodeValue(def, key, columnOf(def, key), value)
  }
  return out
}

/** A driver value of a column back into storage form. */
export function decodeValue(dialect: SqlDialect, column: ColumnDefinition, value: unknown): StorageValue {
  if (value === null || value === undefined) return null
  switch (column.type) {
    case 'integer':
    case 'number':
      // pg returns bigint and numeric as strings; mysql2 returns DECIMAL as a string.
      return typeof value === 'number' ? value : Number(value)
    case 'json':
    case 'stringArray':
      return dialect.parseJson(value) as StorageValue
    default:
      return typeof value === 'string' ? value : String(value)
  }
}

/** A SQL row selected with {@link selectColumns} into storage form (link fields not yet set). */
export function decodeRow(
  dialect: SqlDialect,
  def: TableDefinition,
  raw: Record<string, unknown>,
): Record<string, StorageValue> {
  const row: Record<string, StorageValue> = {}
  for (const [name, column] of Object.entries(def.columns)) row[name] = decodeValue(dialect, column, raw[name])
  return row
}

/** A count or aggregate result (pg: bigint/numeric strings, mysql: DECIMAL strings) as a number. */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null
  return typeof value === 'number' ? value : Number(value)
}
