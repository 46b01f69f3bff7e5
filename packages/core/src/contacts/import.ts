/**
 * `contacts.importMany`: bulk upsert by email.
 *
 * The rule, row by row: every row is validated first (the contact schema and the tenant's
 * custom-field rules, loaded once). Valid rows are grouped by email: all rows of one import
 * with the same email are merged in input order into one record, so the first of them (the
 * lead row) decides whether a contact is `created`, `updated` or left `unchanged`, and each
 * later one is reported in `merged` with the lead row's index and the record's id. Every
 * input row is counted exactly once (created + updated + unchanged + merged + failed = rows),
 * and the events agree with the counts: one `contact.created` per created, one
 * `contact.updated` per updated, none for unchanged or merged rows.
 *
 * Groups are written in batches of about `batchSize` rows (a group is never split), one
 * transaction each. If a batch fails in the database (e.g. another writer inserted one of its
 * emails meanwhile), it is replayed group by group, so one bad group never costs the others.
 */
import * as z from 'zod/mini'
import { loadCustomFieldValidator } from '../custom-fields/service.js'
import { ConflictError, type CrmError, NotFoundError, ValidationError, type ValidationIssue } from '../errors.js'
import { checkWithCustom, customMode } from '../shared/entity.js'
import { type Scope, versionedWrite, write } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import { applyBatch, type BatchOutcome, type ImportMerge, type RowGroup, type ValidRow } from './import-batch.js'
import { type ContactInput, contactInputSchema } from './schemas.js'

export type { ImportMerge } from './import-batch.js'

/** Progress of an import, reported after each batch (counts so far, as in {@link ImportResult}). */
export interface ImportProgress {
  /** Rows handled so far (written, unchanged, merged or failed). */
  readonly processed: number
  /** Rows of the input; for an iterable input (length unknown), the rows read so far. */
  readonly total: number
  readonly created: number
  readonly updated: number
  readonly unchanged: number
  /** Number of merged rows so far. */
  readonly merged: number
  /** Number of failed rows so far. */
  readonly failed: number
}

/**
 * The rows of `contacts.importMany`: an array, or any iterable or async iterable of rows (a
 * generator, a stream of parsed CSV lines) which is read one batch at a time, so an import of
 * millions of rows holds only one batch in memory.
 */
export type ImportRows = readonly ContactInput[] | Iterable<ContactInput> | AsyncIterable<ContactInput>

function isIterable(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  if (typeof value !== 'object' || value === null) return false
  return Symbol.iterator in value || Symbol.asyncIterator in value
}

/**
 * The rows of `contacts.importMany` (see {@link ImportRows}). Each row is validated on its own
 * (with the contact schema and the tenant's custom fields), and a bad row is reported, not thrown.
 */
export const importRowsSchema = z.custom<ImportRows>((v) => Array.isArray(v) || isIterable(v), {
  error: 'Expected an array or an iterable of contacts',
})

/** Options of `contacts.importMany`. */
export const importOptionsSchema = z.strictObject({
  /** Called after each batch. */
  onProgress: z.optional(
    z.custom<(progress: ImportProgress) => void>((v) => typeof v === 'function', { error: 'Expected a function' }),
  ),
  /** Rows per transaction, 1..10000 (rows with one email stay together). Default 500. */
  batchSize: z.optional(z.int().check(z.gte(1), z.lte(10_000))),
})

/** Options of `contacts.importMany`. */
export type ImportOptions = z.input<typeof importOptionsSchema>

/** A row that was not imported, with why. */
export interface ImportFailure {
  /** Index of the row in the input (its position in an iterable). */
  readonly index: number
  /** Validation issues (paths relative to the row), or one issue with the database error's code. */
  readonly issues: readonly ValidationIssue[]
}

/**
 * Outcome of `contacts.importMany`. Every input row is counted once:
 * `created + updated + unchanged + merged.length + failed.length` is the number of rows, and
 * exactly `created` `contact.created` and `updated` `contact.updated` events were emitted.
 */
export interface ImportResult {
  /** Lead rows that created a contact (one per new email, and every row without an email). */
  readonly created: number
  /** Lead rows that changed an existing contact (matched by email). */
  readonly updated: number
  /** Lead rows whose existing contact already had every value given: nothing written, no event. */
  readonly unchanged: number
  /** Later rows with the email of an earlier row, merged into its record; by ascending index. */
  readonly merged: ImportMerge[]
  /** Rows that were not imported, by ascending index. */
  readonly failed: ImportFailure[]
}

/** Default rows per batch. */
export const DEFAULT_BATCH_SIZE = 500

/**
 * Whether an error is about the rows of a batch (bad data, a unique key taken, a company gone),
 * so that replaying the groups one by one isolates the offenders. Anything else (the database is
 * down, a driver failed) is about the import as a whole: it is thrown, never reported as
 * thousands of failed rows.
 */
function isRowError(error: unknown): error is CrmError {
  return error instanceof ValidationError || error instanceof ConflictError || error instanceof NotFoundError
}

function issuesOf(error: CrmError): ValidationIssue[] {
  if (error instanceof ValidationError) return [...error.issues]
  return [{ path: [], message: error.message, code: error.code }]
}

