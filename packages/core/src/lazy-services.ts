/**
 * Services that most hosts never call (attribution reports, analytics cubes, saved segments,
 * activities and tasks, custom-field definitions) are loaded on first use. Core ships unbundled, so `import()` here
 * becomes a separate chunk in the host's bundle: a browser app that only keeps contacts and
 * deals does not download attribution math. Every method of these services is asynchronous
 * already (a promise or an async iterable), so laziness is invisible to callers.
 */

import type { ActivitiesService, TasksService } from './activities/api.js'
import type { AttributionService } from './attribution/service.js'
import type { CustomFieldsService } from './custom-fields/api.js'
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

/** How a method returns: a promise (`0`) or an async iterable (`1`, a `stream` method). */
type Returns = 0 | 1

/**
 * A service whose methods load the real one on first call and forward to it. `methods` names
 * every method of `S` with how it returns; callers declare it `satisfies Record<keyof S, Returns>`,
 * so a method added to the service and not listed here fails the typecheck.
 */
function lazy<S>(load: () => Promise<S>, methods: Record<keyof S & string, Returns>): S {
  const service = once(load)
  const call = async (name: string, args: unknown[]) => {
    // Every listed name is a method of `S` (the callers' `satisfies` check).
    const real = (await service()) as Record<string, (...args: unknown[]) => unknown>
    return Reflect.apply(real[name] as (...args: unknown[]) => unknown, real, args)
  }
  const forwarders: Record<string, unknown> = {}
  for (const [name, kind] of Object.entries<Returns>(methods)) {
    forwarders[name] = kind
      ? async function* (...args: unknown[]) {
          yield* (await call(name, args)) as AsyncIterable<unknown>
        }
      : (...args: unknown[]) => call(name, args)
  }
  return forwarders as S
}

/** `t.attribution`, loading `attribution/service.js` (and the attribution models) on first call. */
export const lazyAttributionService = (scope: Scope): AttributionService =>
  lazy(async () => (await import('./attribution/service.js')).createAttributionService(scope), {
    track: 0,
    trackMany: 0,
    identify: 0,
    recordConversion: 0,
    report: 0,
  } satisfies Record<keyof AttributionService, Returns>)

/** `t.insights`, loading `insights/service.js` on first call. */
export const lazyInsightsService = (scope: Scope): InsightsService =>
  lazy(async () => (await import('./insights/service.js')).createInsightsService(scope), {
    cube: 0,
    transitions: 0,
    allTransitions: 1,
  } satisfies Record<keyof InsightsService, Returns>)

/** `t.segments`, loading `segmentation/service.js` on first call. */
export const lazySegmentsService = (scope: Scope): SegmentsService =>
  lazy(async () => (await import('./segmentation/service.js')).createSegmentsService(scope), {
    create: 0,
    get: 0,
    list: 0,
    update: 0,
    delete: 0,
    addContacts: 0,
    removeContacts: 0,
    members: 0,
    count: 0,
    contains: 0,
    explain: 0,
    refresh: 0,
  } satisfies Record<keyof SegmentsService, Returns>)

/** `t.activities`, loading `activities/activities.js` (and the activity schemas) on first call. */
export const lazyActivitiesService = (scope: Scope): ActivitiesService =>
  lazy(async () => (await import('./activities/activities.js')).createActivitiesService(scope), {
    log: 0,
    get: 0,
    timeline: 0,
    count: 0,
    update: 0,
    delete: 0,
    restore: 0,
  } satisfies Record<keyof ActivitiesService, Returns>)

/** `t.tasks`, loading `activities/tasks.js` on first call. */
export const lazyTasksService = (scope: Scope): TasksService =>
  lazy(async () => (await import('./activities/tasks.js')).createTasksService(scope), {
    create: 0,
    get: 0,
    list: 0,
    count: 0,
    update: 0,
    complete: 0,
    reopen: 0,
    delete: 0,
    restore: 0,
  } satisfies Record<keyof TasksService, Returns>)

/** `t.customFields`, loading `custom-fields/definitions.js` on first call. */
export const lazyCustomFieldsService = (scope: Scope): CustomFieldsService =>
  lazy(async () => (await import('./custom-fields/definitions.js')).createCustomFieldsService(scope), {
    define: 0,
    list: 0,
    count: 0,
    update: 0,
    delete: 0,
  } satisfies Record<keyof CustomFieldsService, Returns>)

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
