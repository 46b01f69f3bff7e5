import type { CustomFieldShape, LinkTableName, StorageRow, TableName } from '@crmkit/core/storage'
import { evaluateFilter, links, resolveFilter, tables, ValidationError } from '@crmkit/core/storage'
import { expect } from 'vitest'
import { describeError, liveRows } from './context.js'
import type { RawInspector } from './types.js'

/** Counters that show a property run was not vacuous. */
export interface DifferentialStats {
  filters: number
  /** Filters that selected a non-empty proper subset. */
  proper: number
  /** Trees the reference resolver rejected (the adapter path must reject them too). */
  rejected: number
  /** A few rejection messages, to tell a generator bug from intended invalid trees. */
  samples: string[]
}

/** A fresh set of counters. */
export function newStats(): DifferentialStats {
  return { filters: 0, proper: 0, rejected: 0, samples: [] }
}

/**
 * Live raw rows of `table` with their link fields hydrated from the raw link tables, listing
 * live partners only (as the port specifies): the reference data the evaluator runs on.
 */
export async function hydratedRawRows(raw: RawInspector, table: TableName, tenantId: string): Promise<StorageRow[]> {
  const rows = await liveRows(raw, table, tenantId)
  const def = tables[table]
  const extra = new Map<string, Record<string, string[]>>()
  for (const [field, spec] of Object.entries(def.linkFields)) {
    const link = links[spec.link as LinkTableName]
    const partnerTable: TableName = spec.side === 'left' ? link.right.table : link.left.table
    const livePartners = new Set((await liveRows(raw, partnerTable, tenantId)).map((r) => String(r.id)))
    for (const [left, right] of await raw.links(spec.link, tenantId)) {
      const [own, other] = spec.side === 'left' ? [left, right] : [right, left]
      if (!livePartners.has(other)) continue
      const fields = extra.get(own) ?? {}
      fields[field] = [...(fields[field] ?? []), other]
      extra.set(own, fields)
    }
  }
  return rows.map((row) => {
    const hydrated: Record<string, unknown> = { ...row }
    for (const field of Object.keys(def.linkFields))
      hydrated[field] = [...(extra.get(String(row.id))?.[field] ?? [])].sort()
    return hydrated as StorageRow
  })
}

/** What a differential check needs: the table's reference rows and the adapter's answers. */
export interface DifferentialTarget {
  readonly table: TableName
  readonly rows: readonly StorageRow[]
  readonly customFields: readonly CustomFieldShape[]
  readonly now: Date
  /** Ids the public API lists for `where` (default order, one page of up to 1000). */
  list(where: unknown): Promise<string[]>
  /** What the public API counts for `where`. */
  count(where: unknown): Promise<number>
}

/**
 * One differential check: the public API must list exactly, and in id order, the rows
 * core's reference evaluator selects from the raw rows; a tree the reference rejects must
 * be rejected with a ValidationError by the public API as well.
 */
export async function checkFilter(target: DifferentialTarget, where: unknown, stats: DifferentialStats): Promise<void> {
  const label = JSON.stringify(where)
  let expected: string[] | undefined
  let refError: unknown
  try {
    const resolved = resolveFilter(where, { table: target.table, customFields: target.customFields, now: target.now })
    expected = target.rows
      .filter((row) => evaluateFilter(resolved, row))
      .map((row) => String(row.id))
      .sort()
  } catch (e) {
    refError = e
  }
  const outcome = await target.list(where).then(
    (ids) => ({ ids }),
    (error: unknown) => ({ error }),
  )
  stats.filters++
  if (expected === undefined) {
    stats.rejected++
    if (stats.samples.length < 3) stats.samples.push(describeError(refError))
    expect(refError, describeError(refError)).toBeInstanceOf(ValidationError)
    const got = 'error' in outcome ? describeError(outcome.error) : 'resolved'
    expect('error' in outcome && outcome.error instanceof ValidationError, `${label}: ${got}`).toBe(true)
    return
  }
  if ('error' in outcome) throw new Error(`${label}: list failed: ${describeError(outcome.error)}`)
  if (expected.length > 0 && expected.length < target.rows.length) stats.proper++
  expect(outcome.ids, `${target.table} where ${label} (default order is id asc)`).toEqual(expected)
  expect(await target.count(where), `${target.table} count ${label}`).toBe(expected.length)
}
