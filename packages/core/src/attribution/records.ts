/** Touchpoint and conversion records as `t.attribution` returns them. */
import { num, numOrNull, str, strOrNull } from '../shared/rows.js'
import type { StorageRow } from '../storage/port.js'

/** A recorded marketing touch. */
export interface TrackedTouchpoint {
  readonly id: string
  readonly tenantId: string
  readonly channel: string
  readonly source: string | null
  readonly medium: string | null
  readonly campaign: string | null
  readonly content: string | null
  readonly term: string | null
  /** ISO-8601 UTC. */
  readonly occurredAt: string
  /** The contact, once known (set by `identify` for anonymous touches). */
  readonly contactId: string | null
  readonly anonymousId: string | null
  readonly idempotencyKey: string | null
  /** Starts at 1; `identify` increments it when it links the touch. */
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

/** A conversion: a won deal (`type: 'dealWon'`) or a custom one (`signup`, `purchase`...). */
export interface Conversion {
  readonly id: string
  readonly tenantId: string
  readonly type: string
  /** Integer minor units. */
  readonly value: number
  /** ISO 4217. */
  readonly currency: string
  readonly occurredAt: string
  readonly contactId: string
  readonly dealId: string | null
  readonly idempotencyKey: string | null
  readonly createdAt: string
}

/** Read a touchpoint row. */
export function toTouchpoint(row: StorageRow): TrackedTouchpoint {
  return {
    id: str(row, 'id'),
    tenantId: str(row, 'tenantId'),
    channel: str(row, 'channel'),
    source: strOrNull(row, 'source'),
    medium: strOrNull(row, 'medium'),
    campaign: strOrNull(row, 'campaign'),
    content: strOrNull(row, 'content'),
    term: strOrNull(row, 'term'),
    occurredAt: str(row, 'occurredAt'),
    contactId: strOrNull(row, 'contactId'),
    anonymousId: strOrNull(row, 'anonymousId'),
    idempotencyKey: strOrNull(row, 'idempotencyKey'),
    version: num(row, 'version'),
    createdAt: str(row, 'createdAt'),
    updatedAt: str(row, 'updatedAt'),
  }
}

/** Read a conversion row. */
export function toConversion(row: StorageRow): Conversion {
  return {
    id: str(row, 'id'),
    tenantId: str(row, 'tenantId'),
    type: str(row, 'type'),
    value: numOrNull(row, 'amountValue') ?? 0,
    currency: str(row, 'amountCurrency'),
    occurredAt: str(row, 'occurredAt'),
    contactId: str(row, 'contactId'),
    dealId: strOrNull(row, 'dealId'),
    idempotencyKey: strOrNull(row, 'idempotencyKey'),
    createdAt: str(row, 'createdAt'),
  }
}

// The events of attribution, added to the one event map (`CrmEventMap` in events/types.ts). Each
// domain folder declares its own events here, in the module that defines their payloads, so
// the events layer names no domain (see .dependency-cruiser.cjs); this module is always part
// of a program that sees the map, because the public entry re-exports it.
declare module '../events/types.js' {
  interface CrmEventMap {
    /** A touchpoint was stored (not on an idempotent replay). */
    'touchpoint.tracked': { readonly touchpoint: TrackedTouchpoint }
    /** An anonymous id was tied to a contact; `linked` touchpoints were attached to it. */
    'contact.identified': { readonly anonymousId: string; readonly contactId: string; readonly linked: number }
    /** A conversion was stored: a custom one, or one per contact of a deal that was won. */
    'conversion.recorded': { readonly conversion: Conversion }
  }
}
