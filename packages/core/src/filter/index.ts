/**
 * The filter language: schema, resolution against a table, in-memory evaluation, ordering.
 */

export { compareCodePoints, compareStorageValues } from './compare.js'
export type { RelatedTruth, Truth } from './evaluate.js'
export { evaluateFilter, evaluateFilterTruth } from './evaluate.js'

export type {
  FieldOf,
  FilterEntity,
  FilterEntityTables,
  FilterField,
  SortField,
  SortFieldOf,
} from './field-names.js'
export type { CustomFieldShape } from './fields.js'
export type { RelationDefinition, RelationJoin } from './relations.js'
export { relations } from './relations.js'
export type { FilterContext, SortFieldLookup, SortInput } from './resolve.js'
export { filterLimits, operatorsByType, resolveFilter, resolveSortWith } from './resolve.js'
export { filterNodeSchema, filterOperators } from './schema.js'
export { resolveSearch, searchFields, searchLimits } from './search.js'
export { compareRows, cursorFromRow, isAfterCursor } from './sort.js'
export { resolveSort } from './sort-input.js'
export type {
  Comparison,
  ComparisonOperator,
  FieldCondition,
  FilterCondition,
  FilterInputValue,
  FilterNode,
  FilterOperator,
  FilterScalar,
  FilterTarget,
  FilterTree,
  FilterValueType,
  RelatedCondition,
  RelatedMeasure,
  RelativeDateOperator,
  ResolvedFilter,
  ResolvedOperator,
  ResolvedRelated,
  SegmentReference,
  TimeWindow,
} from './types.js'
export { foldCase } from './values.js'
