/**
 * The saved segment record, its membership stints, and the segment events.
 */
import type { FilterNode } from '../filter/types.js'
import { base, json, type RecordBase, str, strOrNull } from '../shared/rows.js'
import type { StorageRow } from '../storage/port.js'

/** `dynamic`: members are the contacts matching `where` now; `static`: members are added and removed explicitly. */
export type SegmentKind = 'dynamic' | 'static'

/** A saved segment of contacts. */
export interface Segment extends RecordBase {
  readonly name: string
  readonly kind: SegmentKind
  /** The condition of a dynamic segment (`null`: every contact); always `null` for a static one. */
  readonly where: FilterNode<'contact'> | null
  readonly description: string | null
}

/** One stint of a contact in a segment. */
export interface SegmentMembership {
  readonly segmentId: string
  readonly contactId: string
  /** When the contact entered (ISO-8601 UTC). */
  readonly enteredAt: string
  /** When it left, or `null` while it is a member. */
  readonly leftAt: string | null
}

/** Entered/left counts of a membership change (`refresh`, `addContacts`, `removeContacts`). */
export interface MembershipDiff {
  /** Contacts that became members. */
  readonly entered: number
  /** Contacts that stopped being members. */
  readonly left: number
}

/** Read a segment row. */
export function toSegment(row: StorageRow): Segment {
  const definition = json(row, 'definition')
  const where = definition.where
  return Object.assign(base(row), {
    name: str(row, 'name'),
    kind: str(row, 'kind') === 'static' ? ('static' as const) : ('dynamic' as const),
    where: where === undefined || where === null ? null : (where as unknown as FilterNode<'contact'>),
    description: strOrNull(row, 'description'),
  })
}

/** Read a membership row (a soft-deleted row is a stint that ended). */
export function toMembership(row: StorageRow): SegmentMembership {
  return {
    segmentId: str(row, 'segmentId'),
    contactId: str(row, 'contactId'),
    enteredAt: str(row, 'createdAt'),
    leftAt: strOrNull(row, 'deletedAt'),
  }
}

// Augments the event map; the declaration must be in a module of a program that sees the map.
declare module '../events/types.js' {
  interface CrmEventMap {
    'segment.created': { readonly segment: Segment }
    'segment.updated': { readonly segment: Segment; readonly changes: readonly string[] }
    'segment.deleted': { readonly segment: Segment }
    /** A contact became a member of a segment (by a write, `refresh()` or `addContacts`). */
    'segment.entered': { readonly segmentId: string; readonly contactId: string }
    /** A contact stopped being a member (by a write, `refresh()`, `removeContacts` or the segment's deletion). */
    'segment.left': { readonly segmentId: string; readonly contactId: string }
  }
}
