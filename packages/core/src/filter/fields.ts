/**
 * The public field names of each table, for filters and sorting.
 *
 * A public name is the record's field name. Most are column names; a few records show a
 * column under another name (a deal's `amount` is the `amountValue` column). Link fields
 * (`companyIds`, `contactIds`) come from `tables[x].linkFields`, custom fields from the
 * tenant's definitions as `custom.<key>`.
 */

import { type CustomFieldType, customFieldKeyPattern } from '../shared/custom-values.js'
import { type ColumnDefinition, type TableName, tables } from '../storage/tables.js'
import { fieldAliases } from './aliases.js'
import type { FilterTarget, FilterValueType } from './types.js'

/** What the filter resolver needs to know about one of the tenant's custom fields. */
export interface CustomFieldShape {
  readonly key: string
  readonly type: CustomFieldType
}

const aliases: Partial<Record<TableName, Readonly<Record<string, string>>>> = fieldAliases

const customTypes: Readonly<Record<CustomFieldType, FilterValueType>> = {
  text: 'string',
  select: 'string',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  multiselect: 'stringArray',
}

/** A resolved public field. `integer` marks integer columns, whose values must be integers. */
export interface FieldInfo {
  readonly target: FilterTarget
  readonly integer: boolean
}

function columnsOf(table: TableName): Readonly<Record<string, ColumnDefinition>> {
  return tables[table].columns
}

function aliasesOf(table: TableName): Readonly<Record<string, string>> {
  return aliases[table] ?? {}
}

function isHidden(table: TableName, column: string): boolean {
  return Object.values(aliasesOf(table)).includes(column)
}

function columnFor(table: TableName, name: string): string | undefined {
  const a = aliasesOf(table)
  if (Object.hasOwn(a, name)) return a[name]
  if (isHidden(table, name) || !Object.hasOwn(columnsOf(table), name)) return undefined
  return name
}

/** Public names usable in filters on a table (without custom fields), for error messages. */
export function filterFieldNames(table: TableName): string[] {
  const cols = columnsOf(table)
  const names = Object.keys(cols).filter((c) => cols[c]?.filterable === true && !isHidden(table, c))
  return [...names, ...Object.keys(aliasesOf(table)), ...Object.keys(tables[table].linkFields)]
}

/** Public names usable for sorting a table. */
export function sortFieldNames(table: TableName): string[] {
  const cols = columnsOf(table)
  const names = Object.keys(cols).filter((c) => cols[c]?.sortable === true && !isHidden(table, c))
  const a = aliasesOf(table)
  return [...names, ...Object.keys(a).filter((k) => cols[a[k] ?? '']?.sortable === true)]
}

/**
 * Resolve a public field name of `table` to where its value lives.
 *
 * @returns the field, or an error message naming what is allowed.
 */
export function lookupFilterField(
  table: TableName,
  name: string,
  customFields: readonly CustomFieldShape[],
): FieldInfo | string {
  const columns = columnsOf(table)
  if (name.startsWith('custom.')) {
    const key = name.slice('custom.'.length)
    if (!Object.hasOwn(columns, 'custom')) return `${table} have no custom fields`
    const def = customFieldKeyPattern.test(key) ? customFields.find((f) => f.key === key) : undefined
    const type = def === undefined ? undefined : customTypes[def.type]
    if (type === undefined) return `Unknown custom field '${key}' on ${table}`
    return { target: { source: 'custom', key, type }, integer: false }
  }
  const links = tables[table].linkFields
  if (Object.hasOwn(links, name)) {
    return { target: { source: 'link', field: name, type: 'stringArray' }, integer: false }
  }
  const column = columnFor(table, name)
  const def = column === undefined ? undefined : columns[column]
  const type = def?.filterable === true ? filterValueTypeOf(def.type) : undefined
  if (column === undefined || def === undefined || type === undefined) {
    return `Unknown field '${name}' on ${table}; expected one of ${filterFieldNames(table).join(', ')} or custom.<key>`
  }
  return { target: { source: 'column', column, type }, integer: def.type === 'integer' }
}

/**
 * Resolve a public field name of `table` to a sortable column.
 *
 * @returns the column name, or an error message naming what is allowed.
 */
export function lookupSortColumn(table: TableName, name: string): { column: string } | string {
  const column = columnFor(table, name)
  if (column !== undefined && columnsOf(table)[column]?.sortable === true) return { column }
  const custom = Object.hasOwn(columnsOf(table), 'custom') ? ' or custom.<key>' : ''
  return `Cannot sort ${table} by '${name}'; expected one of ${sortFieldNames(table).join(', ')}${custom}`
}

/** The value type of a storage column type (`tables[x].columns[c].type`), for filters over plain columns. */
export function filterValueTypeOf(columnType: string): FilterValueType | undefined {
  switch (columnType) {
    case 'string':
    case 'text':
      return 'string'
    case 'integer':
    case 'number':
      return 'number'
    case 'timestamp':
      return 'timestamp'
    case 'date':
      return 'date'
    case 'stringArray':
      return 'stringArray'
    default:
      return undefined
  }
}
