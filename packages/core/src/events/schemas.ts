/**
 * Inputs and results of `t.events`.
 */
import * as z from 'zod/mini'
import { type Page, pageOptions } from '../shared/list.js'
import { idRef } from '../shared/schemas.js'
import { storableText } from '../shared/storable.js'
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
