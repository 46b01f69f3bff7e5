/**
 * In-memory evaluation of resolved filters, with exactly the semantics the SQL adapters
 * compile to (see the header of `types.ts`). The memory adapter filters with it, and core
 * uses it to explain segment membership.
 *
 * Reading a value (the SQL compiler mirrors each rule):
 * - column: `row[column]`; a value whose JS type does not fit the target type is NULL.
 * - custom: own key `key` of the `custom` object; absent, null, or of the wrong JSON type
 *   (a number stored where the field is now text) is NULL. Multiselect: a JSON array, of
 *   which only string elements count; anything else is the empty array.
 * - link: the hydrated array `row[field]`; not an array means empty.
 */
import type { StorageRow, StorageValue } from '../storage/port.js'
import { compareScalars } from './compare.js'
import type { FilterScalar, FilterTarget, FilterValueType, ResolvedFilter, ResolvedRelated } from './types.js'
import { foldCase } from './values.js'

/** Three-valued truth: `true`, `false`, or `null` for SQL's UNKNOWN. */
export type Truth = boolean | null

/**
 * Decides related conditions (`{ related: ... }`) for a row: built by whoever holds the
 * related records (the memory adapter's per-query indexes, `explain`'s fetched records);
 * see `relatedEvaluator` in `related-evaluate.ts`. Related conditions are never UNKNOWN.
 */
export type RelatedTruth = (node: ResolvedRelated, row: StorageRow) => boolean

type Scalar = string | number | boolean

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The shape a date value must have to count as one. A custom field redefined from text to date
 * keeps its old strings: 'soon' is no date, so filters see it as missing, not as text that sorts
 * after every date. The SQL adapters test the same shape (not calendar validity, which they cannot).
 */
const DATE_SHAPE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/

function fits(type: FilterValueType, value: unknown): value is Scalar {
  switch (type) {
    case 'date':
      return typeof value === 'string' && DATE_SHAPE.test(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'boolean':
      return typeof value === 'boolean'
    case 'stringArray':
      return false
    default:
      return typeof value === 'string'
  }
}

function rawValue(target: FilterTarget, row: StorageRow): unknown {
  switch (target.source) {
    case 'column':
      return Object.hasOwn(row, target.column) ? row[target.column] : undefined
    case 'link':
      return Object.hasOwn(row, target.field) ? row[target.field] : undefined
    case 'custom': {
      const custom: StorageValue | undefined = Object.hasOwn(row, 'custom') ? row.custom : undefined
      // Own keys only: `custom.constructor` must not find Object.prototype.constructor.
      return isPlainObject(custom) && Object.hasOwn(custom, target.key) ? custom[target.key] : undefined
    }
  }
}

/** The scalar value of `target` on `row` as filters (and custom-field sorts) see it, or `null`. */
export function readScalar(target: FilterTarget, row: StorageRow): Scalar | null {
  const v = rawValue(target, row)
  return fits(target.type, v) ? v : null
}

function readArray(target: FilterTarget, row: StorageRow): readonly string[] {
  const v = rawValue(target, row)
  return Array.isArray(v) ? v.filter((e): e is string => typeof e === 'string') : []
}

function asList(value: FilterScalar | readonly FilterScalar[] | undefined): readonly FilterScalar[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value as FilterScalar]
}

function asScalar(value: FilterScalar | readonly FilterScalar[] | undefined): FilterScalar {
  if (value === undefined || Array.isArray(value)) throw new TypeError('evaluateFilter: operator needs a single value')
  return value as FilterScalar
}

function order(a: Scalar, b: FilterScalar): number {
  if (typeof a === 'boolean' || typeof b === 'boolean') throw new TypeError('evaluateFilter: booleans have no order')
  return compareScalars(a, b)
}

function arrayCondition(
  op: string,
  values: readonly string[],
  value: FilterScalar | readonly FilterScalar[] | undefined,
): boolean {
  switch (op) {
    case 'isSet':
      return values.length > 0
    case 'isNotSet':
      return values.length === 0
    case 'contains':
      return values.includes(asScalar(value) as string)
    case 'in':
      return asList(value).some((v) => values.includes(v as string))
    case 'notIn':
      return !asList(value).some((v) => values.includes(v as string))
    default:
      throw new TypeError(`evaluateFilter: '${op}' does not apply to arrays`)
  }
}

