/**
 * Validation and resolution of filter trees and sort requests against a table.
 *
 * The resolver is the single gate between caller input and the adapters: whatever it
 * returns, both the memory evaluator and the SQL compiler can handle without further checks.
 * It reports *every* problem it finds as a {@link ValidationError} whose issue paths are
 * relative to the filter root (e.g. `['all', 1, 'value', 0]`), and throws nothing else for
 * any input, however malformed.
 */
import { ValidationError, type ValidationIssue } from '../errors.js'
import type { QueryOrder } from '../storage/port.js'
import type { TableName } from '../storage/tables.js'
import { compareScalars } from './compare.js'
import type { FilterEntity, SortFieldOf } from './field-names.js'
import { type CustomFieldShape, type FieldInfo, lookupFilterField } from './fields.js'
import { filterOperators } from './schema.js'
import type {
  FilterOperator,
  FilterScalar,
  FilterValueType,
  RelativeDateOperator,
  ResolvedFilter,
  ResolvedOperator,
} from './types.js'
import { DAY_MS, dateOfMs, normaliseScalar, timestampOfMs } from './values.js'

/** What a filter is resolved against. */
export interface FilterContext {
  /** The table the filter selects rows of. */
  readonly table: TableName
  /** The tenant's custom-field definitions for this table's entity. */
  readonly customFields: readonly CustomFieldShape[]
  /** "Now" for relative dates such as `withinLast` (inject the CRM clock for deterministic results). */
  readonly now: Date
  /**
   * The filters of the saved segments `{ inSegment: id }` nodes name, already expanded and
   * two-valued (see `segmentation/references.ts`); a reference to an id missing here is invalid.
   */
  readonly segments?: ReadonlyMap<string, ResolvedFilter>
  /**
   * Resolves node kinds beyond the core tree (related conditions, `company.industry`) first;
   * see `extensionHook` in `extensions.ts`. Without it such nodes are reported as unknown.
   */
  readonly extend?: ExtensionHook
  /** Custom-field definitions of other tables, for conditions on related records. */
  readonly customFieldsOf?: (table: TableName) => readonly CustomFieldShape[]
}

/** A path into the filter tree, for issues. */
export type Path = readonly (string | number)[]

/** The resolver's state for one tree (opaque to extensions: they pass it back). */
export interface ResolverState {
  readonly ctx: FilterContext
  readonly issues: ValidationIssue[]
  readonly counts: { nodes: number; values: number }
}

/**
 * Called for every object node before the core kinds: returns the resolved node (or
 * `undefined` after reporting issues), or `'unhandled'` to let the core resolver go on.
 */
export type ExtensionHook = (
  node: Record<string, unknown>,
  path: Path,
  depth: number,
  state: ResolverState,
) => ResolvedFilter | undefined | 'unhandled'

/** Limits that keep a filter cheap to evaluate and within every database's parameter limit. */
export const filterLimits = {
  /** Maximum nesting of `all`/`any`/`not` (the root is level 1). */
  maxDepth: 32,
  /** Maximum number of nodes (groups and conditions) in one tree. */
  maxNodes: 1000,
  /** Maximum entries of one `in`/`notIn` list. */
  maxListLength: 1000,
  /** Maximum number of values in the whole tree (SQL binds each as a parameter). */
  maxValues: 10_000,
  /** Maximum `days` of `withinLast`/`olderThan`/`withinNext`/`beyondNext`. */
  maxDays: 100_000,
} as const

// Operator families; each value type allows a union of them.
const equality = ['eq', 'neq'] as const satisfies readonly FilterOperator[]
const presence = ['isSet', 'isNotSet'] as const satisfies readonly FilterOperator[]
const ordered = [
  ...equality,
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'in',
  'notIn',
] as const satisfies readonly FilterOperator[]
const text = [
  'contains',
  'startsWith',
  'endsWith',
  'eqi',
  'containsi',
  'startsWithi',
  'endsWithi',
] as const satisfies readonly FilterOperator[]
const relativeDates = [
  'withinLast',
  'olderThan',
  'withinNext',
  'beyondNext',
] as const satisfies readonly RelativeDateOperator[]

