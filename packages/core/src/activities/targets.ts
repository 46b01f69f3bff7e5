/**
 * The records an activity or task is attached to must exist (live) in the tenant.
 */
import type { ValidationIssue } from '../errors.js'
import type { WriteContext } from '../shared/scope.js'
import { validationError } from '../shared/validation.js'
import type { TableName } from '../storage/tables.js'

/** Ids of the records an activity or task points at. */
export interface Targets {
  readonly contactId?: string | null | undefined
  readonly companyId?: string | null | undefined
  readonly dealId?: string | null | undefined
}

const tableOf: Readonly<Record<keyof Targets, readonly [TableName, string]>> = {
  contactId: ['contacts', 'contact'],
  companyId: ['companies', 'company'],
  dealId: ['deals', 'deal'],
}

/**
 * Check every given target id.
 * @throws ValidationError with one issue per unknown id (another tenant's ids are unknown).
 */
export async function assertTargets(w: WriteContext, targets: Targets, what: string): Promise<void> {
  const issues: ValidationIssue[] = []
  for (const key of ['contactId', 'companyId', 'dealId'] as const) {
    const id = targets[key]
    if (!id) continue
    const [table, entity] = tableOf[key]
    if (!(await w.session.get(table, w.tenantId, id))) {
      issues.push({ path: [key], message: `No ${entity} with id ${id}`, code: 'custom' })
    }
  }
  if (issues.length > 0) throw validationError(what, issues)
}
