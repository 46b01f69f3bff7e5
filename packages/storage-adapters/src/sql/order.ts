/**
 * Ordering and keyset pagination. Order is by one column (or one custom field, read out of
 * the JSON column as the filter compiler reads it), NULLs last in both directions, with `id`
 * as the tie-breaker in the same direction; a cursor `{ value, id }` selects the rows
 * strictly after that position in this order.
 */

import type { QueryCursor, QueryOrder, TableDefinition } from '@crmkit/core/storage'
import { StorageError } from '@crmkit/core/storage'
import { sql } from 'kysely'
import { columnOf, columnRef } from './codec.js'
import type { Condition, Fragment, SqlDialect } from './dialect.js'

/** The default order of queries: by id (ids are time-sortable). */
export const DEFAULT_ORDER: QueryOrder = { column: 'id', direction: 'asc' }

/** What a query is ordered by: the SQL expression, whether it can be NULL, how to bind its cursor. */
interface SortKey {
  readonly expr: Fragment
  readonly nullable: boolean
  readonly kind: 'number' | 'boolean' | 'string'
}

function sortKey(dialect: SqlDialect, def: TableDefinition, order: QueryOrder): SortKey {
  const custom = order.customField
  if (custom === undefined) {
    const column = columnOf(def, order.column)
    const kind = column.type === 'integer' || column.type === 'number' ? 'number' : 'string'
    return { expr: columnRef(def, order.column), nullable: column.nullable, kind }
  }
  // The custom value read exactly as a filter reads it: another JSON type is NULL.
  if (order.column !== 'custom' || columnOf(def, 'custom').type !== 'json') {
    throw new StorageError(`${def.name} has no custom fields to order by`)
  }
  const expr = dialect.jsonScalar(dialect.jsonMember(columnRef(def, 'custom'), custom.key), custom.type)
  const kind = custom.type === 'number' || custom.type === 'boolean' ? custom.type : 'string'
  return { expr, nullable: true, kind }
}

/** ORDER BY items for `order`. */
export function orderItems(dialect: SqlDialect, def: TableDefinition, order: QueryOrder): Fragment[] {
  checkDirection(order)
  const id = columnRef(def, 'id')
  const idItem = order.direction === 'asc' ? sql`${id} asc` : sql`${id} desc`
  if (order.column === 'id' && order.customField === undefined) return [idItem]
  const { expr, nullable } = sortKey(dialect, def, order)
  // A non-nullable column has no NULLs to place; skip the (index-unfriendly) MySQL trick.
  const plain = order.direction === 'asc' ? sql`${expr} asc` : sql`${expr} desc`
  const item = nullable ? dialect.orderItem(expr, order.direction) : plain
  return [item, idItem]
}

function checkDirection(order: QueryOrder): void {
  if (order.direction !== 'asc' && order.direction !== 'desc') {
    throw new StorageError(`invalid order direction ${String(order.direction)}`)
  }
}

function bindCursorValue(dialect: SqlDialect, kind: SortKey['kind'], value: string | number): Fragment {
  if (typeof value === 'number' && kind === 'number') return dialect.bindNumber(value)
  // Boolean custom fields sort as false < true; their cursor holds 0 or 1.
  if (typeof value === 'number' && kind === 'boolean') return dialect.bindBoolean(value !== 0)
  return sql`${value}`
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
  if (order.column === 'id' && order.customField === undefined) return sql`(${id} ${after} ${cursor.id})`
  const { expr, kind } = sortKey(dialect, def, order)
  // In the NULL tail only NULL rows with a later id remain.
  if (cursor.value === null) return sql`(${expr} is null and ${id} ${after} ${cursor.id})`
  const value = bindCursorValue(dialect, kind, cursor.value)
  return sql`(${expr} ${after} ${value} or (${expr} = ${value} and ${id} ${after} ${cursor.id}) or ${expr} is null)`
}