/** Operators allowed for each value type. */
export const operatorsByType: Readonly<Record<FilterValueType, readonly FilterOperator[]>> = {
  string: [...ordered, ...text, ...presence],
  number: [...ordered, ...presence],
  boolean: [...equality, ...presence],
  timestamp: [...ordered, ...presence, ...relativeDates],
  date: [...ordered, ...presence, ...relativeDates],
  stringArray: ['contains', 'in', 'notIn', ...presence],
}

type State = ResolverState

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined
}

/** Report an issue at `path`; returns undefined. */
export function issue(state: State, path: Path, message: string): undefined {
  state.issues.push({ path: [...path], message, code: 'custom' })
  return undefined
}

const groupKeys = ['all', 'any', 'not'] as const
const conditionKeys = ['field', 'op', 'value']

/** Resolve one node (extensions call it for nested trees). */
export function resolveNode(node: unknown, path: Path, depth: number, state: State): ResolvedFilter | undefined {
  if (depth > filterLimits.maxDepth)
    return issue(state, path, `filter is nested deeper than ${filterLimits.maxDepth} levels`)
  if (++state.counts.nodes > filterLimits.maxNodes) {
    if (state.counts.nodes === filterLimits.maxNodes + 1)
      issue(state, path, `filter has more than ${filterLimits.maxNodes} nodes`)
    return undefined
  }
  if (!isRecord(node))
    return issue(state, path, 'expected a filter node: { all }, { any }, { not } or { field, op, value }')
  const extended = state.ctx.extend ? state.ctx.extend(node, path, depth, state) : 'unhandled'
  if (extended !== 'unhandled') return extended
  const keys = Object.keys(node)
  if (keys.includes('inSegment')) return resolveSegmentReference(node, keys, path, state)
  const group = groupKeys.filter((k) => keys.includes(k))
  const isCondition = keys.includes('field') || keys.includes('op')
  if (group.length + (isCondition ? 1 : 0) !== 1) {
    return issue(state, path, 'a filter node has exactly one of: all, any, not, or field + op')
  }
  const [kind] = group
  const allowed = kind === undefined ? conditionKeys : [kind]
  let ok = true
  for (const key of keys) {
    if (allowed.includes(key)) continue
    issue(state, [...path, key], `unknown key '${key}'`)
    ok = false
  }
  if (kind === 'not') {
    const inner = resolveNode(own(node, 'not'), [...path, 'not'], depth + 1, state)
    return ok && inner !== undefined ? { kind: 'not', node: inner } : undefined
  }
  if (kind !== undefined) {
    const list = own(node, kind)
    if (!Array.isArray(list)) return issue(state, [...path, kind], `'${kind}' takes an array of filter nodes`)
    const nodes: ResolvedFilter[] = []
    for (let i = 0; i < list.length && state.counts.nodes <= filterLimits.maxNodes; i++) {
      const child = resolveNode(list[i], [...path, kind, i], depth + 1, state)
      if (child === undefined) ok = false
      else nodes.push(child)
    }
    return ok ? { kind, nodes } : undefined
  }
  const condition = resolveCondition(node, path, state)
  return ok ? condition : undefined
}

function resolveSegmentReference(
  node: Record<string, unknown>,
  keys: readonly string[],
  path: Path,
  state: State,
): ResolvedFilter | undefined {
  if (keys.length !== 1) return issue(state, path, "'inSegment' takes no other keys")
  const id = own(node, 'inSegment')
  if (typeof id !== 'string') return issue(state, [...path, 'inSegment'], 'inSegment must be a segment id')
  if (state.ctx.table !== 'contacts') return issue(state, [...path, 'inSegment'], 'segments select contacts only')
  return state.ctx.segments?.get(id) ?? issue(state, [...path, 'inSegment'], `unknown segment '${id}'`)
}