/** Valid rows grouped by email, groups in the order of their first row. */
function groupByEmail(rows: readonly ValidRow[]): RowGroup[] {
  const groups: ValidRow[][] = []
  const byEmail = new Map<string, ValidRow[]>()
  for (const row of rows) {
    const email = row.data.email ?? undefined
    const group = email === undefined ? undefined : byEmail.get(email)
    if (group) group.push(row)
    else {
      const fresh = [row]
      groups.push(fresh)
      if (email !== undefined) byEmail.set(email, fresh)
    }
  }
  return groups
}

/** Consecutive groups of about `size` rows; a group larger than `size` is a batch of its own. */
function batches(groups: readonly RowGroup[], size: number): RowGroup[][] {
  const out: RowGroup[][] = []
  let current: RowGroup[] = []
  let rows = 0
  for (const group of groups) {
    if (rows > 0 && rows + group.length > size) {
      out.push(current)
      current = []
      rows = 0
    }
    current.push(group)
    rows += group.length
  }
  if (current.length > 0) out.push(current)
  return out
}

/** The running totals of one import. */
interface ImportState {
  readonly result: {
    created: number
    updated: number
    unchanged: number
    readonly merged: ImportMerge[]
    readonly failed: ImportFailure[]
  }
  processed: number
  total: number
  readonly onProgress: ((progress: ImportProgress) => void) | undefined
}

function report(state: ImportState): void {
  const { result } = state
  state.onProgress?.({
    processed: state.processed,
    total: state.total,
    created: result.created,
    updated: result.updated,
    unchanged: result.unchanged,
    merged: result.merged.length,
    failed: result.failed.length,
  })
}

/** Write one batch (replaying it group by group if a row breaks it) and report progress. */
async function runBatch(scope: Scope, state: ImportState, batch: readonly RowGroup[], failedBefore: number) {
  const { result } = state
  const outcomes: BatchOutcome[] = []
  try {
    outcomes.push(await write(scope, (w) => applyBatch(w, batch)))
  } catch (error) {
    if (!isRowError(error)) throw error
    // The batch rolled back: replay it group by group so only the offending groups fail.
    for (const group of batch) {
      try {
        outcomes.push(await versionedWrite(scope, undefined, (w) => applyBatch(w, [group])))
      } catch (groupError) {
        if (!isRowError(groupError)) throw groupError
        for (const row of group) result.failed.push({ index: row.index, issues: issuesOf(groupError) })
      }
    }
  }
  for (const outcome of outcomes) {
    result.created += outcome.created
    result.updated += outcome.updated
    result.unchanged += outcome.unchanged
    result.merged.push(...outcome.merged)
    result.failed.push(...outcome.failed)
  }
  state.processed += failedBefore + batch.reduce((sum, group) => sum + group.length, 0)
  report(state)
}

/**
 * Run `contacts.importMany` for one tenant scope.
 *
 * An array is grouped by email as a whole. An iterable is read in windows of `batchSize` rows
 * (memory stays bounded by one window): rows with one email are merged when they fall in the
 * same window, and a later row with an email imported from an earlier window updates that
 * contact (counted `updated` or `unchanged`, with its event), as a second import would.
 */
export async function importContacts(scope: Scope, input: unknown, options: unknown): Promise<ImportResult> {
  const { onProgress, batchSize = DEFAULT_BATCH_SIZE } = parse(importOptionsSchema, options ?? {}, 'import options')
  const source = parse(importRowsSchema, input, 'import')
  const validate = customMode(await loadCustomFieldValidator(scope.storage, scope.tenantId, 'contact'), 'create')
  const result = { created: 0, updated: 0, unchanged: 0, merged: [] as ImportMerge[], failed: [] as ImportFailure[] }
  const state: ImportState = { result, processed: 0, total: 0, onProgress }
  const check = (valid: ValidRow[], input: ContactInput, index: number) => {
    const checked = checkWithCustom(contactInputSchema, input, validate)
    if (checked.ok) valid.push({ index, data: checked.data, custom: checked.custom })
    else result.failed.push({ index, issues: checked.issues })
  }

  if (Array.isArray(source)) {
    const rows: readonly ContactInput[] = source
    state.total = rows.length
    const valid: ValidRow[] = []
    for (const [index, row] of rows.entries()) check(valid, row, index)
    state.processed = result.failed.length
    for (const batch of batches(groupByEmail(valid), batchSize)) await runBatch(scope, state, batch, 0)
    if (valid.length === 0 && rows.length > 0) report(state)
  } else {
    let window: ValidRow[] = []
    let windowFailed = result.failed.length
    const flush = async () => {
      let failed = result.failed.length - windowFailed
      const groups = groupByEmail(window)
      window = []
      for (const batch of batches(groups, batchSize)) {
        await runBatch(scope, state, batch, failed)
        failed = 0
      }
      if (failed > 0) {
        state.processed += failed
        report(state)
      }
      windowFailed = result.failed.length
    }
    const take = async (row: ContactInput) => {
      check(window, row, state.total++)
      if (state.total - state.processed >= batchSize) await flush()
    }
    const rows = source as Iterable<ContactInput> | AsyncIterable<ContactInput>
    if (Symbol.asyncIterator in rows) for await (const row of rows) await take(row)
    else for (const row of rows) await take(row)
    if (state.total > state.processed) await flush()
  }
  result.merged.sort((a, b) => a.index - b.index)
  result.failed.sort((a, b) => a.index - b.index)
  return result
}
