/**
 * `aggregate()`: grouped counts/sums/min/max/avg computed by the database.
 *
 * - Group by a column (key named after the column) or by `{ column, granularity }` over a
 *   timestamp/date column: the ISO text's prefix (`year` = `YYYY`, `month` = `YYYY-MM`,
 *   `day` = `YYYY-MM-DD`), keyed by the column name too. substr() of the ISO text is the
 *   same in every dialect, and timestamps are UTC, so groups never depend on a time zone.
 * - `avg` is computed here as sum/count: MySQL rounds AVG of integers to 4 decimals and
 *   Postgres returns numeric, so pushing AVG down would differ between dialects.
 * - Rows come back sorted by the group keys (code-point order, NULLs last).
 * - With no group keys there is exactly one row (count 0, sum/min/max/avg null on no rows).
 */

import type { AggregateQuery, ColumnDefinition, StorageValue, TableDefinition } from '@crmkit/core/storage'
import { compareCodePoints, StorageError } from '@crmkit/core/storage'
import type { AliasedRawBuilder, Kysely } from 'kysely'
import { sql } from 'kysely'
import { columnOf, columnRef, decodeValue, toNumber } from './codec.js'
import type { Condition, SqlDb, SqlDialect } from './dialect.js'
import { sqlTableName } from './names.js'

type AggregateRow = Record<string, string | number | null>

const PREFIX_LENGTH = { year: 4, month: 7, day: 10 } as const

interface GroupPlan {
  readonly key: string
  readonly alias: string
  readonly column?: ColumnDefinition
}

function numericColumn(def: TableDefinition, column: string | undefined, fn: string): ColumnDefinition {
  if (column === undefined) throw new StorageError(`aggregate ${fn} needs a column`)
  const col = columnOf(def, column)
  if (col.type !== 'integer' && col.type !== 'number')
    throw new StorageError(`aggregate ${fn} needs a numeric column, ${column} is ${col.type}`)
  return col
}

function compareKeys(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : 1
  return compareCodePoints(String(a), String(b))
}

/** Run an aggregate query whose rows are restricted by `where` (tenant, deletion, filter). */
export async function runAggregate(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  def: TableDefinition,
  where: Condition,
  query: AggregateQuery,
): Promise<AggregateRow[]> {
  const selections: AliasedRawBuilder<unknown, string>[] = []
  const groups: GroupPlan[] = query.groupBy.map((g, i) => {
    const alias = `g${i}`
    if (typeof g === 'string') {
      const column = columnOf(def, g)
      selections.push(sql`${columnRef(def, g)}`.as(alias))
      return { key: g, alias, column }
    }
    const column = columnOf(def, g.column)
    const length = PREFIX_LENGTH[g.granularity]
    if ((column.type !== 'timestamp' && column.type !== 'date') || length === undefined) {
      throw new StorageError(`cannot group ${g.column} (${column.type}) by ${String(g.granularity)}`)
    }
    selections.push(sql`substr(${columnRef(def, g.column)}, 1, ${length})`.as(alias))
    return { key: g.column, alias }
  })

  const decoders = query.measures.map((m, i) => {
    const alias = `m${i}`
    switch (m.fn) {
      case 'count':
        selections.push((m.column === undefined ? sql`count(*)` : sql`count(${columnRef(def, m.column)})`).as(alias))
        return (row: Record<string, unknown>) => toNumber(row[alias])
      case 'sum':
        numericColumn(def, m.column, m.fn)
        selections.push(sql`sum(${columnRef(def, m.column ?? '')})`.as(alias))
        return (row: Record<string, unknown>) => toNumber(row[alias])
      case 'avg': {
        numericColumn(def, m.column, m.fn)
        const ref = columnRef(def, m.column ?? '')
        selections.push(sql`sum(${ref})`.as(`${alias}s`), sql`count(${ref})`.as(`${alias}c`))
        return (row: Record<string, unknown>) => {
          const n = toNumber(row[`${alias}c`]) ?? 0
          return n === 0 ? null : (toNumber(row[`${alias}s`]) ?? 0) / n
        }
      }
      case 'min':
      case 'max': {
        if (m.column === undefined) throw new StorageError(`aggregate ${m.fn} needs a column`)
        const column = columnOf(def, m.column)
        selections.push(
          (m.fn === 'min' ? sql`min(${columnRef(def, m.column)})` : sql`max(${columnRef(def, m.column)})`).as(alias),
        )
        return (row: Record<string, unknown>) => decodeValue(dialect, column, row[alias]) as string | number | null
      }
      default:
        throw new StorageError(`unknown aggregate ${String(m.fn)}`)
    }
  })
  if (selections.length === 0) throw new StorageError('aggregate needs a group key or a measure')

  let builder = db
    .selectFrom(db.dynamic.table(sqlTableName(def.name)).as('r'))
    .select(selections)
    .where(where)
  if (groups.length > 0) builder = builder.groupBy(groups.map((g) => sql.ref(g.alias)))
  const rows = (await builder.execute()) as Record<string, unknown>[]

  const out = rows.map((row) => {
    const result: AggregateRow = {}
    for (const g of groups) {
      const raw = row[g.alias]
      const value: StorageValue = g.column
        ? decodeValue(dialect, g.column, raw)
        : raw === null || raw === undefined
          ? null
          : String(raw)
      result[g.key] = typeof value === 'string' || typeof value === 'number' ? value : null
    }
    query.measures.forEach((m, i) => {
      result[m.as] = decoders[i]?.(row) ?? null
    })
    return result
  })
  return out.sort((a, b) => {
    for (const g of groups) {
      const c = compareKeys(a[g.key] ?? null, b[g.key] ?? null)
      if (c !== 0) return c
    }
    return 0
  })
}
