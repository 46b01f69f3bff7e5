/**
 * One transaction of `contacts.importMany`: the rows of some email groups, written with one
 * lookup of their emails, one multi-row insert, and a compare-and-set update per changed
 * existing contact.
 */

import type { ValidationIssue } from '../errors.js'
import { changedColumns, sameIds } from '../shared/changes.js'
import type { CustomValues } from '../shared/custom-values.js'
import { existingIds, missingRefs } from '../shared/entity.js'
import { json, strings } from '../shared/rows.js'
import { casUpdate, type WriteContext } from '../shared/scope.js'
import type { StorageRow, StorageValue } from '../storage/port.js'
import { contactColumns, toContact } from './records.js'
import { type ContactData, newContactRow, syncCompanyLinks } from './writes.js'

/** A valid input row: its index in the input and its parsed values. */
export interface ValidRow {
  readonly index: number
  readonly data: ContactData
  readonly custom: CustomValues
}

/** The rows of one import that share an email (in input order), or a single row without one. */
export type RowGroup = readonly ValidRow[]

/** A row merged into the record of an earlier row with the same email. */
export interface ImportMerge {
  /** Index of the merged row in the input array. */
  readonly index: number
  /** Index of the earlier row whose record it was merged into (the first row of its email). */
  readonly into: number
  /** Id of that record. */
  readonly id: string
}

/** What a batch did, per input row. */
export interface BatchOutcome {
  created: number
  updated: number
  unchanged: number
  readonly merged: ImportMerge[]
  readonly failed: { readonly index: number; readonly issues: readonly ValidationIssue[] }[]
}

/** A group's rows applied in order, starting from `values` (a new row, or the stored one). */
function mergeRows(
  rows: readonly ValidRow[],
  values: Record<string, StorageValue>,
  companyIds: readonly string[] | undefined,
): { values: Record<string, StorageValue>; companyIds: readonly string[] | undefined } {
  let custom = json(values, 'custom') as CustomValues
  let links = companyIds
  for (const { data, custom: rowCustom } of rows) {
    for (const column of contactColumns) {
      const value = data[column]
      if (value !== undefined) values[column] = value
    }
    // Custom values are merged key by key, as by an update.
    if (data.custom !== undefined) custom = { ...custom, ...rowCustom }
    if (data.companyIds !== undefined) links = data.companyIds
  }
  values.custom = custom
  return { values, companyIds: links }
}

/** Write the groups inside transaction `w`. A row naming an unknown company fails alone. */
export async function applyBatch(w: WriteContext, groups: readonly RowGroup[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { created: 0, updated: 0, unchanged: 0, merged: [], failed: [] }
  const all = groups.flat()
  const emails = groups.flatMap((g) => (g[0]?.data.email ? [g[0].data.email] : []))
  const existing = emails.length > 0 ? await w.session.findBy('contacts', w.tenantId, { email: emails }) : []
  const existingByEmail = new Map(existing.map((row) => [String(row.email), row]))
  const companies = await existingIds(w, 'companies', [...new Set(all.flatMap((r) => r.data.companyIds ?? []))])

  const inserts: { row: StorageRow; companyIds: readonly string[] }[] = []
  const updates: { current: StorageRow; columns: Record<string, StorageValue>; companyIds?: readonly string[] }[] = []
  for (const group of groups) {
    const rows = group.filter((row) => {
      const ids = row.data.companyIds
      const missing = ids?.length ? missingRefs('companyIds', ids, companies, 'company') : []
      if (missing.length > 0) outcome.failed.push({ index: row.index, issues: missing })
      return missing.length === 0
    })
    const [lead, ...later] = rows
    if (lead === undefined) continue
    const current = lead.data.email ? existingByEmail.get(lead.data.email) : undefined
    let id: string
    if (current) {
      id = String(current.id)
      const before = strings(current, 'companyIds')
      const merged = mergeRows(rows, { custom: json(current, 'custom') }, undefined)
      const columns = changedColumns(current, merged.values)
      const links = merged.companyIds && !sameIds(before, merged.companyIds) ? merged.companyIds : undefined
      if (Object.keys(columns).length === 0 && links === undefined) outcome.unchanged++
      else {
        updates.push({ current, columns, ...(links ? { companyIds: links } : {}) })
        outcome.updated++
      }
    } else {
      const first = newContactRow(w, lead.data, lead.custom)
      const merged = mergeRows(later, first, lead.data.companyIds ?? [])
      id = String(first.id)
      inserts.push({ row: merged.values, companyIds: merged.companyIds ?? [] })
      outcome.created++
    }
    for (const row of later) outcome.merged.push({ index: row.index, into: lead.index, id })
  }

  if (inserts.length > 0)
    await w.session.insert(
      'contacts',
      w.tenantId,
      inserts.map((i) => i.row),
    )
  const links = inserts.flatMap((i) => i.companyIds.map((c) => [String(i.row.id), c] as const))
  if (links.length > 0) await w.session.link('contactCompanies', w.tenantId, links, w.now)
  for (const { row, companyIds } of inserts) w.emit('contact.created', { contact: toContact(row, companyIds) })

  for (const { current, columns, companyIds } of updates) {
    const updated = await casUpdate(w, 'contacts', 'contact', current, columns)
    const before = strings(current, 'companyIds')
    if (companyIds !== undefined) await syncCompanyLinks(w, String(current.id), before, companyIds)
    const changes = [...Object.keys(columns), ...(companyIds !== undefined ? ['companyIds'] : [])]
    w.emit('contact.updated', { contact: toContact(updated, companyIds), changes })
  }
  return outcome
}
