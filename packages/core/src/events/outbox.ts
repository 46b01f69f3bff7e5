/**
 * `t.events`: read the durable outbox, e.g. to relay events to a queue or to catch up
 * after a restart. The cursor of this list is an event id: `nextCursor` is the id of the
 * page's last event, and any event id you stored (the last one you handled) resumes the
 * list right after it.
 */

export type { EventsService } from './api.js'
export type { EventListOptions, EventPage } from './schemas.js'
export { eventListOptionsSchema } from './schemas.js'

import type { Scope } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { EventsService } from './api.js'
import { toEvent } from './rows.js'
import { eventListOptionsSchema } from './schemas.js'

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
