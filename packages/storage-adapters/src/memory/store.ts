/**
 * The data of the memory adapter. A {@link MemoryStore} outlives the adapters opened on it:
 * `memoryStorage({ store })` twice gives two adapters over the same data (as two connections
 * to one database), and test harnesses read raw rows from it without going through an adapter.
 */

import type { LinkTableName, StorageRow, StorageValue, TableDefinition, TableName } from '@crmkit/core/storage'
import { compareCodePoints, links, StorageError, tables } from '@crmkit/core/storage'

/** A row of a link table as stored: `{ tenantId, <leftColumn>, <rightColumn>, createdAt }`. */
export type MemoryLinkRow = StorageRow

/** Rows of one table or link table: tenant id, then row key, to row. */
export type MemoryTableData = Map<string, Map<string, StorageRow>>

/** Serialises transactions and writes across every adapter of one store. */
export class MemoryLock {
  private tail: Promise<unknown> = Promise.resolve()

  /** Run `work` after everything queued before it has settled. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work)
    this.tail = result.catch(() => undefined)
    return result
  }
}

/** One tenant's pairs of a link table, indexed from both sides. */
export interface LinkSides {
  /** Left id to the right ids linked to it. */
  readonly left: Map<string, Set<string>>
  /** Right id to the left ids linked to it. */
  readonly right: Map<string, Set<string>>
}

/**
 * Everything the memory adapter persists. Treat it as read-only outside the adapter.
 *
 * - `tables.get(table).get(tenantId).get(id)` is a row in storage form with every column of
 *   the table (including `tenantId`, `version`, `deletedAt`), never with link fields;
 * - `links.get(link).get(tenantId)` maps `leftId + '\u0000' + rightId` to a link row.
 */
export interface MemoryStore {
  readonly tables: ReadonlyMap<TableName, MemoryTableData>
  readonly links: ReadonlyMap<LinkTableName, MemoryTableData>
  /** Whether `migrate()` ran on this store (operations before it fail, as on a fresh database). */
  migrated: boolean
  /** @internal live-row unique keys: table, tenant, encoded key to row id. */
  readonly uniques: ReadonlyMap<TableName, Map<string, Map<string, string>>>
  /**
   * @internal link pairs by side, kept in step with `links` on every write (so hydrating a
   * row's link fields is a lookup, not a scan of the link table): link, tenant, then
   * `left`/`right` id to the ids paired with it.
   */
  readonly linkSides: ReadonlyMap<LinkTableName, Map<string, LinkSides>>
  /** @internal the store-wide write lock. */
  readonly lock: MemoryLock
}

/** Create an empty store. Pass it to `memoryStorage({ store })` to share it between adapters. */
export function createMemoryStore(): MemoryStore {
  const tableNames = Object.keys(tables) as TableName[]
  return {
    tables: new Map(tableNames.map((t) => [t, new Map()])),
    links: new Map((Object.keys(links) as LinkTableName[]).map((l) => [l, new Map()])),
    migrated: false,
    uniques: new Map(tableNames.map((t) => [t, new Map()])),
    linkSides: new Map((Object.keys(links) as LinkTableName[]).map((l) => [l, new Map()])),
    lock: new MemoryLock(),
  }
}

/** The definition of a table. */
export function tableDef(table: TableName): TableDefinition {
  const def: TableDefinition | undefined = Object.hasOwn(tables, table) ? tables[table] : undefined
  if (def === undefined) throw new StorageError(`unknown table ${String(table)}`)
  return def
}

/** The row map of one tenant (created on first use). */
export function tenantRows(data: MemoryTableData, tenantId: string): Map<string, StorageRow> {
  let rows = data.get(tenantId)
  if (rows === undefined) {
    rows = new Map()
    data.set(tenantId, rows)
  }
  return rows
}

/** The pairs of a link table in one tenant indexed by side (created on first use). */
export function linkSidesOf(store: MemoryStore, link: LinkTableName, tenantId: string): LinkSides {
  const byTenant = store.linkSides.get(link)
  if (byTenant === undefined) throw new StorageError(`unknown link table ${String(link)}`)
  let sides = byTenant.get(tenantId)
  if (sides === undefined) {
    sides = { left: new Map(), right: new Map() }
    byTenant.set(tenantId, sides)
  }
  return sides
}

/** Deep copy of a storage value (rows handed out or taken in never share objects with the store). */
export function cloneValue(value: StorageValue): StorageValue {
  return value === null || typeof value !== 'object' ? value : (JSON.parse(JSON.stringify(value)) as StorageValue)
}

/** Deep copy of a row. */
export function cloneRow(row: StorageRow): Record<string, StorageValue> {
  const out: Record<string, StorageValue> = {}
  for (const [key, value] of Object.entries(row)) out[key] = cloneValue(value)
  return out
}

/** Key of a link pair inside a tenant's link map. */
export function linkKey(left: string, right: string): string {
  return `${left}\u0000${right}`
}

/**
 * Every raw row of a table in one tenant (soft-deleted included, no link fields), ordered by
 * id, as deep copies: what a database inspector would read.
 */
export function memoryStoreRows(store: MemoryStore, table: TableName, tenantId: string): StorageRow[] {
  const rows = store.tables.get(table)?.get(tenantId)
  return [...(rows?.values() ?? [])].map(cloneRow).sort((a, b) => compareCodePoints(String(a.id), String(b.id)))
}

/** Every pair `[leftId, rightId]` of a link table in one tenant, sorted by left then right id. */
export function memoryStoreLinks(
  store: MemoryStore,
  link: LinkTableName,
  tenantId: string,
): Array<readonly [string, string]> {
  const def = links[link]
  const rows = store.links.get(link)?.get(tenantId)
  const pairs = [...(rows?.values() ?? [])].map(
    (r) => [String(r[def.left.column]), String(r[def.right.column])] as const,
  )
  return pairs.sort((a, b) => compareCodePoints(a[0], b[0]) || compareCodePoints(a[1], b[1]))
}