/** Resolve one `{ field, op, value }` condition. */
export function resolveCondition(node: Record<string, unknown>, path: Path, state: State): ResolvedFilter | undefined {
  const field = own(node, 'field')
  const op = own(node, 'op')
  let info: FieldInfo | undefined
  if (typeof field !== 'string') issue(state, [...path, 'field'], 'field must be a string')
  else {
    const found = lookupFilterField(state.ctx.table, field, state.ctx.customFields)
    if (typeof found === 'string') issue(state, [...path, 'field'], found)
    else info = found
  }
  const operator = filterOperators.find((o) => o === op)
  if (operator === undefined) {
    const shown = typeof op === 'string' ? `'${op}'` : 'missing or not a string'
    return issue(state, [...path, 'op'], `unknown operator (${shown}); expected one of ${filterOperators.join(', ')}`)
  }
  if (info === undefined || typeof field !== 'string') return undefined
  const { type } = info.target
  if (!operatorsByType[type].includes(operator)) {
    return issue(
      state,
      [...path, 'op'],
      `operator '${operator}' does not apply to ${field} (${type}); use one of ${operatorsByType[type].join(', ')}`,
    )
  }
  const resolved = resolveValue(info, operator, own(node, 'value'), [...path, 'value'], state)
  if (resolved === undefined) return undefined
  return { kind: 'condition', target: info.target, ...resolved }
}

type ResolvedParts = { readonly op: ResolvedOperator; readonly value?: FilterScalar | readonly FilterScalar[] }

function scalarAt(info: FieldInfo, value: unknown, path: Path, state: State): FilterScalar | undefined {
  state.counts.values++
  const n = normaliseScalar(info.target.type, info.integer, value)
  return 'ok' in n ? n.ok : issue(state, path, n.error)
}

function resolveValue(
  info: FieldInfo,
  op: FilterOperator,
  value: unknown,
  path: Path,
  state: State,
): ResolvedParts | undefined {
  switch (op) {
    case 'isSet':
    case 'isNotSet':
      return value === undefined ? { op } : issue(state, path, `'${op}' takes no value`)
    case 'withinLast':
    case 'olderThan':
    case 'withinNext':
    case 'beyondNext':
      return resolveRelative(info, op, value, path, state)
    case 'in':
    case 'notIn': {
      if (!Array.isArray(value) || value.length === 0) return issue(state, path, `'${op}' takes a non-empty array`)
      if (value.length > filterLimits.maxListLength) {
        return issue(state, path, `'${op}' takes at most ${filterLimits.maxListLength} values`)
      }
      const out: FilterScalar[] = []
      for (let i = 0; i < value.length; i++) {
        const v = scalarAt(info, value[i], [...path, i], state)
        if (v !== undefined) out.push(v)
      }
      if (state.counts.values > filterLimits.maxValues)
        return issue(state, path, `filter has more than ${filterLimits.maxValues} values`)
      return out.length === value.length ? { op, value: out } : undefined
    }
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) return issue(state, path, "'between' takes [low, high]")
      const lo = scalarAt(info, value[0], [...path, 0], state)
      const hi = scalarAt(info, value[1], [...path, 1], state)
      if (lo === undefined || hi === undefined) return undefined
      if (typeof lo === 'boolean' || typeof hi === 'boolean')
        return issue(state, path, "'between' does not apply to booleans")
      if (compareScalars(lo, hi) > 0) return issue(state, path, "'between' takes [low, high] with low <= high")
      return { op, value: [lo, hi] }
    }
    default: {
      if (Array.isArray(value)) return issue(state, path, `'${op}' takes a single value, not an array`)
      const v = scalarAt(info, value, path, state)
      return v === undefined ? undefined : { op, value: v }
    }
  }
}

/**
 * Relative dates against `ctx.now`: `withinLast { days }` = between [now − days, now],
 * `olderThan` = lt now − days, `withinNext` = between [now, now + days], `beyondNext` =
 * gt now + days. For `date` fields every bound is a UTC calendar date.
 */
function resolveRelative(
  info: FieldInfo,
  op: RelativeDateOperator,
  value: unknown,
  path: Path,
  state: State,
): ResolvedParts | undefined {
  const keys = isRecord(value) ? Object.keys(value) : []
  const days = isRecord(value) ? own(value, 'days') : undefined
  if (
    keys.length !== 1 ||
    typeof days !== 'number' ||
    !Number.isInteger(days) ||
    days < 0 ||
    days > filterLimits.maxDays
  ) {
    return issue(state, path, `'${op}' takes { days } with days an integer from 0 to ${filterLimits.maxDays}`)
  }
  const now = state.ctx.now.getTime()
  const toValue = info.target.type === 'date' ? dateOfMs : timestampOfMs
  const ahead = op === 'withinNext' || op === 'beyondNext'
  const edge = toValue(ahead ? now + days * DAY_MS : now - days * DAY_MS)
  const today = toValue(now)
  if ('error' in edge) return issue(state, path, edge.error)
  if ('error' in today) return issue(state, path, today.error)
  state.counts.values += 2
  if (op === 'olderThan') return { op: 'lt', value: edge.ok }
  if (op === 'beyondNext') return { op: 'gt', value: edge.ok }
  return { op: 'between', value: ahead ? [today.ok, edge.ok] : [edge.ok, today.ok] }
}

