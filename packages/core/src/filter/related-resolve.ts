/**
 * Resolution of related conditions (`{ related, where?, within?, count? | aggregate? | first?
 * | last? }`) and of prefixed fields (`company.industry` on a contact): a {@link FilterExtension}
 * of the core resolver, loaded on first use so the initial bundle does not carry it.
 *
 * Every problem is reported with its path, like the core resolver's: `['all', 0, 'count', 'value']`.
 */
import type { StorageAdapter } from '../storage/port.js'
import type { TableName } from '../storage/tables.js'
import { extensionHook, type FilterExtension, type NestedResolver } from './extensions.js'
import type { CustomFieldShape } from './fields.js'
import { type FieldInfo, lookupFilterField } from './fields.js'
import { relatedFieldPrefixes, relationNames, relationOf } from './relations.js'
import type { ExtensionHook, FilterContext, Path } from './resolve.js'
import { filterLimits } from './resolve.js'
import type { ComparisonOperator, FilterScalar, RelatedMeasure, ResolvedFilter, ResolvedRelated } from './types.js'

const comparisonOperators: readonly ComparisonOperator[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between']
const relatedKeys = ['related', 'where', 'within', 'count', 'aggregate', 'first', 'last']
const measureKeys = ['count', 'aggregate', 'first', 'last'] as const
const windowKeys = ['field', 'lastDays', 'nextDays', 'from', 'to']
const aggregateFns = ['sum', 'min', 'max', 'avg'] as const
const CURRENCY = /^[A-Z]{3}$/

const TRUE: ResolvedFilter = { kind: 'all', nodes: [] }

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined
}

function and(a: ResolvedFilter, b: ResolvedFilter | undefined): ResolvedFilter {
  if (b === undefined) return a
  if (a.kind === 'all' && a.nodes.length === 0) return b
  return { kind: 'all', nodes: [a, b] }
}

function childContext(ctx: FilterContext, table: TableName): FilterContext {
  return { ...ctx, table, customFields: ctx.customFieldsOf?.(table) ?? [] }
}

/** Check `{ op, value }` of a count (integers >= 0) or an aggregate (finite numbers). */
function comparison(
  input: Record<string, unknown>,
  path: Path,
  r: NestedResolver,
  integer: boolean,
): { op: ComparisonOperator; value: number | readonly [number, number] } | undefined {
  const op = comparisonOperators.find((o) => o === own(input, 'op'))
  if (op === undefined) return r.issue([...path, 'op'], `op must be one of ${comparisonOperators.join(', ')}`)
  const value = own(input, 'value')
  const ok = (v: unknown): v is number =>
    typeof v === 'number' && Number.isFinite(v) && (!integer || (Number.isSafeInteger(v) && v >= 0))
  const what = integer ? 'an integer >= 0' : 'a finite number'
  r.addValues(op === 'between' ? 2 : 1)
  if (op === 'between') {
    if (!Array.isArray(value) || value.length !== 2 || !ok(value[0]) || !ok(value[1]))
      return r.issue([...path, 'value'], `'between' takes [low, high], each ${what}`)
    if (value[0] > value[1]) return r.issue([...path, 'value'], "'between' takes [low, high] with low <= high")
    return { op, value: [value[0], value[1]] }
  }
  if (!ok(value)) return r.issue([...path, 'value'], `value must be ${what}`)
  return { op, value: value === 0 ? 0 : value }
}

/** A time window as one resolved condition on the time field (relative days against `ctx.now`). */
function windowCondition(
  input: unknown,
  defaultField: string,
  path: Path,
  ctx: FilterContext,
  r: NestedResolver,
): Extract<ResolvedFilter, { kind: 'condition' }> | undefined {
  if (!isRecord(input)) return r.issue(path, 'a window is { lastDays } | { nextDays } | { from?, to? }, with field?')
  let bad = false
  for (const key of Object.keys(input)) {
    if (!windowKeys.includes(key)) bad = r.issue([...path, key], `unknown key '${key}'`) === undefined
  }
  const field = own(input, 'field') ?? defaultField
  const last = own(input, 'lastDays')
  const next = own(input, 'nextDays')
  const from = own(input, 'from')
  const to = own(input, 'to')
  const kinds = [last, next, from ?? to].filter((v) => v !== undefined).length
  if (kinds !== 1) return r.issue(path, 'a window takes exactly one of lastDays, nextDays, or from/to')
  for (const [key, days] of [
    ['lastDays', last],
    ['nextDays', next],
  ] as const) {
    if (
      days !== undefined &&
      (!Number.isSafeInteger(days) || (days as number) < 0 || (days as number) > filterLimits.maxDays)
    )
      bad = r.issue([...path, key], `${key} must be an integer from 0 to ${filterLimits.maxDays}`) === undefined
  }
  if (bad) return undefined
  const condition =
    last !== undefined
      ? { field, op: 'withinLast', value: { days: last } }
      : next !== undefined
        ? { field, op: 'withinNext', value: { days: next } }
        : from !== undefined && to !== undefined
          ? { field, op: 'between', value: [from, to] }
          : from !== undefined
            ? { field, op: 'gte', value: from }
            : { field, op: 'lte', value: to }
  const resolved = r.condition(condition, path, ctx)
  if (resolved === undefined || resolved.kind !== 'condition') return undefined
  const { type } = resolved.target
  if (type !== 'timestamp' && type !== 'date') {
    return r.issue([...path, 'field'], `a window applies to a timestamp or date field, not ${String(field)} (${type})`)
  }
  return resolved
}

