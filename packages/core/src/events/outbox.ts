/**
 * `t.events`: read the durable outbox, e.g. to relay events to a queue or to catch up
 * after a restart (remember the last id you handled and pass it as `after`).
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
