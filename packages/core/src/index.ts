/**
 * @crmkit/core — the CRM domain of crmkit: contacts, companies, pipelines, deals,
 * activities, tasks, custom fields, the filter language and the storage port.
 *
 * @packageDocumentation
 */
export {
  CrmError,
  ValidationError,
  NotFoundError,
  ConflictError,
  ForbiddenError,
  UnsupportedError,
  StorageError,
} from './errors.js'
export type { CrmErrorCode, ValidationIssue } from './errors.js'
export { tables, links, tableList } from './storage/tables.js'
export type {
  ColumnType,
  ColumnDefinition,
  TableDefinition,
  LinkDefinition,
  TableName,
  LinkTableName,
} from './storage/tables.js'
export { filterValueTypeOf } from './storage/port.js'
export type {
  StorageAdapter,
  StorageSession,
  StorageCapabilities,
  StorageRow,
  StorageValue,
  JsonValue,
  TableQuery,
  QueryOrder,
  QueryCursor,
  ColumnMatch,
  AggregateQuery,
} from './storage/port.js'
export type {
  FilterNode,
  FilterCondition,
  FilterOperator,
  FilterScalar,
  FilterValueType,
  FilterTarget,
  ResolvedFilter,
  ResolvedOperator,
} from './filter/types.js'
