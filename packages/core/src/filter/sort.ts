/**
 * In-memory ordering and keyset pagination for {@link QueryOrder}, selecting the same rows as
 * the SQL adapters (which read the non-NULL and the NULL part in two index-seeking statements,
 * see storage-adapters' `sql/order.ts`). In SQL terms:
 *
 * ```sql
 * ORDER BY (v IS NULL), v ASC|DESC, id ASC|DESC      -- NULLs last in both directions;
 *                                                     -- id breaks ties in the same direction
 * -- rows strictly after cursor (c, i), asc (desc: swap > for <):
 * c non-null: v > c OR (v = c AND id > i) OR v IS NULL
 * c null:     v IS NULL AND id > i
 * ```
 *
 * `v` is the column, or for a custom-field order the custom value read as filters read it
 * (a value of another JSON type is NULL; booleans are 0 and 1). Strings compare by code
 * point (binary collation), numbers numerically.
 */
import type { QueryCursor, QueryOrder, StorageRow, StorageValue } from '../storage/port.js'
import { compareCodePoints, compareStorageValues } from './compare.js'
import { readScalar } from './evaluate.js'

function columnValue(row: StorageRow, column: string): StorageValue {
  return Object.hasOwn(row, column) ? (row[column] ?? null) : null
}

function idOf(row: StorageRow): string {
  const id = columnValue(row, 'id')
  return typeof id === 'string' ? id : String(id)
}

/** The value `row` is ordered by in `order` (the column, or the typed custom value). */
function sortValue(row: StorageRow, order: QueryOrder): StorageValue {
  const custom = order.customField
  if (custom === undefined) return columnValue(row, order.column)
  const value = readScalar({ source: 'custom', key: custom.key, type: custom.type }, row)
  return typeof value === 'boolean' ? Number(value) : value
}

/** Compare two (value, id) positions in `order`. */
function comparePositions(order: QueryOrder, x: StorageValue, xId: string, y: StorageValue, yId: string): number {
  const dir = order.direction === 'desc' ? -1 : 1
  if (x === null || y === null) {
    if (x !== y) return x === null ? 1 : -1
  } else {
    const c = compareStorageValues(x, y)
    if (c !== 0) return c * dir
  }
  return compareCodePoints(xId, yId) * dir
}

/**
 * A comparator for `Array.prototype.sort` that orders rows by `order`: NULLs last in both
 * directions, ties broken by `id` in the same direction.
 */
export function compareRows(order: QueryOrder): (a: StorageRow, b: StorageRow) => number {
  return (a, b) => comparePositions(order, sortValue(a, order), idOf(a), sortValue(b, order), idOf(b))
}

/** Whether `row` comes strictly after the cursor position in `order` (keyset pagination). */
export function isAfterCursor(row: StorageRow, order: QueryOrder, cursor: QueryCursor): boolean {
  return comparePositions(order, sortValue(row, order), idOf(row), cursor.value, cursor.id) > 0
}

/**
 * The cursor for the position of `row` in `order`: the next page is `after` it.
 *
 * @throws TypeError when the sort column holds an array or object (not sortable).
 */
export function cursorFromRow(row: StorageRow, order: QueryOrder): QueryCursor {
  const value = sortValue(row, order)
  if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
    throw new TypeError(`cursorFromRow: column '${order.column}' is not sortable`)
  }
  return { value, id: idOf(row) }
}
