/**
 * Bulk update by filter (`contacts.updateMany`, `companies.updateMany`, `deals.updateMany`):
 * the entity-independent part. Loaded on first use, so it costs nothing at page load.
 *
 * The matching records are updated in batches, each one transaction of at most `batchSize`
 * records, walked in id order (a record that stops matching once updated is not met again,
 * and none is updated twice). A record whose values already equal `set` is left alone: no
 * write, no new version, no event. Every changed record emits its entity's `updated` event
 * after its batch commits.
 */
import * as z from 'zod/mini'
import type { ValidationIssue } from '../errors.js'
import type { FilterNode } from '../filter/types.js'
import type { QueryCursor, StorageRow } from '../storage/port.js'
import { type ListSpec, resolveWhere } from './list.js'
import { type Scope, versionedWrite, type WriteContext } from './scope.js'
import { check, parse, validationError } from './validation.js'

/** Largest batch (records per transaction) of an `updateMany`. */
export const MAX_UPDATE_BATCH = 1000
/** Batch size of an `updateMany` when `batchSize` is omitted. */
export const DEFAULT_UPDATE_BATCH = 500

/** Input of every `updateMany`: which records, and the fields to set on each (validated like an update's patch). */
export const updateManyInputSchema = z.strictObject({
  /** Filter tree selecting the records (required: update them all with `{ all: [] }`). */
  where: z.custom<FilterNode>((v) => typeof v === 'object' && v !== null, { error: 'Expected a filter' }),
  /** The patch applied to every matching record, as `update` takes it. */
  set: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
    error: 'Expected an object of fields to set',
  }),
})

/** Options of every `updateMany`. */
export const updateManyOptionsSchema = z.strictObject({
  /** Records per transaction, 1..1000. Default 500. */
  batchSize: z.optional(z.int().check(z.gte(1), z.lte(MAX_UPDATE_BATCH))),
})

/** Input of `updateMany`: the filter and the patch `P` applied to every match. */
export interface UpdateManyInput<P> {
  readonly where: FilterNode
  readonly set: P
}

/** Options of `updateMany`. */
export type UpdateManyOptions = z.input<typeof updateManyOptionsSchema>

/** What an `updateMany` did. */
export interface UpdateManyResult {
  /** Records that matched `where` when their batch ran. */
  readonly matched: number
  /** Records written (new version, one `updated` event each). */
  readonly updated: number
  /** Matching records whose values already equalled `set`: not written. */
  readonly unchanged: number
}

/** Validate the envelope of an `updateMany` call (issue paths start with `where` / `set`). */
export function parseUpdateMany(input: unknown, options: unknown) {
  const { batchSize = DEFAULT_UPDATE_BATCH } = parse(updateManyOptionsSchema, options ?? {}, 'options')
  return { ...parse(updateManyInputSchema, input, 'updateMany'), batchSize }
}

/** Put `set` in front of the paths of a patch's issues. */
export function underSet(what: string, issues: readonly ValidationIssue[]): never {
  throw validationError(
    what,
    issues.map((issue) => ({ ...issue, path: ['set', ...issue.path] })),
  )
}

/** Validate a patch with `schema`, reporting issues under `set`. */
export function parseSet<S extends z.ZodMiniType>(schema: S, set: unknown, what: string): z.output<S> {
  const result = check(schema, set)
  if (!result.ok) underSet(what, result.issues)
  return result.value
}

/**
 * Walk the records matching `where` in id order, one transaction per batch, and hand each
 * to `apply`, which writes it (returning `true`) or leaves it unchanged (`false`). A batch
 * that loses a race with another writer is re-read and re-applied as a whole.
 */
export async function updateMatching(
  scope: Scope,
  spec: Pick<ListSpec<unknown>, 'table' | 'customFields'>,
  where: FilterNode,
  batchSize: number,
  apply: (w: WriteContext, row: StorageRow) => Promise<boolean>,
  prepare?: (w: WriteContext) => Promise<void>,
): Promise<UpdateManyResult> {
  const filter = await resolveWhere(scope, spec, where)
  let after: QueryCursor | undefined
  let matched = 0
  let updated = 0
  for (;;) {
    const batch = await versionedWrite(scope, undefined, async (w) => {
      await prepare?.(w)
      const rows = await w.session.query(spec.table, w.tenantId, {
        ...(filter ? { where: filter } : {}),
        orderBy: { column: 'id', direction: 'asc' },
        ...(after ? { after } : {}),
        limit: batchSize,
      })
      let written = 0
      for (const row of rows) if (await apply(w, row)) written++
      return { rows, written }
    })
    matched += batch.rows.length
    updated += batch.written
    const last = batch.rows[batch.rows.length - 1]
    if (batch.rows.length < batchSize || !last) break
    after = { value: String(last.id), id: String(last.id) }
  }
  return { matched, updated, unchanged: matched - updated }
}
