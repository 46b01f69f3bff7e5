/**
 * Row building shared by the deal writes that touch stages (create, stage moves); the
 * reference checks and contact links are in deal-links.ts.
 */
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
