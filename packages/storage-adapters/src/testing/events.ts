import type { StorageRow } from '@crmkit/core/storage'
import { ConflictError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import { requireCapability } from './capabilities.js'
import type { SuiteContext } from './context.js'
import { caught, describeError } from './context.js'
import { salesPipeline } from './crud-pipeline.js'
import type { WriteCall } from './faults.js'
import { faultyStorage, isInjectedFault } from './faults.js'

type Seen = { type: string; tenantId: string }

/** Domain events: outbox rows in the write's transaction, delivery only after commit. */
export function eventTests(get: () => SuiteContext): void {
  describe('domain events', () => {
    it('a subscriber of contact.created sees the committed row and its outbox row in storage', async () => {
      const { raw, crm } = get()
      const { t, tenantId } = get().tenant('ed')
      const reads: Array<Promise<[StorageRow | undefined, StorageRow | undefined]>> = []
      const off = crm.events.on('contact.created', (e) => {
        if (e.tenantId !== tenantId) return
        expect(e).toMatchObject({ type: 'contact.created', tenantId, actor: 'ed' })
        // Started synchronously inside the delivery: the data must already be committed.
        reads.push(
          Promise.all([raw.row('contacts', tenantId, e.payload.contact.id), raw.row('events', tenantId, e.id)]),
        )
      })
      try {
        const c = await t.contacts.create({ email: 'seen@x.io' })
        expect(reads).toHaveLength(1)
        const [row, eventRow] = await reads[0]!
        expect(row).toMatchObject({ id: c.id, email: 'seen@x.io', version: 1 })
        expect(eventRow).toMatchObject({ type: 'contact.created', actor: 'ed', tenantId })
        expect(JSON.stringify(eventRow?.payload)).toContain(c.id)
      } finally {
        off()
      }
    })

    it('deal.stageChanged (and deal.won) arrive after the transition and the deal update are committed', async () => {
      const { raw, crm } = get()
      const { t, tenantId } = get().tenant()
      const p = await salesPipeline(t)
      const d = await t.deals.create({ title: 'E', pipelineId: p.id, amount: { value: 1, currency: 'EUR' } })
      const seen: string[] = []
      const reads: Array<Promise<unknown>> = []
      const off = crm.events.onAny((e) => {
        if (e.tenantId !== tenantId) return
        seen.push(e.type)
        if (e.type === 'deal.stageChanged') {
          reads.push(
            Promise.all([
              raw.row('dealTransitions', tenantId, e.payload.transition.id),
              raw.row('deals', tenantId, d.id),
            ]).then(([tr, deal]) => {
              expect(tr).toMatchObject({ dealId: d.id, fromStageId: p.stages[0]!.id, toStageId: p.stages[2]!.id })
              expect(deal).toMatchObject({ stageId: p.stages[2]!.id, status: 'won', version: 2 })
            }),
          )
        }
      })
      try {
        await t.deals.moveToStage(d.id, p.stages[2]!.id)
        expect(seen).toEqual(['deal.stageChanged', 'deal.won'])
        await Promise.all(reads)
        const stored = (await raw.rows('events', tenantId)).map((r) => r.type)
        expect(stored).toEqual(
          expect.arrayContaining(['pipeline.created', 'deal.created', 'deal.stageChanged', 'deal.won']),
        )
      } finally {
        off()
      }
    })

    const atomicCases: Array<{ name: string; fail: (c: WriteCall) => boolean }> = [
      { name: 'the event insert', fail: (c) => c.op === 'insert' && c.target === 'events' },
      { name: 'the transition insert', fail: (c) => c.op === 'insert' && c.target === 'dealTransitions' },
      { name: 'the deal update', fail: (c) => c.op === 'update' && c.target === 'deals' },
    ]
    for (const { name, fail } of atomicCases) {
      it(`moveToStage is atomic: when ${name} fails, deal, transition log and outbox are unchanged and nothing is emitted`, async ({
        skip,
      }) => {
        requireCapability(skip, get().storage, 'supportsTransactions')
        const { raw, storage } = get()
        let armed = false
        const faulty = get().crmOver(faultyStorage(storage, (c) => armed && fail(c)))
        const { tenantId } = get().tenant()
        const t = faulty.forTenant(tenantId, { actor: 'x' })
        const p = await salesPipeline(t)
        const d = await t.deals.create({ title: 'A', pipelineId: p.id, amount: { value: 1, currency: 'EUR' } })
        const emitted: Seen[] = []
        faulty.events.onAny((e) => void emitted.push(e))
        const before = {
          deal: await raw.row('deals', tenantId, d.id),
          log: await raw.rows('dealTransitions', tenantId),
          events: await raw.rows('events', tenantId),
        }
        armed = true
        const error = await caught(t.deals.moveToStage(d.id, p.stages[2]!.id))
        armed = false
        expect(isInjectedFault(error), describeError(error)).toBe(true)
        expect(await raw.row('deals', tenantId, d.id)).toEqual(before.deal)
        expect(await raw.rows('dealTransitions', tenantId)).toEqual(before.log)
        expect(await raw.rows('events', tenantId)).toEqual(before.events)
        expect(emitted).toEqual([])
        // The store is still usable and the move works once storage recovers.
        const moved = await t.deals.moveToStage(d.id, p.stages[2]!.id)
        expect(moved).toMatchObject({ status: 'won', version: 2 })
        expect(emitted.map((e) => e.type)).toEqual(['deal.stageChanged', 'deal.won'])
      })
    }

    it('a create whose event insert fails leaves no row and emits nothing', async ({ skip }) => {
      requireCapability(skip, get().storage, 'supportsTransactions')
      const { raw, storage } = get()
      let armed = true
      const faulty = get().crmOver(faultyStorage(storage, (c) => armed && c.target === 'events'))
      const { tenantId } = get().tenant()
      const t = faulty.forTenant(tenantId, { actor: 'x' })
      const emitted: Seen[] = []
      faulty.events.onAny((e) => void emitted.push(e))
      expect(isInjectedFault(await caught(t.companies.create({ name: 'Ghost' })))).toBe(true)
      expect(isInjectedFault(await caught(t.contacts.create({ email: 'ghost@x.io' })))).toBe(true)
      armed = false
      expect(await raw.count('companies', tenantId)).toBe(0)
      expect(await raw.count('contacts', tenantId)).toBe(0)
      expect(await raw.count('events', tenantId)).toBe(0)
      expect(emitted).toEqual([])
      // The email was not taken by the rolled-back write.
      await t.contacts.create({ email: 'ghost@x.io' })
      expect(await raw.count('contacts', tenantId)).toBe(1)
    })

    it('rejected writes (conflict, validation) store and emit no event', async () => {
      const { raw, crm } = get()
      const { t, tenantId } = get().tenant()
      const c = await t.contacts.create({ email: 'one@x.io' })
      const seen: Seen[] = []
      const off = crm.events.onAny((e) => {
        if (e.tenantId === tenantId) seen.push(e)
      })
      try {
        const stored = await raw.count('events', tenantId)
        expect(await caught(t.contacts.create({ email: 'one@x.io' }))).toBeInstanceOf(ConflictError)
        expect(await caught(t.contacts.update(c.id, { firstName: 'x' }, { expectedVersion: 9 }))).toBeInstanceOf(
          ConflictError,
        )
        await caught(t.contacts.update(c.id, { email: 'nope' }))
        expect(seen).toEqual([])
        expect(await raw.count('events', tenantId)).toBe(stored)
      } finally {
        off()
      }
    })

    it('a throwing or rejecting subscriber never breaks the write; its error goes to onError', async () => {
      const { raw, crm } = get()
      const { t, tenantId } = get().tenant()
      const errors: Array<{ error: unknown; type: string }> = []
      const offs = [
        crm.events.on('company.created', () => {
          throw new Error('subscriber boom')
        }),
        crm.events.on('company.created', async () => {
          throw new Error('async boom')
        }),
        crm.events.onError((error, event) => {
          if (event.tenantId === tenantId) errors.push({ error, type: event.type })
        }),
      ]
      const later: string[] = []
      offs.push(
        crm.events.on('company.created', (e) => void (e.tenantId === tenantId && later.push(e.payload.company.id))),
      )
      try {
        const co = await t.companies.create({ name: 'Sturdy' })
        await new Promise((resolve) => setTimeout(resolve, 20))
        expect(await raw.row('companies', tenantId, co.id)).toMatchObject({ name: 'Sturdy' })
        expect(later).toEqual([co.id])
        expect(errors.map((e) => [e.type, (e.error as Error).message]).sort()).toEqual([
          ['company.created', 'async boom'],
          ['company.created', 'subscriber boom'],
        ])
      } finally {
        for (const off of offs) off()
      }
    })

    it('off() stops delivery; onAny sees every event of a write sequence in order', async () => {
      const { crm } = get()
      const { t, tenantId } = get().tenant()
      const typed: string[] = []
      const all: string[] = []
      const off = crm.events.on('contact.updated', (e) => void (e.tenantId === tenantId && typed.push(e.type)))
      const offAny = crm.events.onAny((e) => void (e.tenantId === tenantId && all.push(e.type)))
      try {
        const c = await t.contacts.create({ email: 'seq@x.io' })
        await t.contacts.update(c.id, { firstName: 'S' })
        off()
        await t.contacts.update(c.id, { firstName: 'T' })
        await t.contacts.delete(c.id)
        await t.contacts.restore(c.id)
        const task = await t.tasks.create({ title: 'x', contactId: c.id })
        await t.tasks.complete(task.id)
        await t.activities.log({ type: 'note', contactId: c.id })
        expect(typed).toEqual(['contact.updated'])
        expect(all).toEqual([
          'contact.created',
          'contact.updated',
          'contact.updated',
          'contact.deleted',
          'contact.restored',
          'task.created',
          'task.completed',
          'activity.logged',
        ])
      } finally {
        offAny()
      }
    })

    it('events.list reads the durable outbox oldest first, resumes after a stored event id, and matches storage', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant('lister')
      const c = await t.contacts.create({ email: 'out@x.io' })
      await t.contacts.update(c.id, { lastName: 'Box' })
      await t.contacts.delete(c.id)
      await t.contacts.restore(c.id)
      const all = await t.events.list()
      expect(all.items.map((e) => e.type)).toEqual([
        'contact.created',
        'contact.updated',
        'contact.deleted',
        'contact.restored',
      ])
      for (const e of all.items) {
        expect(e).toMatchObject({ tenantId, actor: 'lister' })
        expect(await raw.row('events', tenantId, e.id)).toMatchObject({
          type: e.type,
          actor: 'lister',
          createdAt: e.occurredAt,
        })
      }
      // The cursor is an event id: a relay that stored the last id it handled resumes from it.
      const after = await t.events.list({ cursor: all.items[1]!.id, limit: 1, withTotal: true })
      expect(after.items.map((e) => e.type)).toEqual(['contact.deleted'])
      expect(after.nextCursor).toBe(all.items[2]!.id)
      expect(after.total).toBe(4)
      const rest = await t.events.list({ cursor: after.nextCursor! })
      expect(rest.items.map((e) => e.type)).toEqual(['contact.restored'])
      expect(rest).not.toHaveProperty('total')
      expect(rest.nextCursor).toBeNull()
      expect(await raw.count('events', tenantId)).toBe(4)
    })
  })
}
