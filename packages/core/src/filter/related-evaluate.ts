/**
 * In-memory evaluation of related conditions (`{ related: 'activities', ... }`), the
 * semantics the SQL compiler reproduces (see `RelatedCondition` in `types.ts`):
 * - the related records are the live rows of the relation (deleted ones never count);
 * - `where` (with the window and currency folded in) must be TRUE for a record to count;
 * - count and sum of no records are 0; min, max and avg of no values are "no value", which
 *   fails every comparison; a related condition is never UNKNOWN.
 */
import type { StorageRow } from '../storage/port.js'
import { compareScalars } from './compare.js'
import { evaluateFilter, type RelatedTruth, readScalar } from './evaluate.js'
import type { ComparisonOperator, FilterScalar, ResolvedRelated } from './types.js'

/** The live related rows of `owner` through `node.relation` (of the table `node` was resolved on). */
export type RelatedRowsOf = (node: ResolvedRelated, owner: StorageRow) => readonly StorageRow[]

/** What a related condition measured on one row. */
export interface RelatedMeasurement {
  /** How many related records matched `where`. */
  readonly matched: number
  /** The count, sum, min, max or avg; `null` when there was no value to take min/max/avg of. */
  readonly value: number | string | null
}

/** Measure a related condition on one owner row, given its related rows. */
export function measureRelated(
  node: ResolvedRelated,
  rows: readonly StorageRow[],
  related?: RelatedTruth,
): RelatedMeasurement {
  const { measure } = node
  let matched = 0
  let sum = 0
  let values = 0
  let best: string | number | null = null
  for (const row of rows) {
    if (!evaluateFilter(node.where, row, related)) continue
    matched++
    if (measure.fn === 'count') continue
    const v = readScalar(measure.target, row)
    if (v === null || typeof v === 'boolean') continue
    values++
    if (typeof v === 'number') sum += v
    if (
      best === null ||
      (measure.fn === 'min' && compareScalars(v, best) < 0) ||
      (measure.fn === 'max' && compareScalars(v, best) > 0)
    )
      best = v
  }
  switch (measure.fn) {
    case 'count':
      return { matched, value: matched }
    case 'sum':
      return { matched, value: sum }
    case 'avg':
      return { matched, value: values === 0 ? null : sum / values }
    default:
      return { matched, value: best }
  }
}

/** Whether a measured value satisfies `op value`; no value satisfies nothing. */
export function compareMeasure(
  value: number | string | null,
  op: ComparisonOperator,
  expected: FilterScalar | readonly [FilterScalar, FilterScalar],
): boolean {
  if (value === null) return false
  const cmp = (e: FilterScalar): number => (typeof e === 'boolean' ? Number.NaN : compareScalars(value, e))
  if (op === 'between') {
    const [lo, hi] = expected as readonly [FilterScalar, FilterScalar]
    return cmp(lo) >= 0 && cmp(hi) <= 0
  }
  const c = cmp(expected as FilterScalar)
  switch (op) {
    case 'eq':
      return c === 0
    case 'neq':
      return c !== 0
    case 'lt':
      return c < 0
    case 'lte':
      return c <= 0
    case 'gt':
      return c > 0
    default:
      return c >= 0
  }
}

/**
 * A {@link RelatedTruth} over `rowsOf`: nested related conditions (a contact's deals whose
 * `stage.kind` is won) use the same lookup.
 */
export function relatedEvaluator(rowsOf: RelatedRowsOf): RelatedTruth {
  const truth: RelatedTruth = (node, row) => {
    const { value } = measureRelated(node, rowsOf(node, row), truth)
    return compareMeasure(value, node.op, node.value)
  }
  return truth
}
