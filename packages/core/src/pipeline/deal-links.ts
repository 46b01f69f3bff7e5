/**
 * A deal's references to other records: checks that they exist, and the `dealContacts`
 * link rows (shared by `deals.update` and `deals.updateMany`).
 */
import type { ValidationIssue } from '../errors.js'
import { existingIds, missingRefs } from '../shared/entity.js'
import type { WriteContext } from '../shared/scope.js'

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
export async function syncContactLinks(
  w: WriteContext,
  dealId: string,
  current: readonly string[],
  next: readonly string[],
): Promise<void> {
  const before = new Set(current)
  const after = new Set(next)
  const added = next.filter((id) => !before.has(id)).map((id) => [dealId, id] as const)
  const removed = current.filter((id) => !after.has(id)).map((id) => [dealId, id] as const)
  if (added.length > 0) await w.session.link('dealContacts', w.tenantId, added, w.now)
  if (removed.length > 0) await w.session.unlink('dealContacts', w.tenantId, removed)
}
