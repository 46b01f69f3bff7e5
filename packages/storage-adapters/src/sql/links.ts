/**
 * Link tables (many-to-many ids) and the hydration of link fields (`companyIds`, ...) on
 * returned rows: one query per link field per call, never one per row. A link field lists
 * live partner rows only (see `livePartnerJoin`); `linked()` returns the raw pairs.
 */

import type { LinkTableName, StorageValue, TableDefinition } from '@crmkit/core/storage'
import { compareCodePoints, links } from '@crmkit/core/storage'
import type { Kysely, SqlBool } from 'kysely'
import { sql } from 'kysely'
import type { Condition, Fragment, SqlDb, SqlDialect } from './dialect.js'
import type { SqlLinkTable } from './names.js'
import { sqlLinkTable, sqlTableName, tableDefinition } from './names.js'
import { shapedQuery } from './statement-shapes.js'

/** Ids per IN list: far below every driver's parameter limit (SQLite 32766, pg/MySQL 65535). */
const IDS_PER_STATEMENT = 5000
/** Pairs per INSERT/DELETE statement. */
export const PAIRS_PER_STATEMENT = 500

/** Split `items` into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

function uniquePairs(pairs: readonly (readonly [string, string])[]): Array<readonly [string, string]> {
  const seen = new Map<string, readonly [string, string]>()
  for (const pair of pairs) seen.set(JSON.stringify(pair), pair)
  return [...seen.values()]
}

function comparePairs(a: readonly [string, string], b: readonly [string, string]): number {
  return compareCodePoints(a[0], b[0]) || compareCodePoints(a[1], b[1])
}

/** Insert pairs, skipping those already present. */
export async function insertLinks(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  link: LinkTableName,
  tenantId: string,
  pairs: readonly (readonly [string, string])[],
  createdAt: string,
): Promise<void> {
  const names = sqlLinkTable(link)
  for (const chunk of chunks(uniquePairs(pairs), PAIRS_PER_STATEMENT)) {
    const rows = chunk.map(([left, right]) => ({
      tenant_id: tenantId,
      [names.left]: left,
      [names.right]: right,
      created_at: createdAt,
    }))
    await dialect.ignoreDuplicateLinks(db.insertInto(names.table).values(rows), names.left).execute()
  }
}

/** Delete pairs; absent pairs are ignored. */
export async function deleteLinks(
  db: Kysely<SqlDb>,
  link: LinkTableName,
  tenantId: string,
  pairs: readonly (readonly [string, string])[],
): Promise<void> {
  const names = sqlLinkTable(link)
  for (const chunk of chunks(uniquePairs(pairs), PAIRS_PER_STATEMENT)) {
    const match = sql.join(
      chunk.map(([left, right]) => sql`(${sql.ref(names.left)} = ${left} and ${sql.ref(names.right)} = ${right})`),
      sql` or `,
    )
    await db.deleteFrom(names.table).where(sql<boolean>`tenant_id = ${tenantId} and (${match})`).execute()
  }
}

/** How a link field of a table maps onto its link table and the table on the other side. */
export interface LinkFieldSql {
  readonly link: LinkTableName
  readonly side: 'left' | 'right'
  /** The link table and its columns. */
  readonly names: SqlLinkTable
  /** Column holding the id of the row the field belongs to. */
  readonly own: string
  /** Column holding the ids the field lists. */
  readonly other: string
  /** The table of the listed ids. */
  readonly partner: TableDefinition
}

/** SQL names of a link field of `def`, or undefined when `def` has no such field. */
export function linkFieldSql(def: TableDefinition, field: string): LinkFieldSql | undefined {
  const spec = Object.hasOwn(def.linkFields, field) ? def.linkFields[field] : undefined
  if (!spec) return undefined
  const link = links[spec.link]
  const names = sqlLinkTable(spec.link)
  return {
    link: spec.link,
    side: spec.side,
    names,
    own: spec.side === 'left' ? names.left : names.right,
    other: spec.side === 'left' ? names.right : names.left,
    partner: tableDefinition(spec.side === 'left' ? link.right.table : link.left.table),
  }
}

/**
 * Condition on a link table aliased `l` joined to its partner table aliased `p`: the
 * partner row exists in the tenant and is live. Link fields show only live partners; the
 * link row itself survives a soft delete, so a restore brings the link back.
 */
export function livePartnerJoin(field: LinkFieldSql): { table: Fragment; on: Condition } {
  const live = field.partner.softDelete ? sql` and p.deleted_at is null` : sql``
  return {
    table: sql`${sql.table(sqlTableName(field.partner.name))} as p`,
    on: sql<SqlBool>`p.tenant_id = l.tenant_id and p.id = ${sql.ref(`l.${field.other}`)}${live}`,
  }
}

/** Pairs `[left, right]` whose `side` id is among `ids`, sorted by code point. */
export async function selectLinks(
  db: Kysely<SqlDb>,
  link: LinkTableName,
  tenantId: string,
  side: 'left' | 'right',
  ids: readonly string[],
): Promise<Array<readonly [string, string]>> {
  const names = sqlLinkTable(link)
  const column = side === 'left' ? names.left : names.right
  const out: Array<readonly [string, string]> = []
  for (const chunk of chunks([...new Set(ids)], IDS_PER_STATEMENT)) {
    const rows = await db
      .selectFrom(names.table)
      .select([sql.ref(names.left).as('l'), sql.ref(names.right).as('r')])
      .where(sql<boolean>`tenant_id = ${tenantId} and ${sql.ref(column)} in (${sql.join(chunk)})`)
      .execute()
    for (const row of rows) out.push([String(row.l), String(row.r)] as const)
  }
  return out.sort(comparePairs)
}

/**
 * Set every link field of `def` on `rows`: the sorted ids of live partner rows (`[]` when
 * none). One query per link field and chunk of ids, never one per row.
 */
export async function hydrateLinks(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  def: TableDefinition,
  tenantId: string,
  rows: Array<Record<string, StorageValue>>,
): Promise<void> {
  if (rows.length === 0) return
  for (const name of Object.keys(def.linkFields)) {
    const field = linkFieldSql(def, name)
    if (!field) continue
    const join = livePartnerJoin(field)
    const byOwner = new Map<string, string[]>()
    for (const chunk of chunks([...new Set(rows.map((row) => String(row.id)))], IDS_PER_STATEMENT)) {
      // The text depends only on the field and the number of ids: compiled once per shape.
      const query = shapedQuery(
        db,
        dialect,
        `links\u0000${def.name}\u0000${name}\u0000${chunk.length}`,
        (slot) => sql`select ${sql.ref(`l.${field.own}`)} as own, ${sql.ref(`l.${field.other}`)} as other
          from ${sql.table(field.names.table)} as l join ${join.table} on ${join.on}
          where l.tenant_id = ${slot(0)} and ${sql.ref(`l.${field.own}`)} in (${sql.join(chunk.map((_, i) => slot(i + 1)))})`,
        [tenantId, ...chunk],
      )
      const { rows: pairs } = await db.executeQuery<{ own: unknown; other: unknown }>(query)
      for (const pair of pairs) {
        const list = byOwner.get(String(pair.own))
        if (list) list.push(String(pair.other))
        else byOwner.set(String(pair.own), [String(pair.other)])
      }
    }
    for (const row of rows) row[name] = (byOwner.get(String(row.id)) ?? []).sort(compareCodePoints)
  }
}
