/**
 * `t.events`: read the durable outbox, e.g. to relay events to a queue or to catch up
 * after a restart (remember the last id you handled and pass it as `after`).
 */
import * as z from 'zod/mini'
import { idRef } from '../shared/schemas.js'
import type { Scope } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import { toEvent } from './rows.js'
import type { AnyCrmEvent } from './types.js'

/** Options of `events.list`. */
export const eventListOptionsSchema = z.strictObject({
  /** Only events after this event id. */
  after: z.optional(idRef),
  /** At most this many, 1..1000. Default 50. */
  limit: z.optional(z.int().check(z.gte(1), z.lte(1000))),
})

/** Options of `events.list`. */
export type EventListOptions = z.input<typeof eventListOptionsSchema>

/** A page of stored events. */
export interface EventPage {
  /** Oldest first. */
  readonly items: AnyCrmEvent[]
  /** Pass as `after` to read on; `null` when there were no more events at read time. */
  readonly nextCursor: string | null
}

/** `t.events`. */
export interface EventsService {
  /** Stored events of the tenant, oldest first (by id), after the event id `after`. */
  list(options?: EventListOptions): Promise<EventPage>
}

/** Create the service for one tenant scope. */
export function createEventsService(scope: Scope): EventsService {
  return {
    async list(options) {
      const { after, limit = 50 } = parse(eventListOptionsSchema, options ?? {}, 'event list options')
      const rows = await scope.storage.query('events', scope.tenantId, {
        orderBy: { column: 'id', direction: 'asc' },
        ...(after !== undefined ? { after: { value: after, id: after } } : {}),
        limit: limit + 1,
      })
      const items = rows.slice(0, limit).map(toEvent)
      return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null }
    },
  }
}
