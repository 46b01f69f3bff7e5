/**
 * Checks that rows and patches fit a table, as a database's schema would: unknown columns,
 * missing NOT NULL columns and values of the wrong type are refused with a `StorageError`
 * (a bug in the caller, never bad user input, which core rejects earlier). Link fields are
 * not columns and are ignored, like the SQL adapters do.
 *
 * JSON and string-array values are stored as a JSON round trip of what was passed, which is
 * exactly what a SQL adapter returns after `JSON.stringify` on write and `JSON.parse` on read.
 */

import type { ColumnDefinition, StorageRow, StorageValue, TableDefinition } from '@crmkit/core/storage'
import { StorageError } from '@crmkit/core/storage'

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

function fail(def: TableDefinition, column: string, problem: string): never {
  throw new StorageError(`${def.name}.${column}: ${problem}`)
}

function jsonRoundTrip(value: unknown): StorageValue {
  return JSON.parse(JSON.stringify(value)) as StorageValue
}

/** The value as stored in `column`, or a StorageError. */
export function columnValue(
  def: TableDefinition,
  name: string,
  column: ColumnDefinition,
  value: unknown,
): StorageValue {
  if (value === null || value === undefined) {
    return column.nullable ? null : fail(def, name, 'NOT NULL column got no value')
  }
  switch (column.type) {
    case 'string':
    case 'text':
      return typeof value === 'string' ? value : fail(def, name, `expected a string, got ${typeof value}`)
    case 'timestamp':
      return typeof value === 'string' && TIMESTAMP.test(value)
        ? value
        : fail(def, name, 'expected an ISO timestamp YYYY-MM-DDTHH:mm:ss.sssZ')
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? value : fail(def, name, 'expected a date YYYY-MM-DD')
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : fail(def, name, 'expected an integer')
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : fail(def, name, 'expected a finite number')
    case 'stringArray':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? jsonRoundTrip(value)
        : fail(def, name, 'expected an array of strings')
    case 'json':
      return typeof value === 'object' ? jsonRoundTrip(value) : fail(def, name, 'expected a JSON object')
  }
}

function columnOf(def: TableDefinition, name: string): ColumnDefinition {
  const column = Object.hasOwn(def.columns, name) ? def.columns[name] : undefined
  return column ?? fail(def, name, 'no such column')
}

/** A full row for insertion: every column present, `tenantId` set (a different one is refused). */
export function rowForInsert(def: TableDefinition, tenantId: string, row: StorageRow): Record<string, StorageValue> {
  for (const key of Object.keys(row)) {
    if (!Object.hasOwn(def.linkFields, key)) columnOf(def, key)
  }
  if (row.tenantId !== undefined && row.tenantId !== tenantId) fail(def, 'tenantId', 'row belongs to another tenant')
  const out: Record<string, StorageValue> = {}
  for (const [name, column] of Object.entries(def.columns)) {
    out[name] = columnValue(def, name, column, name === 'tenantId' ? tenantId : row[name])
  }
  if (typeof out.id !== 'string') fail(def, 'id', 'expected a string id')
  return out
}

/** Keys a patch may not change: identity, tenancy and the version the adapter maintains. */
const fixedKeys = new Set(['id', 'tenantId', 'version'])

/** The checked columns of an update patch (identity and version keys are ignored). */
export function patchColumns(def: TableDefinition, patch: StorageRow): Record<string, StorageValue> {
  const out: Record<string, StorageValue> = {}
  for (const [name, value] of Object.entries(patch)) {
    if (fixedKeys.has(name) || Object.hasOwn(def.linkFields, name)) continue
    out[name] = columnValue(def, name, columnOf(def, name), value)
  }
  return out
}

/** Whether a column can be compared, sorted and grouped (not JSON, not an array). */
export function isScalarColumn(column: ColumnDefinition): boolean {
  return column.type !== 'json' && column.type !== 'stringArray'
}

/** The scalar column `name`, or a StorageError. */
export function scalarColumn(def: TableDefinition, name: string): ColumnDefinition {
  const column = columnOf(def, name)
  return isScalarColumn(column) ? column : fail(def, name, 'is not a scalar column')
}

/** Whether a row is live (not soft-deleted). Tables without soft delete have only live rows. */
export function isLive(def: TableDefinition, row: StorageRow): boolean {
  return !def.softDelete || row.deletedAt === null || row.deletedAt === undefined
}
