/**
 * The related records of related conditions (`{ related: 'activities', ... }`) for the memory
 * adapter: per query, each relation used gets one index (owner key -> its live related rows),
 * built on first use by one pass over the related table. Evaluating a condition on a million
 * contacts then looks each contact's activities up instead of rescanning the activities.
 */
import type { RelatedRowsOf, RelatedTruth, StorageRow, TableDefinition, TableName } from '@crmkit/core/storage'
import { links, relatedEvaluator, relationOf, StorageError } from '@crmkit/core/storage'
import { hydrate } from './read.js'
import { isLive } from './rows.js'
import { type MemoryStore, tableDef } from './store.js'

/** The live rows of a table of the query's tenant, with link fields hydrated. */
export type LiveRows = (def: TableDefinition) => readonly StorageRow[]

type Lookup = (owner: StorageRow) => readonly StorageRow[]

const none: readonly StorageRow[] = []

function group(rows: readonly StorageRow[], keyOf: (row: StorageRow) => unknown): Map<string, StorageRow[]> {
  const out = new Map<string, StorageRow[]>()
  for (const row of rows) {
    const key = keyOf(row)
    if (typeof key !== 'string') continue
    const list = out.get(key)
    if (list === undefined) out.set(key, [row])
    else list.push(row)
  }
  return out
}

/**
 * A {@link RelatedRowsOf} over the store for one query. `linkRows(link)` gives the tenant's
 * rows of a link table.
 */
export function relatedRowsIndex(
  liveRows: LiveRows,
  linkRows: (link: keyof typeof links) => Iterable<StorageRow>,
): RelatedRowsOf {
  const cache = new Map<string, Lookup>()
  const build = (ownerTable: string, name: string, table: string): Lookup => {
    // The owner must be the table being filtered; core resolves it so, this only guards a hand-built filter.
    const relation = relationOf(tableDef(ownerTable as TableName).name, name)
    if (relation === undefined || relation.table !== table)
      throw new StorageError(`invalid resolved filter: unknown relation ${name}`)
    const rows = liveRows(tableDef(relation.table))
    const join = relation.join
    if (join.kind === 'foreign') {
      const byKey = group(rows, (row) => row[join.column])
      return (owner) => byKey.get(String(owner.id)) ?? none
    }
    const byId = new Map(rows.map((row) => [String(row.id), row]))
    if (join.kind === 'reference') {
      return (owner) => {
        const id = owner[join.column]
        const row = typeof id === 'string' ? byId.get(id) : undefined
        return row === undefined ? none : [row]
      }
    }
    const link = links[join.link]
    const ownColumn = join.own === 'left' ? link.left.column : link.right.column
    const otherColumn = join.own === 'left' ? link.right.column : link.left.column
    const byOwner = new Map<string, StorageRow[]>()
    for (const pair of linkRows(join.link)) {
      const partner = byId.get(String(pair[otherColumn]))
      if (partner === undefined) continue
      const key = String(pair[ownColumn])
      const list = byOwner.get(key)
      if (list === undefined) byOwner.set(key, [partner])
      else list.push(partner)
    }
    return (owner) => byOwner.get(String(owner.id)) ?? none
  }
  return (node, owner) => {
    const key = `${node.owner}\u0000${node.relation}`
    let lookup = cache.get(key)
    if (lookup === undefined) {
      lookup = build(node.owner, node.relation, node.table)
      cache.set(key, lookup)
    }
    return lookup(owner)
  }
}

/** The evaluator of related conditions for one call over one tenant's rows (indexes built on first use). */
export function relatedTruth(store: MemoryStore, tenantId: string): RelatedTruth {
  const live = new Map<string, readonly StorageRow[]>()
  const liveRows = (def: TableDefinition): readonly StorageRow[] => {
    let rows = live.get(def.name)
    if (rows === undefined) {
      const hydrated = Object.keys(def.linkFields).length > 0
      const list: StorageRow[] = []
      for (const row of store.tables.get(def.name)?.get(tenantId)?.values() ?? []) {
        if (isLive(def, row)) list.push(hydrated ? hydrate(store, def, tenantId, row) : row)
      }
      rows = list
      live.set(def.name, rows)
    }
    return rows
  }
  return relatedEvaluator(relatedRowsIndex(liveRows, (link) => store.links.get(link)?.get(tenantId)?.values() ?? []))
}
