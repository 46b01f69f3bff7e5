/**
 * The declaration of `t.events` (see `shared/api.ts`); {@link EventsService} derives from it.
 */
import { defineService, optional, query, returns, type ServiceOf } from '../shared/api.js'
import { type EventPage, eventListOptionsSchema } from './schemas.js'

/** `t.events`, declared. */
export const eventsApi = defineService({
  /** Stored events of the tenant, oldest first (by id), after the event id `cursor`. */
  list: query({ args: [optional('options', eventListOptionsSchema)], result: returns<EventPage>() }),
})

/** `t.events`. */
export interface EventsService extends ServiceOf<typeof eventsApi> {}
