import { describe, expect, it } from 'vitest'
import type { SuiteContext, Tenant } from './context.js'
import { salesPipeline } from './crud-pipeline.js'

/**
 * A small, hand-checked dataset: every expected result below was worked out by hand from
 * these rows (not computed by crmkit), so the filter semantics are checked independently.
 * Index -> contact: 0 ada, 1 bob, 2 cyd, 3 dee, 4 eve, 5 fay (created one day apart).
 */
async function seed(get: () => SuiteContext) {
  const { clock } = get()
  const { t } = get().tenant()
  const acme = await t.companies.create({ name: 'Acme', size: 500 })
  const beta = await t.companies.create({ name: 'beta', size: 12 })
  const gamma = await t.companies.create({ name: 'Gamma' })
  const days = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05', '2026-01-06']
  const inputs = [
    {
      email: 'ada@x.io',
      firstName: 'Ada',
      lastName: 'Zed',
      title: 'CTO',
      tags: ['vip', 'beta'],
      companyIds: [acme.id],
    },
    {
      email: 'bob@y.io',
      firstName: 'bob',
      lastName: 'Young',
      title: '',
      tags: ['vip'],
      companyIds: [acme.id, beta.id],
    },
    { email: 'cyd@x.io', firstName: 'Cyd', title: 'cto', lifecycleStage: 'customer', tags: [] },
    { firstName: 'Dee', lastName: 'Zed', phone: '+49 30', tags: ['VIP'] },
    { email: 'eve@z.io', firstName: 'Éve', lastName: 'Ångström', tags: ['日本', 'beta'] },
    {
      email: 'fay@x.io',
      firstName: 'Fay_100%',
      lastName: 'zed',
      title: 'CEO',
      lifecycleStage: 'customer',
      tags: ['a%b'],
    },
  ] as const
  const contacts: Array<{ id: string }> = []
  for (const [i, input] of inputs.entries()) {
    clock.set(`${days[i]}T08:00:00.000Z`)
    const { tags, ...rest } = input
    const companyIds = 'companyIds' in input ? [...input.companyIds] : []
    contacts.push(
      await t.contacts.create({ ...rest, tags: [...tags], companyIds } as Parameters<Tenant['contacts']['create']>[0]),
    )
  }
  clock.set('2026-01-06T20:00:00.000Z')
  const names = ['ada', 'bob', 'cyd', 'dee', 'eve', 'fay'] as const
  const idOf = Object.fromEntries(names.map((n, i) => [n, contacts[i]!.id])) as Record<(typeof names)[number], string>
  return { t, idOf, acme, beta, gamma, contacts }
}

type Names = 'ada' | 'bob' | 'cyd' | 'dee' | 'eve' | 'fay'

