/**
 * The declaration of `t.attribution` (see `shared/api.ts`); {@link AttributionService} derives from it.
 * The service is loaded on first use: only types of this module reach the initial bundle.
 */
import { arg, defineService, mutation, optional, query, returns, type ServiceOf } from '../shared/api.js'
import type { Conversion, TrackedTouchpoint } from './records.js'
import { type AttributionReport, reportOptionsSchema } from './report.js'
import {
  conversionInputSchema,
  conversionOptionsSchema,
  identifySchema,
  touchpointInputSchema,
  trackManySchema,
  trackOptionsSchema,
} from './schemas.js'
import type { IdentifyResult } from './writes.js'

/** `t.attribution`, declared. */
export const attributionApi = defineService({
  /**
   * Record a touchpoint. With an `idempotencyKey`, a replay stores nothing and returns the
   * touchpoint stored first (whatever the replay's fields). An anonymous touch of a visitor
   * already identified is attached to the contact at once.
   * @throws ValidationError for bad input or an unknown contact.
   */
  // Idempotent with a key: a replayed idempotencyKey stores nothing; without one a repeat is a second touch.
  track: mutation({
    args: [arg('touchpoint', touchpointInputSchema), optional('options', trackOptionsSchema)],
    result: returns<TrackedTouchpoint>(),
    idempotent: 'withKey',
  }),
  /** Record up to 1000 touchpoints in one transaction (same rules as `track`), results in input order. */
  // Idempotent with keys: items that carry an idempotencyKey are stored once, as in `track`.
  trackMany: mutation({
    args: [arg('items', trackManySchema)],
    result: returns<TrackedTouchpoint[]>(),
    idempotent: 'withKey',
  }),
  /**
   * Tie an anonymous id to a contact: its stored anonymous touchpoints and later ones are
   * the contact's. Idempotent: a repeat links nothing new and emits no event.
   * @throws NotFoundError for an unknown contact; ConflictError when the id belongs to another contact.
   */
  identify: mutation({
    args: [arg('anonymousId', identifySchema.shape.anonymousId), arg('contactId', identifySchema.shape.contactId)],
    result: returns<IdentifyResult>(),
    idempotent: true,
  }),
  /**
   * Record a custom conversion (a signup, a purchase). Won deals record their own
   * (`type: 'dealWon'`, see `deals.moveToStage`). A replayed idempotency key returns the stored one.
   * @throws ValidationError for bad input or an unknown contact or deal.
   */
  // Idempotent with a key: a replayed idempotencyKey returns the stored conversion; without one a repeat is a second conversion.
  recordConversion: mutation({
    args: [arg('conversion', conversionInputSchema), optional('options', conversionOptionsSchema)],
    result: returns<Conversion>(),
    idempotent: 'withKey',
  }),
  /**
   * Attribute the conversions in `[from, to]` to channels, campaigns or sources with any
   * model: each conversion's journey is its contact's touches in the `lookbackDays` before
   * it (ordered by time, then id); contacts with touches in the range and no conversion
   * are the non-converting journeys the markov and shapley models use. `wShaped` and
   * `fullPath` credit the last touch before the contact was created (lead) and before its
   * deal was created (opportunity: the conversion's deal, else the contact's earliest live
   * deal created by then). The rows' credits sum to `totals.conversions` / `totals.revenue`.
   * @throws ValidationError for bad options, or conversions in several currencies without `currency`.
   */
  report: query({ args: [arg('options', reportOptionsSchema)], result: returns<AttributionReport>() }),
})

/** `t.attribution`. */
export interface AttributionService extends ServiceOf<typeof attributionApi> {}
