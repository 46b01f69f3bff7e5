/**
 * Row building and checks shared by the deal writes (create, update, stage moves).
 */
import type { ValidationIssue } from '../errors.js'
import { existingIds, missingRefs, syncLinks } from '../shared/entity.js'
import { str } from '../shared/rows.js'
import type { WriteContext } from '../shared/scope.js'
import type { StorageRow } from '../storage/port.js'
import type { Deal, DealStatus } from './records.js'

/**
 * What other domains do when a deal is won, inside the write that wins it. This is the
 * seam between pipeline/ and attribution/: crm.ts passes attribution's conversion writer,
 * so pipeline/ never imports attribution/ (see .dependency-cruiser.cjs).
 */
export interface DealHooks {
  /** Called in the transaction of the create or stage move that made `deal` won. */
  readonly onWon: (w: WriteContext, deal: Deal) => Promise<void>
}

/** Singular name of a deal in errors. */
export const DEAL = 'deal'

/** A stage-transition row of `deal` (the log is append-only: no version, no soft delete). */
export function transitionRow(
  w: WriteContext,
  deal: StorageRow,
  fromStageId: string | null,
  toStageId: string,
): StorageRow {
  return {
    id: w.newId(),
    tenantId: w.tenantId,
    createdAt: w.now,
    dealId: str(deal, 'id'),
    pipelineId: str(deal, 'pipelineId'),
    fromStageId,
    toStageId,
    at: w.now,
    actor: w.actor,
  }
}

/** Emit `deal.won` / `deal.lost` when a deal's status changes to a closed one. */
export function emitClosing(w: WriteContext, before: DealStatus | null, deal: Deal): void {
  if (deal.status === before) return
  if (deal.status === 'won') w.emit('deal.won', { deal })
  if (deal.status === 'lost') w.emit('deal.lost', { deal })
}

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
