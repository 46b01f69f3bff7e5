/**
 * `t.attribution`: marketing touchpoints, identities, conversions and attribution reports
 * of one tenant. The attribution models themselves are the pure functions of `attribution/models/`.
 */
import type { Scope } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { Conversion, TrackedTouchpoint } from './records.js'
import { type AttributionReport, buildReport, type ReportOptions } from './report.js'
import {
  type ConversionInput,
  type ConversionOptions,
  conversionInputSchema,
  conversionOptionsSchema,
  identifySchema,
  type TouchpointInput,
  type TrackManyItem,
  type TrackOptions,
  touchpointInputSchema,
  trackManySchema,
  trackOptionsSchema,
} from './schemas.js'
import { type IdentifyResult, identifyVisitor, storeConversion, storeTouchpoints } from './writes.js'

/** `t.attribution`. */
export interface AttributionService {
  /**
   * Record a touchpoint. With an `idempotencyKey`, a replay stores nothing and returns the
   * touchpoint stored first (whatever the replay's fields). An anonymous touch of a visitor
   * already identified is attached to the contact at once.
   * @throws ValidationError for bad input or an unknown contact.
   */
  track(touchpoint: TouchpointInput, options?: TrackOptions): Promise<TrackedTouchpoint>
  /** Record up to 1000 touchpoints in one transaction (same rules as `track`), results in input order. */
  trackMany(items: readonly TrackManyItem[]): Promise<TrackedTouchpoint[]>
  /**
   * Tie an anonymous id to a contact: its stored anonymous touchpoints and later ones are
   * the contact's. Idempotent: a repeat links nothing new and emits no event.
   * @throws NotFoundError for an unknown contact; ConflictError when the id belongs to another contact.
   */
  identify(anonymousId: string, contactId: string): Promise<IdentifyResult>
  /**
   * Record a custom conversion (a signup, a purchase). Won deals record their own
   * (`type: 'dealWon'`, see `deals.moveToStage`). A replayed idempotency key returns the stored one.
   * @throws ValidationError for bad input or an unknown contact or deal.
   */
  recordConversion(conversion: ConversionInput, options?: ConversionOptions): Promise<Conversion>
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
  report(options: ReportOptions): Promise<AttributionReport>
}

/** Create the service for one tenant scope. */
export function createAttributionService(scope: Scope): AttributionService {
  return {
    async track(touchpoint, options) {
      const data = parse(touchpointInputSchema, touchpoint, 'touchpoint')
      const { idempotencyKey } = parse(trackOptionsSchema, options ?? {}, 'options')
      const [stored] = await storeTouchpoints(scope, [{ ...data, idempotencyKey }])
      return stored as TrackedTouchpoint
    },
    async trackMany(items) {
      return storeTouchpoints(scope, parse(trackManySchema, items, 'touchpoints'))
    },
    async identify(anonymousId, contactId) {
      const data = parse(identifySchema, { anonymousId, contactId }, 'identify')
      return identifyVisitor(scope, data.anonymousId, data.contactId)
    },
    async recordConversion(conversion, options) {
      const data = parse(conversionInputSchema, conversion, 'conversion')
      const { idempotencyKey } = parse(conversionOptionsSchema, options ?? {}, 'options')
      return storeConversion(scope, { ...data, idempotencyKey })
    },
    report: (options) => buildReport(scope, options),
  }
}
