/**
 * A deal's references to other records: checks that they exist, and the `dealContacts`
 * link rows, and the pipeline-currency check (shared by `deals.create`, `deals.update` and
 * `deals.updateMany`).
 */
import type { ValidationIssue } from '../errors.js'
import { existingIds, missingRefs, syncLinks } from '../shared/entity.js'
import { str } from '../shared/rows.js'
import type { WriteContext } from '../shared/scope.js'
import type { StorageRow } from '../storage/port.js'

/** Check that referenced company and contacts exist in the tenant. */
export async function referenceIssues(
  w: WriteContext,
  companyId: string | null | undefined,
  contactIds: readonly string[] | undefined,
): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = []
  if (companyId && !(await w.session.get('companies', w.tenantId, companyId))) {
    issues.push({ path: ['companyId'], message: `No company with id ${companyId}`, code: 'custom' })
  }
  if (contactIds && contactIds.length > 0) {
    issues.push(...missingRefs('contactIds', contactIds, await existingIds(w, 'contacts', contactIds), 'contact'))
  }
  return issues
}

/** Replace a deal's contact links `current` with `next`. */
export const syncContactLinks = (
  w: WriteContext,
  dealId: string,
  current: readonly string[],
  next: readonly string[],
) => syncLinks(w, 'dealContacts', dealId, current, next)

/** A deal is valued in its pipeline's currency, so the pipeline's sums and forecasts add up. */
export function currencyIssues(pipeline: StorageRow, currency: string): ValidationIssue[] {
  const expected = str(pipeline, 'currency')
  if (currency === expected) return []
  const message = `Expected ${expected}, the currency of pipeline ${str(pipeline, 'id')}`
  return [{ path: ['amount', 'currency'], message, code: 'custom' }]
}
