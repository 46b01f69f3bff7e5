/**
 * Domain events. Every write stores its events in the `events` table (the durable
 * outbox) in the same transaction as the data; after the commit the in-process bus hands
 * them to subscribers. The outbox can be read back with `t.events.list()`.
 */

/**
 * Payload of every event type, by type name. The map is filled by the domain folders: each
 * declares its events next to the records they carry (`declare module '../events/types.js'`
 * in contacts/records.ts, companies/records.ts, pipeline/records.ts, activities/records.ts,
 * attribution/records.ts, segmentation/records.ts), so this layer names no domain and still has one typed map.
 */
// biome-ignore lint/suspicious/noEmptyInterface: the domain folders add the members (declaration merging)
export interface CrmEventMap {}

/** Name of an event type, e.g. `deal.stageChanged`. */
export type CrmEventType = keyof CrmEventMap

/** The list of every event type, in a stable order. */
export const crmEventTypes = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.restored',
  'company.created',
  'company.updated',
  'company.deleted',
  'company.restored',
  'deal.created',
  'deal.updated',
  'deal.stageChanged',
  'deal.won',
  'deal.lost',
  'deal.deleted',
  'deal.restored',
  'pipeline.created',
  'pipeline.updated',
  'activity.logged',
  'activity.updated',
  'activity.deleted',
  'activity.restored',
  'task.created',
  'task.updated',
  'task.completed',
  'task.deleted',
  'task.restored',
  'touchpoint.tracked',
  'contact.identified',
  'conversion.recorded',
  'segment.created',
  'segment.updated',
  'segment.deleted',
  'segment.entered',
  'segment.left',
] as const satisfies readonly CrmEventType[]

/** Compiles only when `T` is `never`: here, when no declared event type is missing from {@link crmEventTypes}. */
type NoneMissing<T extends never> = T
type _EveryEventTypeListed = NoneMissing<Exclude<CrmEventType, (typeof crmEventTypes)[number]>>

/** One event of type `K`. */
export interface CrmEvent<K extends CrmEventType = CrmEventType> {
  /** UUIDv7; ids of one process increase in write order. */
  readonly id: string
  readonly type: K
  readonly tenantId: string
  /** The actor given to `crm.forTenant(tenantId, { actor })`. */
  readonly actor: string
  /** Time of the write that produced it (ISO-8601 UTC, from the injected clock). */
  readonly occurredAt: string
  readonly payload: CrmEventMap[K]
}

/** Any event, discriminated by `type` (narrow with `if (e.type === 'deal.won')`). */
export type AnyCrmEvent = { [K in CrmEventType]: CrmEvent<K> }[CrmEventType]

/** A subscriber. It may be async; a rejection is reported like a throw. */
export type CrmEventListener<K extends CrmEventType> = (event: CrmEvent<K>) => void | Promise<void>

/** Receives errors thrown by subscribers, with the event that was being delivered. */
export type CrmEventErrorListener = (error: unknown, event: AnyCrmEvent) => void
