/**
 * Decoding list cursors. A cursor comes back from the caller, so it is checked like any other
 * input before a database sees it: its sort must be the list's sort, its value must have the
 * type of the sort column (or custom field), its id must be one a row can have. Anything else
 * is a ValidationError on `cursor`, the same on every adapter. Loaded on first use: only
 * calls past the first page need it.
 */

import { ValidationError } from '../errors.js'
import { parseDate, parseTimestamp } from '../filter/values.js'
import type { QueryCursor, QueryOrder } from '../storage/port.js'
import { type ColumnDefinition, type TableName, tables } from '../storage/tables.js'
import { fromBase64Url, sortLabel } from './cursor-text.js'
import { isStorableText } from './storable.js'

/** Longest JSON a cursor may decode to (a 4,096-character cursor is at most 3,072 bytes). */
const MAX_CURSOR_JSON = 3072
/** Longest custom text value (see the custom-fields limits). */
const MAX_CUSTOM_TEXT = 10_000

const badCursor = (message: string) =>
  new ValidationError(`Invalid cursor: ${message}`, [{ path: ['cursor'], message, code: 'custom' }])

/** Whether `id` is an id a row can have: 1–36 characters of storable text. */
export function isCursorId(id: unknown): id is string {
  return typeof id === 'string' && id.length >= 1 && id.length <= 36 && isStorableText(id)
}

const isText = (value: unknown, maxLength: number): boolean =>
  typeof value === 'string' && value.length <= maxLength && isStorableText(value)

/** Whether a non-null cursor value fits one custom field's sort (booleans sort as 0/1). */
function fitsCustom(value: unknown, type: NonNullable<QueryOrder['customField']>['type']): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'boolean':
      return value === 0 || value === 1
    case 'date':
      return typeof value === 'string' && 'ok' in parseDate(value)
    default:
      return isText(value, MAX_CUSTOM_TEXT)
  }
}

/** Whether a cursor value could have been read from the sort column of `table`. */
function fitsOrder(value: unknown, order: QueryOrder, table: TableName): boolean {
  const columns: Readonly<Record<string, ColumnDefinition>> = tables[table].columns
  const column = Object.hasOwn(columns, order.column) ? columns[order.column] : undefined
  if (column === undefined) return false
  if (value === null) return order.customField !== undefined || column.nullable
  if (order.customField !== undefined) return fitsCustom(value, order.customField.type)
  switch (column.type) {
    case 'integer':
      return Number.isSafeInteger(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'timestamp': {
      // Stored timestamps are canonical (`2026-11-25T11:35:30.123Z`); anything else came from no row.
      const parsed = typeof value === 'string' ? parseTimestamp(value) : undefined
      return parsed !== undefined && 'ok' in parsed && parsed.ok === value
    }
    case 'date':
      return typeof value === 'string' && 'ok' in parseDate(value)
    case 'string':
      return isText(value, column.maxLength ?? 255)
    case 'text':
      return isText(value, MAX_CURSOR_JSON)
    default:
      return false
  }
}

/**
 * Decode a cursor made by `encodeCursor` for the same `order` of `table`.
 * @throws ValidationError on `cursor` for anything a list call of this sort did not return.
 */
export function decodeCursor(cursor: string, order: QueryOrder, table: TableName): QueryCursor {
  let decoded: unknown
  try {
    const json = fromBase64Url(cursor)
    if (json.length > MAX_CURSOR_JSON) throw badCursor('too long')
    decoded = JSON.parse(json)
  } catch {
    throw badCursor('not a cursor returned by a list call')
  }
  if (!Array.isArray(decoded) || decoded.length !== 4) throw badCursor('not a cursor returned by a list call')
  const [column, direction, value, id] = decoded as unknown[]
  if (column !== sortLabel(order) || direction !== order.direction) {
    throw badCursor('the cursor belongs to a list with another sort')
  }
  if (!isCursorId(id) || !fitsOrder(value, order, table)) throw badCursor('not a cursor returned by a list call')
  return { value: value as QueryCursor['value'], id }
}
