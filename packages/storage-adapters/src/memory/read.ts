/**
 * Reading rows out of a {@link MemoryStore}: tenant scoping, soft-delete visibility, link
 * hydration and filtering with core's evaluator (the same semantics the SQL compiler emits).
 */

import type {
  ColumnMatch,
  RelatedTruth,
  ResolvedFilter,
  StorageRow,
  StorageValue,
  TableDefinition,
} from '@crmkit/core/storage'
import { compareCodePoints, evaluateFilter, links, StorageError } from '@crmkit/core/storage'
import { isLive, scalarColumn } from './rows.js'
import { cloneRow, type MemoryStore, tableDef } from './store.js'

/** A stored row with its link fields attached (shares values with the store: never hand out). */
export type HydratedRow = Record<string, StorageValue>

/** Builds the evaluator of related conditions for one call (see `related.ts`). */
export type RelatedFactory = (store: MemoryStore, tenantId: string) => RelatedTruth

/** For each link field of the table: own id to the sorted ids on the other side. */
type LinkIndex = Map<string, Map<string, string[]>>

/**
 * Link fields list the ids of *live* rows on the other side only: a soft-deleted (or
 * absent) partner is hidden, while the link row itself stays, so a restore brings it back.
 */
export function linkIndex(store: MemoryStore, def: TableDefinition, tenantId: string): LinkIndex {
  const index: LinkIndex = new Map()
  for (const [field, spec] of Object.entries(def.linkFields)) {
    const link = links[spec.link]
    const own = spec.side === 'left' ? link.left.column : link.right.column
    const other = spec.side === 'left' ? link.right.column : link.left.column
    const partnerDef = tableDef(spec.side === 'left' ? link.right.table : link.left.table)
    const partners = store.tables.get(partnerDef.name)?.get(tenantId)
    const byId = new Map<string, string[]>()
    for (const row of store.links.get(spec.link)?.get(tenantId)?.values() ?? []) {
      const partner = partners?.get(String(row[other]))
      if (partner === undefined || !isLive(partnerDef, partner)) continue
      const id = String(row[own])
      const list = byId.get(id)
      if (list === undefined) byId.set(id, [String(row[other])])
      else list.push(String(row[other]))
    }
    for (const list of byId.values()) list.sort(compareCodePoints)
    index.set(field, byId)
  }
  return index
}

export function hydrate(row: StorageRow, index: LinkIndex): HydratedRow {
  const out: HydratedRow = { ...row }
  for (const [field, byId] of index) out[field] = byId.get(String(row.id)) ?? []
  return out
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
 * Rows of one tenant visible to a read (live unless `includeDeleted`) that match `where`,
 * hydrated, in store order. The caller sorts and clones.
 */
export function selectRows(
  store: MemoryStore,
  def: TableDefinition,
  tenantId: string,
  options: {
    where?: ResolvedFilter
    includeDeleted?: boolean
    /** Look these ids up instead of scanning the tenant's rows. */
    ids?: readonly string[]
    /** A cheap test on the stored row, applied before hydration. */
    pre?: (row: StorageRow) => boolean
    /** Builds the evaluator of related conditions for this call (required when `where` has any; see `relatedFor`). */
    related?: RelatedFactory
  },
): HydratedRow[] {
  if (options.where !== undefined) checkFilter(def, options.where)
  const rows = store.tables.get(def.name)?.get(tenantId)
  if (rows === undefined) return []
  const index = linkIndex(store, def, tenantId)
  const candidates: StorageRow[] = []
  if (options.ids === undefined) {
    for (const row of rows.values()) candidates.push(row)
  } else {
    for (const id of options.ids) {
      const row = rows.get(id)
      if (row !== undefined) candidates.push(row)
    }
  }
  const related = options.related?.(store, tenantId)
  const out: HydratedRow[] = []
  for (const row of candidates) {
    if (options.includeDeleted !== true && !isLive(def, row)) continue
    if (options.pre !== undefined && !options.pre(row)) continue
    const hydrated = hydrate(row, index)
    if (matches(options.where, hydrated, related)) out.push(hydrated)
  }
  return out
}

/** A deep copy of one stored row (in any state) with its link fields, for returning. */
export function hydratedCopy(store: MemoryStore, def: TableDefinition, tenantId: string, row: StorageRow): StorageRow {
  return cloneRow(hydrate(row, linkIndex(store, def, tenantId)))
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

/** Rows whose columns equal `match` (NULL matches NULL, an array means IN), ordered by id. */
export function findRows(
  store: MemoryStore,
  def: TableDefinition,
  tenantId: string,
  match: ColumnMatch,
  options: { includeDeleted?: boolean; limit?: number },
): StorageRow[] {
  for (const column of Object.keys(match)) scalarColumn(def, column)
  const idMatch = Object.hasOwn(match, 'id') ? match.id : undefined
  // An id lookup needs no scan (import and link checks look rows up by id in bulk).
  const ids =
    idMatch === undefined || idMatch === null ? undefined : (Array.isArray(idMatch) ? idMatch : [idMatch]).map(String)
  const found = selectRows(store, def, tenantId, {
    includeDeleted: options.includeDeleted,
    pre: (row) => satisfies(row, match),
    ...(ids === undefined ? {} : { ids: [...new Set(ids)] }),
  }).sort(byId)
  const limited = options.limit === undefined ? found : found.slice(0, checkLimit(options.limit))
  return limited.map(cloneRow)
}

/** A valid limit, or a StorageError. */
export function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new StorageError(`invalid limit ${String(limit)}`)
  return limit
}
