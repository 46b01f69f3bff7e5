/**
 * Inputs of the pipeline edits (`updateStage`, `reorderStages`, `removeStage`). They live
 * apart from `schemas.ts` so that they load with the edits, not with every page.
 */
import * as z from 'zod/mini'
import { idRef, name, writeOptions } from '../shared/schemas.js'
import { stageKindSchema } from './schemas.js'

/** Input of `pipelines.updateStage`: the fields to change. */
export const stagePatchSchema = z.strictObject({
  name: z.optional(name(255)),
  probability: z.optional(z.number().check(z.gte(0), z.lte(1))),
  /** Only while no deal (live or soft-deleted) is in the stage. */
  kind: z.optional(stageKindSchema),
})

/** The new order of `pipelines.reorderStages`: every stage id of the pipeline, once each. */
export const stageOrderSchema = z.array(idRef).check(z.minLength(1), z.maxLength(100))

/** Options of `pipelines.removeStage`. */
export const removeStageOptionsSchema = z.extend(writeOptions, {
  /**
   * Another stage of the same pipeline that receives the removed stage's deals (live and
   * soft-deleted). Required when the stage holds any deal.
   */
  moveDealsTo: z.optional(idRef),
})

/** Input of `pipelines.updateStage`. */
export type StagePatch = z.input<typeof stagePatchSchema>
/** Options of `pipelines.removeStage`. */
export type RemoveStageOptions = z.input<typeof removeStageOptionsSchema>
