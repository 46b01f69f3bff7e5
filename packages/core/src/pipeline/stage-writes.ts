/**
 * Rows and moves that deals and pipeline edits share: a new stage row, a transition row, and
 * one stage move of one deal inside a write (the deal's compare-and-set update, its logged
 * transition, its events and the won-deal hook). Used by `deals.moveToStage` and by
 * `pipelines.removeStage`, which moves every deal out of the stage it removes.
 */

import type * as z from 'zod/mini'
import { str, strOrNull } from '../shared/rows.js'
import { casUpdate, type WriteContext } from '../shared/scope.js'
import type { StorageRow } from '../storage/port.js'
import { type Deal, type DealStatus, toDeal, toTransition } from './records.js'
import type { StageKind, stageInputSchema } from './schemas.js'
import { enterStage } from './stages.js'

/**
 * What other domains do when a deal is won, inside the write that wins it. This is the
 * seam between pipeline/ and attribution/: crm.ts passes attribution's conversion writer,
 * so pipeline/ never imports attribution/ (see .dependency-cruiser.cjs).
 */
export interface DealHooks {
  /** Called in the transaction of the create or stage move that made `deal` won. */
  readonly onWon: (w: WriteContext, deal: Deal) => Promise<void>
}

/** A new stage row of `pipelineId` at `position`. */
export function stageRow(
  w: WriteContext,
  pipelineId: string,
  stage: z.output<typeof stageInputSchema>,
  position: number,
): StorageRow {
  return {
    id: w.newId(),
    tenantId: w.tenantId,
    version: 1,
    createdAt: w.now,
    updatedAt: w.now,
    deletedAt: null,
    pipelineId,
    name: stage.name,
    position,
    probability: stage.probability,
    kind: stage.kind ?? 'open',
  }
}

/** A transition row of `deal` (its `pipelineId`) from one stage to another, at the write's time and actor. */
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

/** How {@link moveDeal} treats the deal. */
export interface MoveOptions {
  /** Why the deal was lost (moves into a `lost` stage only; the caller checks that). */
  readonly lostReason?: string | undefined
  /**
   * Emit `deal.stageChanged` (+ `deal.won`/`deal.lost`) and run the won-deal hook.
   * False for soft-deleted deals carried along by a stage removal: their history is logged
   * so that a restore finds them in a live stage, but nobody is told about a deleted deal.
   */
  readonly announce: boolean
}

/**
 * Move the deal `current` (a row read in this write) into `stage`: status, `closedAt` and
 * `lostReason` follow the stage's kind (see `enterStage`). The caller has checked that the
 * stage belongs to the deal's pipeline and differs from its current stage.
 * @throws StaleWriteError when the deal changed since it was read.
 */
export async function moveDeal(
  w: WriteContext,
  current: StorageRow,
  stage: StorageRow,
  hooks: DealHooks,
  options: MoveOptions,
): Promise<Deal> {
  const target = str(stage, 'id')
  const before = str(current, 'status') as DealStatus
  const entry = enterStage(
    { status: before, closedAt: strOrNull(current, 'closedAt'), lostReason: strOrNull(current, 'lostReason') },
    str(stage, 'kind') as StageKind,
    w.now,
    options.lostReason,
  )
  const row = await casUpdate(w, 'deals', 'deal', current, { stageId: target, ...entry })
  const transition = transitionRow(w, current, str(current, 'stageId'), target)
  await w.session.insert('dealTransitions', w.tenantId, [transition])
  const deal = toDeal(row)
  if (!options.announce) return deal
  w.emit('deal.stageChanged', { deal, transition: toTransition(transition) })
  emitClosing(w, before, deal)
  // A win is a conversion of the deal's contacts, in this same transaction.
  if (deal.status === 'won' && before !== 'won') await hooks.onWon(w, deal)
  return deal
}