function fail(issues: readonly ValidationIssue[], what: string): never {
  const [first] = issues
  const where = first === undefined || first.path.length === 0 ? '' : ` at ${first.path.join('.')}`
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
  throw new ValidationError(`Invalid ${what}${where}: ${first?.message ?? 'invalid input'}${more}`, issues)
}

/**
 * Validate a filter tree against a table and resolve it: public field names become columns,
 * custom keys or link fields with their value types; values are normalised to storage form;
 * relative dates become absolute against `ctx.now`.
 *
 * @param node - caller input (anything; it is validated here)
 * @throws ValidationError listing every problem, with paths relative to the filter root.
 * @throws TypeError when `ctx.now` is not a valid Date (a programming error, not bad input).
 */
export function resolveFilter(node: unknown, ctx: FilterContext): ResolvedFilter {
  if (!(ctx.now instanceof Date) || Number.isNaN(ctx.now.getTime())) {
    throw new TypeError('resolveFilter: ctx.now must be a valid Date')
  }
  const state: State = { ctx, issues: [], counts: { nodes: 0, values: 0 } }
  const resolved = resolveNode(node, [], 1, state)
  if (resolved === undefined || state.issues.length > 0) fail(state.issues, 'filter')
  return resolved
}

/** A sort request as callers write it; `SortInput<'contact'>` types `field` for that entity. */
export interface SortInput<E extends FilterEntity | undefined = undefined> {
  /**
   * Public name of a sortable field, e.g. `createdAt`, `amount` on deals, or `custom.<key>`
   * of a `text`, `select`, `number`, `date` or `boolean` custom field.
   */
  readonly field: SortFieldOf<E>
  /** Default `asc`. NULLs sort last either way. */
  readonly direction?: 'asc' | 'desc'
}

/** Resolves a sort field name to what a {@link QueryOrder} orders by, or says why it cannot. */
export type SortFieldLookup = (field: string) => Omit<QueryOrder, 'direction'> | string

/**
 * Validate a sort request and resolve its field with `lookup` (see `resolveSort` for the
 * public entry point, which also knows custom fields).
 * No sort means `{ column: 'id', direction: 'asc' }` (ids are time-sortable: oldest first).
 *
 * @throws ValidationError for an unknown or unsortable field or a bad direction
 *   (paths `['field']`, `['direction']`).
 */
export function resolveSortWith(sort: unknown, lookup: SortFieldLookup): QueryOrder {
  if (sort === undefined) return { column: 'id', direction: 'asc' }
  const input: unknown = sort
  const issues: ValidationIssue[] = []
  if (!isRecord(input)) fail([{ path: [], message: 'expected { field, direction? }', code: 'custom' }], 'sort')
  for (const key of Object.keys(input)) {
    if (key !== 'field' && key !== 'direction')
      issues.push({ path: [key], message: `unknown key '${key}'`, code: 'custom' })
  }
  const field = own(input, 'field')
  const direction = own(input, 'direction') ?? 'asc'
  let order: Omit<QueryOrder, 'direction'> | undefined
  if (typeof field !== 'string') issues.push({ path: ['field'], message: 'field must be a string', code: 'custom' })
  else {
    const found = lookup(field)
    if (typeof found === 'string') issues.push({ path: ['field'], message: found, code: 'custom' })
    else order = found
  }
  if (direction !== 'asc' && direction !== 'desc') {
    issues.push({ path: ['direction'], message: "direction must be 'asc' or 'desc'", code: 'custom' })
  }
  if (issues.length > 0 || order === undefined || (direction !== 'asc' && direction !== 'desc')) fail(issues, 'sort')
  return { ...order, direction }
}
