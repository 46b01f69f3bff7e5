/**
 * Inputs of `t.segments` (zod/mini). Condition trees are checked for shape here and against
 * the contact fields, custom fields and other segments by the service (paths under `where`).
 */
import * as z from 'zod/mini'
import type { FilterNode } from '../filter/types.js'
import { idRef, longText, name, nullish } from '../shared/schemas.js'

/**
 * A condition tree; its shape, fields and references are checked by the resolver (issue paths
 * under `where`), as for every `list({ where })`. Not the recursive `filterNodeSchema`: the
 * declared schemas become JSON Schema for the HTTP routes.
 */
const where = z.custom<FilterNode<'contact'>>((value) => typeof value === 'object' && value !== null, {
  error: 'Expected a filter node',
})

/** A segment's kind. */
export const segmentKindSchema = z.enum(['dynamic', 'static'])

/** `t.segments.create` input. */
export const segmentInputSchema = z
  .strictObject({
    /** Display name, 1..255 characters. */
    name: name(),
    /** `dynamic` (default): the contacts matching `where` now; `static`: an explicit list. */
    kind: z.optional(segmentKindSchema),
    /** The condition of a dynamic segment (left out: every live contact). Not for static segments. */
    where: nullish(where),
    description: nullish(longText(2000)),
  })
  .check(
    z.refine((input) => input.kind !== 'static' || input.where === undefined || input.where === null, {
      message: 'a static segment has no condition; add contacts with addContacts',
      path: ['where'],
    }),
  )

/** `t.segments.create` input. */
export type SegmentInput = z.input<typeof segmentInputSchema>

/** `t.segments.update` patch (the kind cannot change). */
export const segmentPatchSchema = z.strictObject({
  name: z.optional(name()),
  /** A new condition (dynamic segments only); `null`: every live contact. */
  where: nullish(where),
  description: nullish(longText(2000)),
})

/** `t.segments.update` patch. */
export type SegmentPatch = z.input<typeof segmentPatchSchema>

/** Contacts to add to or remove from a static segment: up to 1000 ids, or every contact matching `where`. */
export const contactSelectionSchema = z.union([
  z.array(idRef).check(z.minLength(1), z.maxLength(1000)),
  z.strictObject({ where }),
])

/** Contacts to add to or remove from a static segment. */
export type ContactSelection = z.input<typeof contactSelectionSchema>

/** `t.segments.list` options. */
export const segmentListSchema = z.strictObject({
  limit: z.optional(z.int().check(z.gte(1), z.lte(1000))),
  cursor: z.optional(z.string().check(z.maxLength(4096))),
})

/** `t.segments.list` options. */
export type SegmentListOptions = z.input<typeof segmentListSchema>

/** The id of the segment a call refers to. */
export const segmentIdSchema = idRef
