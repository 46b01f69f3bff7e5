/**
 * Explanations of a condition for one record: the condition tree with, for every node,
 * whether it held and the values that decided it ("3 activities matched, needed >= 3").
 * A pure function over a resolved filter, the record and its related records; the same
 * evaluator decides membership, so an explanation never disagrees with `list`/`count`.
 */
import { fieldAliases } from '../filter/aliases.js'
import { evaluateFilterTruth, readScalar, type Truth } from '../filter/evaluate.js'
import { compareMeasure, measureRelated, type RelatedRowsOf, relatedEvaluator } from '../filter/related-evaluate.js'
import type { FilterScalar, FilterTarget, ResolvedFilter, ResolvedRelated } from '../filter/types.js'
import type { StorageRow } from '../storage/port.js'
import type { TableName } from '../storage/tables.js'

/** One node of an explanation. `held` is `true`, `false` or `null` (UNKNOWN: a missing value). */
export type ExplainNode =
  | {
      readonly kind: 'all' | 'any'
      readonly held: Truth
      readonly nodes: readonly ExplainNode[]
      readonly summary: string
    }
  | { readonly kind: 'not'; readonly held: Truth; readonly node: ExplainNode; readonly summary: string }
  | {
      readonly kind: 'condition'
      readonly held: Truth
      /** Public field name (`email`, `custom.plan`, `amount`). */
      readonly field: string
      readonly op: string
      readonly value?: FilterScalar | readonly FilterScalar[]
      /** The record's value (`null` when missing). */
      readonly actual: FilterScalar | readonly string[] | null
      readonly summary: string
    }
  | {
      readonly kind: 'related'
      readonly held: boolean
      readonly relation: string
      /** `count`, `sum`, `min`, `max` or `avg` (`first`/`last` occurrence are `min`/`max` of the time field). */
      readonly measure: string
      /** The measured field, for aggregates. */
      readonly field?: string
      readonly currency?: string
      readonly op: string
      readonly value: FilterScalar | readonly [FilterScalar, FilterScalar]
      /** How many related records matched the condition's `where` (and window). */
      readonly matched: number
      /** The count or aggregate; `null` when there was no value to take min/max/avg of. */
      readonly actual: number | string | null
      readonly summary: string
    }

const symbols: Readonly<Record<string, string>> = {
  eq: '=',
  neq: '≠',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
  between: 'between',
}

function publicName(table: TableName, target: FilterTarget): string {
  if (target.source === 'custom') return `custom.${target.key}`
  if (target.source === 'link') return target.field
  const aliases: Readonly<Record<string, string>> =
    (fieldAliases as Partial<Record<TableName, Record<string, string>>>)[table] ?? {}
  return Object.keys(aliases).find((name) => aliases[name] === target.column && !name.includes('.')) ?? target.column
}

const show = (v: unknown): string => (Array.isArray(v) ? `[${v.map(show).join(', ')}]` : JSON.stringify(v))

function needed(op: string, value: unknown): string {
  if (op === 'between' && Array.isArray(value)) return `between ${show(value[0])} and ${show(value[1])}`
  return `${symbols[op] ?? op} ${show(value)}`
}

function readActual(target: FilterTarget, row: StorageRow): FilterScalar | readonly string[] | null {
  if (target.type !== 'stringArray') return readScalar(target, row)
  const v =
    target.source === 'custom'
      ? (row.custom as Record<string, unknown> | null)?.[target.key]
      : row[target.source === 'link' ? target.field : target.column]
  return Array.isArray(v) ? v.filter((e): e is string => typeof e === 'string') : []
}

function explainRelated(node: ResolvedRelated, row: StorageRow, rowsOf: RelatedRowsOf): ExplainNode {
  const related = relatedEvaluator(rowsOf)
  const { matched, value: actual } = measureRelated(node, rowsOf(node, row), related)
  const held = compareMeasure(actual, node.op, node.value)
  const { measure } = node
  const field = measure.fn === 'count' ? undefined : publicName(node.table, measure.target)
  const currency = measure.fn === 'count' ? undefined : measure.currency
  const what =
    measure.fn === 'count'
      ? `${matched} ${node.relation} matched`
      : `${measure.fn} of ${field}${currency ? ` (${currency})` : ''} over ${matched} ${node.relation} = ${actual === null ? 'no value' : show(actual)}`
  return {
    kind: 'related',
    held,
    relation: node.relation,
    measure: measure.fn,
    ...(field === undefined ? {} : { field }),
    ...(currency === undefined ? {} : { currency }),
    op: node.op,
    value: node.value,
    matched,
    actual,
    summary: `${what}, needed ${needed(node.op, node.value)}: ${held ? 'held' : 'did not hold'}`,
  }
}

const truthText = (t: Truth): string => (t === null ? 'unknown' : t ? 'held' : 'did not hold')

/**
 * Explain `filter` on `row` (a record of `table`), with `rowsOf` giving its related records.
 * The root's `held === true` exactly when the record matches the filter.
 */
export function explainFilter(
  filter: ResolvedFilter,
  table: TableName,
  row: StorageRow,
  rowsOf: RelatedRowsOf,
): ExplainNode {
  const related = relatedEvaluator(rowsOf)
  switch (filter.kind) {
    case 'all':
    case 'any': {
      const nodes = filter.nodes.map((n) => explainFilter(n, table, row, rowsOf))
      const held = evaluateFilterTruth(filter, row, related)
      const passed = nodes.filter((n) => n.held === true).length
      return {
        kind: filter.kind,
        held,
        nodes,
        summary: `${filter.kind}: ${passed} of ${nodes.length} held: ${truthText(held)}`,
      }
    }
    case 'not': {
      const node = explainFilter(filter.node, table, row, rowsOf)
      const held = node.held === null ? null : !node.held
      return { kind: 'not', held, node, summary: `not: ${truthText(held)}` }
    }
    case 'condition': {
      const field = publicName(table, filter.target)
      const actual = readActual(filter.target, row)
      const held = evaluateFilterTruth(filter, row, related)
      return {
        kind: 'condition',
        held,
        field,
        op: filter.op,
        ...(filter.value === undefined ? {} : { value: filter.value }),
        actual,
        summary: `${field} is ${actual === null ? 'not set' : show(actual)}, needed ${filter.op}${filter.value === undefined ? '' : ` ${show(filter.value)}`}: ${truthText(held)}`,
      }
    }
    case 'related':
      return explainRelated(filter, row, rowsOf)
  }
}
