import { ConflictError, NotFoundError, ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'
import { caught, ISO_TIMESTAMP } from './context.js'

/** Activities (the timeline) and tasks. */
export function activityCrudTests(get: () => SuiteContext): void {
  describe('activities and tasks', () => {
    it('activities.log persists the activity with its actor and metadata', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant('carol')
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      const a = await t.activities.log({
        type: 'call',
        contactId: ada.id,
        occurredAt: '2026-02-01T10:00:00.000Z',
        subject: 'Intro',
        body: 'Talked about pricing',
        channel: 'phone',
        metadata: { durationSec: 300, outcome: 'positive' },
      })
      expect(a).toMatchObject({
        type: 'call',
        contactId: ada.id,
        occurredAt: '2026-02-01T10:00:00.000Z',
        actor: 'carol',
      })
      expect(await raw.row('activities', tenantId, a.id)).toMatchObject({
        type: 'call',
        contactId: ada.id,
        companyId: null,
        dealId: null,
        occurredAt: '2026-02-01T10:00:00.000Z',
        subject: 'Intro',
        body: 'Talked about pricing',
        channel: 'phone',
        actor: 'carol',
        metadata: { durationSec: 300, outcome: 'positive' },
      })
    })

    it('occurredAt accepts a Date and defaults to now', async () => {
      const { clock } = get()
      const { t } = get().tenant()
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      const a = await t.activities.log({
        type: 'note',
        contactId: ada.id,
        occurredAt: new Date('2026-01-02T03:04:05.678Z'),
      })
      expect(a.occurredAt).toBe('2026-01-02T03:04:05.678Z')
      const before = clock.peek().toISOString()
      const b = await t.activities.log({ type: 'custom:webinar', contactId: ada.id })
      expect(b.occurredAt).toMatch(ISO_TIMESTAMP)
      expect(b.occurredAt >= before).toBe(true)
    })

    it('an activity needs a subject record that exists in this tenant; nothing is written otherwise', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      expect(await caught(t.activities.log({ type: 'note' }))).toBeInstanceOf(ValidationError)
      const absent = '0190a0a0-0000-7000-8000-0000000000ee'
      for (const subject of [{ contactId: absent }, { companyId: absent }, { dealId: absent }]) {
        expect(await caught(t.activities.log({ type: 'note', ...subject }))).toSatisfy(
          (e: unknown) => e instanceof ValidationError || e instanceof NotFoundError,
        )
      }
      expect(await caught(t.activities.log({ type: 'smoke-signal' as 'note', contactId: absent }))).toBeInstanceOf(
        ValidationError,
      )
      expect(await raw.count('activities', tenantId)).toBe(0)
    })

    it('timeline lists a record’s activities newest first, filters by type and pages without gaps', async () => {
      const { t } = get().tenant()
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      const bob = await t.contacts.create({ email: 'bob@x.io' })
      const types = ['email', 'call', 'meeting', 'note', 'pageView', 'formSubmission', 'call'] as const
      const logged = []
      for (const [i, type] of types.entries()) {
        const occurredAt = `2026-01-${String(10 + i).padStart(2, '0')}T09:00:00.000Z`
        logged.push(await t.activities.log({ type, contactId: ada.id, occurredAt }))
      }
      await t.activities.log({ type: 'call', contactId: bob.id, occurredAt: '2026-01-30T00:00:00.000Z' })
      const all = await t.activities.timeline({ contactId: ada.id })
      expect(all.items.map((a) => a.id)).toEqual([...logged].reverse().map((a) => a.id))
      const calls = await t.activities.timeline({ contactId: ada.id, types: ['call'] })
      expect(calls.items.map((a) => a.occurredAt)).toEqual(['2026-01-16T09:00:00.000Z', '2026-01-11T09:00:00.000Z'])
      const paged: string[] = []
      let cursor: string | undefined
      for (let guard = 0; guard < 10; guard++) {
        const page = await t.activities.timeline({ contactId: ada.id, limit: 3, ...(cursor ? { cursor } : {}) })
        paged.push(...page.items.map((a) => a.id))
        if (page.nextCursor === null) break
        cursor = page.nextCursor
      }
      expect(paged).toEqual(all.items.map((a) => a.id))
    })

    it('timeline pages through activities that share one occurredAt without skipping or repeating any', async () => {
      const { t } = get().tenant()
      const p = await t.pipelines.create({ name: 'P', currency: 'EUR', stages: [{ name: 'S', probability: 0.5 }] })
      const d = await t.deals.create({ title: 'D', pipelineId: p.id, amount: { value: 1, currency: 'EUR' } })
      const at = '2026-02-02T02:02:02.002Z'
      const ids = new Set<string>()
      for (let i = 0; i < 7; i++) ids.add((await t.activities.log({ type: 'note', dealId: d.id, occurredAt: at })).id)
      const seen: string[] = []
      let cursor: string | undefined
      for (let guard = 0; guard < 10; guard++) {
        const page = await t.activities.timeline({ dealId: d.id, limit: 2, ...(cursor ? { cursor } : {}) })
        seen.push(...page.items.map((a) => a.id))
        if (page.nextCursor === null) break
        cursor = page.nextCursor
      }
      expect(seen).toHaveLength(7)
      expect(new Set(seen)).toEqual(ids)
    })

    it('tasks: create, update with compare-and-set, complete, list by status', async () => {
      const { raw, clock } = get()
      const { t, tenantId } = get().tenant()
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      const task = await t.tasks.create({
        title: 'Call back',
        notes: 'after lunch',
        assignee: 'user-1',
        dueAt: '2026-03-05T15:00:00.000Z',
        contactId: ada.id,
      })
      expect(task).toMatchObject({
        title: 'Call back',
        assignee: 'user-1',
        dueAt: '2026-03-05T15:00:00.000Z',
        contactId: ada.id,
        version: 1,
        completedAt: null,
      })
      const openStatus = task.status
      expect(await raw.row('tasks', tenantId, task.id)).toMatchObject({
        title: 'Call back',
        notes: 'after lunch',
        assignee: 'user-1',
        dueAt: '2026-03-05T15:00:00.000Z',
        status: openStatus,
        contactId: ada.id,
        completedAt: null,
        version: 1,
      })
      const u = await t.tasks.update(task.id, { dueAt: new Date('2026-03-06T15:00:00.000Z') }, { expectedVersion: 1 })
      expect(u).toMatchObject({ dueAt: '2026-03-06T15:00:00.000Z', version: 2 })
      expect(await caught(t.tasks.update(task.id, { title: 'x' }, { expectedVersion: 1 }))).toBeInstanceOf(
        ConflictError,
      )
      const other = await t.tasks.create({ title: 'Other', assignee: 'user-2' })
      clock.set('2026-03-06T16:00:00.000Z')
      const done = await t.tasks.complete(task.id, { expectedVersion: 2 })
      expect(done.status).not.toBe(openStatus)
      expect(done.completedAt).toBe('2026-03-06T16:00:00.000Z')
      expect(await raw.row('tasks', tenantId, task.id)).toMatchObject({
        status: done.status,
        completedAt: done.completedAt,
        version: 3,
      })
      const open = await t.tasks.list({ where: { field: 'status', op: 'eq', value: openStatus } })
      expect(open.items.map((x) => x.id)).toEqual([other.id])
      const closed = await t.tasks.list({ where: { field: 'completedAt', op: 'isSet' } })
      expect(closed.items.map((x) => x.id)).toEqual([task.id])
      expect(await t.tasks.get(task.id)).toEqual(done)
    })

    it('a task linked to an absent record is rejected; complete of an absent task is NotFoundError', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const absent = '0190a0a0-0000-7000-8000-0000000000ef'
      expect(await caught(t.tasks.create({ title: 'x', dealId: absent }))).toSatisfy(
        (e: unknown) => e instanceof ValidationError || e instanceof NotFoundError,
      )
      expect(await caught(t.tasks.complete(absent))).toBeInstanceOf(NotFoundError)
      expect(await t.tasks.get(absent)).toBeNull()
      expect(await raw.count('tasks', tenantId)).toBe(0)
    })
  })
}
