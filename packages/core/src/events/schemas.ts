/**
 * Inputs and results of `t.events`.
 */
import * as z from 'zod/mini'
import { idRef } from '../shared/schemas.js'
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
