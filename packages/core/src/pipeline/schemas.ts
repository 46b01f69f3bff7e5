/**
 * Pipeline, stage and deal inputs.
 */
import * as z from 'zod/mini'
import { listOptionsSchema } from '../shared/list.js'
import {
  calendarDate,
  currency,
  customInput,
  hostId,
  idRef,
  idSet,
  name,
  nullish,
  tags,
  writeOptions,
} from '../shared/schemas.js'

/** Kinds of stages: deals in `won`/`lost` stages are closed. */
export const stageKinds = ['open', 'won', 'lost'] as const

/** Schema of {@link StageKind}. */
export const stageKindSchema = z.enum(stageKinds)

/** Kind of a stage; a deal's `status` is the kind of its stage. */
export type StageKind = z.infer<typeof stageKindSchema>

/** A new stage. */
export const stageInputSchema = z.strictObject({
  name: name(255),
  /** Chance that a deal in this stage is won, 0..1 (weights forecasts). */
  probability: z.number().check(z.gte(0), z.lte(1)),
  /** Default `open`. */
  kind: z.optional(stageKindSchema),
})

/** Input of `pipelines.create`. */
export const pipelineInputSchema = z.strictObject({
  name: name(255),
  /**
   * ISO 4217 currency of the pipeline: every deal in it is valued in this currency (a deal
   * in another one is a ValidationError on `amount.currency`), so its sums and forecasts add up.
   */
  currency,
  /** In order; at least one. */
  stages: z.array(stageInputSchema).check(z.minLength(1), z.maxLength(100)),
})

/** Input of `pipelines.update`. `currency` can change only while no live deal is in another currency. */
export const pipelinePatchSchema = z.strictObject({ name: z.optional(name(255)), currency: z.optional(currency) })

/** Options of `pipelines.list`: those of every list, plus `includeArchived`. */
export const listPipelinesOptionsSchema = z.extend(listOptionsSchema, {
  /** Include archived pipelines (default: only active ones). */
  includeArchived: z.optional(z.boolean()),
})

/** Options of `pipelines.addStage`. */
export const addStageOptionsSchema = z.extend(writeOptions, {
  /** 0-based position; default (and any position past the end): last. */
  position: z.optional(z.int().check(z.gte(0))),
})

/** Money: integer minor units (cents) and an ISO 4217 currency. */
export const moneySchema = z.strictObject({
  value: z.int().check(z.gte(0)),
  currency,
})

/** Input of `deals.create`. */
export const dealInputSchema = z.strictObject({
  title: name(255),
  pipelineId: idRef,
  /** Default: the pipeline's first stage. */
  stageId: z.optional(idRef),
  amount: moneySchema,
  expectedCloseDate: nullish(calendarDate),
  ownerId: nullish(hostId),
  companyId: nullish(idRef),
  contactIds: z.optional(idSet),
  tags: z.optional(tags),
  /** Values of the tenant's deal custom fields. */
  custom: z.optional(customInput),
})

/** Input of `deals.update`. Stage changes go through `moveToStage`. */
export const dealPatchSchema = z.strictObject({
  title: z.optional(name(255)),
  amount: z.optional(moneySchema),
  expectedCloseDate: nullish(calendarDate),
  ownerId: nullish(hostId),
  companyId: nullish(idRef),
  /** The new full set of contacts. */
  contactIds: z.optional(idSet),
  tags: z.optional(tags),
  custom: z.optional(customInput),
  lostReason: nullish(name(1000)),
})

/** Options of `deals.moveToStage`. */
export const moveToStageOptionsSchema = z.extend(writeOptions, {
  /** Why the deal was lost; only for moves into a `lost` stage. */
  lostReason: z.optional(name(1000)),
})

/** A new stage. */
export type StageInput = z.input<typeof stageInputSchema>
/** Input of `pipelines.create`. */
export type PipelineInput = z.input<typeof pipelineInputSchema>
/** Input of `pipelines.update`. */
export type PipelinePatch = z.input<typeof pipelinePatchSchema>
/** Options of `pipelines.list`. */
export type ListPipelinesOptions = z.input<typeof listPipelinesOptionsSchema>
/** Options of `pipelines.addStage`. */
export type AddStageOptions = z.input<typeof addStageOptionsSchema>
/** Money as integer minor units plus currency, e.g. `{ value: 129900, currency: 'EUR' }` = €1,299.00. */
export type Money = z.output<typeof moneySchema>
/** Input of `deals.create`. */
export type DealInput = z.input<typeof dealInputSchema>
/** Input of `deals.update`. `custom` is merged key by key (`null` removes a key). */
export type DealPatch = z.input<typeof dealPatchSchema>
/** Options of `deals.moveToStage`. */
export type MoveToStageOptions = z.input<typeof moveToStageOptionsSchema>
