/**
 * Activity and task records.
 */

import { base, json, type RecordBase, str, strOrNull } from '../shared/rows.js'
import type { JsonValue, StorageRow } from '../storage/port.js'
import type { ActivityType, TaskStatus } from './schemas.js'

/** One interaction on the timeline of a contact, company and/or deal. */
export interface Activity extends RecordBase {
  readonly type: ActivityType
  readonly channel: string | null
  readonly subject: string | null
  readonly body: string | null
  readonly occurredAt: string
  readonly contactId: string | null
  readonly companyId: string | null
  readonly dealId: string | null
  /** Who logged it (the scope's actor). */
  readonly actor: string
  readonly metadata: Record<string, JsonValue>
}

/** A to-do for a user of the host. */
export interface Task extends RecordBase {
  readonly title: string
  readonly notes: string | null
  readonly assignee: string | null
  readonly dueAt: string | null
  readonly status: TaskStatus
  readonly completedAt: string | null
  readonly contactId: string | null
  readonly companyId: string | null
  readonly dealId: string | null
}

/** Read an activity row. */
export function toActivity(row: StorageRow): Activity {
  return Object.assign(base(row), {
    type: str(row, 'type') as ActivityType,
    channel: strOrNull(row, 'channel'),
    subject: strOrNull(row, 'subject'),
    body: strOrNull(row, 'body'),
    occurredAt: str(row, 'occurredAt'),
    contactId: strOrNull(row, 'contactId'),
    companyId: strOrNull(row, 'companyId'),
    dealId: strOrNull(row, 'dealId'),
    actor: str(row, 'actor'),
    metadata: json(row, 'metadata'),
  })
}

/** Read a task row. */
export function toTask(row: StorageRow): Task {
  return Object.assign(base(row), {
    title: str(row, 'title'),
    notes: strOrNull(row, 'notes'),
    assignee: strOrNull(row, 'assignee'),
    dueAt: strOrNull(row, 'dueAt'),
    status: str(row, 'status') as TaskStatus,
    completedAt: strOrNull(row, 'completedAt'),
    contactId: strOrNull(row, 'contactId'),
    companyId: strOrNull(row, 'companyId'),
    dealId: strOrNull(row, 'dealId'),
  })
}

// The events of the timeline, added to the one event map (`CrmEventMap` in events/types.ts). Each
// domain folder declares its own events here, in the module that defines their payloads, so
// the events layer names no domain (see .dependency-cruiser.cjs); this module is always part
// of a program that sees the map, because the public entry re-exports it.
declare module '../events/types.js' {
  interface CrmEventMap {
    'activity.logged': { readonly activity: Activity }
    /** `changes` lists the fields whose value changed. */
    'activity.updated': { readonly activity: Activity; readonly changes: readonly string[] }
    'activity.deleted': { readonly activity: Activity }
    'activity.restored': { readonly activity: Activity }
    'task.created': { readonly task: Task }
    'task.updated': { readonly task: Task; readonly changes: readonly string[] }
    'task.completed': { readonly task: Task }
    'task.deleted': { readonly task: Task }
    'task.restored': { readonly task: Task }
  }
}
