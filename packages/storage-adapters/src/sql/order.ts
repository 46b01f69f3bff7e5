/**
 * Ordering and keyset pagination. Order is by one column, NULLs last in both directions,
 * with `id` as the tie-breaker in the same direction; a cursor `{ value, id }` selects the
 * rows strictly after that position in this order.
 */

import type { QueryCursor, QueryOrder, TableDefinition } from '@crmkit/core/storage'
import { StorageError } from '@crmkit/core/storage'
import { sql } from 'kysely'
import { columnOf, columnRef } from './codec.js'
import type { Condition, Fragment, SqlDialect } from './dialect.js'

/** The default order of queries: by id (ids are time-sortable). */
export const DEFAULT_ORDER: QueryOrder = { column: 'id', direction: 'asc' }

/** ORDER BY items for `order`. */
export function orderItems(dialect: SqlDialect, def: TableDefinition, order: QueryOrder): Fragment[] {
  checkDirection(order)
  const id = columnRef(def, 'id')
  const idItem = order.direction === 'asc' ? sql`${id} asc` : sql`${id} desc`
  if (order.column === 'id') return [idItem]
  const column = columnOf(def, order.column)
  const expr = columnRef(def, order.column)
  // A non-nullable column has no NULLs to place; skip the (index-unfriendly) MySQL trick.
  const plain = order.direction === 'asc' ? sql`${expr} asc` : sql`${expr} desc`
  const item = column.nullable ? dialect.orderItem(expr, order.direction) : plain
  return [item, idItem]
}

function checkDirection(order: QueryOrder): void {
  if (order.direction !== 'asc' && order.direction !== 'desc') {
    throw new StorageError(`invalid order direction ${String(order.direction)}`)
  }
}

function bindCursorValue(dialect: SqlDialect, type: string, value: string | number): Fragment {
  return typeof value === 'number' && (type === 'integer' || type === 'number')
    ? dialect.bindNumber(value)
    : sql`${value}`
}

/** The condition "after `cursor` in `order`". */
export function keysetCondition(
  dialect: SqlDialect,
  def: TableDefinition,
  order: QueryOrder,
  cursor: QueryCursor,
): Condition {
  checkDirection(order)
  const id = columnRef(def, 'id')
  const after = order.direction === 'asc' ? sql`>` : sql`<`
  if (order.column === 'id') return sql`(${id} ${after} ${cursor.id})`
  const column = columnOf(def, order.column)
  const expr = columnRef(def, order.column)
  // In the NULL tail only NULL rows with a later id remain.
  if (cursor.value === null) return sql`(${expr} is null and ${id} ${after} ${cursor.id})`
  const value = bindCursorValue(dialect, column.type, cursor.value)
  return sql`(${expr} ${after} ${value} or (${expr} = ${value} and ${id} ${after} ${cursor.id}) or ${expr} is null)`
}