function aggregateMeasure(
  input: unknown,
  path: Path,
  ctx: FilterContext,
  r: NestedResolver,
):
  | {
      measure: RelatedMeasure
      op: ComparisonOperator
      value: number | readonly [number, number]
      currency?: ResolvedFilter
    }
  | undefined {
  if (!isRecord(input)) return r.issue(path, 'aggregate is { fn, field, op, value, currency? }')
  for (const key of Object.keys(input)) {
    if (!['fn', 'field', 'currency', 'op', 'value'].includes(key)) r.issue([...path, key], `unknown key '${key}'`)
  }
  const fn = aggregateFns.find((f) => f === own(input, 'fn'))
  if (fn === undefined) r.issue([...path, 'fn'], `fn must be one of ${aggregateFns.join(', ')}`)
  const field = own(input, 'field')
  let info: FieldInfo | undefined
  if (typeof field !== 'string') r.issue([...path, 'field'], 'field must be a string')
  else {
    const found = lookupFilterField(ctx.table, field, ctx.customFields)
    if (typeof found === 'string') r.issue([...path, 'field'], found)
    else if (found.target.source === 'link' || found.target.type !== 'number')
      r.issue([...path, 'field'], `${fn ?? 'an aggregate'} needs a number field; ${field} is ${found.target.type}`)
    else info = found
  }
  const cmp = comparison(input, path, r, false)
  const currency = own(input, 'currency')
  const money = info?.target.source === 'column' && info.target.column === 'amountValue'
  let currencyFilter: ResolvedFilter | undefined
  if (money) {
    if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
      return r.issue(
        [...path, 'currency'],
        `${String(field)} is money: name one currency (ISO 4217, e.g. 'EUR'); amounts in different currencies cannot be added or compared`,
      )
    }
    currencyFilter = {
      kind: 'condition',
      target: { source: 'column', column: 'amountCurrency', type: 'string' },
      op: 'eq',
      value: currency,
    }
  } else if (currency !== undefined && info !== undefined) {
    r.issue([...path, 'currency'], `currency applies to money fields only; ${String(field)} is a plain number`)
  }
  if (fn === undefined || info === undefined || cmp === undefined || info.target.source === 'link') return undefined
  return {
    measure: { fn, target: info.target, ...(money ? { currency: currency as string } : {}) },
    ...cmp,
    ...(currencyFilter ? { currency: currencyFilter } : {}),
  }
}

