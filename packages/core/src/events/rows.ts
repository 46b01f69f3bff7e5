/**
 * Stored events back to events. Both the write path (shared/scope.ts, delivering after the
 * commit) and the outbox reader (outbox.ts) use it, so it lives apart from both.
 */
import { json, str } from '../shared/rows.js'
import type { StorageRow } from '../storage/port.js'
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
