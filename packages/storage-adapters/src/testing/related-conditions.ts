import { type FilterNode, ValidationError } from '@crmkit/core'
import { describe, expect, it } from 'vitest'
import { caught, type SuiteContext, type Tenant } from './context.js'
import { salesPipeline } from './crud-pipeline.js'

const NOW = '2026-03-01T12:00:00.000Z'
const DAY = 86_400_000
const ago = (days: number, extraMs = 0) => new Date(Date.parse(NOW) - days * DAY + extraMs).toISOString()

type Names = 'ada' | 'bob' | 'cyd' | 'dee'

/**
 * A hand-checked timeline (every expectation below was worked out by hand from these rows):
 * - companies: acme (software, 500), beta (retail, 12), gone (software, deleted);
 * - ada @ acme: page views 1, 5 and exactly 14 days ago, and one 20 days ago; deals 1,000.00 EUR
 *   won and 500.00 EUR open;
 * - bob @ beta + gone: page views 2 and 3 days ago, and one 4 days ago that is deleted; a deal
 *   of 200.00 EUR won;
 * - cyd: purchases of 50.00 EUR 40 days ago and 30.00 EUR 2 days ago, and a 10.00 USD one;
 * - dee @ acme + beta: one purchase of 10.00 EUR 3 days ago.
 */
async function seed(get: () => SuiteContext) {
  const { clock } = get()
  const { t, tenantId } = get().tenant()
  clock.set(ago(60))
  const acme = await t.companies.create({ name: 'Acme', industry: 'software', size: 500 })
  const beta = await t.companies.create({ name: 'Beta', industry: 'retail', size: 12 })
  const gone = await t.companies.create({ name: 'Gone', industry: 'software', size: 900 })
  const ada = await t.contacts.create({ email: 'ada@x.io', companyIds: [acme.id] })
  const bob = await t.contacts.create({ email: 'bob@x.io', companyIds: [beta.id, gone.id] })
  const cyd = await t.contacts.create({ email: 'cyd@x.io' })
  const dee = await t.contacts.create({ email: 'dee@x.io', companyIds: [acme.id, beta.id] })
  await t.companies.delete(gone.id)
  const view = (contactId: string, at: string) =>
    t.activities.log({ type: 'pageView', contactId, occurredAt: at, subject: '/pricing' })
  await view(ada.id, ago(1))
  await view(ada.id, ago(5))
  await view(ada.id, ago(14))
  await view(ada.id, ago(20))
  await t.activities.log({ type: 'email', contactId: ada.id, occurredAt: ago(1) })
  await view(bob.id, ago(2))
  await view(bob.id, ago(3))
  const removed = await view(bob.id, ago(4))
  await t.activities.delete(removed.id)
  const buy = (contactId: string, value: number, days: number, currency = 'EUR') =>
    t.attribution.recordConversion({ type: 'purchase', contactId, value, currency, occurredAt: ago(days) })
  await buy(cyd.id, 5000, 40)
  await buy(cyd.id, 3000, 2)
  await buy(cyd.id, 1000, 2, 'USD')
  await buy(dee.id, 1000, 3)
  const p = await salesPipeline(t)
  const won = p.stages.find((s) => s.kind === 'won')
  const deal = async (contactId: string, value: number, win: boolean) => {
    const d = await t.deals.create({
      title: `D ${value}`,
      pipelineId: p.id,
      amount: { value, currency: 'EUR' },
      contactIds: [contactId],
      companyId: acme.id,
    })
    return win && won ? t.deals.moveToStage(d.id, won.id) : d
  }
  await deal(ada.id, 100_000, true)
  await deal(ada.id, 50_000, false)
  await deal(bob.id, 20_000, true)
  clock.set(NOW)
  const idOf: Record<Names, string> = { ada: ada.id, bob: bob.id, cyd: cyd.id, dee: dee.id }
  return { t, tenantId, idOf }
}

