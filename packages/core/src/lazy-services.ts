/**
 * Services that most hosts never call (attribution reports, analytics cubes) are loaded on
 * first use. Core ships unbundled, so `import()` here becomes a separate chunk in the host's
 * bundle: a browser app that only keeps contacts and deals does not download attribution math.
 * Every method of these services is asynchronous already, so laziness is invisible to callers.
 */

import type { AttributionService } from './attribution/service.js'
import type { InsightsService } from './insights/service.js'
import type { SegmentsService } from './segmentation/api.js'
import type { Scope, SegmentHooks } from './shared/scope.js'

/** Memoises one loader, and forgets a failed load so a later call can try again. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined
      throw error
    })
    return pending
  }
}

/** `t.attribution`, loading `attribution/service.js` (and the attribution models) on first call. */
export function lazyAttributionService(scope: Scope): AttributionService {
  const service = once(async () => (await import('./attribution/service.js')).createAttributionService(scope))
  return {
    track: async (touchpoint, options) => (await service()).track(touchpoint, options),
    trackMany: async (items) => (await service()).trackMany(items),
    identify: async (anonymousId, contactId) => (await service()).identify(anonymousId, contactId),
    recordConversion: async (conversion, options) => (await service()).recordConversion(conversion, options),
    report: async (options) => (await service()).report(options),
  }
}

/** `t.insights`, loading `insights/service.js` on first call. */
export function lazyInsightsService(scope: Scope): InsightsService {
  const service = once(async () => (await import('./insights/service.js')).createInsightsService(scope))
  return {
    cube: async (options) => (await service()).cube(options),
    transitions: async (options) => (await service()).transitions(options),
    async *allTransitions(options) {
      yield* (await service()).allTransitions(options)
    },
  }
}

/** `t.segments`, loading `segmentation/service.js` on first call. */
export function lazySegmentsService(scope: Scope): SegmentsService {
  const service = once(async () => (await import('./segmentation/service.js')).createSegmentsService(scope))
  return {
    create: async (segment) => (await service()).create(segment),
    get: async (id) => (await service()).get(id),
    list: async (options) => (await service()).list(options),
    update: async (id, patch, options) => (await service()).update(id, patch, options),
    delete: async (id, options) => (await service()).delete(id, options),
    addContacts: async (id, contacts) => (await service()).addContacts(id, contacts),
    removeContacts: async (id, contacts) => (await service()).removeContacts(id, contacts),
    members: async (id, options) => (await service()).members(id, options),
    count: async (id) => (await service()).count(id),
    contains: async (id, contactId) => (await service()).contains(id, contactId),
    explain: async (id, contactId) => (await service()).explain(id, contactId),
    refresh: async (id) => (await service()).refresh(id),
  }
}

/** Events whose records a segment condition can read (see `segmentation/live.ts`). */
const SEGMENT_INPUT = /^(contact|company|deal|activity|touchpoint|conversion)\./

/**
 * Saved segments' hooks into every write and filter: nothing is loaded until a filter names
 * a segment or a write touches a record a segment can read.
 */
export const segmentHooks: SegmentHooks = {
  filters: async (scope, ids, session) =>
    (await import('./segmentation/references.js')).segmentFilters(scope, ids, session),
  afterWrite: async (scope, w, events) => {
    if (events.some((e) => SEGMENT_INPUT.test(e.type)))
      await (await import('./segmentation/live.js')).afterWrite(scope, w, events)
  },
}
