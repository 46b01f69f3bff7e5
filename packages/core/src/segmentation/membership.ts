/**
 * The stored membership of segments: one `segmentMembers` row per stint (entered at
 * `createdAt`, left at `deletedAt`). Every change goes through {@link applyMembership}, inside
 * the write's transaction, and emits exactly one `segment.entered` or `segment.left` per
 * contact that changed; contacts whose membership did not change are not written.
 */
import type { ResolvedFilter } from '../filter/types.js'
import { baseRow } from '../shared/entity.js'
import { casUpdate, type WriteContext } from '../shared/scope.js'
import type { StorageRow, StorageSession } from '../storage/port.js'
import type { MembershipDiff } from './records.js'
import { idsFilter } from './references.js'

/** Ids per lookup (`IN` list) and rows per page of a full scan. */
const CHUNK = 500
const PAGE = 2000

/** Live stints of a segment: all of them, or those of `contactIds`. */
export async function currentMembers(
  session: StorageSession,
  tenantId: string,
  segmentId: string,
  contactIds: readonly string[] | null,
): Promise<Map<string, StorageRow>> {
  const rows: StorageRow[] = []
  if (contactIds === null) rows.push(...(await session.findBy('segmentMembers', tenantId, { segmentId })))
  else
    for (let i = 0; i < contactIds.length; i += CHUNK) {
      const contactId = contactIds.slice(i, i + CHUNK)
      rows.push(...(await session.findBy('segmentMembers', tenantId, { segmentId, contactId })))
    }
  return new Map(rows.map((row) => [String(row.contactId), row]))
}

/** Ids of the live contacts matching `filter` (among `contactIds`, or all), paged by id. */
export async function matchingContacts(
  session: StorageSession,
  tenantId: string,
  filter: ResolvedFilter,
  contactIds: readonly string[] | null,
): Promise<Set<string>> {
  const out = new Set<string>()
  if (contactIds !== null) {
    for (let i = 0; i < contactIds.length; i += CHUNK) {
      const where: ResolvedFilter = { kind: 'all', nodes: [idsFilter(contactIds.slice(i, i + CHUNK)), filter] }
      for (const row of await session.query('contacts', tenantId, { where })) out.add(String(row.id))
    }
    return out
  }
  let after: { value: string; id: string } | undefined
  for (;;) {
    const rows = await session.query('contacts', tenantId, {
      where: filter,
      orderBy: { column: 'id', direction: 'asc' },
      ...(after ? { after } : {}),
      limit: PAGE,
    })
    for (const row of rows) out.add(String(row.id))
    const last = rows[rows.length - 1]
    if (rows.length < PAGE || !last) return out
    after = { value: String(last.id), id: String(last.id) }
  }
}

/**
 * Make the stored membership of `segmentId` among `candidates` (null: every contact) equal to
 * `members`: contacts in `members` without a live stint enter, live stints of candidates not
 * in `members` end. Events are emitted in contact id order.
 */
export async function applyMembership(
  w: WriteContext,
  segmentId: string,
  candidates: readonly string[] | null,
  members: ReadonlySet<string>,
): Promise<MembershipDiff> {
  const current = await currentMembers(w.session, w.tenantId, segmentId, candidates)
  const entering = [...members].filter((id) => !current.has(id)).sort()
  const leaving = [...current.keys()].filter((id) => !members.has(id)).sort()
  if (entering.length > 0) {
    const rows = entering.map((contactId) => ({ ...baseRow(w), segmentId, contactId }))
    await w.session.insert('segmentMembers', w.tenantId, rows)
    for (const contactId of entering) w.emit('segment.entered', { segmentId, contactId })
  }
  for (const contactId of leaving) {
    const row = current.get(contactId)
    if (row) await casUpdate(w, 'segmentMembers', 'segmentMember', row, { deletedAt: w.now })
    w.emit('segment.left', { segmentId, contactId })
  }
  return { entered: entering.length, left: leaving.length }
}
