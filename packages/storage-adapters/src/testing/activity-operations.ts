import type { AnyCrmEvent } from '@crmkit/core'
import type { StorageRow } from '@crmkit/core/storage'
import { ConflictError, NotFoundError, ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { Crm, SuiteContext } from './context.js'
import { caught, snapshotTenant } from './context.js'
import type { RawInspector } from './types.js'

const ABSENT = '0190a0a0-0000-7000-8000-0000000000ab'

/**
 * Records the tenant's events and, synchronously inside each delivery, starts a raw read of
 * the row the event is about: if the write were not committed yet, the read would miss it.
 */
export function watchCommitted(
  crm: Crm,
  raw: RawInspector,
  tenantId: string,
): { events: AnyCrmEvent[]; rows: Promise<Array<StorageRow | undefined>>; off: () => void } {
  const events: AnyCrmEvent[] = []
  const reads: Array<Promise<StorageRow | undefined>> = []
  const off = crm.events.onAny((e) => {
    if (e.tenantId !== tenantId) return
    events.push(e)
    const payload = e.payload as Record<string, { id?: string }>
    const [key, record] = Object.entries(payload)[0] ?? []
    const table = { activity: 'activities', task: 'tasks', contact: 'contacts', company: 'companies', deal: 'deals' }[
      key ?? ''
    ]
    if (table && record?.id) reads.push(raw.row(table as 'contacts', tenantId, record.id))
  })
  return {
    events,
    get rows() {
      return Promise.all(reads)
    },
    off,
  }
}

/** The `changes` of an `*.updated` event, sorted (empty for other events). */
export function changesOf(event: AnyCrmEvent): string[] {
  return 'changes' in event.payload ? [...event.payload.changes].sort() : []
}

/** The activity timeline's filters, and updating, deleting and restoring activities and tasks. */
export function activityOperationTests(get: () => SuiteContext): void {
  describe('activity and task operations', () => {
    it('timeline filters by where and by an occurredAt range [from, to), pages, and count agrees', async () => {
      const { t } = get().tenant()
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      const plan = [
        ['2026-01-01T00:00:00.000Z', 'call', 'phone'],
        ['2026-01-05T00:00:00.000Z', 'email', 'web'],
        ['2026-01-10T00:00:00.000Z', 'call', 'web'],
        ['2026-01-15T00:00:00.000Z', 'call', 'phone'],
        ['2026-01-20T00:00:00.000Z', 'note', null],
      ] as const
      const ids: string[] = []
      for (const [occurredAt, type, channel] of plan) {
        ids.push((await t.activities.log({ type, channel, occurredAt, contactId: ada.id })).id)
      }
      const range = { from: '2026-01-05T00:00:00.000Z', to: '2026-01-20T00:00:00.000Z' }
      const inRange = await t.activities.timeline({ contactId: ada.id, ...range, withTotal: true })
      expect(inRange.items.map((a) => a.id)).toEqual([ids[3], ids[2], ids[1]])
      expect(inRange.total).toBe(3)
      expect(await t.activities.count({ contactId: ada.id, ...range })).toBe(3)
      const where = { field: 'channel', op: 'eq', value: 'phone' } as const
      const phone = await t.activities.timeline({ where, from: new Date('2026-01-01T00:00:00.000Z') })
      expect(phone.items.map((a) => a.id)).toEqual([ids[3], ids[0]])
      expect(await t.activities.count({ where, types: ['call'] })).toBe(2)
      expect(await t.activities.count({ where: { field: 'channel', op: 'isNotSet' } })).toBe(1)
      expect(await t.activities.count()).toBe(5)
      const paged: string[] = []
      let cursor: string | undefined
      for (let guard = 0; guard < 10; guard++) {
        const page = await t.activities.timeline({ ...range, limit: 2, ...(cursor ? { cursor } : {}), withTotal: true })
        expect(page.total).toBe(3)
        paged.push(...page.items.map((a) => a.id))
        if (page.nextCursor === null) break
        cursor = page.nextCursor
      }
      expect(paged).toEqual([ids[3], ids[2], ids[1]])
    })

    it('timeline and count refuse bad filters with the path of the problem', async () => {
      const { t } = get().tenant()
      const paths = async (run: Promise<unknown>) => {
        const error = await caught(run)
        expect(error).toBeInstanceOf(ValidationError)
        return (error as ValidationError).issues.map((i) => i.path.join('.'))
      }
      expect(await paths(t.activities.timeline({ where: { field: 'body', op: 'contains', value: 'x' } }))).toEqual([
        'where.field',
      ])
      expect(await paths(t.activities.count({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }))).toEqual([
        'to',
      ])
      expect(await paths(t.activities.timeline({ from: 'yesterday' }))).toEqual(['from'])
      expect(await paths(t.activities.count({ limit: 3 } as never))).toEqual(['limit'])
    })

    it('activities.update changes fields with compare-and-set, emits activity.updated after commit; a no-op keeps the version', async () => {
      const { raw, crm } = get()
      const { t, tenantId } = get().tenant('dora')
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      const acme = await t.companies.create({ name: 'Acme' })
      const a = await t.activities.log({ type: 'call', subject: 'Intro', contactId: ada.id, metadata: { a: 1 } })
      const watch = watchCommitted(crm, raw, tenantId)
      try {
        const u = await t.activities.update(
          a.id,
          { subject: 'Pricing', companyId: acme.id, contactId: null, metadata: { b: [1, 2] } },
          { expectedVersion: 1 },
        )
        expect(u).toMatchObject({ subject: 'Pricing', companyId: acme.id, contactId: null, actor: 'dora', version: 2 })
        expect(u.metadata).toEqual({ b: [1, 2] })
        expect(await raw.row('activities', tenantId, a.id)).toMatchObject({
          subject: 'Pricing',
          companyId: acme.id,
          contactId: null,
          version: 2,
          metadata: { b: [1, 2] },
        })
        expect(await t.activities.get(a.id)).toEqual(u)
        expect(watch.events.map((e) => e.type)).toEqual(['activity.updated'])
        expect(changesOf(watch.events[0]!)).toEqual(['companyId', 'contactId', 'metadata', 'subject'])
        expect((await watch.rows)[0]).toMatchObject({ version: 2, subject: 'Pricing' })
        const same = await t.activities.update(a.id, { subject: 'Pricing', companyId: acme.id })
        expect(same.version).toBe(2)
        expect(watch.events).toHaveLength(1)
        expect(await caught(t.activities.update(a.id, { subject: 'x' }, { expectedVersion: 1 }))).toBeInstanceOf(
          ConflictError,
        )
      } finally {
        watch.off()
      }
    })

    it('activities.update refuses bad patches, a patch that leaves no target, and unknown targets; nothing is written', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      const a = await t.activities.log({ type: 'note', contactId: ada.id })
      const before = await snapshotTenant(raw, tenantId)
      const issues = async (patch: unknown) => {
        const error = await caught(t.activities.update(a.id, patch as never))
        expect(error).toBeInstanceOf(ValidationError)
        return (error as ValidationError).issues.map((i) => i.path.join('.'))
      }
      expect(await issues({ contactId: null })).toEqual(['contactId'])
      expect(await issues({ dealId: ABSENT })).toEqual(['dealId'])
      expect(await issues({ type: 'fax', actor: 'me' })).toEqual(['type', 'actor'])
      expect(await issues({ occurredAt: null })).toEqual(['occurredAt'])
      expect(await caught(t.activities.update(ABSENT, { subject: 'x' }))).toBeInstanceOf(NotFoundError)
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
    })

    it('activities.delete hides an activity from get, timeline and count; restore brings it back; events after commit', async () => {
      const { raw, crm } = get()
      const { t, tenantId } = get().tenant()
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      const a = await t.activities.log({ type: 'note', contactId: ada.id })
      const b = await t.activities.log({ type: 'call', contactId: ada.id })
      const watch = watchCommitted(crm, raw, tenantId)
      try {
        const deleted = await t.activities.delete(a.id, { expectedVersion: 1 })
        expect(deleted.version).toBe(2)
        expect(await t.activities.get(a.id)).toBeNull()
        expect((await t.activities.timeline({ contactId: ada.id })).items.map((x) => x.id)).toEqual([b.id])
        expect(await t.activities.count({ contactId: ada.id })).toBe(1)
        expect((await raw.row('activities', tenantId, a.id))?.deletedAt).toBeTruthy()
        expect(await caught(t.activities.delete(a.id))).toBeInstanceOf(NotFoundError)
        expect(await caught(t.activities.update(a.id, { subject: 'x' }))).toBeInstanceOf(NotFoundError)
        const restored = await t.activities.restore(a.id)
        expect(restored).toMatchObject({ id: a.id, deletedAt: null, version: 3 })
        expect(await t.activities.count({ contactId: ada.id })).toBe(2)
        expect(watch.events.map((e) => e.type)).toEqual(['activity.deleted', 'activity.restored'])
        const rows = await watch.rows
        expect(rows[0]?.deletedAt).toBeTruthy()
        expect(rows[1]).toMatchObject({ deletedAt: null, version: 3 })
        expect(await caught(t.activities.restore(ABSENT))).toBeInstanceOf(NotFoundError)
      } finally {
        watch.off()
      }
    })

    it('tasks.delete hides a task from get, list and count; restore brings it back; events after commit', async () => {
      const { raw, crm } = get()
      const { t, tenantId } = get().tenant()
      const task = await t.tasks.create({ title: 'Call back', assignee: 'u1' })
      await t.tasks.create({ title: 'Other', assignee: 'u1' })
      const watch = watchCommitted(crm, raw, tenantId)
      try {
        expect(await caught(t.tasks.delete(task.id, { expectedVersion: 9 }))).toBeInstanceOf(ConflictError)
        const deleted = await t.tasks.delete(task.id)
        expect(deleted.version).toBe(2)
        expect(await t.tasks.get(task.id)).toBeNull()
        const where = { field: 'assignee', op: 'eq', value: 'u1' } as const
        expect((await t.tasks.list({ where })).items.map((x) => x.title)).toEqual(['Other'])
        expect(await t.tasks.count({ where })).toBe(1)
        expect(await caught(t.tasks.complete(task.id))).toBeInstanceOf(NotFoundError)
        expect(await t.tasks.restore(task.id)).toMatchObject({ id: task.id, deletedAt: null, version: 3 })
        expect(await t.tasks.count({ where })).toBe(2)
        expect(watch.events.map((e) => e.type)).toEqual(['task.deleted', 'task.restored'])
        expect((await watch.rows)[1]).toMatchObject({ deletedAt: null, version: 3 })
        expect(await caught(t.tasks.delete(ABSENT))).toBeInstanceOf(NotFoundError)
        expect((await t.tasks.restore(task.id)).version).toBe(3)
      } finally {
        watch.off()
      }
    })
  })
}
