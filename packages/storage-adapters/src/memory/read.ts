/**
 * Reading rows out of a {@link MemoryStore}: tenant scoping, soft-delete visibility, link
 * hydration and filtering with core's evaluator (the same semantics the SQL compiler emits).
 */

import type {
  ColumnMatch,
  FindOptions,
  RelatedTruth,
  ResolvedFilter,
  StorageRow,
  StorageValue,
  TableDefinition,
} from '@crmkit/core/storage'
import { compareCodePoints, evaluateFilter, links, StorageError } from '@crmkit/core/storage'
import { uniqueKey } from './mutate.js'
import { isLive, scalarColumn } from './rows.js'
import { cloneRow, type MemoryStore, tableDef } from './store.js'

/** A stored row with its link fields attached (shares values with the store: never hand out). */
export type HydratedRow = Record<string, StorageValue>

/** Builds the evaluator of related conditions for one call (see `related.ts`). */
export type RelatedFactory = (store: MemoryStore, tenantId: string) => RelatedTruth

/**
 * The link fields of one stored row, read from the store's side index (a lookup per field,
 * never a scan of the link table). Link fields list the ids of *live* rows on the other side
 * only: a soft-deleted (or absent) partner is hidden, while the link row itself stays, so a
 * restore brings it back.
 */
export function hydrate(store: MemoryStore, def: TableDefinition, tenantId: string, row: StorageRow): HydratedRow {
  const out: HydratedRow = { ...row }
  const id = String(row.id)
  for (const [field, spec] of Object.entries(def.linkFields)) {
    const link = links[spec.link]
    const partnerDef = tableDef(spec.side === 'left' ? link.right.table : link.left.table)
    const partners = store.tables.get(partnerDef.name)?.get(tenantId)
    const sides = store.linkSides.get(spec.link)?.get(tenantId)
    const paired = spec.side === 'left' ? sides?.left.get(id) : sides?.right.get(id)
    const ids: string[] = []
    for (const other of paired ?? []) {
      const partner = partners?.get(other)
      if (partner !== undefined && isLive(partnerDef, partner)) ids.push(other)
    }
    out[field] = ids.sort(compareCodePoints)
  }
  return out
}

/** Whether a filter reads a link field (only then does a row need hydrating to be tested). */
function readsLinks(filter: ResolvedFilter): boolean {
  switch (filter.kind) {
    case 'all':
    case 'any':
      return filter.nodes.some(readsLinks)
    case 'not':
      return readsLinks(filter.node)
    case 'condition':
      return filter.target.source === 'link'
    default:
      return false
  }
}

/** Throws StorageError when a resolved filter names something this table does not have. */
export function checkFilter(def: TableDefinition, filter: ResolvedFilter): void {
  switch (filter.kind) {
    case 'all':
    case 'any':
      for (const node of filter.nodes) checkFilter(def, node)
      return
    case 'not':
      checkFilter(def, filter.node)
      return
    case 'related':
      // The relation itself is checked where its records are looked up (related.ts).
      checkFilter(tableDef(filter.table), filter.where)
      return
    case 'condition': {
      const t = filter.target
      const ok =
        t.source === 'column'
          ? Object.hasOwn(def.columns, t.column)
          : t.source === 'link'
            ? Object.hasOwn(def.linkFields, t.field)
            : def.columns.custom?.type === 'json'
      if (!ok) throw new StorageError(`invalid resolved filter: ${def.name} has no field for ${JSON.stringify(t)}`)
      return
    }
    default:
      throw new StorageError('invalid resolved filter: unknown node kind')
  }
}

