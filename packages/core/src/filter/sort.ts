/**
 * In-memory ordering and keyset pagination for {@link QueryOrder}, identical to what the
 * SQL adapters emit:
 *
 * ```sql
 * ORDER BY (col IS NULL), col ASC|DESC, id ASC|DESC      -- NULLs last in both directions;
 *                                                         -- id breaks ties in the same direction
 * -- rows strictly after cursor (c, i), asc (desc: swap > for <):
 * c non-null: col > c OR (col = c AND id > i) OR col IS NULL
 * c null:     col IS NULL AND id > i
 * ```
 *
 * Strings compare by code point (binary collation), numbers numerically.
 */
import type { QueryCursor, QueryOrder, StorageRow, StorageValue } from '../storage/port.js'
import { compareCodePoints, compareStorageValues } from './compare.js'

function columnValue(row: StorageRow, column: string): StorageValue {
  return Object.hasOwn(row, column) ? (row[column] ?? null) : null
}

function idOf(row: StorageRow): string {
  const id = columnValue(row, 'id')
  return typeof id === 'string' ? id : String(id)
}

/**
 * A comparator for `Array.prototype.sort` that orders rows by `order`: NULLs last in both
 * directions, ties broken by `id` in the same direction.
 */
export function compareRows(order: QueryOrder): (a: StorageRow, b: StorageRow) => number {
  const dir = order.direction === 'desc' ? -1 : 1
  return (a, b) => {
    const x = columnValue(a, order.column)
    const y = columnValue(b, order.column)
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1
    } else {
      const c = compareStorageValues(x, y)
      if (c !== 0) return c * dir
    }
    return compareCodePoints(idOf(a), idOf(b)) * dir
  }
}

/** Whether `row` comes strictly after the cursor position in `order` (keyset pagination). */
export function isAfterCursor(row: StorageRow, order: QueryOrder, cursor: QueryCursor): boolean {
  const position: StorageRow = { [order.column]: cursor.value, id: cursor.id }
  return compareRows(order)(row, position) > 0
}

/**
 * The cursor for the position of `row` in `order`: the next page is `after` it.
 *
 * @throws TypeError when the sort column holds an array or object (not sortable).
 */
export function cursorFromRow(row: StorageRow, order: QueryOrder): QueryCursor {
  const value = columnValue(row, order.column)
  if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
    throw new TypeError(`cursorFromRow: column '${order.column}' is not sortable`)
  }
  return { value, id: idOf(row) }
}
