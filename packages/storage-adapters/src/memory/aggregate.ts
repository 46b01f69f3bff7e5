/**
 * `aggregate()` in JavaScript, with SQL's GROUP BY semantics:
 * - grouping by a column puts all NULLs in one group; a granularity truncates a timestamp
 *   or date column's text to `YYYY` / `YYYY-MM` / `YYYY-MM-DD` (timestamps are UTC);
 * - each result row holds the group keys under their column names, then the measures
 *   under their `as` names;
 * - `count` counts rows (or, with a column, its non-NULL values); `sum`/`avg`/`min`/`max`
 *   ignore NULLs and are NULL when a group has no non-NULL value; `avg` is `sum / count`;
 * - with group keys, no matching rows means no groups (`[]`); without any, there is exactly
 *   one result row, as `SELECT count(*) ...` without GROUP BY returns;
 * - groups come ordered by their keys, ascending, NULLs last (numbers numerically, strings
 *   by code point).
 */

import type { AggregateQuery, StorageValue, TableDefinition } from '@crmkit/core/storage'
import { compareStorageValues, StorageError } from '@crmkit/core/storage'
import type { HydratedRow } from './read.js'
import { byId } from './read.js'
import { scalarColumn } from './rows.js'

type Key = string | number | null
type Measure = AggregateQuery['measures'][number]

const granularityLength = { year: 4, month: 7, day: 10 } as const

interface GroupKey {
  readonly as: string
  readonly read: (row: HydratedRow) => Key
}

function groupKeys(def: TableDefinition, query: AggregateQuery): GroupKey[] {
  return query.groupBy.map((entry) => {
    const column = typeof entry === 'string' ? entry : entry.column
    const type = scalarColumn(def, column).type
    const scalar = (row: HydratedRow): Key => {
      const v = row[column] ?? null
      return typeof v === 'string' || typeof v === 'number' ? v : null
    }
    if (typeof entry === 'string') return { as: column, read: scalar }
    const length = Object.hasOwn(granularityLength, entry.granularity)
      ? granularityLength[entry.granularity]
      : undefined
    if (length === undefined) throw new StorageError(`invalid granularity ${String(entry.granularity)}`)
    if (type !== 'timestamp' && type !== 'date')
      throw new StorageError(`${def.name}.${column}: granularity needs a timestamp or date column`)
    return {
      as: column,
      read: (row) => {
        const v = scalar(row)
        return typeof v === 'string' ? v.slice(0, length) : null
      },
    }
  })
}

function checkMeasures(def: TableDefinition, measures: readonly Measure[]): void {
  for (const m of measures) {
    if (!['count', 'sum', 'min', 'max', 'avg'].includes(m.fn))
      throw new StorageError(`invalid aggregate ${String(m.fn)}`)
    if (m.column === undefined) {
      if (m.fn !== 'count') throw new StorageError(`${m.fn} needs a column`)
      continue
    }
    const { type } = scalarColumn(def, m.column)
    if ((m.fn === 'sum' || m.fn === 'avg') && type !== 'integer' && type !== 'number') {
      throw new StorageError(`${def.name}.${m.column}: ${m.fn} needs a numeric column`)
    }
  }
}

function measure(m: Measure, rows: readonly HydratedRow[]): Key {
  if (m.column === undefined) return rows.length
  const column = m.column
  const values = rows
    .map((r) => r[column] ?? null)
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
  if (m.fn === 'count') return values.length
  if (values.length === 0) return null
  if (m.fn === 'min' || m.fn === 'max') {
    const sorted = [...values].sort(compareStorageValues)
    return (m.fn === 'min' ? sorted[0] : sorted[sorted.length - 1]) ?? null
  }
  const sum = values.reduce<number>((acc, v) => acc + Number(v), 0)
  return m.fn === 'sum' ? sum : sum / values.length
}

/** Group `rows` (already filtered) and compute the measures. */
export function aggregateRows(
  def: TableDefinition,
  query: AggregateQuery,
  rows: readonly HydratedRow[],
): Array<Record<string, Key>> {
  const keys = groupKeys(def, query)
  checkMeasures(def, query.measures)
  const names = [...keys.map((k) => k.as), ...query.measures.map((m) => m.as)]
  if (new Set(names).size !== names.length)
    throw new StorageError(`aggregate output names collide: ${names.join(', ')}`)

  const groups = new Map<string, { key: Key[]; rows: HydratedRow[] }>()
  // Rows in id order, so floating-point sums do not depend on insertion history.
  for (const row of [...rows].sort(byId)) {
    const key = keys.map((k) => k.read(row))
    const encoded = JSON.stringify(key)
    const group = groups.get(encoded)
    if (group === undefined) groups.set(encoded, { key, rows: [row] })
    else group.rows.push(row)
  }
  if (keys.length === 0 && groups.size === 0) groups.set('[]', { key: [], rows: [] })

  const ordered = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const c = compareStorageValues(a.key[i] as StorageValue, b.key[i] as StorageValue)
      if (c !== 0) return c
    }
    return 0
  })
  return ordered.map((group) => {
    const out: Record<string, Key> = {}
    keys.forEach((k, i) => {
      out[k.as] = group.key[i] ?? null
    })
    for (const m of query.measures) out[m.as] = measure(m, group.rows)
    return out
  })
}
