/**
 * List calls: filter, sort and keyset pagination. A cursor is opaque to callers: base64url
 * of the sort column, direction, sort value and id of the last row of a page. It is bound
 * to its sort, so replaying it under another order is a ValidationError, not a wrong page;
 * shared/cursor.ts checks a cursor coming back.
 */
import * as z from 'zod/mini'
import { ValidationError } from '../errors.js'
import { lookupSortColumn } from '../filter/fields.js'
import {
  type CustomFieldShape,
  cursorFromRow,
  type FilterContext,
  type FilterEntity,
  resolveFilter,
  resolveSortWith,
  type SortInput,
} from '../filter/index.js'
import type { FilterNode, ResolvedFilter } from '../filter/types.js'
import type { QueryOrder, StorageRow } from '../storage/port.js'
import type { TableName } from '../storage/tables.js'
import { sortLabel, toBase64Url } from './cursor-text.js'
import type { Scope } from './scope.js'
import { parse, validationError } from './validation.js'

/** Largest page a list call returns. */
export const MAX_LIMIT = 1000
/** Page size when `limit` is omitted. */
export const DEFAULT_LIMIT = 50

const limit = z.int().check(z.gte(1), z.lte(MAX_LIMIT))
/**
 * Free-text search: every whitespace-separated word must occur, ignoring ASCII case, in one
 * of the entity's search fields (see `searchFields`). Combines with `where` by AND.
 */
const search = z.optional(z.string())

/** Options every paged call takes besides its filter, sort, limit and cursor. */
export const pageOptions = {
  /**
   * Also return `total`: how many items match the filter over all pages (the cursor does not
   * narrow it). Costs one extra count query over every matching row, as expensive as
   * `count()` with the same filter, so ask for it on the first page only. Default `false`.
   */
  withTotal: z.optional(z.boolean()),
}

/** Options of every `list` call (the filter and sort are validated against the table). */
export const listOptionsSchema = z.strictObject({
  /** Filter tree; see `FilterNode`. */
  where: z.optional(z.custom<FilterNode>()),
  /** Free-text search over the entity's names and email; see `searchFields`. */
  search,
  /** Sort by one sortable field or `custom.<key>`; default: `id` ascending (creation order). */
  sort: z.optional(z.custom<SortInput>()),
  /** Page size 1..1000, default 50. */
  limit: z.optional(limit),
  /** `nextCursor` of the previous page. */
  cursor: z.optional(z.string().check(z.maxLength(4096))),
  ...pageOptions,
})

/**
 * Options of every `list` call. With an entity (`ListOptions<'contact'>`, as `t.contacts.list`
 * takes them) the field names of `where` and `sort` are typed: a typo fails to compile.
 */
export type ListOptions<E extends FilterEntity | undefined = undefined> = Omit<
  z.input<typeof listOptionsSchema>,
  'where' | 'sort'
> & {
  /** Filter tree; see `FilterNode`. */
  where?: FilterNode<E> | undefined
  /** Sort by one sortable field or `custom.<key>`; default: `id` ascending (creation order). */
  sort?: SortInput<E> | undefined
}

/** Options of every `count` call. */
export const countOptionsSchema = z.strictObject({
  where: z.optional(z.custom<FilterNode>()),
  /** The same free-text search as `list`'s. */
  search,
})

/** Options of every `count` call; `CountOptions<'contact'>` types the field names of `where`. */
export type CountOptions<E extends FilterEntity | undefined = undefined> = Omit<
  z.input<typeof countOptionsSchema>,
  'where'
> & {
  /** Filter tree; see `FilterNode`. */
  where?: FilterNode<E> | undefined
}

/** One page of a list. */
export interface Page<T> {
  readonly items: T[]
  /** Pass as `cursor` to get the next page; `null` on the last page. */
  readonly nextCursor: string | null
  /** Items matching the filter over all pages; present only when asked for with `withTotal: true`. */
  readonly total?: number
}

