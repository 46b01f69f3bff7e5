/**
 * The declaration of `t.segments` (see `shared/api.ts`); {@link SegmentsService} derives from it.
 * The service is loaded on first use: only types of this module reach the initial bundle.
 */
import type { Contact } from '../contacts/records.js'
import { arg, defineService, mutation, optional, query, returns, type ServiceOf, typedArg } from '../shared/api.js'
import { idArg, writeOptionsArg } from '../shared/entity-api.js'
import { type ListOptions, listOptionsSchema, type Page } from '../shared/list.js'
import { idRef } from '../shared/schemas.js'
import type { SegmentExplanation } from './explain.js'
import type { MembershipDiff, Segment } from './records.js'
import { contactSelectionSchema, segmentInputSchema, segmentListSchema, segmentPatchSchema } from './schemas.js'

/** What `refresh` did: how many segments it recomputed and how many contacts entered and left. */
export interface RefreshResult extends MembershipDiff {
  readonly segments: number
}

/** `t.segments`, declared. */
export const segmentsApi = defineService({
  /**
   * Save a segment. A dynamic segment's members are computed at once (each emits
   * `segment.entered`); a static segment starts empty.
   * @throws ValidationError for a bad condition (paths under `where`), an unknown segment
   *   reference, or a static segment with a condition.
   */
  // Not idempotent: a repeat saves a second segment.
  create: mutation({ args: [arg('segment', segmentInputSchema)], result: returns<Segment>(), idempotent: false }),
  /** A live segment by id, or `null`. */
  get: query({ args: [idArg], result: returns<Segment | null>() }),
  /** One page of live segments, oldest first. */
  list: query({ args: [optional('options', segmentListSchema)], result: returns<Page<Segment>>() }),
  /**
   * Rename, describe or change the condition of a segment. A new condition recomputes the
   * membership in the same transaction (emitting `segment.entered`/`segment.left`).
   * @throws NotFoundError; ConflictError for a stale `expectedVersion`; ValidationError for a
   *   bad condition, a condition on a static segment, or a reference cycle (naming the path).
   */
  // Idempotent: a repeat sets the same values; the membership is already what they give.
  update: mutation({
    args: [idArg, arg('patch', segmentPatchSchema), writeOptionsArg],
    result: returns<Segment>(),
    idempotent: true,
  }),
  /**
   * Delete a segment: its members leave (`segment.left` for each).
   * @throws NotFoundError; ValidationError while another segment refers to it.
   */
  // Idempotent: a repeat finds no live segment (NotFoundError) and writes nothing.
  delete: mutation({ args: [idArg, writeOptionsArg], result: returns<Segment>(), idempotent: true }),
  /**
   * Add contacts to a static segment: a list of ids, or `{ where }` for every contact matching a filter.
   * @throws NotFoundError for the segment; ValidationError for a dynamic segment or unknown contact ids.
   */
  // Idempotent: contacts already in the segment are left as they are.
  addContacts: mutation({
    args: [idArg, arg('contacts', contactSelectionSchema)],
    result: returns<MembershipDiff>(),
    idempotent: true,
  }),
  /** Remove contacts from a static segment (ids, or `{ where }`); ids that are not members (or no contacts) are ignored. */
  // Idempotent: removed contacts are no longer members.
  removeContacts: mutation({
    args: [idArg, arg('contacts', contactSelectionSchema)],
    result: returns<MembershipDiff>(),
    idempotent: true,
  }),
  /**
   * One page of the segment's live members, as contacts. For a dynamic segment this is the
   * condition evaluated now. `where` and `search` narrow the page further.
   * @throws NotFoundError for an unknown segment.
   */
  members: query({
    args: [idArg, typedArg<ListOptions<'contact'>>()(optional('options', listOptionsSchema))],
    result: returns<Page<Contact>>(),
  }),
  /** Number of live members now. @throws NotFoundError. */
  count: query({ args: [idArg], result: returns<number>() }),
  /** Whether a contact is a member now. @throws NotFoundError for an unknown segment. */
  contains: query({ args: [idArg, arg('contactId', idRef)], result: returns<boolean>() }),
  /**
   * Why a contact is or is not a member: the condition tree with, for each node, whether it
   * held (`true`, `false`, or `null` for SQL's UNKNOWN) and the contact's value it was decided on.
   * @throws NotFoundError for an unknown segment or contact.
   */
  explain: query({ args: [idArg, arg('contactId', idRef)], result: returns<SegmentExplanation>() }),
  /**
   * Recompute the stored membership of one dynamic segment (or every one) against the data
   * and the clock now, emitting `segment.entered`/`segment.left` for the difference. Writes
   * keep membership current by themselves; time-window conditions change as time passes, so
   * call this from a scheduler. Cheap when nothing changed (it reads, and writes no row).
   */
  // Idempotent: a repeat finds the membership current and writes nothing.
  refresh: mutation({
    args: [optional('id', idRef)],
    result: returns<RefreshResult>(),
    idempotent: true,
  }),
})

/** `t.segments`: saved segments of contacts with live membership. */
export interface SegmentsService extends ServiceOf<typeof segmentsApi> {}
