/**
 * The single-row statements: a row by id and the compare-and-set UPDATE, each one statement
 * that also carries the row's link fields (a correlated subquery per link field aggregating
 * the live partners' ids into a JSON array), compiled once per shape (`statement-shapes.ts`).
 * A `get` is one round trip instead of two, and an update returns the row it wrote (RETURNING)
 * instead of reading it back; MySQL/MariaDB has no `UPDATE ... RETURNING`, so there the
 * update is followed by the same one-statement read inside the write's transaction.
 */
import type { StorageValue, TableDefinition } from '@crmkit/core/storage'
import { compareCodePoints } from '@crmkit/core/storage'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { decodeRow, insertColumns, selectColumns } from './codec.js'
import type { Fragment, SqlDb, SqlDialect } from './dialect.js'
import { linkFieldSql, livePartnerJoin } from './links.js'
import { sqlTableName } from './names.js'
import { shapedQuery } from './statement-shapes.js'

/**
 * Every column of `def` (aliased to its camelCase name) and every link field, qualified by
 * `qualifier` (the row alias in a SELECT, the table name in RETURNING: SQLite's RETURNING
 * does not see an alias).
 */
function rowColumns(dialect: SqlDialect, def: TableDefinition, qualifier: string): Fragment[] {
  const columns: Fragment[] = insertColumns(def).map(
    (c) => sql`${sql.ref(`${qualifier}.${c.sqlName}`)} as ${sql.id(c.name)}`,
  )
  for (const name of Object.keys(def.linkFields)) {
    const field = linkFieldSql(def, name)
    if (!field) continue
    const join = livePartnerJoin(field)
    columns.push(
      sql`(select ${dialect.jsonArrayAgg(sql.ref(`l.${field.other}`))}
        from ${sql.table(field.names.table)} as l join ${join.table} on ${join.on}
        where l.tenant_id = ${sql.ref(`${qualifier}.tenant_id`)}
        and ${sql.ref(`l.${field.own}`)} = ${sql.ref(`${qualifier}.id`)}) as ${sql.id(name)}`,
    )
  }
  return columns
}

const columnLists = new Map<string, string>()

/**
 * `r.<column> as <name>, ...` for every column of `def` (no link fields), as SQL text compiled
 * once per dialect and table (it has no parameters).
 */
export function columnListText(db: Kysely<SqlDb>, dialect: SqlDialect, def: TableDefinition): string {
  const key = `${dialect.name}\u0000${def.name}`
  let text = columnLists.get(key)
  if (text === undefined) {
    text = sql`${sql.join(selectColumns(def))}`.compile(db).sql
    columnLists.set(key, text)
  }
  return text
}

/** A row selected with {@link rowColumns} in storage form, link fields sorted by code point. */
function decodeFullRow(
  dialect: SqlDialect,
  def: TableDefinition,
  raw: Record<string, unknown>,
): Record<string, StorageValue> {
  const row = decodeRow(dialect, def, raw)
  for (const name of Object.keys(def.linkFields)) {
    const value = raw[name]
    const ids = value === null || value === undefined ? [] : (dialect.parseJson(value) as unknown[])
    row[name] = ids.map(String).sort(compareCodePoints)
  }
  return row
}

/** One row of `def` by id with its link fields, or undefined. */
export async function selectRowById(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  def: TableDefinition,
  tenantId: string,
  id: string,
  includeDeleted: boolean,
): Promise<Record<string, StorageValue> | undefined> {
  const live = def.softDelete && !includeDeleted
  const query = shapedQuery(
    db,
    dialect,
    `get\u0000${def.name}\u0000${live}`,
    (slot) =>
      sql`select ${sql.join(rowColumns(dialect, def, 'r'))} from ${sql.table(sqlTableName(def.name))} as r
        where r.tenant_id = ${slot(0)}${live ? sql` and r.deleted_at is null` : sql``} and r.id = ${slot(1)} limit 1`,
    [tenantId, id],
  )
  const { rows } = await db.executeQuery<Record<string, unknown>>(query)
  const [raw] = rows
  return raw ? decodeFullRow(dialect, def, raw) : undefined
}

/**
 * `UPDATE ... SET <set>, version = expectedVersion + 1 WHERE version = expectedVersion`,
 * returning the row written (with its link fields) or undefined when nothing matched. Only
 * for dialects with `UPDATE ... RETURNING` ({@link SqlDialect.updateReturning}).
 */
export async function updateReturningRow(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  def: TableDefinition,
  tenantId: string,
  id: string,
  expectedVersion: number,
  set: Readonly<Record<string, unknown>>,
): Promise<Record<string, StorageValue> | undefined> {
  const columns = Object.keys(set)
  const table = sqlTableName(def.name)
  const n = columns.length
  const query = shapedQuery(
    db,
    dialect,
    `update\u0000${def.name}\u0000${columns.join(',')}`,
    (slot) =>
      sql`update ${sql.table(table)} set ${sql.join(columns.map((c, i) => sql`${sql.ref(c)} = ${slot(i)}`))}
        where tenant_id = ${slot(n)} and id = ${slot(n + 1)} and version = ${slot(n + 2)}
        returning ${sql.join(rowColumns(dialect, def, table))}`,
    [...columns.map((c) => set[c]), tenantId, id, expectedVersion],
  )
  const { rows } = await db.executeQuery<Record<string, unknown>>(query)
  const [raw] = rows
  return raw ? decodeFullRow(dialect, def, raw) : undefined
}