/** Encode the position after `row` in `order`. */
export function encodeCursor(order: QueryOrder, row: StorageRow): string {
  const { value, id } = cursorFromRow(row, order)
  return toBase64Url(JSON.stringify([sortLabel(order), order.direction, value, id]))
}

/** Prefix the paths of a ValidationError thrown by the filter resolver (`['all', 0]` -> `['where', 'all', 0]`). */
function under<T>(key: string, run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    throw validationError(
      key,
      error.issues.map((issue) => ({ ...issue, path: [key, ...issue.path] })),
    )
  }
}

/** How one entity is listed. */
export interface ListSpec<R> {
  readonly table: TableName
  /** The tenant's custom fields of the entity (loaded only when a filter is given). */
  readonly customFields?: () => Promise<readonly CustomFieldShape[]>
  readonly toRecord: (row: StorageRow) => R
}

/** Resolve a caller's `where` against the table (with `where` prefixed to issue paths). */
export async function resolveWhere(
  scope: Scope,
  spec: Pick<ListSpec<unknown>, 'table' | 'customFields'>,
  where: FilterNode | undefined,
): Promise<ResolvedFilter | undefined> {
  if (where === undefined) return undefined
  const customFields = spec.customFields ? await spec.customFields() : []
  return resolveTree(scope, spec.table, customFields, where)
}

/** Related conditions and prefixed fields (`company.industry`) need the resolver's extensions (not in the initial bundle). */
const EXTENDED = /"related":|"field":"(?!custom\.)[a-z]+\./

/** Resolve `where` against `table`, loading the resolver's extensions when the tree needs them. */
export async function resolveTree(
  scope: Scope,
  table: TableName,
  customFields: readonly CustomFieldShape[],
  where: unknown,
): Promise<ResolvedFilter> {
  let ctx: FilterContext = { table, customFields, now: scope.clock(), ...(await segmentFilters(scope, where)) }
  let extended = true
  try {
    extended = EXTENDED.test(JSON.stringify(where))
  } catch {
    // Not JSON (e.g. cyclic): the resolver reports what is wrong with it.
  }
  if (extended) ctx = await (await import('../filter/related-resolve.js')).extendContext(scope, ctx)
  return under('where', () => resolveFilter(where, ctx))
}

/** The ids of the saved segments `{ inSegment }` nodes of a (not yet validated) tree name. */
export function segmentIdsIn(node: unknown, into: Set<string> = new Set(), depth = 0): Set<string> {
  // Deeper trees are refused by the resolver; no need to look further.
  if (typeof node !== 'object' || node === null || depth > 40) return into
  if (Array.isArray(node)) for (const child of node) segmentIdsIn(child, into, depth + 1)
  else {
    const { inSegment, all, any, not } = node as Record<string, unknown>
    if (typeof inSegment === 'string') into.add(inSegment)
    for (const child of [all, any, not]) segmentIdsIn(child, into, depth + 1)
  }
  return into
}

/** `segments` of the filter context for the references in `where` (no lookup when there are none). */
async function segmentFilters(
  scope: Scope,
  where: unknown,
): Promise<{ segments?: ReadonlyMap<string, ResolvedFilter> }> {
  const ids = segmentIdsIn(where)
  return ids.size > 0 && scope.segments ? { segments: await scope.segments.filters(scope, [...ids]) } : {}
}

/** `where` and `search` of list/count options, resolved against the custom fields and ANDed. */
async function resolveSelection(
  scope: Scope,
  table: TableName,
  customFields: readonly CustomFieldShape[],
  options: { readonly where?: FilterNode | undefined; readonly search?: string | undefined },
): Promise<ResolvedFilter | undefined> {
  const { where, search } = options
  const filter = where === undefined ? undefined : await resolveTree(scope, table, customFields, where)
  if (search === undefined) return filter
  // Loaded on first use: search is not on the initial-load path of the browser bundle.
  const { resolveSearch } = await import('../filter/search.js')
  return combine(
    filter,
    under('search', () => resolveSearch(table, search)),
  )
}

