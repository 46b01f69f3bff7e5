/**
 * `t.attribution`: marketing touchpoints, identities, conversions and attribution reports
 * of one tenant. The attribution models themselves are the pure functions of `attribution/models/`.
 */

export type { AttributionService } from './api.js'

import type { Scope } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { AttributionService } from './api.js'
import type { TrackedTouchpoint } from './records.js'
import { buildReport } from './report.js'
import {
  conversionInputSchema,
  conversionOptionsSchema,
  identifySchema,
  touchpointInputSchema,
  trackManySchema,
  trackOptionsSchema,
} from './schemas.js'
import { identifyVisitor, storeConversion, storeTouchpoints } from './writes.js'

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
