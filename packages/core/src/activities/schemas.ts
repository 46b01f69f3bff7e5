/**
 * Activity (timeline) and task inputs.
 */
import * as z from 'zod/mini'
import type { FilterNode } from '../filter/types.js'
import { pageOptions } from '../shared/list.js'
import { hostId, idRef, jsonObject, longText, name, nullish, text, timestamp } from '../shared/schemas.js'

/** Activity types crmkit knows; hosts add their own as `custom:<name>`. */
export const builtInActivityTypes = ['email', 'call', 'meeting', 'note', 'pageView', 'formSubmission'] as const

const customActivityType = /^custom:[A-Za-z0-9_.-]{1,57}$/

/** Schema of {@link ActivityType}. */
export const activityTypeSchema = z.union(
  [
    z.enum(builtInActivityTypes),
    z.custom<`custom:${string}`>((v) => typeof v === 'string' && customActivityType.test(v)),
  ],
  { error: `Expected one of ${builtInActivityTypes.join(', ')} or custom:<name> (letters, digits, _ . -)` },
)

/** Kind of an activity: a built-in type or `custom:<name>`. */
export type ActivityType = z.infer<typeof activityTypeSchema>

const targets = {
  contactId: nullish(idRef),
  companyId: nullish(idRef),
  dealId: nullish(idRef),
}

/** The fields of an activity as callers write them. */
export const activityFields = {
  type: activityTypeSchema,
  /** Default: now. */
  occurredAt: z.optional(timestamp),
  subject: nullish(text(500)),
  body: nullish(longText()),
  /** Where it happened, e.g. `web`, `phone`, `linkedin`. */
  channel: nullish(text(64)),
  ...targets,
  /** Free-form JSON for the host (e.g. an email's message id). In a patch: the new whole object. */
  metadata: z.optional(jsonObject),
}

/** The issue of an activity attached to nothing. */
export const noTargetIssue = () => ({
  code: 'custom' as const,
  path: ['contactId'],
  message: 'Give at least one of contactId, companyId, dealId',
})

/** Input of `activities.log`. At least one of `contactId`, `companyId`, `dealId`. */
export const activityInputSchema = z.strictObject(activityFields).check(
  z.superRefine((value, ctx) => {
    if (!value.contactId && !value.companyId && !value.dealId) ctx.addIssue({ ...noTargetIssue(), input: value })
  }),
)

const one = (value: { contactId?: unknown; companyId?: unknown; dealId?: unknown }) =>
  [value.contactId, value.companyId, value.dealId].filter((v) => v !== undefined).length <= 1

/** Which activities a timeline or count covers. */
const activityFilterFields = {
  contactId: z.optional(idRef),
  companyId: z.optional(idRef),
  dealId: z.optional(idRef),
  /** Only these types. */
  types: z.optional(z.array(activityTypeSchema).check(z.minLength(1), z.maxLength(100))),
  /** Filter tree over the activity's fields (`type`, `channel`, `subject`, `actor`, `occurredAt`...). */
  where: z.optional(z.custom<FilterNode>()),
  /** Only activities with `occurredAt` at or after this instant (inclusive). */
  from: z.optional(timestamp),
  /** Only activities with `occurredAt` before this instant (exclusive). */
  to: z.optional(timestamp),
}

const filterRules = z.superRefine(
  (value: { contactId?: string; companyId?: string; dealId?: string; from?: string; to?: string }, ctx) => {
    if (!one(value)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'Give at most one of contactId, companyId, dealId',
        input: value,
      })
    }
    if (value.from !== undefined && value.to !== undefined && value.to < value.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must not be before from', input: value })
    }
  },
)

/** Options of `activities.count`: the timeline of at most one contact, company or deal, filtered. */
export const activityCountOptionsSchema = z.strictObject(activityFilterFields).check(filterRules)

/** Options of `activities.timeline`: `activities.count`'s filter plus paging. */
export const timelineOptionsSchema = z
  .strictObject({
    ...activityFilterFields,
    /** Page size 1..1000, default 50. */
    limit: z.optional(z.int().check(z.gte(1), z.lte(1000))),
    /** `nextCursor` of the previous page. */
    cursor: z.optional(z.string().check(z.maxLength(4096))),
    ...pageOptions,
  })
  .check(filterRules)

/** Input of `tasks.create`. */
export const taskInputSchema = z.strictObject({
  title: name(500),
  notes: nullish(longText()),
  /** The host's id of the user who should do it. */
  assignee: nullish(hostId),
  dueAt: nullish(timestamp),
  ...targets,
})

/** Input of `tasks.update` (completion goes through `complete`). */
export const taskPatchSchema = z.partial(taskInputSchema)

/** Statuses of a task. */
export const taskStatuses = ['open', 'completed'] as const

/** Status of a task. */
export type TaskStatus = (typeof taskStatuses)[number]

/** Input of `activities.log`. */
export type ActivityInput = z.input<typeof activityInputSchema>
/** Options of `activities.timeline`. */
export type TimelineOptions = z.input<typeof timelineOptionsSchema>
/** Options of `activities.count`. */
export type ActivityCountOptions = z.input<typeof activityCountOptionsSchema>
/** Input of `tasks.create`. */
export type TaskInput = z.input<typeof taskInputSchema>
/** Input of `tasks.update`. */
export type TaskPatch = z.input<typeof taskPatchSchema>
