/**
 * `t.events`: read the durable outbox, e.g. to relay events to a queue or to catch up
 * after a restart. The cursor of this list is an event id: `nextCursor` is the id of the
 * page's last event, and any event id you stored (the last one you handled) resumes the
 * list right after it.
 */
import * as z from 'zod/mini'
import { type Page, pageOptions } from '../shared/list.js'
import { idRef } from '../shared/schemas.js'
import type { Scope } from '../shared/scope.js'
import { storableText } from '../shared/storable.js'
import { parse } from '../shared/validation.js'
import { toEvent } from './rows.js'
import type { AnyCrmEvent } from './types.js'

/** Options of `events.list`. */
export const eventListOptionsSchema = z.strictObject({
  /**
   * Only events after this one: the `nextCursor` of the previous page, or the id of the last
   * event you handled (event ids increase in write order).
   */
  cursor: z.optional(idRef.check(storableText())),
  /** At most this many, 1..1000. Default 50. */
  limit: z.optional(z.int().check(z.gte(1), z.lte(1000))),
  ...pageOptions,
})

/** Options of `events.list`. */
export type EventListOptions = z.input<typeof eventListOptionsSchema>

/**
 * A page of stored events, oldest first. `nextCursor` is the id of its last event (`null`
 * when there were no more events at read time); `total` counts all the tenant's events.
 */
export type EventPage = Page<AnyCrmEvent>

/** `t.events`. */
export interface EventsService {
  /** Stored events of the tenant, oldest first (by id), after the event id `cursor`. */
  list(options?: EventListOptions): Promise<EventPage>
}

/** Create the service for one tenant scope. */
export function createEventsService(scope: Scope): EventsService {
  return {
    async list(options) {
      const { cursor, limit = 50, withTotal } = parse(eventListOptionsSchema, options ?? {}, 'event list options')
      const [rows, total] = await Promise.all([
        scope.storage.query('events', scope.tenantId, {
          orderBy: { column: 'id', direction: 'asc' },
          ...(cursor !== undefined ? { after: { value: cursor, id: cursor } } : {}),
          limit: limit + 1,
        }),
        withTotal ? scope.storage.count('events', scope.tenantId) : undefined,
      ])
      const items = rows.slice(0, limit).map(toEvent)
      return {
        items,
        nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null,
        ...(total === undefined ? {} : { total }),
      }
    },
  }
}
