/**
 * The declarations of `t.pipelines` and `t.deals` (see `shared/api.ts`); {@link PipelinesService}
 * and {@link DealsService} derive from them.
 */
import { arg, defineService, mutation, optional, query, returns, type ServiceOf, typedArg } from '../shared/api.js'
import { idArg, readApi, softDeleteApi, updateManyMethod, writeOptionsArg } from '../shared/entity-api.js'
import { type CountOptions, countOptionsSchema, type Page } from '../shared/list.js'
import { idRef } from '../shared/schemas.js'
import { removeStageOptionsSchema, stageOrderSchema, stagePatchSchema } from './editing-schemas.js'
import type { Deal, DealTransition, Pipeline } from './records.js'
import {
  addStageOptionsSchema,
  type DealPatch,
  dealInputSchema,
  dealPatchSchema,
  listPipelinesOptionsSchema,
  moveToStageOptionsSchema,
  pipelineInputSchema,
  pipelinePatchSchema,
  stageInputSchema,
} from './schemas.js'

/** `t.pipelines`, declared. */
export const pipelinesApi = defineService({
  /** Create a pipeline (with its required currency) and its stages, in one transaction. @throws ValidationError. */
  // Not idempotent: a repeat creates a second pipeline.
  create: mutation({ args: [arg('input', pipelineInputSchema)], result: returns<Pipeline>(), idempotent: false }),
  /** A pipeline (archived ones too) with its live stages, or `null`. */
  get: query({ args: [idArg], result: returns<Pipeline | null>() }),
  /**
   * One page of pipelines matching `where` (fields: `name`, `currency`, `id`, `createdAt`, `updatedAt`),
   * oldest first by default. Archived pipelines only with `includeArchived`.
   */
  list: query({ args: [optional('options', listPipelinesOptionsSchema)], result: returns<Page<Pipeline>>() }),
  /** Number of pipelines matching `where` (archived ones included). */
  count: query({
    args: [typedArg<CountOptions>()(optional('options', countOptionsSchema))],
    result: returns<number>(),
  }),
  /**
   * Rename, or change the currency (only while no live deal of the pipeline is in another
   * one). A patch equal to the stored values writes nothing and emits nothing.
   * @throws NotFoundError, ValidationError, ConflictError.
   */
  // Idempotent: a repeat finds the values stored and changes nothing.
  update: mutation({
    args: [idArg, arg('patch', pipelinePatchSchema), writeOptionsArg],
    result: returns<Pipeline>(),
    idempotent: true,
  }),
  /**
   * Insert a stage at `position` (default: last); later stages move down one place.
   * @throws NotFoundError, ValidationError (bad stage, already 100 stages), ConflictError.
   */
  // Not idempotent: a repeat adds a second stage.
  addStage: mutation({
    args: [arg('pipelineId', idRef), arg('stage', stageInputSchema), optional('options', addStageOptionsSchema)],
    result: returns<Pipeline>(),
    idempotent: false,
  }),
  /**
   * Rename a stage, change its probability, or its kind. The kind of a stage that holds deals
   * (live or soft-deleted) cannot change, because a deal's status is its stage's kind: move
   * the deals first. @throws NotFoundError (pipeline, or stage not in it), ValidationError, ConflictError.
   */
  // Idempotent: a repeat finds the values stored and changes nothing.
  updateStage: mutation({
    args: [arg('pipelineId', idRef), arg('stageId', idRef), arg('patch', stagePatchSchema), writeOptionsArg],
    result: returns<Pipeline>(),
    idempotent: true,
  }),
  /**
   * Put the stages in the order of `stageIds`, which lists every stage of the pipeline once.
   * @throws NotFoundError, ValidationError (`stageIds` not exactly the stages), ConflictError.
   */
  // Idempotent: a repeat finds the stages in that order and changes nothing.
  reorderStages: mutation({
    args: [arg('pipelineId', idRef), arg('stageIds', stageOrderSchema), writeOptionsArg],
    result: returns<Pipeline>(),
    idempotent: true,
  }),
  /**
   * Remove a stage; later stages move up one place. Its deals (soft-deleted ones included)
   * move to `moveDealsTo`, each with a logged transition and, for live deals,
   * `deal.stageChanged` (+ `deal.won`/`deal.lost`), all in one transaction.
   * Deals are not locked against a concurrent `deals.create`/`moveToStage` into the stage:
   * on servers with concurrent transactions such a deal can land in the removed stage (it
   * can still be moved out with `moveToStage`).
   * @throws NotFoundError, ValidationError (deals but no `moveDealsTo`, a bad `moveDealsTo`,
   *   the pipeline's last stage), ConflictError.
   */
  // Idempotent: a repeat finds no such stage (NotFoundError) and writes nothing.
  removeStage: mutation({
    args: [arg('pipelineId', idRef), arg('stageId', idRef), optional('options', removeStageOptionsSchema)],
    result: returns<Pipeline>(),
    idempotent: true,
  }),
  /**
   * Archive: the pipeline leaves `list()` (unless `includeArchived`) and takes no new deals;
   * its deals stay readable and movable. Archiving an archived pipeline changes nothing.
   * @throws NotFoundError, ConflictError.
   */
  // Idempotent: archiving an archived pipeline changes nothing.
  archive: mutation({ args: [idArg, writeOptionsArg], result: returns<Pipeline>(), idempotent: true }),
  /** Undo `archive`. @throws NotFoundError, ConflictError. */
  // Idempotent: unarchiving an active pipeline changes nothing.
  unarchive: mutation({ args: [idArg, writeOptionsArg], result: returns<Pipeline>(), idempotent: true }),
})

