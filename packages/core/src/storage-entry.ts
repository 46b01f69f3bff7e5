/**
 * `@crmkit/core/storage`: everything a storage adapter author needs, and nothing else.
 *
 * - the port: {@link StorageAdapter}, {@link StorageSession}, their query and row types, and
 *   {@link StorageCapabilities} (what an adapter cannot do);
 * - the optional extensions ({@link StorageExtensions}) with the reference implementation
 *   an extension must equal ({@link computeAttributionData});
 * - the table definitions (`tables`, `links`, `tableList`) an adapter creates and reads;
 * - the filter evaluator and comparison helpers (`resolveFilter`, `evaluateFilter`, ...) for
 *   adapters that evaluate filters in JavaScript, and the cursor helpers for keyset paging;
 * - the errors an adapter throws (`ConflictError` on a unique key, `StorageError`, ...).
 *
 * Hosts that only use crmkit import from `@crmkit/core`.
 *
 * @example
 * ```ts
 * import type { StorageAdapter, StorageCapabilities } from '@crmkit/core/storage'
 * import { evaluateFilter, tables } from '@crmkit/core/storage'
 * ```
 *
 * @packageDocumentation
 */

export type { AttributionRows } from './attribution/journey-data.js'
export { computeAttributionData, NO_KEY, PATH_SEPARATOR, sortPathRows } from './attribution/journey-data.js'
export {
  ConflictError,
  CrmError,
  NotFoundError,
  OverflowError,
  StorageError,
  UnsupportedError,
  ValidationError,
} from './errors.js'
export type { CustomFieldShape, RelatedTruth, Truth } from './filter/index.js'
export {
  compareCodePoints,
  compareRows,
  compareStorageValues,
  cursorFromRow,
  evaluateFilter,
  filterLimits,
  foldCase,
  isAfterCursor,
  operatorsByType,
  resolveFilter,
  resolveSearch,
  resolveSort,
} from './filter/index.js'
export type { RelatedMeasurement, RelatedRowsOf } from './filter/related-evaluate.js'
export { compareMeasure, measureRelated, relatedEvaluator } from './filter/related-evaluate.js'
export type { RelationDefinition, RelationJoin } from './filter/relations.js'
export { relationOf, relations } from './filter/relations.js'
export type {
  ComparisonOperator,
  FilterNode,
  FilterOperator,
  FilterScalar,
  FilterTarget,
  FilterValueType,
  RelatedMeasure,
  ResolvedFilter,
  ResolvedOperator,
  ResolvedRelated,
} from './filter/types.js'
export type { UniqueViolation } from './storage/conflicts.js'
export { uniqueViolation } from './storage/conflicts.js'
export type {
  AttributionData,
  AttributionDataQuery,
  AttributionJourneyRow,
  AttributionPathRow,
  AttributionPushdown,
  AttributionWeighting,
  AttributionWindow,
  CustomFieldIndexes,
  IndexedCustomType,
  StorageExtensions,
} from './storage/extensions/index.js'
export type {
  AggregateQuery,
  ColumnMatch,
  FindOptions,
  JsonValue,
  QueryCursor,
  QueryOrder,
  SortableCustomType,
  StorageAdapter,
  StorageCapabilities,
  StorageRow,
  StorageSession,
  StorageValue,
  TableQuery,
  TransactionOptions,
} from './storage/port.js'
export type {
  ColumnDefinition,
  ColumnType,
  LinkDefinition,
  LinkTableName,
  TableDefinition,
  TableName,
} from './storage/tables.js'
export { links, tableList, tables } from './storage/tables.js'
