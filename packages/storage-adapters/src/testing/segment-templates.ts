import { segmentTemplates, ValidationError } from '@crmkit/core'
import { describe, expect, it } from 'vitest'
import { caught, type SuiteContext, type Tenant } from './context.js'

const NOW = '2026-03-01T12:00:00.000Z'
const DAY = 86_400_000
const ago = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString()

type Name = 'ann' | 'ben' | 'cat' | 'dan' | 'eve' | 'fay'

/**
 * A hand-built timeline (no event on a window's boundary, so the answers are the same however
 * the clock ticks):
 * - ann: page views 1, 5 and 10 days ago (3 in the last 14 days);
 * - ben: page views 2 and 20 days ago;
 * - cat: first and only purchase 10 days ago;
 * - dan: purchases 100 and 200 days ago;
 * - eve (at Acme, software): purchases 5, 40 and 300 days ago;
 * - fay: one purchase 80 days ago.
 */
async function seed(get: () => SuiteContext) {
  const { clock } = get()
  const { t } = get().tenant()
  clock.set(ago(400))
  const acme = await t.companies.create({ name: 'Acme', industry: 'software' })
  const id: Record<Name, string> = {
    ann: (await t.contacts.create({ email: 'ann@t.io' })).id,
    ben: (await t.contacts.create({ email: 'ben@t.io' })).id,
    cat: (await t.contacts.create({ email: 'cat@t.io' })).id,
    dan: (await t.contacts.create({ email: 'dan@t.io' })).id,
    eve: (await t.contacts.create({ email: 'eve@t.io', companyIds: [acme.id] })).id,
    fay: (await t.contacts.create({ email: 'fay@t.io' })).id,
  }
  const view = (who: Name, days: number) =>
    t.activities.log({ type: 'pageView', contactId: id[who], occurredAt: ago(days), subject: '/pricing' })
  const buy = (who: Name, days: number) =>
    t.attribution.recordConversion({
      type: 'purchase',
      contactId: id[who],
      value: 2500,
      currency: 'EUR',
      occurredAt: ago(days),
    })
  for (const days of [1, 5, 10]) await view('ann', days)
  for (const days of [2, 20]) await view('ben', days)
  await buy('cat', 10)
  for (const days of [100, 200]) await buy('dan', days)
  for (const days of [5, 40, 300]) await buy('eve', days)
  await buy('fay', 80)
  clock.set(NOW)
  return { t, id, acme }
}

/** The segment events of a tenant's outbox, as `type segmentId contactId`, in write order. */
async function segmentEvents(t: Tenant): Promise<string[]> {
  const out: string[] = []
  for (let cursor: string | null | undefined; ; ) {
    const page = await t.events.list({ limit: 1000, ...(cursor ? { after: cursor } : {}) })
    for (const e of page.items) {
      if (e.type === 'segment.entered' || e.type === 'segment.left') {
        out.push(`${e.type} ${e.payload.segmentId} ${e.payload.contactId}`)
      }
    }
    cursor = page.nextCursor
    if (!cursor) return out
  }
}