function scalarCondition(
  op: string,
  v: Scalar | null,
  value: FilterScalar | readonly FilterScalar[] | undefined,
): Truth {
  if (op === 'isSet') return v !== null
  if (op === 'isNotSet') return v === null
  if (v === null) return null
  switch (op) {
    case 'eq':
      return v === asScalar(value)
    case 'neq':
      return v !== asScalar(value)
    case 'lt':
      return order(v, asScalar(value)) < 0
    case 'lte':
      return order(v, asScalar(value)) <= 0
    case 'gt':
      return order(v, asScalar(value)) > 0
    case 'gte':
      return order(v, asScalar(value)) >= 0
    case 'between': {
      const [lo, hi] = asList(value)
      if (lo === undefined || hi === undefined) throw new TypeError("evaluateFilter: 'between' needs [low, high]")
      return order(v, lo) >= 0 && order(v, hi) <= 0
    }
    case 'in':
      return asList(value).includes(v)
    case 'notIn':
      return !asList(value).includes(v)
    case 'contains':
      return String(v).includes(String(asScalar(value)))
    case 'startsWith':
      return String(v).startsWith(String(asScalar(value)))
    case 'endsWith':
      return String(v).endsWith(String(asScalar(value)))
    case 'eqi':
    case 'containsi':
    case 'startsWithi':
    case 'endsWithi':
      // The case-sensitive test (eqi -> eq, containsi -> contains, ...) on ASCII-folded strings.
      return scalarCondition(
        op === 'eqi' ? 'eq' : op.slice(0, -1),
        foldCase(String(v)),
        foldCase(String(asScalar(value))),
      )
    default:
      throw new TypeError(`evaluateFilter: unknown operator '${op}'`)
  }
}

/**
 * Evaluate a resolved filter on a row under SQL three-valued logic.
 *
 * - `all`: FALSE if any child is FALSE, else UNKNOWN if any is UNKNOWN, else TRUE (empty: TRUE).
 * - `any`: TRUE if any child is TRUE, else UNKNOWN if any is UNKNOWN, else FALSE (empty: FALSE).
 * - `not`: swaps TRUE and FALSE; UNKNOWN stays UNKNOWN.
 * - a scalar comparison with a NULL value is UNKNOWN; `isSet`/`isNotSet` and array
 *   conditions are never UNKNOWN.
 *
 * @returns `true`, `false`, or `null` for UNKNOWN.
 */
export function evaluateFilterTruth(filter: ResolvedFilter, row: StorageRow, related?: RelatedTruth): Truth {
  switch (filter.kind) {
    case 'all': {
      let result: Truth = true
      for (const node of filter.nodes) {
        const t = evaluateFilterTruth(node, row, related)
        if (t === false) return false
        if (t === null) result = null
      }
      return result
    }
    case 'any': {
      let result: Truth = false
      for (const node of filter.nodes) {
        const t = evaluateFilterTruth(node, row, related)
        if (t === true) return true
        if (t === null) result = null
      }
      return result
    }
    case 'not': {
      const t = evaluateFilterTruth(filter.node, row, related)
      return t === null ? null : !t
    }
    case 'condition':
      return filter.target.type === 'stringArray'
        ? arrayCondition(filter.op, readArray(filter.target, row), filter.value)
        : scalarCondition(filter.op, readScalar(filter.target, row), filter.value)
    case 'related':
      // Without `related` this throws a TypeError, as for any malformed filter.
      return (related as RelatedTruth)(filter, row)
  }
}

/**
 * Whether a row matches a resolved filter: the filter is TRUE (not FALSE, not UNKNOWN),
 * exactly as a SQL `WHERE` selects rows. Link fields must be hydrated on the row; a filter
 * with related conditions needs `related`.
 *
 * @example evaluateFilter(resolveFilter({ field: 'email', op: 'neq', value: 'a@x' }, ctx), { email: null }) // false
 */
export function evaluateFilter(filter: ResolvedFilter, row: StorageRow, related?: RelatedTruth): boolean {
  return evaluateFilterTruth(filter, row, related) === true
}
