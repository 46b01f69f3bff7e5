/**
 * The filter language: schema, resolution against a table, in-memory evaluation, ordering.
 */

export { compareCodePoints, compareStorageValues } from './compare.js'
export type { Truth } from './evaluate.js'
export { evaluateFilter, evaluateFilterTruth } from './evaluate.js'
export type { CustomFieldShape } from './fields.js'
export type { FilterContext, SortInput } from './resolve.js'
export { filterLimits, operatorsByType, resolveFilter, resolveSort } from './resolve.js'
export { filterNodeSchema, filterOperators } from './schema.js'
export { compareRows, cursorFromRow, isAfterCursor } from './sort.js'
export type {
  FilterCondition,
  FilterInputValue,
  FilterNode,
  FilterOperator,
  FilterScalar,
  FilterTarget,
  FilterValueType,
  ResolvedFilter,
  ResolvedOperator,
} from './types.js'
