/**
 * `t.segments`: saved static and dynamic segments of contacts, their live membership, and
 * explanations. Loaded on first use (`lazy-services.ts`).
 */
export type { SegmentsService } from './api.js'

import { toContact } from '../contacts/records.js'
import { loadCustomFields } from '../custom-fields/service.js'
import { NotFoundError, ValidationError } from '../errors.js'
import { baseRow, parseId } from '../shared/entity.js'
import { type ListSpec, listPage, segmentIdsIn } from '../shared/list.js'
import { idRef, writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, type WriteContext, write } from '../shared/scope.js'
import { parse, validationError } from '../shared/validation.js'
import type { JsonValue, StorageRow, StorageValue } from '../storage/port.js'
import type { SegmentsService } from './api.js'
import { explainMembership } from './explain.js'
import { reevaluateContacts } from './live.js'
import { applyMembership, currentMembers, matchingContacts } from './membership.js'
import { type MembershipDiff, type Segment, toSegment } from './records.js'
import { pathOfReference, SegmentExpander } from './references.js'
import {
  type ContactSelection,
  contactSelectionSchema,
  segmentInputSchema,
  segmentListSchema,
  segmentPatchSchema,
} from './schemas.js'

const ENTITY = 'segment'

/** Prefix issue paths with `where`, and point a cycle at the reference that closes it. */
function underWhere(error: ValidationError, where: unknown): ValidationError {
  const issues = error.issues.map((issue) => {
    if (issue.path[0] !== 'inSegment' || issue.path.length !== 1) return { ...issue, path: ['where', ...issue.path] }
    // The cycle's chain starts at the segment being saved; its second link is the reference in `where`.
    const chain = [...issue.message.matchAll(/\(([^)]+)\)/g)].map((m) => m[1])
    const next = chain[1]
    const at = (next && pathOfReference(where, next)) || ['inSegment']
    return { ...issue, path: ['where', ...at] }
  })
  return validationError('segment', issues)
}

