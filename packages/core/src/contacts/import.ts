/**
 * `contacts.importMany`: bulk upsert by email.
 *
 * Rows are validated with the pre-built contact schema and the tenant's custom-field
 * rules (loaded once). Each batch is one transaction with one `findBy(email IN ...)`, one
 * multi-row insert for new contacts and a compare-and-set update per existing one. If a
 * batch fails in the database (e.g. another writer inserted one of its emails meanwhile),
 * it is replayed row by row, so one bad row never costs the good ones. Within an import a
 * later row with the same email updates the earlier one.
 */
import * as z from 'zod/mini'
import { loadCustomFieldValidator } from '../custom-fields/service.js'
import { ConflictError, type CrmError, NotFoundError, ValidationError, type ValidationIssue } from '../errors.js'
import type { CustomValues } from '../shared/custom-values.js'
import { checkWithCustom, customMode, existingIds, missingRefs } from '../shared/entity.js'
import { json, strings } from '../shared/rows.js'
import { casUpdate, type Scope, versionedWrite, type WriteContext, write } from '../shared/scope.js'
import { parse, validationError } from '../shared/validation.js'
import type { StorageRow, StorageValue } from '../storage/port.js'
import { contactColumns, toContact } from './records.js'
import { contactInputSchema } from './schemas.js'
import { type ContactData, newContactRow, syncCompanyLinks } from './writes.js'

/** Progress of an import, reported after each batch. */
export interface ImportProgress {
  /** Rows handled so far (written or failed). */
  readonly processed: number
  readonly total: number
  readonly created: number
  readonly updated: number
  /** Number of failed rows so far. */
  readonly failed: number
}

/** Options of `contacts.importMany`. */
export const importOptionsSchema = z.strictObject({
  /** Called after each batch. */
  onProgress: z.optional(
    z.custom<(progress: ImportProgress) => void>((v) => typeof v === 'function', { error: 'Expected a function' }),
  ),
  /** Rows per transaction, 1..10000. Default 500. */
  batchSize: z.optional(z.int().check(z.gte(1), z.lte(10_000))),
})

/** Options of `contacts.importMany`. */
export type ImportOptions = z.input<typeof importOptionsSchema>

/** A row that was not imported, with why. */
export interface ImportFailure {
  /** Index of the row in the input array. */
  readonly index: number
  /** Validation issues (paths relative to the row), or one issue with the database error's code. */
  readonly issues: readonly ValidationIssue[]
}

/** Outcome of `contacts.importMany`. */
export interface ImportResult {
  /** Rows that created a contact. */
  readonly created: number
  /** Rows that updated an existing contact (by email, or an earlier row of the import). */
  readonly updated: number
  /** Rows that were not imported, by ascending index. */
  readonly failed: ImportFailure[]
}

/** Default rows per batch. */
export const DEFAULT_BATCH_SIZE = 500

interface ValidRow {
  readonly index: number
  readonly data: ContactData
  readonly custom: CustomValues
}

type Pending =
  | { readonly kind: 'insert'; readonly row: Record<string, StorageValue>; companyIds: readonly string[] }
  | {
      readonly kind: 'update'
      readonly current: StorageRow
      readonly patch: Record<string, StorageValue>
      custom: CustomValues
      companyIds: readonly string[] | undefined
      readonly changes: Set<string>
    }

interface BatchOutcome {
  created: number
  updated: number
  readonly failed: ImportFailure[]
}

/** Apply one (later) row onto a pending insert or update of the same email. */
function applyRow(pending: Pending, { data, custom }: ValidRow): void {
  const target = pending.kind === 'insert' ? pending.row : pending.patch
  for (const column of contactColumns) {
    const value = data[column]
    if (value !== undefined) target[column] = value
  }
  if (data.companyIds !== undefined) pending.companyIds = data.companyIds
  if (pending.kind === 'insert') {
    if (data.custom !== undefined) pending.row.custom = { ...(pending.row.custom as CustomValues), ...custom }
    return
  }
  if (data.custom !== undefined) {
    pending.custom = { ...pending.custom, ...custom }
    pending.patch.custom = pending.custom
  }
  for (const [key, value] of Object.entries(data)) if (value !== undefined) pending.changes.add(key)
}

