/**
 * `resolveSort`: sort requests over a table's sortable columns and over the tenant's custom
 * fields. Kept apart from `resolve.ts` so that a list call without a custom-field sort does
 * not load it (list calls import it on first use; it is outside the initial-load budget).
 */
import type { QueryOrder } from '../storage/port.js'
import type { TableName } from '../storage/tables.js'
import { type CustomFieldShape, lookupFilterField, lookupSortColumn } from './fields.js'
import { resolveSortWith, type SortInput } from './resolve.js'

/** The order of a sortable custom field (read as filters read it), or why it cannot be sorted by. */
function customOrder(
  table: TableName,
  field: string,
  customFields: readonly CustomFieldShape[],
): Omit<QueryOrder, 'direction'> | string {
  const found = lookupFilterField(table, field, customFields)
  if (typeof found === 'string') return found
  const { target } = found
  // `custom.` names always resolve to custom targets; timestamps are never custom.
  if (target.source !== 'custom' || target.type === 'stringArray' || target.type === 'timestamp') {
    return `Cannot sort ${table} by '${field}': multiselect custom fields have no order`
  }
  return { column: 'custom', customField: { key: target.key, type: target.type } }
}

/**
 * Resolve a sort request to a {@link QueryOrder} over a sortable column of `table`, or over
 * one of the tenant's custom fields (`custom.<key>` of a text, select, number, date or boolean
 * field; multiselect fields are not sortable).
 * No sort means `{ column: 'id', direction: 'asc' }` (ids are time-sortable: oldest first).
 *
 * @param customFields - the tenant's custom-field definitions of the table's entity
 * @throws ValidationError for an unknown or unsortable field or a bad direction
 *   (paths `['field']`, `['direction']`).
 */
export function resolveSort(
  sort: SortInput | undefined,
  table: TableName,
  customFields: readonly CustomFieldShape[] = [],
): QueryOrder {
  return resolveSortWith(sort, (field) =>
    field.startsWith('custom.') ? customOrder(table, field, customFields) : lookupSortColumn(table, field),
  )
}
