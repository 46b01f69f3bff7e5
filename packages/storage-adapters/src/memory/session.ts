/**
 * The {@link StorageSession} operations over a {@link MemoryStore}. The adapter runs them
 * under the store's lock (one at a time); a transaction runs them with its undo log.
 * Every row handed out is a deep copy, so callers can never change the store by mutating it.
 */

import type {
  LinkDefinition,
  LinkTableName,
  QueryOrder,
  ResolvedFilter,
  StorageSession,
  TableName,
} from '@crmkit/core/storage'
import { compareRows, isAfterCursor, links, StorageError, uniqueViolation } from '@crmkit/core/storage'
import { atomically, type UndoLog, writeLink, writeRow } from './mutate.js'
import { byId, checkLimit, findRows, handOut, type RelatedFactory, selectRows } from './read.js'
import { patchColumns, rowForInsert, scalarColumn } from './rows.js'
import { linkKey, type MemoryStore, tableDef } from './store.js'

/** Where a session's operations run. */
export interface SessionScope {
  readonly store: MemoryStore
  /** The transaction's undo log; `undefined` outside a transaction. */
  readonly log: UndoLog | undefined
  /** Throws when the session may no longer be used (adapter closed, transaction finished). */
  readonly check: () => void
}

const DEFAULT_ORDER: QueryOrder = { column: 'id', direction: 'asc' }

/** The related-condition evaluator when `where` needs it, loaded on first use (outside the initial bundle). */
async function relatedFor(where: ResolvedFilter | undefined): Promise<RelatedFactory | undefined> {
  // A resolved filter is plain JSON; a string value holding this text would be escaped.
  return JSON.stringify(where)?.includes('"kind":"related"') ? (await import('./related.js')).relatedTruth : undefined
}

function checkTenant(tenantId: string): void {
  if (typeof tenantId !== 'string' || tenantId.length === 0)
    throw new StorageError('tenantId must be a non-empty string')
}

function checkPairs(pairs: readonly (readonly [string, string])[]): void {
  for (const pair of pairs) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new StorageError('link pairs must be [leftId, rightId] strings')
    }
  }
}

function linkDef(link: LinkTableName): LinkDefinition {
  const def: LinkDefinition | undefined = Object.hasOwn(links, link) ? links[link] : undefined
  if (def === undefined) throw new StorageError(`unknown link table ${String(link)}`)
  return def
}

function checkOrder(table: TableName, order: QueryOrder): QueryOrder {
  if (order.customField === undefined) scalarColumn(tableDef(table), order.column)
  else if (order.column !== 'custom' || tableDef(table).columns.custom?.type !== 'json') {
    throw new StorageError(`${table} has no custom fields to order by`)
  }
  if (order.direction !== 'asc' && order.direction !== 'desc') {
    throw new StorageError(`invalid order direction ${String(order.direction)}`)
  }
  return order
}