/** The behavioural templates saved as dynamic segments: members, count, explain, and time passing. */
export function segmentTemplateTests(get: () => SuiteContext): void {
  describe('segment templates', () => {
    it('behavioural templates select the hand-derived members, explain them, and follow the clock', async () => {
      await get().clock.restoring(async () => {
        const { t, id } = await seed(get)
        const names = (ids: readonly string[]) =>
          ids.map((x) => (Object.keys(id) as Name[]).find((n) => id[n] === x) ?? x).sort()
        const membersOf = async (segmentId: string) =>
          names((await t.segments.members(segmentId, { limit: 100 })).items.map((c) => c.id))

        const browsers = await t.segments.create(segmentTemplates.repeatBrowsers({ minViews: 3, days: 14 }))
        const firstBuyers = await t.segments.create(segmentTemplates.recentFirstBuyers({ days: 30 }))
        const inactive = await t.segments.create(segmentTemplates.inactiveCustomers({ days: 90 }))
        const loyal = await t.segments.create(segmentTemplates.loyalCustomers({ minPurchases: 3, days: 365 }))
        const expected: [typeof browsers, Name[]][] = [
          [browsers, ['ann']],
          [firstBuyers, ['cat']],
          [inactive, ['dan']],
          [loyal, ['eve']],
        ]
        for (const [segment, members] of expected) {
          expect(await membersOf(segment.id), segment.name).toEqual(members)
          expect(await t.segments.count(segment.id), segment.name).toBe(members.length)
        }

        expect(await t.segments.explain(browsers.id, id.ann)).toEqual({
          segmentId: browsers.id,
          contactId: id.ann,
          member: true,
          tree: {
            kind: 'related',
            held: true,
            relation: 'activities',
            measure: 'count',
            op: 'gte',
            value: 3,
            matched: 3,
            actual: 3,
            summary: '3 activities matched, needed >= 3: held',
          },
        })
        expect(await t.segments.explain(browsers.id, id.ben)).toMatchObject({
          member: false,
          tree: { held: false, matched: 1, summary: '1 activities matched, needed >= 3: did not hold' },
        })
        expect(await t.segments.explain(firstBuyers.id, id.cat)).toMatchObject({
          member: true,
          tree: { kind: 'related', held: true, relation: 'conversions', measure: 'min', matched: 1, actual: ago(10) },
        })
        expect(await t.segments.explain(firstBuyers.id, id.eve)).toMatchObject({
          member: false,
          tree: { held: false, matched: 3, actual: ago(300) },
        })
        const dan = await t.segments.explain(inactive.id, id.dan)
        expect(dan).toMatchObject({
          member: true,
          tree: {
            kind: 'all',
            held: true,
            nodes: [
              { kind: 'related', held: true, matched: 2 },
              { kind: 'related', held: true, matched: 0, actual: 0, op: 'eq', value: 0 },
            ],
          },
        })
        expect(await t.segments.explain(inactive.id, id.fay)).toMatchObject({
          member: false,
          tree: { held: false, nodes: [{ held: true }, { held: false, matched: 1 }] },
        })
        expect(await t.segments.explain(loyal.id, id.dan)).toMatchObject({
          member: false,
          tree: { held: false, matched: 2, actual: 2 },
        })

        // 25 days later: ann's views and cat's first purchase fall out of their windows, fay's
        // last purchase is now over 90 days old. Membership read now follows the clock; the
        // stored membership (and its events) catches up on refresh, once.
        get().clock.set(new Date(Date.parse(NOW) + 25 * DAY))
        const later: [typeof browsers, Name[]][] = [
          [browsers, []],
          [firstBuyers, []],
          [inactive, ['dan', 'fay']],
          [loyal, ['eve']],
        ]
        for (const [segment, members] of later) {
          expect(await membersOf(segment.id), segment.name).toEqual(members)
          expect(await t.segments.count(segment.id), segment.name).toBe(members.length)
        }
        const before = (await segmentEvents(t)).length
        expect(await t.segments.refresh()).toEqual({ segments: 4, entered: 1, left: 2 })
        expect((await segmentEvents(t)).slice(before).sort()).toEqual(
          [
            `segment.left ${browsers.id} ${id.ann}`,
            `segment.left ${firstBuyers.id} ${id.cat}`,
            `segment.entered ${inactive.id} ${id.fay}`,
          ].sort(),
        )
        expect(await t.segments.refresh()).toEqual({ segments: 4, entered: 0, left: 0 })
        expect(await t.segments.explain(inactive.id, id.fay)).toMatchObject({ member: true, tree: { held: true } })

        // A write enters a contact at once, without a refresh: ben views three more pages.
        for (let i = 0; i < 3; i++) {
          await t.activities.log({ type: 'pageView', contactId: id.ben, occurredAt: get().clock.peek().toISOString() })
        }
        expect((await segmentEvents(t)).at(-1)).toBe(`segment.entered ${browsers.id} ${id.ben}`)
      })
    })

    it('references and prefixed fields: explain shows the inSegment node; a company edit moves members live', async () => {
      await get().clock.restoring(async () => {
        const { t, id, acme } = await seed(get)
        const names = (ids: readonly string[]) =>
          ids.map((x) => (Object.keys(id) as Name[]).find((n) => id[n] === x) ?? x).sort()
        const loyal = await t.segments.create(segmentTemplates.loyalCustomers({ minPurchases: 3, days: 365 }))
        const software = await t.segments.create({
          name: 'Loyal software buyers',
          where: { all: [{ inSegment: loyal.id }, { field: 'company.industry', op: 'eq', value: 'software' }] },
        })
        expect((await t.segments.members(software.id)).items.map((c) => c.id)).toEqual([id.eve])
        expect(await t.segments.explain(software.id, id.eve)).toEqual({
          segmentId: software.id,
          contactId: id.eve,
          member: true,
          tree: {
            kind: 'all',
            held: true,
            summary: 'all: 2 of 2 held: held',
            nodes: [
              { kind: 'inSegment', held: true, segmentId: loyal.id, summary: `in segment ${loyal.id}: held` },
              // A prefixed field is a condition on the related companies: one of them matched.
              {
                kind: 'related',
                held: true,
                relation: 'companies',
                measure: 'count',
                op: 'gte',
                value: 1,
                matched: 1,
                actual: 1,
                summary: '1 companies matched, needed >= 1: held',
              },
            ],
          },
        })
        expect(await t.segments.explain(software.id, id.dan)).toMatchObject({
          member: false,
          tree: { held: false, nodes: [{ kind: 'inSegment', held: false }, { held: false }] },
        })
        // A reference inside a related condition: allowed where it selects contacts, refused elsewhere.
        const colleagues = await t.segments.create({
          name: 'Works with a loyal customer',
          where: { related: 'companies', where: { related: 'contacts', where: { inSegment: loyal.id } } },
        })
        expect(names((await t.segments.members(colleagues.id)).items.map((c) => c.id))).toEqual(['eve'])
        const refused = await caught(
          t.segments.create({ name: 'Bad', where: { related: 'activities', where: { inSegment: loyal.id } } }),
        )
        expect(refused).toBeInstanceOf(ValidationError)
        expect((refused as ValidationError).issues.map((i) => [i.path.join('.'), i.message])).toEqual([
          ['where.where.inSegment', 'segments select contacts only'],
        ])

        // Live: the company's industry changes, eve leaves at once (the segment reads companies).
        await t.companies.update(acme.id, { industry: 'retail' })
        expect(await segmentEvents(t)).toContain(`segment.left ${software.id} ${id.eve}`)
        expect(await t.segments.count(software.id)).toBe(0)
        expect(await t.segments.refresh(software.id)).toEqual({ segments: 1, entered: 0, left: 0 })

        // A static segment explains as its membership.
        const list = await t.segments.create({ name: 'List', kind: 'static' })
        await t.segments.addContacts(list.id, [id.ann])
        expect(await t.segments.explain(list.id, id.ann)).toEqual({
          segmentId: list.id,
          contactId: id.ann,
          member: true,
          tree: { kind: 'inSegment', held: true, segmentId: list.id, summary: `in segment ${list.id}: held` },
        })
        expect(await t.segments.explain(list.id, id.ben)).toMatchObject({ member: false, tree: { held: false } })
      })
    })
  })
}