function matches(filter: ResolvedFilter | undefined, row: HydratedRow, related?: RelatedTruth): boolean {
  if (filter === undefined) return true
  try {
    return evaluateFilter(filter, row, related)
  } catch (error) {
    throw new StorageError(`invalid resolved filter: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    })
  }
}

/**
 * Stored rows of one tenant visible to a read (live unless `includeDeleted`) that match
 * `where`, in store order, *without* link fields and shared with the store: the caller sorts,
 * slices, and hands out {@link handOut} copies of the rows it returns. Rows are tested as
 * stored; only a filter on a link field makes each candidate be hydrated first.
 */
export function selectRows(
  store: MemoryStore,
  def: TableDefinition,
  tenantId: string,
  options: {
    where?: ResolvedFilter | undefined
    includeDeleted?: boolean | undefined
    /** Look these ids up instead of scanning the tenant's rows. */
    ids?: readonly string[]
    /** A cheap test on the stored row, applied before the filter. */
    pre?: (row: StorageRow) => boolean
    /** Builds the evaluator of related conditions for this call (required when `where` has any; see `relatedFor`). */
    related?: RelatedFactory | undefined
  },
): StorageRow[] {
  const where = options.where
  if (where !== undefined) checkFilter(def, where)
  const rows = store.tables.get(def.name)?.get(tenantId)
  if (rows === undefined) return []
  const withLinks = where !== undefined && readsLinks(where)
  const live = options.includeDeleted !== true && def.softDelete
  const related = options.related?.(store, tenantId)
  const out: StorageRow[] = []
  const consider = (row: StorageRow) => {
    if (live && row.deletedAt !== null && row.deletedAt !== undefined) return
    if (options.pre !== undefined && !options.pre(row)) return
    if (where === undefined || matches(where, withLinks ? hydrate(store, def, tenantId, row) : row, related))
      out.push(row)
  }
  if (options.ids === undefined) for (const row of rows.values()) consider(row)
  else
    for (const id of options.ids) {
      const row = rows.get(id)
      if (row !== undefined) consider(row)
    }
  return out
}

/** A deep copy of one stored row (in any state) with its link fields, for returning. */
export function handOut(store: MemoryStore, def: TableDefinition, tenantId: string, row: StorageRow): StorageRow {
  return cloneRow(hydrate(store, def, tenantId, row))
}

/** Same as {@link handOut}, without link fields (a caller that asked for none). */
export function handOutBare(row: StorageRow): StorageRow {
  return cloneRow(row)
}

/** Sort rows by id ascending (the order of `findBy` and of raw reads). */
export function byId(a: StorageRow, b: StorageRow): number {
  return compareCodePoints(String(a.id), String(b.id))
}

/** Whether a row satisfies a {@link ColumnMatch} (columns already checked). */
function satisfies(row: StorageRow, match: ColumnMatch): boolean {
  for (const [column, wanted] of Object.entries(match)) {
    const value = row[column] ?? null
    if (Array.isArray(wanted)) {
      if (value === null || !wanted.includes(value as string | number)) return false
    } else if (value !== wanted) return false
  }
  return true
}

/**
 * Candidate ids for a match that names every column of a one-column `uniqueActive` key
 * (e.g. contacts by email): read from the store's unique index instead of scanning the
 * tenant. `undefined` when no such key applies (soft-deleted rows are not in that index).
 */
function uniqueCandidates(
  store: MemoryStore,
  def: TableDefinition,
  tenantId: string,
  match: ColumnMatch,
  includeDeleted: boolean | undefined,
): string[] | undefined {
  if (includeDeleted === true) return undefined
  const index = store.uniques.get(def.name)?.get(tenantId)
  for (const [i, columns] of def.uniqueActive.entries()) {
    const [column] = columns
    if (columns.length !== 1 || column === undefined || !Object.hasOwn(match, column)) continue
    const wanted = match[column]
    if (wanted === null || wanted === undefined) continue
    const ids = new Set<string>()
    for (const value of Array.isArray(wanted) ? wanted : [wanted]) {
      const id = index?.get(uniqueKey(i, [value]))
      if (id !== undefined) ids.add(id)
    }
    return [...ids]
  }
  return undefined
}

/** Rows whose columns equal `match` (NULL matches NULL, an array means IN), ordered by id. */
export function findRows(
  store: MemoryStore,
  def: TableDefinition,
  tenantId: string,
  match: ColumnMatch,
  options: FindOptions,
): StorageRow[] {
  for (const column of Object.keys(match)) scalarColumn(def, column)
  const idMatch = Object.hasOwn(match, 'id') ? match.id : undefined
  // An id or unique-key lookup needs no scan (import and link checks look rows up in bulk).
  const ids =
    idMatch === undefined || idMatch === null
      ? uniqueCandidates(store, def, tenantId, match, options.includeDeleted)
      : [...new Set((Array.isArray(idMatch) ? idMatch : [idMatch]).map(String))]
  const found = selectRows(store, def, tenantId, {
    includeDeleted: options.includeDeleted,
    pre: (row) => satisfies(row, match),
    ...(ids === undefined ? {} : { ids }),
  }).sort(byId)
  const limited = options.limit === undefined ? found : found.slice(0, checkLimit(options.limit))
  return limited.map((row) => (options.links === false ? handOutBare(row) : handOut(store, def, tenantId, row)))
}

/** A valid limit, or a StorageError. */
export function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new StorageError(`invalid limit ${String(limit)}`)
  return limit
}