/** Build a session whose every call first runs `scope.check()` and then `run`s the operation. */
export function createSession(scope: SessionScope, run: <T>(op: () => T) => Promise<T>): StorageSession {
  const { store } = scope
  const op = <T>(tenantId: string, body: () => T): Promise<T> =>
    run(() => {
      scope.check()
      if (!store.migrated) throw new StorageError('memory store is not migrated: call migrate() first')
      checkTenant(tenantId)
      return body()
    })

  return {
    insert: (table, tenantId, rows) =>
      op(tenantId, () => {
        const def = tableDef(table)
        const full = rows.map((row) => rowForInsert(def, tenantId, row))
        atomically(scope.log, (log) => {
          const existing = store.tables.get(table)?.get(tenantId)
          for (const row of full) {
            const id = String(row.id)
            if (existing?.has(id)) throw uniqueViolation({ table, columns: ['id'], row, holderId: id })
            writeRow(store, def, tenantId, row, log)
          }
        })
      }),

    get: (table, tenantId, id, options) =>
      op(tenantId, () => {
        const def = tableDef(table)
        const [row] = selectRows(store, def, tenantId, { ids: [String(id)], includeDeleted: options?.includeDeleted })
        return row === undefined ? undefined : handOut(store, def, tenantId, row)
      }),

    findBy: (table, tenantId, match, options) =>
      op(tenantId, () => findRows(store, tableDef(table), tenantId, match, options ?? {})),

    query: async (table, tenantId, query) => {
      const related = await relatedFor(query.where)
      return op(tenantId, () => {
        const def = tableDef(table)
        const order = checkOrder(table, query.orderBy ?? DEFAULT_ORDER)
        const limit = query.limit === undefined ? undefined : checkLimit(query.limit)
        const after = query.after
        let rows = selectRows(store, def, tenantId, { ...query, related })
        if (after !== undefined) rows = rows.filter((row) => isAfterCursor(row, order, after))
        rows.sort(compareRows(order))
        return (limit === undefined ? rows : rows.slice(0, limit)).map((row) => handOut(store, def, tenantId, row))
      })
    },

    count: async (table, tenantId, query) => {
      const related = await relatedFor(query?.where)
      return op(tenantId, () => selectRows(store, tableDef(table), tenantId, { ...query, related }).length)
    },

    update: (table, tenantId, id, expectedVersion, patch) =>
      op(tenantId, () => {
        const def = tableDef(table)
        if (!def.versioned) throw new StorageError(`${table} is not versioned; it cannot be updated`)
        const changes = patchColumns(def, patch)
        const current = store.tables.get(table)?.get(tenantId)?.get(String(id))
        if (current === undefined || current.version !== expectedVersion) return undefined
        const next = { ...current, ...changes, version: expectedVersion + 1 }
        atomically(scope.log, (log) => writeRow(store, def, tenantId, next, log))
        return handOut(store, def, tenantId, next)
      }),

    link: (link, tenantId, pairs, createdAt) =>
      op(tenantId, () => {
        checkPairs(pairs)
        if (typeof createdAt !== 'string') throw new StorageError('link createdAt must be an ISO timestamp')
        const def = linkDef(link)
        atomically(scope.log, (log) => {
          const existing = store.links.get(link)?.get(tenantId)
          for (const [left, right] of pairs) {
            const key = linkKey(left, right)
            if (existing?.has(key)) continue
            const row = { tenantId, [def.left.column]: left, [def.right.column]: right, createdAt }
            writeLink(store, link, tenantId, key, row, log)
          }
        })
      }),

    unlink: (link, tenantId, pairs) =>
      op(tenantId, () => {
        checkPairs(pairs)
        atomically(scope.log, (log) => {
          const existing = store.links.get(link)?.get(tenantId)
          for (const [left, right] of pairs) {
            const key = linkKey(left, right)
            if (existing?.has(key)) writeLink(store, link, tenantId, key, undefined, log)
          }
        })
      }),

    linked: (link: LinkTableName, tenantId, side, ids) =>
      op(tenantId, () => {
        linkDef(link) // throws on an unknown link table
        if (side !== 'left' && side !== 'right') throw new StorageError(`invalid link side ${String(side)}`)
        // The side index answers per id; no scan of the tenant's link rows.
        const sides = store.linkSides.get(link)?.get(tenantId)
        const index = side === 'left' ? sides?.left : sides?.right
        const pairs: Array<readonly [string, string]> = []
        for (const id of new Set(ids)) {
          for (const other of index?.get(String(id)) ?? []) pairs.push(side === 'left' ? [id, other] : [other, id])
        }
        return pairs.sort((a, b) => byId({ id: a[0] }, { id: b[0] }) || byId({ id: a[1] }, { id: b[1] }))
      }),

    // Aggregates serve analytics (insights cubes), which browser pages rarely run: the
    // GROUP BY code is loaded on first use, outside the initial bundle.
    aggregate: async (table, tenantId, query) => {
      const { aggregateRows } = await import('./aggregate.js')
      const related = await relatedFor(query.where)
      return op(tenantId, () => {
        const def = tableDef(table)
        const rows = selectRows(store, def, tenantId, { ...query, related })
        return aggregateRows(def, query, rows)
      })
    },
  }
}