/** Write one batch inside transaction `w`. Rows referencing unknown companies fail alone. */
async function applyBatch(w: WriteContext, rows: readonly ValidRow[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { created: 0, updated: 0, failed: [] }
  const emails = [...new Set(rows.flatMap((r) => (r.data.email ? [r.data.email] : [])))]
  const existing = emails.length > 0 ? await w.session.findBy('contacts', w.tenantId, { email: emails }) : []
  const existingByEmail = new Map(existing.map((row) => [String(row.email), row]))
  const companies = await existingIds(w, 'companies', [...new Set(rows.flatMap((r) => r.data.companyIds ?? []))])

  const byEmail = new Map<string, Pending>()
  const order: Pending[] = []
  for (const row of rows) {
    const companyIds = row.data.companyIds
    const missing = companyIds?.length ? missingRefs('companyIds', companyIds, companies, 'company') : []
    if (missing.length > 0) {
      outcome.failed.push({ index: row.index, issues: missing })
      continue
    }
    const email = row.data.email ?? undefined
    const earlier = email === undefined ? undefined : byEmail.get(email)
    if (earlier) {
      applyRow(earlier, row)
      outcome.updated++
      continue
    }
    const current = email === undefined ? undefined : existingByEmail.get(email)
    let pending: Pending
    if (current) {
      pending = {
        kind: 'update',
        current,
        patch: {},
        custom: json(current, 'custom') as CustomValues,
        companyIds: undefined,
        changes: new Set(),
      }
      applyRow(pending, row)
      outcome.updated++
    } else {
      pending = { kind: 'insert', row: newContactRow(w, row.data, row.custom), companyIds: row.data.companyIds ?? [] }
      outcome.created++
    }
    if (email !== undefined) byEmail.set(email, pending)
    order.push(pending)
  }

  const inserts = order.flatMap((p) => (p.kind === 'insert' ? [p] : []))
  const newRows = inserts.map((p) => p.row)
  if (newRows.length > 0) await w.session.insert('contacts', w.tenantId, newRows)
  const links = inserts.flatMap((p) => p.companyIds.map((c) => [String(p.row.id), c] as const))
  if (links.length > 0) await w.session.link('contactCompanies', w.tenantId, links, w.now)

  for (const pending of order) {
    if (pending.kind === 'insert') {
      w.emit('contact.created', { contact: toContact(pending.row, pending.companyIds) })
      continue
    }
    const id = String(pending.current.id)
    const updated = await casUpdate(w, 'contacts', 'contact', pending.current, pending.patch)
    if (pending.companyIds !== undefined) {
      await syncCompanyLinks(w, id, strings(pending.current, 'companyIds'), pending.companyIds)
    }
    w.emit('contact.updated', { contact: toContact(updated, pending.companyIds), changes: [...pending.changes] })
  }
  return outcome
}

/**
 * Whether an error is about the rows of a batch (bad data, a unique key taken, a company gone),
 * so that replaying the rows one by one isolates the offenders. Anything else (the database is
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

/** Run `contacts.importMany` for one tenant scope. */
export async function importContacts(scope: Scope, rows: unknown, options: unknown): Promise<ImportResult> {
  const { onProgress, batchSize = DEFAULT_BATCH_SIZE } = parse(importOptionsSchema, options ?? {}, 'import options')
  if (!Array.isArray(rows)) {
    throw validationError('import', [{ path: [], message: 'Expected an array of contacts', code: 'invalid_type' }])
  }
  const validate = customMode(await loadCustomFieldValidator(scope.storage, scope.tenantId, 'contact'), 'create')
  const total = rows.length
  const result = { created: 0, updated: 0, failed: [] as ImportFailure[] }

  for (let start = 0; start < total; start += batchSize) {
    const valid: ValidRow[] = []
    const end = Math.min(start + batchSize, total)
    for (let index = start; index < end; index++) {
      const checked = checkWithCustom(contactInputSchema, rows[index], validate)
      if (checked.ok) valid.push({ index, data: checked.data, custom: checked.custom })
      else result.failed.push({ index, issues: checked.issues })
    }
    const outcomes: BatchOutcome[] = []
    if (valid.length > 0) {
      try {
        outcomes.push(await write(scope, (w) => applyBatch(w, valid)))
      } catch (error) {
        if (!isRowError(error)) throw error
        // The batch rolled back: replay it row by row so only the offending rows fail.
        for (const row of valid) {
          try {
            outcomes.push(await versionedWrite(scope, undefined, (w) => applyBatch(w, [row])))
          } catch (rowError) {
            if (!isRowError(rowError)) throw rowError
            result.failed.push({ index: row.index, issues: issuesOf(rowError) })
          }
        }
      }
    }
    for (const outcome of outcomes) {
      result.created += outcome.created
      result.updated += outcome.updated
      result.failed.push(...outcome.failed)
    }
    onProgress?.({
      processed: end,
      total,
      created: result.created,
      updated: result.updated,
      failed: result.failed.length,
    })
  }
  result.failed.sort((a, b) => a.index - b.index)
  return result
}
