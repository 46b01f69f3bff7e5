/**
 * The only code that changes a {@link MemoryStore}. Every change records how to undo it, so
 * one operation is all-or-nothing (a batch insert that hits a duplicate leaves nothing) and
 * a transaction that throws can roll back everything it did, in reverse order.
 */

import type { LinkTableName, StorageRow, TableDefinition, TableName } from '@crmkit/core/storage'
import { links, uniqueViolation } from '@crmkit/core/storage'
import { isLive } from './rows.js'
import { linkSidesOf, type MemoryStore, tenantRows } from './store.js'

function pairAdd(index: Map<string, Set<string>>, own: string, other: string): void {
  const set = index.get(own)
  if (set === undefined) index.set(own, new Set([other]))
  else set.add(other)
}

function pairDelete(index: Map<string, Set<string>>, own: string, other: string): void {
  const set = index.get(own)
  if (set === undefined) return
  set.delete(other)
  if (set.size === 0) index.delete(own)
}

/** Undo steps, applied last-first. */
export type UndoLog = Array<() => void>

/** Apply an undo log in reverse and empty it. */
export function rollback(log: UndoLog): void {
  for (let step = log.pop(); step !== undefined; step = log.pop()) step()
}

/**
 * Run `change` as one atomic step: if it throws, its own changes are undone; if it succeeds
 * inside a transaction, its undo steps join the transaction's log.
 */
export function atomically<T>(transactionLog: UndoLog | undefined, change: (log: UndoLog) => T): T {
  const log: UndoLog = []
  try {
    const result = change(log)
    transactionLog?.push(...log)
    return result
  } catch (error) {
    rollback(log)
    throw error
  }
}

/**
 * Encoded `uniqueActive` keys of a row: `undefined` entries for keys with a NULL part
 * (NULLs never collide), and none at all for soft-deleted rows.
 */
function uniqueKeys(def: TableDefinition, row: StorageRow | undefined): Array<string | undefined> {
  if (row === undefined || !isLive(def, row)) return []
  return def.uniqueActive.map((columns, i) => {
    const values = columns.map((c) => row[c] ?? null)
    return values.includes(null) ? undefined : uniqueKey(i, values)
  })
}

/** The encoded key of the `index`-th `uniqueActive` key with these (non-NULL) values. */
export function uniqueKey(index: number, values: readonly unknown[]): string {
  return `${index}:${JSON.stringify(values)}`
}

function uniqueIndex(store: MemoryStore, table: TableName, tenantId: string): Map<string, string> {
  const byTenant = store.uniques.get(table)
  if (byTenant === undefined) throw new TypeError(`unknown table ${table}`)
  let index = byTenant.get(tenantId)
  if (index === undefined) {
    index = new Map()
    byTenant.set(tenantId, index)
  }
  return index
}

/** Set (or with `undefined`, remove) a row and keep the unique index in step. Returns the previous row. */
function putRow(
  store: MemoryStore,
  def: TableDefinition,
  tenantId: string,
  id: string,
  next: StorageRow | undefined,
): StorageRow | undefined {
  const data = store.tables.get(def.name)
  if (data === undefined) throw new TypeError(`unknown table ${def.name}`)
  const rows = tenantRows(data, tenantId)
  const previous = rows.get(id)
  const index = uniqueIndex(store, def.name, tenantId)
  for (const key of uniqueKeys(def, previous)) if (key !== undefined && index.get(key) === id) index.delete(key)
  if (next === undefined) rows.delete(id)
  else {
    rows.set(id, next)
    for (const key of uniqueKeys(def, next)) if (key !== undefined) index.set(key, id)
  }
  return previous
}

/**
 * Write a row (insert or replace) after checking `uniqueActive` keys against the other live
 * rows of the tenant. Throws ConflictError without changing anything on a collision.
 */
export function writeRow(
  store: MemoryStore,
  def: TableDefinition,
  tenantId: string,
  row: StorageRow,
  log: UndoLog,
): void {
  const id = String(row.id)
  const index = uniqueIndex(store, def.name, tenantId)
  uniqueKeys(def, row).forEach((key, i) => {
    const holder = key === undefined ? undefined : index.get(key)
    if (holder !== undefined && holder !== id) {
      throw uniqueViolation({ table: def.name, columns: def.uniqueActive[i] ?? [], row, holderId: holder })
    }
  })
  const previous = putRow(store, def, tenantId, id, row)
  log.push(() => putRow(store, def, tenantId, id, previous))
}

/** Set (or with `undefined`, remove) one link row. */
export function writeLink(
  store: MemoryStore,
  link: LinkTableName,
  tenantId: string,
  key: string,
  row: StorageRow | undefined,
  log: UndoLog,
): void {
  const data = store.links.get(link)
  if (data === undefined) throw new TypeError(`unknown link table ${link}`)
  const rows = tenantRows(data, tenantId)
  const previous = rows.get(key)
  const def = links[link]
  const sides = linkSidesOf(store, link, tenantId)
  const set = (value: StorageRow | undefined) => {
    const old = rows.get(key)
    if (old !== undefined) {
      pairDelete(sides.left, String(old[def.left.column]), String(old[def.right.column]))
      pairDelete(sides.right, String(old[def.right.column]), String(old[def.left.column]))
    }
    if (value === undefined) rows.delete(key)
    else {
      rows.set(key, value)
      pairAdd(sides.left, String(value[def.left.column]), String(value[def.right.column]))
      pairAdd(sides.right, String(value[def.right.column]), String(value[def.left.column]))
    }
  }
  set(row)
  log.push(() => set(previous))
}
