/**
 * Where the filter compiler reads values from: column and custom-field expressions on a row
 * alias, and bound parameters. Shared by the filter compiler and the related-condition
 * compiler, whose subqueries read related rows under their own aliases.
 */
import type { FilterScalar, FilterTarget, TableDefinition } from '@crmkit/core/storage'
import { StorageError } from '@crmkit/core/storage'
import { sql } from 'kysely'
import { columnOf, ROW_ALIAS } from './codec.js'
import type { Fragment, JsonScalarType, SqlDialect } from './dialect.js'
import { snakeCase } from './names.js'

/** What the compiler needs besides the filter. */
export interface FilterCompileContext {
  readonly dialect: SqlDialect
  readonly table: TableDefinition
  /** Link-table subqueries are filtered by tenant too, like every statement. */
  readonly tenantId: string
  /** The alias of the table's rows; default `r` (related subqueries nest under `s1`, `s2`...). */
  readonly alias?: string
  /** How deep in related subqueries this filter is (0 at the top). */
  readonly depth?: number
}

/** A StorageError for a resolved filter the compiler cannot have been given by core. */
export function invalid(message: string): never {
  throw new StorageError(`invalid resolved filter: ${message}`)
}

/** The row alias of a context. */
export function aliasOf(ctx: FilterCompileContext): string {
  return ctx.alias ?? ROW_ALIAS
}

/** `<alias>.<snake_column>` for a column of the context's table (validated). */
export function ref(ctx: FilterCompileContext, column: string): Fragment {
  columnOf(ctx.table, column)
  return sql.ref(`${aliasOf(ctx)}.${snakeCase(column)}`)
}

/** The custom JSON column of the table (filters on `custom.<key>` need one). */
function customColumn(ctx: FilterCompileContext): Fragment {
  const col = columnOf(ctx.table, 'custom')
  if (col.type !== 'json') invalid(`${ctx.table.name}.custom is not a JSON column`)
  return ref(ctx, 'custom')
}

/** The scalar value of a column or custom field, NULL when missing or of another type. */
export function scalarSource(target: Exclude<FilterTarget, { source: 'link' }>, ctx: FilterCompileContext): Fragment {
  if (target.source === 'column') return ref(ctx, target.column)
  const type = target.type as JsonScalarType
  return ctx.dialect.jsonScalar(ctx.dialect.jsonMember(customColumn(ctx), target.key), type)
}

/** The JSON array of an array column or multiselect custom field. */
export function arraySource(target: Exclude<FilterTarget, { source: 'link' }>, ctx: FilterCompileContext): Fragment {
  if (target.source === 'column') return ref(ctx, target.column)
  return ctx.dialect.jsonMember(customColumn(ctx), target.key)
}

/** A filter value as a bound parameter of the target's type. */
export function param(type: string, value: FilterScalar, dialect: SqlDialect): Fragment {
  if (type === 'number') {
    return typeof value === 'number' && Number.isFinite(value)
      ? dialect.bindNumber(value)
      : invalid('expected a finite number')
  }
  if (type === 'boolean') return typeof value === 'boolean' ? dialect.bindBoolean(value) : invalid('expected a boolean')
  return typeof value === 'string' ? sql`${value}` : invalid(`expected a string for a ${type} field`)
}