/** Create the service for one tenant scope. */
export function createSegmentsService(scope: Scope): SegmentsService {
  const contactsSpec: ListSpec<ReturnType<typeof toContact>> = {
    table: 'contacts',
    toRecord: (row) => toContact(row),
    customFields: async () =>
      (await loadCustomFields(scope.storage, scope.tenantId, 'contact')).map((d) => ({ key: d.key, type: d.type })),
  }

  /** Resolve a segment's condition inside a write, rejecting unknown references and cycles through `selfId`. */
  async function validateWhere(w: WriteContext, selfId: string, where: unknown): Promise<void> {
    const expander = new SegmentExpander(scope, w.session, new Date(w.now))
    try {
      const refs = segmentIdsIn(where)
      if (refs.has(selfId)) {
        throw new ValidationError('a segment cannot refer to itself', [
          {
            path: pathOfReference(where, selfId) ?? ['inSegment'],
            message: 'a segment cannot refer to itself',
            code: 'custom',
          },
        ])
      }
      await expander.resolve(where, [selfId])
    } catch (error) {
      if (error instanceof ValidationError) throw underWhere(error, where)
      throw error
    }
  }

  async function loadRow(id: unknown): Promise<StorageRow> {
    const key = parseId(id)
    const row = await scope.storage.get('segments', scope.tenantId, key)
    if (!row) throw new NotFoundError(ENTITY, key)
    return row
  }

  async function loadSegment(id: unknown): Promise<Segment> {
    return toSegment(await loadRow(id))
  }

  /**
   * A segment's condition, resolved for a read: the expander starts from the row just read, so
   * members/count/contains read the segment once (references are still read as they are met).
   */
  async function readFilter(id: unknown) {
    const row = await loadRow(id)
    return new SegmentExpander(scope, scope.storage).prime([row]).expand(String(row.id), [])
  }

  /** Recompute one dynamic segment in full inside `w`. */
  async function recompute(w: WriteContext, segment: Segment): Promise<MembershipDiff> {
    const expander = new SegmentExpander(scope, w.session, new Date(w.now))
    const filter = await expander.expand(segment.id, [])
    if (!filter) return { entered: 0, left: 0 }
    const members = await matchingContacts(w.session, w.tenantId, filter, null)
    return applyMembership(w, segment.id, null, members)
  }

  /** The contact ids a static add/remove names, checked to exist (ids) or selected (`where`). */
  async function selectContacts(w: WriteContext, selection: ContactSelection, add: boolean): Promise<string[]> {
    if (Array.isArray(selection)) {
      const unique = [...new Set(selection)]
      // Removing needs no live contact: a deleted contact's stint can end too, and an unknown id is not a member.
      if (!add) return unique.sort()
      const live = await matchingContacts(w.session, w.tenantId, { kind: 'all', nodes: [] }, unique)
      const issues = selection.flatMap((id, i) =>
        live.has(id) ? [] : [{ path: ['contacts', i], message: `no contact ${id}`, code: 'custom' }],
      )
      if (issues.length > 0) throw validationError('contacts', issues)
      return unique.sort()
    }
    const expander = new SegmentExpander(scope, w.session, new Date(w.now))
    let filter: Awaited<ReturnType<SegmentExpander['resolve']>>
    try {
      filter = await expander.resolve((selection as { where: unknown }).where, [])
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      throw validationError(
        'contacts',
        error.issues.map((i) => ({ ...i, path: ['contacts', 'where', ...i.path] })),
      )
    }
    return [...(await matchingContacts(w.session, w.tenantId, filter, null))].sort()
  }

  async function changeStatic(id: string, input: unknown, add: boolean): Promise<MembershipDiff> {
    const key = parseId(id)
    const selection = parse(contactSelectionSchema, input, 'contacts')
    return write(scope, async (w) => {
      const row = await w.session.get('segments', w.tenantId, key)
      if (!row) throw new NotFoundError(ENTITY, key)
      if (row.kind !== 'static') {
        throw validationError('segment', [
          {
            path: ['id'],
            message: 'contacts are added to static segments only; a dynamic segment follows its condition',
            code: 'custom',
          },
        ])
      }
      const ids = await selectContacts(w, selection, add)
      const current = await currentMembers(w.session, w.tenantId, key, ids)
      const members = new Set(add ? ids : [])
      if (add) for (const id of current.keys()) members.add(id)
      const diff = await applyMembership(w, key, ids, members)
      const changed = ids.filter((id) => add !== current.has(id))
      // Dynamic segments that refer to this one may change for exactly these contacts.
      await reevaluateContacts(scope, w, changed, new Set(['segment']))
      return diff
    })
  }

  return {
    async create(input) {
      const data = parse(segmentInputSchema, input, 'segment')
      const kind = data.kind ?? 'dynamic'
      const where = data.where ?? null
      return write(scope, async (w) => {
        const row: StorageRow = {
          ...baseRow(w),
          name: data.name,
          kind,
          definition: where === null ? {} : { where: where as unknown as JsonValue },
          description: data.description ?? null,
        }
        if (where !== null) await validateWhere(w, String(row.id), where)
        await w.session.insert('segments', w.tenantId, [row])
        const segment = toSegment(row)
        w.emit('segment.created', { segment })
        if (kind === 'dynamic') await recompute(w, segment)
        return segment
      })
    },

    async get(id) {
      const row = await scope.storage.get('segments', scope.tenantId, parseId(id))
      return row ? toSegment(row) : null
    },

    async list(options) {
      const { limit, cursor } = parse(segmentListSchema, options ?? {}, 'list options')
      return listPage(scope, { table: 'segments', toRecord: toSegment }, { limit, cursor })
    },

    async update(id, patch, options) {
      const key = parseId(id)
      const data = parse(segmentPatchSchema, patch, 'patch')
      const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
      return versionedWrite(scope, expectedVersion, async (w) => {
        const current = await loadForWrite(w, 'segments', ENTITY, key, expectedVersion)
        const before = toSegment(current)
        const changes = Object.keys(data).filter((k) => data[k as keyof typeof data] !== undefined)
        const next: Record<string, StorageValue> = {}
        if (data.name !== undefined) next.name = data.name
        if (data.description !== undefined) next.description = data.description
        if (data.where !== undefined) {
          if (before.kind === 'static') {
            throw validationError('patch', [
              {
                path: ['where'],
                message: 'a static segment has no condition; add contacts with addContacts',
                code: 'custom',
              },
            ])
          }
          if (data.where !== null) await validateWhere(w, key, data.where)
          next.definition = data.where === null ? {} : { where: data.where as unknown as JsonValue }
        }
        if (changes.length === 0) return before
        const segment = toSegment(await casUpdate(w, 'segments', ENTITY, current, next))
        w.emit('segment.updated', { segment, changes })
        if (data.where !== undefined) await recompute(w, segment)
        return segment
      })
    },

    async delete(id, options) {
      const key = parseId(id)
      const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
      return versionedWrite(scope, expectedVersion, async (w) => {
        const current = await loadForWrite(w, 'segments', ENTITY, key, expectedVersion)
        const users = (await w.session.findBy('segments', w.tenantId, {})).filter((row) =>
          segmentIdsIn(toSegment(row).where).has(key),
        )
        const [user] = users
        if (user) {
          throw validationError('segment', [
            {
              path: ['id'],
              message: `segment '${String(user.name)}' (${String(user.id)}) refers to it; remove the reference first`,
              code: 'custom',
            },
          ])
        }
        await applyMembership(w, key, null, new Set())
        const segment = toSegment(await casUpdate(w, 'segments', ENTITY, current, { deletedAt: w.now }))
        w.emit('segment.deleted', { segment })
        return segment
      })
    },

    addContacts: (id, contacts) => changeStatic(id, contacts, true),
    removeContacts: (id, contacts) => changeStatic(id, contacts, false),

    async members(id, options) {
      const filter = await readFilter(id)
      return listPage(scope, contactsSpec, options, filter ?? undefined)
    },

    async count(id) {
      const filter = await readFilter(id)
      return filter ? scope.storage.count('contacts', scope.tenantId, { where: filter }) : 0
    },

    async contains(id, contactId) {
      const filter = await readFilter(id)
      const contact = parse(idRef, contactId, 'contactId')
      if (!filter) return false
      const found = await matchingContacts(scope.storage, scope.tenantId, filter, [contact])
      return found.has(contact)
    },

    async explain(id, contactId) {
      const segment = await loadSegment(id)
      const contact = parse(idRef, contactId, 'contactId')
      return explainMembership(scope, segment, contact)
    },

    async refresh(id) {
      const key = id === undefined || id === null ? undefined : parseId(id)
      const rows = key
        ? [await loadSegment(key)]
        : (await scope.storage.findBy('segments', scope.tenantId, { kind: 'dynamic' })).map(toSegment)
      let entered = 0
      let left = 0
      let segments = 0
      for (const segment of rows.sort((a, b) => (a.id < b.id ? -1 : 1))) {
        if (segment.kind !== 'dynamic') continue
        segments++
        // One transaction per segment: a scheduler's refresh of many segments never holds one long lock.
        const diff = await write(scope, (w) => recompute(w, segment))
        entered += diff.entered
        left += diff.left
      }
      return { segments, entered, left }
    },
  }
}
