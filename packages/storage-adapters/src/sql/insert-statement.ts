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
import type { ColumnDefinition, TableDefinition } from '@crmkit/core/storage'
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

/** The Postgres array type `unnest` reads a column's values as (stored form, see codec.ts). */
function arrayType(column: ColumnDefinition): string {
  switch (column.type) {
    case 'integer':
      return 'int8[]'
    case 'number':
      return 'float8[]'
    case 'json':
    case 'stringArray':
      return 'jsonb[]'
    default:
      return 'text[]'
  }
}

/**
 * Postgres: `INSERT ... SELECT * FROM unnest($1::type[], ...)`, one array parameter per column.
 * The server parses one short statement and a few arrays instead of 500 x columns placeholders:
 * measured against multi-VALUES for 20k contact rows in 500-row statements, one transaction,
 * medians of 3: 1,862 ms vs 2,414 ms (bench notes of issue #10).
 */
function unnestTemplate(def: TableDefinition): string {
  const columns = insertColumns(def)
  const names = columns.map((c) => `"${c.sqlName}"`).join(', ')
  const arrays = columns.map((c, i) => `cast($${i + 1} as ${arrayType(c.column)})`).join(', ')
  return `insert into "${sqlTableName(def.name)}" (${names}) select * from unnest(${arrays})`
}

const unnestTemplates = new Map<string, string>()

/** `values` (row-major) as one array per column, for {@link unnestTemplate}. */
function columnMajor(values: readonly unknown[], width: number): unknown[][] {
  const rows = values.length / width
  const out: unknown[][] = []
  for (let c = 0; c < width; c++) {
    const column = new Array<unknown>(rows)
    for (let r = 0; r < rows; r++) column[r] = values[r * width + c]
    out.push(column)
  }
  return out
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
  if (dialect.name === 'postgres') {
    let text = unnestTemplates.get(def.name)
    if (text === undefined) {
      text = unnestTemplate(def)
      unnestTemplates.set(def.name, text)
    }
    return CompiledQuery.raw(text, columnMajor(values, insertColumns(def).length))
  }
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
