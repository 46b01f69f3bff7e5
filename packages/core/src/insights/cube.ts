/**
 * Planning a cube: public field names (as in filters) resolved to the table's columns and
 * checked for what the storage port's `aggregate` can group and measure. Pure: the
 * service runs the plan with `storage.aggregate`, which SQL adapters push down as
 * GROUP BY and the memory adapter computes in JavaScript, with the same semantics.
 */
import type { ValidationIssue } from '../errors.js'
import { type CustomFieldShape, lookupFilterField } from '../filter/fields.js'
import type { FilterValueType } from '../filter/types.js'
import { validationError } from '../shared/validation.js'
import type { AggregateQuery } from '../storage/port.js'
import type { TableName } from '../storage/tables.js'
import type { CubeDimension, CubeMeasure } from './schemas.js'

/** A cube ready to run: the port query, and how to rename its columns to public names. */
export interface CubePlan {
  readonly query: AggregateQuery
  /** Storage column -> public name, for the group keys. */
  readonly rename: ReadonlyMap<string, string>
  /** Public names of the dimensions, in order. */
  readonly dimensions: readonly string[]
  /** Output names of the measures, in order. */
  readonly measures: readonly string[]
  /**
   * Port alias -> output name, for the measures. The port sees `m0`, `m1`, ...: output names are
   * the caller's and may be `__proto__` or `constructor`, which a driver's row object would lose.
   */
  readonly measureAliases: ReadonlyMap<string, string>
  /** Port aliases of sums over integer columns (money): results past 2^53 cannot be exact. */
  readonly integerSums: ReadonlySet<string>
}

type Resolved = { readonly column: string; readonly type: FilterValueType; readonly integer: boolean } | string

function resolveColumn(table: TableName, field: string, customFields: readonly CustomFieldShape[]): Resolved {
  const info = lookupFilterField(table, field, customFields)
  if (typeof info === 'string') return info
  if (info.target.source !== 'column') {
    return `'${field}' is a ${info.target.source} field; a cube groups and measures plain fields only`
  }
  if (info.target.type === 'stringArray') return `'${field}' holds a list; a cube cannot group or measure it`
  return { column: info.target.column, type: info.target.type, integer: info.integer }
}

/**
 * Resolve a cube's dimensions and measures against `table`.
 * @throws ValidationError naming every bad dimension or measure (paths `dimensions.i`, `measures.i.field`).
 */
export function planCube(
  table: TableName,
  dimensions: readonly CubeDimension[],
  measures: readonly CubeMeasure[],
  customFields: readonly CustomFieldShape[],
): CubePlan {
  const issues: ValidationIssue[] = []
  const issue = (path: (string | number)[], message: string): void => {
    issues.push({ path, message, code: 'custom' })
  }
  const groupBy: AggregateQuery['groupBy'][number][] = []
  const rename = new Map<string, string>()
  const names: string[] = []

  for (const [i, d] of dimensions.entries()) {
    const field = typeof d === 'string' ? d : d.field
    const resolved = resolveColumn(table, field, customFields)
    if (typeof resolved === 'string') issue(['dimensions', i], resolved)
    else if (rename.has(resolved.column)) issue(['dimensions', i], `'${field}' is already a dimension`)
    else if (typeof d !== 'string' && resolved.type !== 'timestamp' && resolved.type !== 'date') {
      issue(['dimensions', i, 'granularity'], `'${field}' is not a timestamp or date field`)
    } else {
      rename.set(resolved.column, field)
      names.push(field)
      groupBy.push(typeof d === 'string' ? resolved.column : { column: resolved.column, granularity: d.granularity })
    }
  }

  const outMeasures: AggregateQuery['measures'][number][] = []
  const measureAliases = new Map<string, string>()
  const measureNames: string[] = []
  const integerSums = new Set<string>()
  for (const [i, m] of measures.entries()) {
    if (names.includes(m.as) || measureNames.includes(m.as)) {
      issue(['measures', i, 'as'], `'${m.as}' is already an output name`)
      continue
    }
    const as = `m${outMeasures.length}`
    const add = (measure: AggregateQuery['measures'][number]): void => {
      outMeasures.push(measure)
      measureAliases.set(as, m.as)
      measureNames.push(m.as)
    }
    if (m.field === undefined) {
      if (m.fn === 'count') add({ fn: 'count', as })
      else issue(['measures', i, 'field'], `${m.fn} needs a field`)
      continue
    }
    const resolved = resolveColumn(table, m.field, customFields)
    if (typeof resolved === 'string') issue(['measures', i, 'field'], resolved)
    else if ((m.fn === 'sum' || m.fn === 'avg') && resolved.type !== 'number') {
      issue(['measures', i, 'field'], `${m.fn} needs a number field; '${m.field}' is ${resolved.type}`)
    } else {
      add({ fn: m.fn, column: resolved.column, as })
      if (m.fn === 'sum' && resolved.integer) integerSums.add(as)
    }
  }

  if (issues.length > 0) throw validationError('cube', issues)
  return {
    query: { groupBy, measures: outMeasures },
    rename,
    dimensions: names,
    measures: measureNames,
    measureAliases,
    integerSums,
  }
}
