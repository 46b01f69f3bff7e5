/**
 * Multi-row INSERT statements, compiled once per table, row count and dialect.
 *
 * Building an INSERT of a few hundred rows with Kysely's query builder creates and
 * compiles an operation node per cell; on a bulk import that cost more than the database
 * work. The statement text only depends on the table, the number of rows and the dialect,
 * so Kysely compiles it once from numbered placeholder values and later statements reuse
 * the text with fresh parameters. The same text also lets SQLite reuse its prepared
 * statement (see the SQLite statement cache).
 */
import type { TableDefinition } from '@crmkit/core/storage'
import type { Kysely } from 'kysely'
import { CompiledQuery } from 'kysely'
import { insertColumns } from './codec.js'
import type { SqlDb, SqlDialect } from './dialect.js'
import { sqlTableName } from './names.js'

/**
 * Parameters per statement: below SQLite's default limit of 32766 (pg and MySQL allow
 * 65535), with room to spare.
 */
const MAX_PARAMETERS = 30_000
/** Rows per statement, also for narrow tables, so a statement stays a modest packet (MySQL). */
const MAX_ROWS = 500
/** Compiled texts kept; a bulk write needs two per table (full chunks and the remainder). */
const CACHE_SIZE = 64

/** Rows one INSERT of `def` carries. */
export function rowsPerInsert(def: TableDefinition): number {
  return Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / insertColumns(def).length)))
}

interface Template {
  readonly sql: string
  /**
   * For each parameter of `sql`, its index in the row-major values (row 0's columns in
   * {@link insertColumns} order, then row 1's...). Kysely emits them in that order today;
   * the map keeps the binding right should a compiler ever order them differently.
   */
  readonly order: readonly number[]
  readonly identity: boolean
}

const templates = new Map<string, Template>()

function compileTemplate(db: Kysely<SqlDb>, def: TableDefinition, rows: number): Template {
  const columns = insertColumns(def)
  const placeholders = Array.from({ length: rows }, (_, r) =>
    Object.fromEntries(columns.map((c, i) => [c.sqlName, r * columns.length + i])),
  )
  const compiled = db.insertInto(sqlTableName(def.name)).values(placeholders).compile()
  const order = compiled.parameters.map(Number)
  if (order.length !== rows * columns.length) throw new Error(`unexpected INSERT template for ${def.name}`)
  return { sql: compiled.sql, order, identity: order.every((value, index) => value === index) }
}

/**
 * The INSERT of `values.length / columns` rows of `def`, binding `values` (row-major, in
 * {@link insertColumns} order, as `encodeInsertRow` appends them).
 */
export function insertStatement(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  def: TableDefinition,
  values: unknown[],
): CompiledQuery {
  const rows = values.length / insertColumns(def).length
  const key = `${dialect.name}\u0000${def.name}\u0000${rows}`
  let template = templates.get(key)
  if (template) {
    // Refresh the entry: the Map's insertion order is the eviction order.
    templates.delete(key)
  } else {
    template = compileTemplate(db, def, rows)
    if (templates.size >= CACHE_SIZE) {
      const oldest = templates.keys().next()
      if (!oldest.done) templates.delete(oldest.value)
    }
  }
  templates.set(key, template)
  const { order } = template
  return CompiledQuery.raw(template.sql, template.identity ? values : order.map((i) => values[i]))
}
