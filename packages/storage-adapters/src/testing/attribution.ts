import { ConflictError, NotFoundError, ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import { requireCapability } from './capabilities.js'
import type { SuiteContext, Tenant } from './context.js'
import { caught, describeError } from './context.js'
import { salesPipeline } from './crud-pipeline.js'
import { faultyStorage, isInjectedFault } from './faults.js'

/** Contacts for attribution tests (ids in creation order). */
export async function people(t: Tenant, n: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < n; i++) ids.push((await t.contacts.create({ email: `p${i}@attr.io` })).id)
  return ids
}

/** Touchpoints, identities and conversions: idempotent, validated, tenant-isolated, evented. */
export function attributionWriteTests(get: () => SuiteContext): void {
  describe('attribution: touchpoints and conversions', () => {
    it('track stores a touchpoint once per idempotency key and emits touchpoint.tracked once', async () => {
      const { raw, crm } = get()
      const { t, tenantId } = get().tenant()
      const [ada] = await people(t, 1)
      const seen: string[] = []
      const off = crm.events.on(
        'touchpoint.tracked',
        (e) => void (e.tenantId === tenantId && seen.push(e.payload.touchpoint.id)),
      )
      try {
        const input = {
          channel: 'email',
          campaign: 'spring',
          source: 'newsletter',
          medium: 'email',
          contactId: ada!,
          occurredAt: '2026-02-01T10:00:00Z',
        }
        const a = await t.attribution.track(input, { idempotencyKey: 'tp-1' })
        const b = await t.attribution.track({ ...input, channel: 'other' }, { idempotencyKey: 'tp-1' })
        expect(b).toEqual(a)
        expect(a).toMatchObject({
          channel: 'email',
          campaign: 'spring',
          contactId: ada,
          occurredAt: '2026-02-01T10:00:00.000Z',
          version: 1,
        })
        const rows = await raw.rows('touchpoints', tenantId)
        expect(rows).toHaveLength(1)
        expect(rows[0]).toMatchObject({
          id: a.id,
          idempotencyKey: 'tp-1',
          occurredMs: Date.parse('2026-02-01T10:00:00Z'),
          term: null,
        })
        expect(seen).toEqual([a.id])
        // Without a key every call stores a new touchpoint.
        await t.attribution.track(input)
        await t.attribution.track(input)
        expect(await raw.count('touchpoints', tenantId)).toBe(3)
      } finally {
        off()
      }
    })

    it('trackMany stores new items in one go, returns stored ones for replayed keys, and rejects the batch on a bad item', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const [ada] = await people(t, 1)
      const first = await t.attribution.track({ channel: 'ads', contactId: ada! }, { idempotencyKey: 'k1' })
      const out = await t.attribution.trackMany([
        { channel: 'ads', contactId: ada!, idempotencyKey: 'k1' },
        { channel: 'seo', contactId: ada!, idempotencyKey: 'k2' },
        { channel: 'seo-again', contactId: ada!, idempotencyKey: 'k2' },
        { channel: 'social', anonymousId: 'visitor-1' },
      ])
      expect(out[0]).toEqual(first)
      expect(out[2]).toEqual(out[1])
      expect(out[1]).toMatchObject({ channel: 'seo' })
      expect(out[3]).toMatchObject({ channel: 'social', contactId: null, anonymousId: 'visitor-1' })
      expect(await raw.count('touchpoints', tenantId)).toBe(3)
      const error = await caught(
        t.attribution.trackMany([
          { channel: 'ok', contactId: ada! },
          { channel: 'bad', contactId: '00000000-0000-7000-8000-000000000000' },
        ]),
      )
      expect(error, describeError(error)).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).issues[0]?.path).toEqual([1, 'contactId'])
      expect(await raw.count('touchpoints', tenantId)).toBe(3)
      for (const bad of [
        { channel: 'x' },
        { channel: 'a\u001fb', contactId: ada! },
        { channel: 'x', contactId: ada!, id: 'mine' },
      ]) {
        expect(await caught(t.attribution.track(bad as never))).toBeInstanceOf(ValidationError)
      }
    })

    it('identify links the anonymous touchpoints to the contact, is idempotent, and links later anonymous touches', async () => {
      const { raw, crm } = get()
      const { t, tenantId } = get().tenant()
      const [ada, bob] = await people(t, 2)
      const a1 = await t.attribution.track({ channel: 'ads', anonymousId: 'cookie-9' })
      const a2 = await t.attribution.track({ channel: 'seo', anonymousId: 'cookie-9' })
      const other = await t.attribution.track({ channel: 'seo', anonymousId: 'cookie-x' })
      const seen: number[] = []
      const off = crm.events.on(
        'contact.identified',
        (e) => void (e.tenantId === tenantId && seen.push(e.payload.linked)),
      )
      try {
        expect(await t.attribution.identify('cookie-9', ada!)).toEqual({
          anonymousId: 'cookie-9',
          contactId: ada,
          linked: 2,
        })
        expect(await t.attribution.identify('cookie-9', ada!)).toEqual({
          anonymousId: 'cookie-9',
          contactId: ada,
          linked: 0,
        })
        expect(seen).toEqual([2])
      } finally {
        off()
      }
      expect(await raw.row('touchpoints', tenantId, a1.id)).toMatchObject({ contactId: ada, version: 2 })
      expect(await raw.row('touchpoints', tenantId, a2.id)).toMatchObject({ contactId: ada })
      expect(await raw.row('touchpoints', tenantId, other.id)).toMatchObject({ contactId: null })
      const later = await t.attribution.track({ channel: 'email', anonymousId: 'cookie-9' })
      expect(later.contactId).toBe(ada)
      expect(await caught(t.attribution.identify('cookie-9', bob!))).toBeInstanceOf(ConflictError)
      expect(await caught(t.attribution.identify('cookie-x', '00000000-0000-7000-8000-000000000000'))).toBeInstanceOf(
        NotFoundError,
      )
      expect(await raw.count('identities', tenantId)).toBe(1)
    })

    it('recordConversion is idempotent by key and validated', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const [ada] = await people(t, 1)
      const input = {
        type: 'purchase',
        value: 4999,
        currency: 'eur',
        contactId: ada!,
        occurredAt: '2026-02-03T00:00:00Z',
      }
      const a = await t.attribution.recordConversion(input, { idempotencyKey: 'order-1' })
      expect(await t.attribution.recordConversion({ ...input, value: 1 }, { idempotencyKey: 'order-1' })).toEqual(a)
      expect(a).toMatchObject({ type: 'purchase', value: 4999, currency: 'EUR', dealId: null })
      expect(await raw.rows('conversions', tenantId)).toEqual([
        expect.objectContaining({
          id: a.id,
          amountValue: 4999,
          amountCurrency: 'EUR',
          occurredMs: Date.parse('2026-02-03T00:00:00Z'),
        }),
      ])
      for (const bad of [
        { ...input, type: 'dealWon' },
        { ...input, value: 1.5 },
        { ...input, contactId: 'nope' },
      ]) {
        expect(await caught(t.attribution.recordConversion(bad))).toBeInstanceOf(ValidationError)
      }
      expect(await raw.count('conversions', tenantId)).toBe(1)
    })

    it('a won deal records one dealWon conversion per contact, splitting the amount, once', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const [ada, bob, cy] = await people(t, 3)
      const p = await salesPipeline(t)
      const d = await t.deals.create({
        title: 'D',
        pipelineId: p.id,
        amount: { value: 1001, currency: 'EUR' },
        contactIds: [cy!, ada!, bob!],
      })
      await t.deals.moveToStage(d.id, p.stages[1]!.id)
      expect(await raw.count('conversions', tenantId)).toBe(0)
      await t.deals.moveToStage(d.id, p.stages[2]!.id)
      const rows = (await raw.rows('conversions', tenantId)).sort((a, b) =>
        String(a.contactId).localeCompare(String(b.contactId)),
      )
      const sorted = [ada!, bob!, cy!].sort()
      expect(rows.map((r) => [r.contactId, r.amountValue, r.type, r.dealId])).toEqual([
        [sorted[0], 334, 'dealWon', d.id],
        [sorted[1], 334, 'dealWon', d.id],
        [sorted[2], 333, 'dealWon', d.id],
      ])
      const events = (await raw.rows('events', tenantId)).filter((e) => e.type === 'conversion.recorded')
      expect(events).toHaveLength(3)
      // Reopened and won again: not counted twice.
      await t.deals.moveToStage(d.id, p.stages[1]!.id)
      await t.deals.moveToStage(d.id, p.stages[2]!.id)
      expect(await raw.count('conversions', tenantId)).toBe(3)
      // A deal created in a won stage converts too; one without contacts does not.
      await t.deals.create({
        title: 'E',
        pipelineId: p.id,
        stageId: p.stages[2]!.id,
        amount: { value: 5, currency: 'EUR' },
        contactIds: [ada!],
      })
      await t.deals.create({
        title: 'F',
        pipelineId: p.id,
        stageId: p.stages[2]!.id,
        amount: { value: 5, currency: 'EUR' },
      })
      expect(await raw.count('conversions', tenantId)).toBe(4)
    })

    it('the won-deal conversion is in the stage move transaction: if it fails, the deal is not moved', async ({
      skip,
    }) => {
      requireCapability(skip, get().storage, 'supportsTransactions')
      const { raw, storage } = get()
      let armed = false
      const faulty = get().crmOver(
        faultyStorage(storage, (c) => armed && c.op === 'insert' && c.target === 'conversions'),
      )
      const { tenantId } = get().tenant()
      const t = faulty.forTenant(tenantId, { actor: 'x' })
      const [ada] = await people(t, 1)
      const p = await salesPipeline(t)
      const d = await t.deals.create({
        title: 'A',
        pipelineId: p.id,
        amount: { value: 9, currency: 'EUR' },
        contactIds: [ada!],
      })
      const before = await raw.row('deals', tenantId, d.id)
      armed = true
      expect(isInjectedFault(await caught(t.deals.moveToStage(d.id, p.stages[2]!.id)))).toBe(true)
      armed = false
      expect(await raw.row('deals', tenantId, d.id)).toEqual(before)
      expect(await raw.count('conversions', tenantId)).toBe(0)
      await t.deals.moveToStage(d.id, p.stages[2]!.id)
      expect(await raw.count('conversions', tenantId)).toBe(1)
    })

    it('tenants are isolated: other tenants’ contacts are unknown and their data never reaches a report', async () => {
      const { raw } = get()
      const a = get().tenant()
      const b = get().tenant()
      const [ada] = await people(a.t, 1)
      await a.t.attribution.track(
        { channel: 'ads', contactId: ada!, occurredAt: '2026-01-01T00:00:00Z' },
        { idempotencyKey: 'same' },
      )
      await a.t.attribution.recordConversion({
        type: 'signup',
        currency: 'EUR',
        contactId: ada!,
        occurredAt: '2026-01-02T00:00:00Z',
      })
      expect(await caught(b.t.attribution.track({ channel: 'x', contactId: ada! }))).toBeInstanceOf(ValidationError)
      expect(await caught(b.t.attribution.identify('c', ada!))).toBeInstanceOf(NotFoundError)
      expect(
        await caught(b.t.attribution.recordConversion({ type: 's', currency: 'EUR', contactId: ada! })),
      ).toBeInstanceOf(ValidationError)
      // The same key in another tenant is another touchpoint.
      const [bea] = await people(b.t, 1)
      await b.t.attribution.track({ channel: 'seo', contactId: bea! }, { idempotencyKey: 'same' })
      expect(await raw.count('touchpoints', a.tenantId)).toBe(1)
      expect(await raw.count('touchpoints', b.tenantId)).toBe(1)
      const range = { from: '2025-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' }
      const rb = await b.t.attribution.report({ model: 'markov', ...range })
      expect(rb.rows).toEqual([])
      expect(rb.totals).toMatchObject({ conversions: 0, revenue: 0, nonConvertingJourneys: 1 })
      const ra = await a.t.attribution.report({ model: 'last', ...range })
      expect(ra.rows.map((r) => [r.key, r.conversions])).toEqual([['ads', 1]])
    })
  })
}
