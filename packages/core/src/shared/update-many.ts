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
import type { ValidationError, ValidationIssue } from '../errors.js'
import type { FilterNode, ResolvedFilter } from '../filter/types.js'
import type { QueryCursor, StorageRow, StorageValue } from '../storage/port.js'
import type { TableName } from '../storage/tables.js'
import { changedColumns, sameIds } from './changes.js'
import type { CustomFieldValidator, CustomFieldValue, CustomValues } from './custom-values.js'
import { type ListSpec, resolveWhere } from './list.js'
import { json, strings } from './rows.js'
import { casUpdate, type Scope, versionedWrite, type WriteContext } from './scope.js'
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

/** How one entity is bulk-updated: its patch schema, columns, links and event. */
export interface BulkUpdateSpec<D extends { readonly custom?: unknown }> {
  readonly table: TableName
  /** Singular name for errors, e.g. `contact`. */
  readonly entity: string
  /** The entity's `update` patch schema. */
  readonly schema: z.ZodMiniType<D>
  /** The tenant's custom-field rules of the entity, and its custom fields for `where`. */
  readonly validator: () => Promise<CustomFieldValidator>
  readonly customFields: ListSpec<unknown>['customFields']
  /** Apply a validated custom patch to stored values (`null` removes a key). */
  readonly mergeCustom: (
    current: Readonly<Record<string, unknown>>,
    patch: Readonly<Record<string, CustomFieldValue | null>>,
  ) => CustomValues
  /** Issues of a patch that `update` accepts but a bulk update must not apply (e.g. a unique email). */
  readonly refuse?: (set: Record<string, unknown>) => ValidationIssue[]
  /** The plain columns a patch sets (custom values and links aside). */
  readonly columns: (data: D) => Record<string, StorageValue>
  /** The public field name of a column (default: the column's own name). */
  readonly fieldOf?: (column: string) => string
  /** A link field the patch may replace, with its sync. */
  readonly link?: {
    readonly field: 'companyIds' | 'contactIds'
    readonly ids: (data: D) => readonly string[] | undefined
    readonly sync: (w: WriteContext, id: string, current: readonly string[], next: readonly string[]) => Promise<void>
  }
  /** References to check once per batch (issue paths relative to `set`). */
  readonly references?: (w: WriteContext, data: D) => Promise<ValidationIssue[]>
  /**
   * Issues of applying `data` to the records matching `filter` at all (e.g. a deal amount in
   * another currency than a matched deal's pipeline), checked before each batch so that a
   * refused patch writes nothing.
   */
  readonly refuseMatches?: (w: WriteContext, data: D, filter: ResolvedFilter | undefined) => Promise<ValidationIssue[]>
  /** Record the entity's `updated` event for a written row. */
  readonly emit: (w: WriteContext, row: StorageRow, linkIds: readonly string[], changes: string[]) => void
}

/**
 * Run an `updateMany`: validate the envelope and `set` (issue paths under `where` / `set`,
 * nothing written on bad input), then update the matches batch by batch.
 */
export async function updateMany<D extends { readonly custom?: unknown }>(
  scope: Scope,
  spec: BulkUpdateSpec<D>,
  input: unknown,
  options: unknown,
): Promise<UpdateManyResult> {
  const { batchSize = DEFAULT_UPDATE_BATCH } = parse(updateManyOptionsSchema, options ?? {}, 'options')
  const { where, set } = parse(updateManyInputSchema, input, 'updateMany')
  const what = `${spec.table}.updateMany`
  const validator = set.custom === undefined ? undefined : await spec.validator()
  const parsed = check(spec.schema, set)
  const custom = validator?.patch(set.custom) ?? { values: {}, issues: [] }
  const issues = [...(parsed.ok ? [] : parsed.issues), ...custom.issues, ...(spec.refuse?.(set) ?? [])]
  if (!parsed.ok || issues.length > 0) throw underSet(what, issues)
  const data = parsed.value
  const linkIds = spec.link?.ids(data)
  const field = spec.fieldOf ?? ((column: string) => column)

  return updateMatching(
    scope,
    spec,
    where,
    batchSize,
    async (w, current) => {
      const columns = spec.columns(data)
      if (data.custom !== undefined) columns.custom = spec.mergeCustom(json(current, 'custom'), custom.values)
      const changed = changedColumns(current, columns)
      const changes = [...new Set(Object.keys(changed).map(field))]
      const link = spec.link
      const before = link ? strings(current, link.field) : []
      const relink = link !== undefined && linkIds !== undefined && !sameIds(before, linkIds)
      if (relink) changes.push(link.field)
      // A record that already holds these values is left alone: no version, no event.
      if (changes.length === 0) return false
      const row = await casUpdate(w, spec.table, spec.entity, current, changed)
      if (relink) await link.sync(w, String(current.id), before, linkIds)
      spec.emit(w, row, linkIds ?? before, changes)
      return true
    },
    async (w, filter) => {
      const problems = [
        ...((await spec.references?.(w, data)) ?? []),
        ...((await spec.refuseMatches?.(w, data, filter)) ?? []),
      ]
      if (problems.length > 0) throw underSet(what, problems)
    },
  )
}

/** A ValidationError for issues of `set` (paths prefixed with `set`). */
function underSet(what: string, issues: readonly ValidationIssue[]): ValidationError {
  return validationError(
    what,
    issues.map((issue) => ({ ...issue, path: ['set', ...issue.path] })),
  )
}

/**
 * Walk the records matching `where` in id order, one transaction per batch, and hand each
 * to `apply`, which writes it (returning `true`) or leaves it unchanged (`false`). A batch
 * that loses a race with another writer is re-read and re-applied as a whole.
 */
async function updateMatching(
  scope: Scope,
  spec: Pick<ListSpec<unknown>, 'table' | 'customFields'>,
  where: FilterNode,
  batchSize: number,
  apply: (w: WriteContext, row: StorageRow) => Promise<boolean>,
  prepare: (w: WriteContext, filter: ResolvedFilter | undefined) => Promise<void>,
): Promise<UpdateManyResult> {
  const filter = await resolveWhere(scope, spec, where)
  let after: QueryCursor | undefined
  let matched = 0
  let updated = 0
  for (;;) {
    const batch = await versionedWrite(scope, undefined, async (w) => {
      await prepare(w, filter)
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
