/**
 * Domain events. Every write stores its events in the `events` table (the durable
 * outbox) in the same transaction as the data; after the commit the in-process bus hands
 * them to subscribers. The outbox can be read back with `t.events.list()`.
 */
import type { Activity, Task } from '../activities/records.js'
import type { Conversion, TrackedTouchpoint } from '../attribution/records.js'
import type { Company } from '../companies/records.js'
import type { Contact } from '../contacts/records.js'
import type { Deal, DealTransition, Pipeline } from '../pipeline/records.js'

/** Payload of every event type, by type name. */
export interface CrmEventMap {
  'contact.created': { readonly contact: Contact }
  /** `changes` lists the fields the write set (not necessarily to a different value). */
  'contact.updated': { readonly contact: Contact; readonly changes: readonly string[] }
  'contact.deleted': { readonly contact: Contact }
  'contact.restored': { readonly contact: Contact }
  'company.created': { readonly company: Company }
  'company.updated': { readonly company: Company; readonly changes: readonly string[] }
  'company.deleted': { readonly company: Company }
  'company.restored': { readonly company: Company }
  'deal.created': { readonly deal: Deal }
  'deal.updated': { readonly deal: Deal; readonly changes: readonly string[] }
  /** A stage move; `transition` is the row added to the deal's history. */
  'deal.stageChanged': { readonly deal: Deal; readonly transition: DealTransition }
  /** The deal entered a stage of kind `won` (also on create). */
  'deal.won': { readonly deal: Deal }
  /** The deal entered a stage of kind `lost` (also on create). */
  'deal.lost': { readonly deal: Deal }
  'deal.deleted': { readonly deal: Deal }
  'deal.restored': { readonly deal: Deal }
  'pipeline.created': { readonly pipeline: Pipeline }
  'activity.logged': { readonly activity: Activity }
  'task.created': { readonly task: Task }
  'task.updated': { readonly task: Task; readonly changes: readonly string[] }
  'task.completed': { readonly task: Task }
  /** A touchpoint was stored (not on an idempotent replay). */
  'touchpoint.tracked': { readonly touchpoint: TrackedTouchpoint }
  /** An anonymous id was tied to a contact; `linked` touchpoints were attached to it. */
  'contact.identified': { readonly anonymousId: string; readonly contactId: string; readonly linked: number }
  /** A conversion was stored: a custom one, or one per contact of a deal that was won. */
  'conversion.recorded': { readonly conversion: Conversion }
}

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
  'activity.logged',
  'task.created',
  'task.updated',
  'task.completed',
  'touchpoint.tracked',
  'contact.identified',
  'conversion.recorded',
] as const satisfies readonly CrmEventType[]

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
