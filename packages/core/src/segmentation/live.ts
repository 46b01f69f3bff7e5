/**
 * Live membership: after every write that can change who is in a segment, the contacts it
 * touched are re-evaluated, in the same transaction, for the dynamic segments that depend on
 * the kind of record written. Only those contacts are read, so one new activity costs a few
 * indexed lookups, not a scan. Conditions over time windows also change as time passes, which
 * no write announces: `t.segments.refresh()` catches those up.
 */

import type { Scope, StoredEvent, WriteContext } from '../shared/scope.js'
import type { JsonValue } from '../storage/port.js'
import { applyMembership, matchingContacts } from './membership.js'
import { toSegment } from './records.js'
import { SegmentExpander } from './references.js'

/** The kind of record an event is about, as segment dependencies name them. */
export type RecordKind = 'contact' | 'company' | 'deal' | 'activity' | 'touchpoint' | 'conversion' | 'segment'

type Payload = { readonly [key: string]: JsonValue }

function field(payload: Payload, key: string): Payload | undefined {
  const value = payload[key]
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Payload) : undefined
}

function ids(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** The record kind of an event and the contacts it touched. */
export function touchedContacts(event: StoredEvent): { kind: RecordKind; contactIds: string[] } | undefined {
  const [prefix] = event.type.split('.')
  const { payload } = event
  switch (prefix) {
    case 'contact':
      return event.type === 'contact.identified'
        ? { kind: 'touchpoint', contactIds: ids(payload.contactId) }
        : { kind: 'contact', contactIds: ids(field(payload, 'contact')?.id) }
    case 'company':
      return { kind: 'company', contactIds: ids(field(payload, 'company')?.contactIds) }
    case 'deal':
      return { kind: 'deal', contactIds: ids(field(payload, 'deal')?.contactIds) }
    case 'activity':
      return { kind: 'activity', contactIds: ids(field(payload, 'activity')?.contactId) }
    case 'touchpoint':
      return { kind: 'touchpoint', contactIds: ids(field(payload, 'touchpoint')?.contactId) }
    case 'conversion':
      return { kind: 'conversion', contactIds: ids(field(payload, 'conversion')?.contactId) }
    default:
      return undefined
  }
}

/** Record kinds of the relations a related condition (`{ related, ... }`) names. */
const relationKinds: Readonly<Record<string, RecordKind>> = {
  activities: 'activity',
  touchpoints: 'touchpoint',
  conversions: 'conversion',
  deals: 'deal',
  companies: 'company',
  // Nested relations (a deal's company, a company's contacts): the record kinds they read.
  company: 'company',
  contacts: 'contact',
  stage: 'deal',
  pipeline: 'deal',
}

/** Record kinds of prefixed fields (`company.industry` reads the contact's companies). */
const prefixKinds: Readonly<Record<string, RecordKind>> = { company: 'company', deal: 'deal', contact: 'contact' }

const everyKind: readonly RecordKind[] = ['company', 'deal', 'activity', 'touchpoint', 'conversion', 'segment']

function collectKinds(node: unknown, kinds: Set<RecordKind>, depth: number): void {
  if (typeof node !== 'object' || node === null || depth > 80) return
  if (Array.isArray(node)) {
    for (const child of node) collectKinds(child, kinds, depth + 1)
    return
  }
  const record = node as Record<string, unknown>
  // A reference may read anything its target reads (and its target may change), so it depends on every kind.
  if (typeof record.inSegment === 'string') for (const kind of everyKind) kinds.add(kind)
  if (typeof record.related === 'string') {
    const kind = relationKinds[record.related]
    // A relation this table does not know reads who knows what: depend on everything.
    if (kind) kinds.add(kind)
    else for (const k of everyKind) kinds.add(k)
  }
  if (typeof record.field === 'string') {
    if (record.field.startsWith('companyIds')) kinds.add('company')
    const prefix = record.field.includes('.') ? record.field.slice(0, record.field.indexOf('.')) : ''
    const kind = prefix === 'custom' ? undefined : prefixKinds[prefix]
    if (kind) kinds.add(kind)
  }
  for (const key of ['all', 'any', 'not', 'where']) collectKinds(record[key], kinds, depth + 1)
}

/**
 * The record kinds a condition reads: contact fields always, and the kind of every relation
 * a related condition names (`{ related: 'activities', ... }` reads activities).
 */
export function dependsOn(where: unknown): ReadonlySet<RecordKind> {
  const kinds = new Set<RecordKind>(['contact'])
  collectKinds(where, kinds, 0)
  return kinds
}

/** Re-evaluate `contactIds` for every dynamic segment that depends on one of `kinds`. */
export async function reevaluateContacts(
  scope: Scope,
  w: WriteContext,
  contactIds: readonly string[],
  kinds: ReadonlySet<RecordKind>,
): Promise<void> {
  if (contactIds.length === 0) return
  const rows = await w.session.findBy('segments', w.tenantId, { kind: 'dynamic' })
  if (rows.length === 0) return
  const expander = new SegmentExpander(scope, w.session, new Date(w.now)).prime(rows)
  for (const segment of rows.map(toSegment).sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const deps = dependsOn(segment.where)
    if (![...kinds].some((k) => deps.has(k))) continue
    const filter = await expander.expand(segment.id, [])
    if (!filter) continue
    const members = await matchingContacts(w.session, w.tenantId, filter, contactIds)
    await applyMembership(w, segment.id, contactIds, members)
  }
}

/** `SegmentHooks.afterWrite`: re-evaluate the contacts a write's events touched. */
export async function afterWrite(scope: Scope, w: WriteContext, events: readonly StoredEvent[]): Promise<void> {
  const contacts = new Set<string>()
  const kinds = new Set<RecordKind>()
  for (const event of events) {
    const touched = touchedContacts(event)
    if (!touched || touched.contactIds.length === 0) continue
    kinds.add(touched.kind)
    for (const id of touched.contactIds) contacts.add(id)
  }
  await reevaluateContacts(scope, w, [...contacts].sort(), kinds)
}