const pageViews = { field: 'type', op: 'eq', value: 'pageView' } as const
const purchases = { field: 'type', op: 'eq', value: 'purchase' } as const

/** Related conditions: related-record fields, behaviour over the timeline, aggregates. */
export function relatedConditionTests(get: () => SuiteContext): void {
  describe('related, behavioural and aggregate conditions', () => {
    // The clock ticks 1 ms per reading: each call is made at NOW exactly, so windows end at NOW.
    const check = async (t: Tenant, idOf: Record<Names, string>, where: unknown, expected: Names[]) => {
      get().clock.set(NOW)
      const got = (await t.contacts.list({ where, limit: 100 } as never)).items.map((c) => c.id)
      const names = got.map((id) => (Object.keys(idOf) as Names[]).find((n) => idOf[n] === id) ?? id).sort()
      expect(names, JSON.stringify(where)).toEqual(expected)
      get().clock.set(NOW)
      expect(await t.contacts.count({ where } as never), `count ${JSON.stringify(where)}`).toBe(expected.length)
    }

    it("company fields: true when one of the contact's live companies matches", async () => {
      const { t, idOf } = await seed(get)
      await check(t, idOf, { field: 'company.industry', op: 'eq', value: 'software' }, ['ada', 'dee'])
      await check(t, idOf, { not: { field: 'company.industry', op: 'eq', value: 'software' } }, ['bob', 'cyd'])
      await check(t, idOf, { field: 'company.size', op: 'gte', value: 100 }, ['ada', 'dee'])
      await check(t, idOf, { field: 'company.size', op: 'lt', value: 100 }, ['bob', 'dee'])
      await check(t, idOf, { related: 'companies', count: { op: 'eq', value: 0 } }, ['cyd'])
      await check(t, idOf, { related: 'companies', count: { op: 'gte', value: 2 } }, ['dee'])
    })

    it('behaviour: counts in a window (boundary inclusive), never, deleted activities excluded', async () => {
      const { t, idOf } = await seed(get)
      const views = (days: number, op: string, value: number) => ({
        related: 'activities',
        where: pageViews,
        within: { lastDays: days },
        count: { op, value },
      })
      await check(t, idOf, views(14, 'gte', 3), ['ada'])
      await check(t, idOf, views(13, 'gte', 3), [])
      await check(t, idOf, views(14, 'gte', 2), ['ada', 'bob'])
      await check(t, idOf, views(14, 'eq', 0), ['cyd', 'dee'])
      await check(t, idOf, { ...views(30, 'gte', 0), count: { op: 'between', value: [2, 3] } }, ['bob'])
      await check(t, idOf, { related: 'activities', where: pageViews }, ['ada', 'bob'])
      await check(t, idOf, { related: 'activities', within: { from: ago(3), to: ago(2) } }, ['bob'])
      await check(t, idOf, { not: views(14, 'lt', 3) }, ['ada'])
    })

    it('first and last occurrence within a window', async () => {
      const { t, idOf } = await seed(get)
      await check(t, idOf, { related: 'conversions', where: purchases, first: { lastDays: 7 } }, ['dee'])
      await check(t, idOf, { related: 'conversions', where: purchases, last: { lastDays: 7 } }, ['cyd', 'dee'])
      await check(t, idOf, { not: { related: 'conversions', first: { lastDays: 7 } } }, ['ada', 'bob', 'cyd'])
      await check(t, idOf, { related: 'activities', where: pageViews, last: { to: ago(2) } }, ['bob'])
      await check(t, idOf, { related: 'activities', where: pageViews, first: { to: ago(15) } }, ['ada'])
    })

    it('aggregates: sum/min/max/avg of money in one currency, of no records', async () => {
      const { t, idOf } = await seed(get)
      await check(
        t,
        idOf,
        {
          related: 'conversions',
          aggregate: { fn: 'sum', field: 'amountValue', currency: 'EUR', op: 'gte', value: 100_000 },
        },
        ['ada'],
      )
      // Won deals record dealWon conversions too (ada 1,000.00 EUR, bob 200.00 EUR): count purchases only.
      const spent = (op: string, value: number | number[]) => ({
        related: 'conversions',
        where: purchases,
        aggregate: { fn: 'sum', field: 'amountValue', currency: 'EUR', op, value },
      })
      await check(t, idOf, spent('gte', 8000), ['cyd'])
      await check(t, idOf, spent('lt', 2000), ['ada', 'bob', 'dee'])
      await check(t, idOf, spent('eq', 0), ['ada', 'bob'])
      const wonDeals = { field: 'status', op: 'eq', value: 'won' }
      const deals = (fn: string, op: string, value: number, where?: unknown) => ({
        related: 'deals',
        ...(where ? { where } : {}),
        aggregate: { fn, field: 'amount', currency: 'EUR', op, value },
      })
      await check(t, idOf, deals('sum', 'gt', 50_000, wonDeals), ['ada'])
      await check(t, idOf, deals('avg', 'gte', 60_000), ['ada'])
      await check(t, idOf, deals('max', 'lt', 30_000), ['bob'])
      // No deals: no max, so neither "max < 30000" nor its negation's inner test holds.
      await check(t, idOf, { not: deals('max', 'lt', 30_000) }, ['ada', 'cyd', 'dee'])
      await check(t, idOf, deals('min', 'eq', 50_000), ['ada'])
      await check(t, idOf, { related: 'deals', count: { op: 'gte', value: 2 } }, ['ada'])
    })

    it('composes with all/any/not and with nested related conditions (deals in a won stage)', async () => {
      const { t, idOf } = await seed(get)
      await check(
        t,
        idOf,
        {
          any: [
            { all: [{ field: 'company.industry', op: 'eq', value: 'retail' }, { related: 'activities' }] },
            {
              related: 'conversions',
              where: purchases,
              aggregate: { fn: 'max', field: 'amountValue', currency: 'EUR', op: 'gte', value: 5000 },
            },
          ],
        },
        ['bob', 'cyd'],
      )
      await check(t, idOf, { related: 'deals', where: { field: 'stage.kind', op: 'eq', value: 'won' } }, ['ada', 'bob'])
      const open = await t.deals.list({ where: { field: 'stage.kind', op: 'eq', value: 'open' } })
      expect(open.items.map((d) => d.amount.value)).toEqual([50_000])
      expect(await t.deals.count({ where: { field: 'company.industry', op: 'eq', value: 'software' } })).toBe(3)
    })

    it('bad conditions are ValidationErrors naming the path', async () => {
      const { t } = await seed(get)
      const issuePath = async (where: unknown) => {
        const error = await caught(t.contacts.count({ where } as never))
        expect(error).toBeInstanceOf(ValidationError)
        return (error as ValidationError).issues.map((i) => i.path.join('.'))
      }
      expect(await issuePath({ related: 'invoices' })).toEqual(['where.related'])
      expect(
        await issuePath({ all: [{ related: 'deals', aggregate: { fn: 'sum', field: 'amount', op: 'gt', value: 1 } }] }),
      ).toEqual(['where.all.0.aggregate.currency'])
      expect(await issuePath({ related: 'activities', count: { op: 'gte', value: -1 } })).toEqual(['where.count.value'])
      expect(await issuePath({ related: 'activities', within: { lastDays: 3, nextDays: 2 } })).toEqual(['where.within'])
      expect(await issuePath({ related: 'activities', where: { field: 'nope', op: 'eq', value: 1 } })).toEqual([
        'where.where.field',
      ])
      expect(await issuePath({ field: 'company.nope', op: 'eq', value: 1 })).toEqual(['where.field'])
      expect(
        await issuePath({ related: 'deals', aggregate: { fn: 'sum', field: 'title', op: 'gt', value: 1 } }),
      ).toEqual(['where.aggregate.field'])
    })

    it('explain: each node says whether it held and the values that decided it (hand-derived)', async () => {
      const { t, idOf } = await seed(get)
      const where: FilterNode = {
        all: [
          { related: 'activities', where: pageViews, within: { lastDays: 14 }, count: { op: 'gte', value: 3 } },
          { field: 'company.industry', op: 'eq', value: 'software' },
          { field: 'email', op: 'eq', value: 'ada@x.io' },
        ],
      }
      get().clock.set(NOW)
      const ada = await t.contacts.explain(where, idOf.ada)
      expect(ada).toMatchObject({
        kind: 'all',
        held: true,
        nodes: [
          { kind: 'related', held: true, relation: 'activities', measure: 'count', matched: 3, actual: 3 },
          { kind: 'related', held: true, relation: 'companies', matched: 1, actual: 1 },
          { kind: 'condition', held: true, field: 'email', actual: 'ada@x.io' },
        ],
      })
      expect(ada.summary).toBe('all: 3 of 3 held: held')
      expect(ada.kind === 'all' && ada.nodes[0]?.summary).toBe('3 activities matched, needed >= 3: held')
      get().clock.set(NOW)
      const bob = await t.contacts.explain(where, idOf.bob)
      expect(bob).toMatchObject({
        held: false,
        nodes: [
          { held: false, matched: 2, actual: 2 },
          { held: false, matched: 0 },
          { held: false, actual: 'bob@x.io' },
        ],
      })
      get().clock.set(NOW)
      const spent = await t.contacts.explain(
        {
          related: 'conversions',
          where: purchases,
          aggregate: { fn: 'sum', field: 'amountValue', currency: 'EUR', op: 'gte', value: 8000 },
        },
        idOf.cyd,
      )
      expect(spent).toMatchObject({
        held: true,
        measure: 'sum',
        field: 'amountValue',
        currency: 'EUR',
        matched: 2,
        actual: 8000,
      })
      expect(spent.summary).toBe('sum of amountValue (EUR) over 2 conversions = 8000, needed >= 8000: held')
      get().clock.set(NOW)
      const first = await t.contacts.explain({ related: 'conversions', first: { lastDays: 7 } }, idOf.dee)
      expect(first).toMatchObject({ held: true, measure: 'min', matched: 1, actual: ago(3) })
      // A missing value is UNKNOWN, and so is its negation: the contact is in neither list.
      get().clock.set(NOW)
      const unknown = await t.contacts.explain({ not: { field: 'phone', op: 'eq', value: '1' } }, idOf.dee)
      expect(unknown).toMatchObject({ kind: 'not', held: null, node: { held: null, actual: null } })
      expect(await caught(t.contacts.explain({ related: 'nope' }, idOf.ada))).toBeInstanceOf(ValidationError)
      expect(await caught(t.contacts.explain({ all: [] }, '0190ffff-0000-7000-8000-000000000000'))).toMatchObject({
        code: 'NOT_FOUND',
      })
    })

    it("stays in the tenant: another tenant's rows pointing at the same ids never count", async () => {
      const { t, idOf } = await seed(get)
      const other = get().tenant()
      // Rows of another tenant that name this tenant's contact ids (only raw storage can write them).
      await get().storage.insert('activities', other.tenantId, [
        {
          id: '01900000-0000-7000-8000-000000000001',
          createdAt: NOW,
          updatedAt: NOW,
          version: 1,
          deletedAt: null,
          type: 'pageView',
          channel: null,
          subject: null,
          body: null,
          occurredAt: ago(1),
          contactId: idOf.cyd,
          companyId: null,
          dealId: null,
          actor: 'x',
          metadata: {},
        },
      ])
      await check(t, idOf, { related: 'activities', where: pageViews }, ['ada', 'bob'])
      expect(await other.t.contacts.count({ where: { related: 'activities' } })).toBe(0)
    })
  })
}
