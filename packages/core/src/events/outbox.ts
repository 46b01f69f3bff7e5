/**
 * `t.events`: read the durable outbox, e.g. to relay events to a queue or to catch up
 * after a restart (remember the last id you handled and pass it as `after`).
 */

export type { EventsService } from './api.js'
export type { EventListOptions, EventPage } from './schemas.js'
export { eventListOptionsSchema } from './schemas.js'

import { json, str } from '../shared/rows.js'
import type { Scope } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { StorageRow } from '../storage/port.js'
import type { EventsService } from './api.js'
import { eventListOptionsSchema } from './schemas.js'
import type { AnyCrmEvent } from './types.js'

/** Read an event row. */
export function toEvent(row: StorageRow): AnyCrmEvent {
  return {
    id: str(row, 'id'),
    type: str(row, 'type'),
    tenantId: str(row, 'tenantId'),
    actor: str(row, 'actor'),
    occurredAt: str(row, 'createdAt'),
    payload: json(row, 'payload'),
  } as unknown as AnyCrmEvent
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
