/**
 * Services that most hosts never call (attribution reports, analytics cubes) are loaded on
 * first use. Core ships unbundled, so `import()` here becomes a separate chunk in the host's
 * bundle: a browser app that only keeps contacts and deals does not download attribution math.
 * Every method of these services is asynchronous already, so laziness is invisible to callers.
 */

import type { AttributionService } from './attribution/service.js'
import type { InsightsService } from './insights/service.js'
import type { Scope } from './shared/scope.js'

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