/** Filter operators, 3-valued logic, sorting, NULL placement, pagination. */
export function filterTests(get: () => SuiteContext): void {
  describe('filters, sorting and pagination', () => {
    const check = async (t: Tenant, idOf: Record<Names, string>, where: unknown, expected: Names[]) => {
      const got = (await t.contacts.list({ where, limit: 100 } as never)).items.map((c) => c.id)
      const names = got.map((id) => (Object.keys(idOf) as Names[]).find((n) => idOf[n] === id) ?? id)
      expect(names, JSON.stringify(where)).toEqual(expected)
      expect(await t.contacts.count({ where } as never), `count ${JSON.stringify(where)}`).toBe(expected.length)
    }

    it('equality, inequality and NULLs: neq never matches a missing value; empty string is a value', async () => {
      const { t, idOf } = await seed(get)
      await check(t, idOf, { field: 'lastName', op: 'eq', value: 'Zed' }, ['ada', 'dee'])
      await check(t, idOf, { field: 'lastName', op: 'neq', value: 'Zed' }, ['bob', 'eve', 'fay'])
      await check(t, idOf, { field: 'title', op: 'eq', value: '' }, ['bob'])
      await check(t, idOf, { field: 'title', op: 'isSet' }, ['ada', 'bob', 'cyd', 'fay'])
      await check(t, idOf, { field: 'title', op: 'isNotSet' }, ['dee', 'eve'])
      await check(t, idOf, { field: 'email', op: 'isNotSet' }, ['dee'])
      await check(t, idOf, { field: 'lifecycleStage', op: 'eq', value: 'customer' }, ['cyd', 'fay'])
      await check(t, idOf, { field: 'id', op: 'eq', value: idOf.eve }, ['eve'])
    })

    it('ordering comparisons on strings are case-sensitive code-point order', async () => {
      const { t, idOf } = await seed(get)
      // Code points: 'A'(65) < 'Y'(89) < 'Z'(90) < 'z'(122) < 'Å'(197)
      await check(t, idOf, { field: 'lastName', op: 'lt', value: 'Zed' }, ['bob'])
      await check(t, idOf, { field: 'lastName', op: 'lte', value: 'Zed' }, ['ada', 'bob', 'dee'])
      await check(t, idOf, { field: 'lastName', op: 'gt', value: 'Zed' }, ['eve', 'fay'])
      await check(t, idOf, { field: 'lastName', op: 'gte', value: 'zed' }, ['eve', 'fay'])
      // 'bob' > 'b' (longer), 'Éve' (É = 201) > 'b' (98)
      await check(t, idOf, { field: 'firstName', op: 'between', value: ['B', 'b'] }, ['cyd', 'dee', 'fay'])
    })

    it('in / notIn on scalars (notIn never matches NULL)', async () => {
      const { t, idOf } = await seed(get)
      await check(t, idOf, { field: 'title', op: 'in', value: ['CTO', 'CEO'] }, ['ada', 'fay'])
      await check(t, idOf, { field: 'title', op: 'notIn', value: ['CTO', 'CEO'] }, ['bob', 'cyd'])
      await check(t, idOf, { field: 'lifecycleStage', op: 'in', value: ['lead'] }, ['ada', 'bob', 'dee', 'eve'])
    })

    it('contains / startsWith / endsWith are case-sensitive and treat % and _ literally', async () => {
      const { t, idOf } = await seed(get)
      await check(t, idOf, { field: 'email', op: 'endsWith', value: '@x.io' }, ['ada', 'cyd', 'fay'])
      await check(t, idOf, { field: 'firstName', op: 'contains', value: 'y_1' }, ['fay'])
      await check(t, idOf, { field: 'firstName', op: 'endsWith', value: '0%' }, ['fay'])
      // As LIKE wildcards these would match: they must be literal characters.
      await check(t, idOf, { field: 'firstName', op: 'contains', value: 'y%0' }, [])
      await check(t, idOf, { field: 'firstName', op: 'startsWith', value: '_' }, [])
      await check(t, idOf, { field: 'firstName', op: 'startsWith', value: 'F%' }, [])
      await check(t, idOf, { field: 'firstName', op: 'endsWith', value: '_' }, [])
      await check(t, idOf, { field: 'firstName', op: 'contains', value: '\\' }, [])
      await check(t, idOf, { field: 'title', op: 'contains', value: 'ct' }, ['cyd'])
      await check(t, idOf, { field: 'title', op: 'startsWith', value: 'C' }, ['ada', 'fay'])
      await check(t, idOf, { field: 'lastName', op: 'startsWith', value: 'Å' }, ['eve'])
      await check(t, idOf, { field: 'firstName', op: 'startsWith', value: 'É' }, ['eve'])
      await check(t, idOf, { field: 'title', op: 'contains', value: '' }, ['ada', 'bob', 'cyd', 'fay'])
    })

    it('array fields: tags and companyIds contain / in / notIn / isSet / isNotSet', async () => {
      const { t, idOf, acme, beta, gamma } = await seed(get)
      await check(t, idOf, { field: 'tags', op: 'contains', value: 'vip' }, ['ada', 'bob'])
      await check(t, idOf, { field: 'tags', op: 'contains', value: '日本' }, ['eve'])
      await check(t, idOf, { field: 'tags', op: 'contains', value: 'a%b' }, ['fay'])
      await check(t, idOf, { field: 'tags', op: 'contains', value: 'a' }, [])
      await check(t, idOf, { field: 'tags', op: 'in', value: ['VIP', 'beta'] }, ['ada', 'dee', 'eve'])
      await check(t, idOf, { field: 'tags', op: 'notIn', value: ['vip', 'VIP'] }, ['cyd', 'eve', 'fay'])
      await check(t, idOf, { field: 'tags', op: 'isNotSet' }, ['cyd'])
      await check(t, idOf, { field: 'tags', op: 'isSet' }, ['ada', 'bob', 'dee', 'eve', 'fay'])
      await check(t, idOf, { field: 'companyIds', op: 'contains', value: acme.id }, ['ada', 'bob'])
      await check(t, idOf, { field: 'companyIds', op: 'in', value: [beta.id, gamma.id] }, ['bob'])
      await check(t, idOf, { field: 'companyIds', op: 'isNotSet' }, ['cyd', 'dee', 'eve', 'fay'])
      await check(t, idOf, { field: 'companyIds', op: 'notIn', value: [beta.id] }, ['ada', 'cyd', 'dee', 'eve', 'fay'])
    })

    it('timestamps: absolute comparisons, Date values, withinLast and olderThan relative to the clock', async () => {
      const { t, idOf } = await seed(get)
      await check(t, idOf, { field: 'createdAt', op: 'gte', value: '2026-01-04T08:00:00.000Z' }, ['dee', 'eve', 'fay'])
      await check(t, idOf, { field: 'createdAt', op: 'lt', value: new Date('2026-01-02T08:00:00.000Z') }, ['ada'])
      await check(
        t,
        idOf,
        { field: 'createdAt', op: 'between', value: ['2026-01-02T00:00:00.000Z', '2026-01-03T09:00:00.000Z'] },
        ['bob', 'cyd'],
      )
      // now = 2026-01-06T20:00 (+ a few ms): last 3 days = since 2026-01-03T20:00
      await check(t, idOf, { field: 'createdAt', op: 'withinLast', value: { days: 3 } }, ['dee', 'eve', 'fay'])
      await check(t, idOf, { field: 'createdAt', op: 'olderThan', value: { days: 4 } }, ['ada', 'bob'])
    })

    it('all / any / not with three-valued logic', async () => {
      const { t, idOf } = await seed(get)
      const noTitleCto = { not: { field: 'title', op: 'eq', value: 'CTO' } }
      // dee and eve have no title: NOT UNKNOWN is UNKNOWN, so they do not match.
      await check(t, idOf, noTitleCto, ['bob', 'cyd', 'fay'])
      await check(
        t,
        idOf,
        {
          any: [
            { field: 'title', op: 'eq', value: 'CTO' },
            { field: 'tags', op: 'contains', value: 'VIP' },
          ],
        },
        ['ada', 'dee'],
      )
      // UNKNOWN OR TRUE is TRUE
      await check(
        t,
        idOf,
        {
          any: [
            { field: 'title', op: 'eq', value: 'x' },
            { field: 'firstName', op: 'eq', value: 'Dee' },
          ],
        },
        ['dee'],
      )
      // NOT (UNKNOWN AND FALSE) = NOT FALSE = TRUE for dee and eve (title NULL, firstName != Ada)
      await check(
        t,
        idOf,
        {
          not: {
            all: [
              { field: 'title', op: 'eq', value: 'CTO' },
              { field: 'firstName', op: 'eq', value: 'Ada' },
            ],
          },
        },
        ['bob', 'cyd', 'dee', 'eve', 'fay'],
      )
      // NOT (UNKNOWN AND TRUE) = NOT UNKNOWN = UNKNOWN for dee
      await check(
        t,
        idOf,
        {
          not: {
            all: [
              { field: 'title', op: 'eq', value: 'CTO' },
              { field: 'firstName', op: 'eq', value: 'Dee' },
            ],
          },
        },
        ['ada', 'bob', 'cyd', 'eve', 'fay'],
      )
      await check(
        t,
        idOf,
        {
          all: [
            { field: 'lastName', op: 'eq', value: 'Zed' },
            { not: { field: 'tags', op: 'contains', value: 'vip' } },
          ],
        },
        ['dee'],
      )
    })

    it('deals and companies filter on their own fields (amount, currency, status, size)', async () => {
      const { t } = get().tenant()
      const p = await salesPipeline(t)
      const usdPipeline = await salesPipeline(t, 'US sales', 'USD')
      const mk = (title: string, value: number, currency: string, expectedCloseDate?: string) =>
        t.deals.create({
          title,
          pipelineId: currency === 'USD' ? usdPipeline.id : p.id,
          amount: { value, currency },
          ...(expectedCloseDate ? { expectedCloseDate } : {}),
        })
      const d1 = await mk('small', 1_000, 'EUR', '2026-04-01')
      const d2 = await mk('big', 250_000, 'EUR')
      const d3 = await mk('usd', 90_000, 'USD', '2026-05-15')
      await t.deals.moveToStage(d2.id, p.stages[2]!.id)
      const deals = async (where: unknown) => (await t.deals.list({ where } as never)).items.map((d) => d.id)
      expect(await deals({ field: 'amount', op: 'gt', value: 50_000 })).toEqual([d2.id, d3.id])
      expect(await deals({ field: 'currency', op: 'eq', value: 'EUR' })).toEqual([d1.id, d2.id])
      expect(await deals({ field: 'status', op: 'eq', value: 'won' })).toEqual([d2.id])
      expect(await deals({ field: 'stageId', op: 'eq', value: p.stages[0]!.id })).toEqual([d1.id])
      expect(await deals({ field: 'pipelineId', op: 'eq', value: usdPipeline.id })).toEqual([d3.id])
      expect(await deals({ field: 'expectedCloseDate', op: 'between', value: ['2026-04-01', '2026-04-30'] })).toEqual([
        d1.id,
      ])
      expect(await deals({ field: 'closedAt', op: 'isSet' })).toEqual([d2.id])
      const small = await t.companies.create({ name: 'Small', size: 5 })
      await t.companies.create({ name: 'Unknown size' })
      const big = await t.companies.create({ name: 'Big', size: 5_000 })
      const companies = async (where: unknown) => (await t.companies.list({ where } as never)).items.map((c) => c.id)
      expect(await companies({ field: 'size', op: 'lte', value: 5 })).toEqual([small.id])
      expect(await companies({ not: { field: 'size', op: 'lte', value: 5 } })).toEqual([big.id])
    })
  })
}