function resolveRelated(
  node: Record<string, unknown>,
  path: Path,
  depth: number,
  r: NestedResolver,
): ResolvedFilter | undefined {
  if (depth > filterLimits.maxDepth)
    return r.issue(path, `filter is nested deeper than ${filterLimits.maxDepth} levels`)
  let ok = true
  for (const key of Object.keys(node)) {
    if (!relatedKeys.includes(key))
      ok = r.issue([...path, key], `unknown key '${key}' in a related condition`) !== undefined
  }
  const owner = r.ctx.table
  const name = own(node, 'related')
  const relation = typeof name === 'string' ? relationOf(owner, name) : undefined
  if (relation === undefined || typeof name !== 'string') {
    const known = relationNames(owner)
    return r.issue(
      [...path, 'related'],
      known.length === 0
        ? `${owner} have no related records to filter on`
        : `unknown relation ${typeof name === 'string' ? `'${name}'` : '(not a string)'} of ${owner}; expected one of ${known.join(', ')}`,
    )
  }
  const ctx = childContext(r.ctx, relation.table)
  const whereInput = own(node, 'where')
  const where = whereInput === undefined ? TRUE : r.resolve(whereInput, [...path, 'where'], depth + 1, ctx)
  const measures = measureKeys.filter((k) => own(node, k) !== undefined)
  if (measures.length > 1) {
    return r.issue(path, `a related condition takes one of count, aggregate, first, last (got ${measures.join(', ')})`)
  }
  const [measureKey = 'count'] = measures
  const withinInput = own(node, 'within')
  if ((measureKey === 'first' || measureKey === 'last') && withinInput !== undefined) {
    return r.issue([...path, 'within'], `'${measureKey}' is itself the window; leave out 'within'`)
  }
  const window =
    withinInput === undefined ? undefined : windowCondition(withinInput, relation.time, [...path, 'within'], ctx, r)
  if (withinInput !== undefined && window === undefined) ok = false
  const base = { kind: 'related', owner, relation: name, table: relation.table } as const
  let result: ResolvedRelated | undefined
  if (measureKey === 'count') {
    const input = own(node, 'count') ?? { op: 'gte', value: 1 }
    const cmp = isRecord(input)
      ? comparison(input, [...path, 'count'], r, true)
      : r.issue([...path, 'count'], 'count is { op, value }')
    if (isRecord(input)) {
      for (const key of Object.keys(input)) {
        if (key !== 'op' && key !== 'value') ok = r.issue([...path, 'count', key], `unknown key '${key}'`) !== undefined
      }
    }
    if (cmp !== undefined && where !== undefined)
      result = { ...base, where: and(where, window), measure: { fn: 'count' }, ...cmp }
  } else if (measureKey === 'aggregate') {
    const agg = aggregateMeasure(own(node, 'aggregate'), [...path, 'aggregate'], ctx, r)
    if (agg !== undefined && where !== undefined) {
      const { currency, ...rest } = agg
      result = { ...base, where: and(and(where, window), currency), ...rest }
    }
  } else {
    const span = windowCondition(own(node, measureKey), relation.time, [...path, measureKey], ctx, r)
    if (span !== undefined && where !== undefined && span.target.source !== 'link' && span.value !== undefined) {
      const op = span.op as ComparisonOperator
      result = {
        ...base,
        where,
        measure: { fn: measureKey === 'first' ? 'min' : 'max', target: span.target },
        op,
        value: span.value as FilterScalar | readonly [FilterScalar, FilterScalar],
      }
    }
  }
  return ok ? result : undefined
}

/** `company.industry` on a contact: TRUE when one of its live companies matches the condition. */
function resolvePrefixed(
  node: Record<string, unknown>,
  field: string,
  path: Path,
  depth: number,
  r: NestedResolver,
): ResolvedFilter | 'unhandled' | undefined {
  const dot = field.indexOf('.')
  const prefixes = relatedFieldPrefixes[r.ctx.table]
  const prefix = field.slice(0, dot)
  if (dot <= 0 || prefixes === undefined || !Object.hasOwn(prefixes, prefix)) return 'unhandled'
  const name = prefixes[prefix] ?? ''
  const relation = relationOf(r.ctx.table, name)
  if (relation === undefined) return 'unhandled'
  if (depth > filterLimits.maxDepth)
    return r.issue(path, `filter is nested deeper than ${filterLimits.maxDepth} levels`)
  const where = r.condition({ ...node, field: field.slice(dot + 1) }, path, childContext(r.ctx, relation.table))
  if (where === undefined) return undefined
  return {
    kind: 'related',
    owner: r.ctx.table,
    relation: name,
    table: relation.table,
    where,
    measure: { fn: 'count' },
    op: 'gte',
    value: 1,
  }
}

/** The resolver extension for related conditions and prefixed fields. */
export const relatedExtension: FilterExtension = {
  keys: ['related'],
  resolve: resolveRelated,
  field: resolvePrefixed,
}

/** The hook `resolveFilter` takes (`ctx.extend`) for the filter language's extensions. */
export const filterExtensions: ExtensionHook = extensionHook([relatedExtension])

const entityOfTable: Partial<Record<TableName, string>> = { contacts: 'contact', companies: 'company', deals: 'deal' }

/**
 * The custom-field definitions of every entity of a tenant, by table, for resolving conditions
 * on related records (one query).
 */
export async function loadCustomFieldsByTable(
  storage: Pick<StorageAdapter, 'findBy'>,
  tenantId: string,
): Promise<(table: TableName) => readonly CustomFieldShape[]> {
  const rows = await storage.findBy('customFields', tenantId, {})
  return (table) => {
    const entity = entityOfTable[table]
    return rows
      .filter((row) => row.entity === entity)
      .map((row) => ({ key: String(row.key), type: row.type as CustomFieldShape['type'] }))
  }
}

/** `ctx` with the language's extensions and every entity's custom fields (one query). */
export async function extendContext(
  scope: { readonly storage: Pick<StorageAdapter, 'findBy'>; readonly tenantId: string },
  ctx: FilterContext,
): Promise<FilterContext> {
  const customFieldsOf = await loadCustomFieldsByTable(scope.storage, scope.tenantId)
  return { ...ctx, extend: filterExtensions, customFieldsOf }
}
