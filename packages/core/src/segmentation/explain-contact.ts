/**
 * `t.contacts.explain(where, contactId)`: resolve an (unsaved) condition, read the contact and
 * the related records the condition looks at, and explain it (see `explain.ts`). Loaded on
 * first use. Saved segments explain through the same function (`explainRecord`).
 */
import { NotFoundError } from '../errors.js'
import type { RelatedRowsOf } from '../filter/related-evaluate.js'
import { loadCustomFieldsByTable } from '../filter/related-resolve.js'
import { relationOf } from '../filter/relations.js'
import type { ResolvedFilter, ResolvedRelated } from '../filter/types.js'
import { resolveTree } from '../shared/list.js'
import type { Scope } from '../shared/scope.js'
import type { StorageRow } from '../storage/port.js'
import type { TableName } from '../storage/tables.js'
import { type ExplainNode, explainFilter } from './explain-tree.js'

const key = (node: ResolvedRelated, owner: StorageRow) => `${node.owner}\u0000${node.relation}\u0000${String(owner.id)}`

/** The live related rows of `owner` through `node`'s relation, read through the storage port. */
async function fetchRelated(scope: Scope, node: ResolvedRelated, owner: StorageRow): Promise<StorageRow[]> {
  const relation = relationOf(node.owner, node.relation)
  if (relation === undefined) return []
  const { storage, tenantId } = scope
  const join = relation.join
  if (join.kind === 'foreign') return storage.findBy(relation.table, tenantId, { [join.column]: String(owner.id) })
  if (join.kind === 'reference') {
    const id = owner[join.column]
    const row = typeof id === 'string' ? await storage.get(relation.table, tenantId, id) : undefined
    return row === undefined ? [] : [row]
  }
  const pairs = await storage.linked(join.link, tenantId, join.own, [String(owner.id)])
  const ids = pairs.map((pair) => pair[join.own === 'left' ? 1 : 0])
  return ids.length === 0 ? [] : storage.findBy(relation.table, tenantId, { id: ids })
}

/** Read every related record `filter` looks at for `owners`, nested relations included. */
async function prefetch(
  scope: Scope,
  filter: ResolvedFilter,
  owners: readonly StorageRow[],
  cache: Map<string, StorageRow[]>,
): Promise<void> {
  switch (filter.kind) {
    case 'all':
    case 'any':
      for (const node of filter.nodes) await prefetch(scope, node, owners, cache)
      return
    case 'not':
      return prefetch(scope, filter.node, owners, cache)
    case 'related': {
      const found: StorageRow[] = []
      for (const owner of owners) {
        const k = key(filter, owner)
        let rows = cache.get(k)
        if (rows === undefined) {
          rows = await fetchRelated(scope, filter, owner)
          cache.set(k, rows)
        }
        found.push(...rows)
      }
      return prefetch(scope, filter.where, found, cache)
    }
    default:
      return
  }
}

/** Explain a resolved filter on one record of `table` (for saved segments and `contacts.explain`). */
export async function explainRecord(
  scope: Scope,
  table: TableName,
  entity: string,
  filter: ResolvedFilter,
  id: string,
): Promise<ExplainNode> {
  const row = await scope.storage.get(table, scope.tenantId, id)
  if (row === undefined) throw new NotFoundError(entity, id)
  const cache = new Map<string, StorageRow[]>()
  await prefetch(scope, filter, [row], cache)
  const rowsOf: RelatedRowsOf = (node, owner) => cache.get(key(node, owner)) ?? []
  return explainFilter(filter, table, row, rowsOf)
}

/** `t.contacts.explain`: resolve `where` against contacts and explain it on one contact. */
export async function explainContact(scope: Scope, where: unknown, id: string): Promise<ExplainNode> {
  const customFields = (await loadCustomFieldsByTable(scope.storage, scope.tenantId))('contacts')
  const filter = await resolveTree(scope, 'contacts', customFields, where)
  return explainRecord(scope, 'contacts', 'contact', filter, id)
}