/** The tenant's custom fields of the entity, loaded only when `needed`. */
async function customFieldsIf(
  needed: boolean,
  spec: Pick<ListSpec<unknown>, 'customFields'>,
): Promise<readonly CustomFieldShape[]> {
  return needed && spec.customFields ? spec.customFields() : []
}

/** Run a list call: validate options, query one page (+1 row to know if there is more). */
export async function listPage<R>(
  scope: Scope,
  spec: ListSpec<R>,
  input: unknown,
  extraFilter?: ResolvedFilter,
): Promise<Page<R>> {
  const options = parse(listOptionsSchema, input ?? {}, 'list options')
  const sortField: unknown = (options.sort as { field?: unknown } | undefined)?.field
  const customSort = typeof sortField === 'string' && sortField.startsWith('custom.')
  const customFields = await customFieldsIf(options.where !== undefined || customSort, spec)
  // Custom-field sorts load their resolver on first use (outside the initial-load budget).
  const { resolveSort } = customSort ? await import('../filter/sort-input.js') : { resolveSort: undefined }
  const orderBy = under('sort', () =>
    resolveSort
      ? resolveSort(options.sort, spec.table, customFields)
      : resolveSortWith(options.sort, (field) => lookupSortColumn(spec.table, field)),
  )
  const where = combine(await resolveSelection(scope, spec.table, customFields, options), extraFilter)
  return queryPage(scope, spec, { ...options, where, orderBy })
}

/**
 * Query one page of a validated list: `limit + 1` rows after the cursor, plus the count of
 * every match when `withTotal` is set.
 */
export async function queryPage<R>(
  scope: Scope,
  spec: Pick<ListSpec<R>, 'table' | 'toRecord'>,
  options: {
    readonly where: ResolvedFilter | undefined
    readonly orderBy: QueryOrder
    readonly limit?: number | undefined
    readonly cursor?: string | undefined
    readonly withTotal?: boolean | undefined
  },
): Promise<Page<R>> {
  const { where, orderBy } = options
  const size = options.limit ?? DEFAULT_LIMIT
  // Cursor checks load on first use: only pages after the first need them.
  const after =
    options.cursor === undefined
      ? undefined
      : (await import('./cursor.js')).decodeCursor(options.cursor, orderBy, spec.table)
  const filter = where ? { where } : {}
  const [rows, total] = await Promise.all([
    scope.storage.query(spec.table, scope.tenantId, {
      ...filter,
      orderBy,
      ...(after ? { after } : {}),
      limit: size + 1,
    }),
    options.withTotal ? scope.storage.count(spec.table, scope.tenantId, filter) : undefined,
  ])
  const page = rows.slice(0, size)
  const last = page[page.length - 1]
  return {
    items: page.map(spec.toRecord),
    nextCursor: rows.length > size && last ? encodeCursor(orderBy, last) : null,
    ...(total === undefined ? {} : { total }),
  }
}

/** Run a count call. */
export async function countRows(
  scope: Scope,
  spec: Pick<ListSpec<unknown>, 'table' | 'customFields'>,
  input: unknown,
): Promise<number> {
  const options = parse(countOptionsSchema, input ?? {}, 'count options')
  const customFields = await customFieldsIf(options.where !== undefined, spec)
  const where = await resolveSelection(scope, spec.table, customFields, options)
  return scope.storage.count(spec.table, scope.tenantId, where ? { where } : {})
}

/** AND of two optional filters. */
export function combine(a: ResolvedFilter | undefined, b: ResolvedFilter | undefined): ResolvedFilter | undefined {
  if (!a) return b
  if (!b) return a
  return { kind: 'all', nodes: [a, b] }
}