/** `t.deals`, declared. */
export const dealsApi = defineService({
  /**
   * Create a deal in `stageId` (default: the pipeline's first stage); its status follows the
   * stage's kind and the initial transition (`fromStageId: null`) is logged.
   * @throws ValidationError for bad input, unknown pipeline/stage/company/contacts, or an
   *   `amount.currency` other than the pipeline's.
   */
  // Not idempotent: a repeat creates a second deal.
  create: mutation({ args: [arg('input', dealInputSchema)], result: returns<Deal>(), idempotent: false }),
  ...readApi<Deal, 'deal'>(),
  /**
   * Update fields other than the stage; a patch equal to the stored values writes nothing.
   * @throws NotFoundError, ValidationError (e.g. `amount.currency` other than the pipeline's), ConflictError.
   */
  // Idempotent: a repeat finds the values already stored and writes nothing (same version, no event).
  update: mutation({
    args: [idArg, arg('patch', dealPatchSchema), writeOptionsArg],
    result: returns<Deal>(),
    idempotent: true,
  }),
  ...softDeleteApi<Deal>(),
  /**
   * Set the same fields on every live deal matching `where`: `set` is validated like
   * `update`'s patch (stages change through `moveToStage` only). Each batch of up to
   * `batchSize` deals (default 500, max 1000) is one transaction; a deal whose values already
   * equal `set` is left alone (no new version, no event); each changed deal emits
   * `deal.updated` after its batch commits. If a batch fails, earlier batches stay written:
   * calling again with the same input finishes the job, as the deals already updated are
   * then unchanged.
   * @throws ValidationError for bad input (nothing written).
   */
  // Idempotent: a repeat finds the deals already updated unchanged and writes nothing.
  updateMany: updateManyMethod<DealPatch>(),
  /**
   * Move a deal to another stage of its pipeline: updates the deal (compare-and-set), logs
   * the transition and records `deal.stageChanged` (+ `deal.won`/`deal.lost`) in one
   * transaction. Moving to the current stage changes nothing.
   * @throws NotFoundError (deal or stage), ValidationError (stage of another pipeline,
   *   `lostReason` for a non-lost stage), ConflictError (stale `expectedVersion`).
   */
  // Idempotent: a repeat finds the deal in the stage already and changes nothing.
  moveToStage: mutation({
    args: [idArg, arg('stageId', idRef), optional('options', moveToStageOptionsSchema)],
    result: returns<Deal>(),
    idempotent: true,
  }),
  /** The deal's stage transitions, oldest first. @throws NotFoundError. */
  history: query({ args: [idArg], result: returns<DealTransition[]>() }),
})

/** `t.pipelines`. */
export interface PipelinesService extends ServiceOf<typeof pipelinesApi> {}

/** `t.deals`. */
export interface DealsService extends ServiceOf<typeof dealsApi> {}
