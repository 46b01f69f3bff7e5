import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'
import { salesPipeline } from './crud-pipeline.js'
import { validationPaths } from './validation.js'

/**
 * A hand-checked dataset for the case-insensitive operators and search: every expected
 * result below was worked out by hand from these rows. Case variants are ASCII (Ada/ADAM)
 * and non-ASCII (É/é, Å, İ), which the ASCII-only folding must keep apart.
 */
const PEOPLE = {
  ada: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@analytical.io' },
  adam: { firstName: 'ADAM', lastName: 'Smith', email: 'adam@x.io' },
  adal: { firstName: 'Ådalbert', lastName: 'Ng' },
  emile: { firstName: 'Émile', lastName: 'Zola', email: 'emile@x.io' },
  zoe: { firstName: 'Zoë', lastName: 'ÉMILE', email: 'zoe@x.io' },
  fay: { firstName: 'Fay_100%', lastName: "O'Hara", email: 'fay@x.io' },
  isa: { firstName: 'İsa', lastName: 'SS', email: 'isa@x.io' },
} as const
type Person = keyof typeof PEOPLE

async function seed(get: () => SuiteContext) {
  const { t } = get().tenant()
  const idOf = {} as Record<Person, string>
  for (const [name, input] of Object.entries(PEOPLE)) idOf[name as Person] = (await t.contacts.create(input)).id
  const nameOf = (id: string) => (Object.keys(idOf) as Person[]).find((n) => idOf[n] === id) ?? id
  /** Names listed (creation order) and counted for `options`; both must agree. */
  const names = async (options: { where?: unknown; search?: string }) => {
    const listed = (await t.contacts.list({ ...options, limit: 100 } as never)).items.map((c) => nameOf(c.id))
    expect(await t.contacts.count(options as never), `count ${JSON.stringify(options)}`).toBe(listed.length)
    return listed
  }
  return { t, names }
}

/** Case-insensitive operators, list search and look-ahead relative dates. */
export function filterLanguageTests(get: () => SuiteContext): void {
  describe('filter language: case-insensitive operators, search, look-ahead dates', () => {
    it('eqi / containsi / startsWithi / endsWithi fold ASCII letters only', async () => {
      const { names } = await seed(get)
      const where = (field: string, op: string, value: unknown) => ({ where: { field, op, value } })
      expect(await names(where('firstName', 'eqi', 'ada'))).toEqual(['ada'])
      expect(await names(where('firstName', 'eqi', 'adam'))).toEqual(['adam'])
      expect(await names(where('firstName', 'containsi', 'AD'))).toEqual(['ada', 'adam'])
      // É is not folded to é (nor İ to i, nor ß to SS): only A-Z are.
      expect(await names(where('lastName', 'containsi', 'émile'))).toEqual([])
      expect(await names(where('lastName', 'eqi', 'Émile'))).toEqual(['zoe'])
      expect(await names(where('firstName', 'startsWithi', 'i'))).toEqual([])
      expect(await names(where('lastName', 'eqi', 'ß'))).toEqual([])
      expect(await names(where('lastName', 'eqi', 'ss'))).toEqual(['isa'])
      // LIKE metacharacters are ordinary characters.
      expect(await names(where('firstName', 'startsWithi', 'FAY_'))).toEqual(['fay'])
      expect(await names(where('firstName', 'startsWithi', 'f%'))).toEqual([])
      expect(await names(where('firstName', 'endsWithi', '100%'))).toEqual(['fay'])
      expect(await names(where('lastName', 'containsi', "o'h"))).toEqual(['fay'])
      expect(await names(where('firstName', 'containsi', '_'))).toEqual(['fay'])
      // A missing value is UNKNOWN, so `not` does not select it either.
      expect(await names({ where: { not: { field: 'email', op: 'containsi', value: 'X.IO' } } })).toEqual(['ada'])
    })

    it('search: every word must occur, ignoring ASCII case, in a name or the email', async () => {
      const { names } = await seed(get)
      expect(await names({ search: 'ada' })).toEqual(['ada', 'adam'])
      expect(await names({ search: 'ADA love' })).toEqual(['ada'])
      expect(await names({ search: 'analytical' })).toEqual(['ada'])
      expect(await names({ search: '  X.IO \t smi ' })).toEqual(['adam'])
      expect(await names({ search: 'Émile' })).toEqual(['emile', 'zoe'])
      expect(await names({ search: 'émile' })).toEqual([])
      expect(await names({ search: '%' })).toEqual(['fay'])
      expect(await names({ search: 'ada nobody' })).toEqual([])
      // Blank search: no condition.
      expect(await names({ search: ' ' })).toHaveLength(Object.keys(PEOPLE).length)
      // Composes with where (both must hold): Zola and ÉMILE sort after 'T'.
      const where = { field: 'lastName', op: 'lt', value: 'T' }
      expect(await names({ search: 'x.io', where })).toEqual(['adam', 'fay', 'isa'])
    })

    it('search on companies (name, domain), deals and tasks (title)', async () => {
      const { t } = get().tenant()
      const acme = await t.companies.create({ name: 'Acme Corp', domain: 'acme.example' })
      const beta = await t.companies.create({ name: 'Beta', domain: 'beta-acme.io' })
      await t.companies.create({ name: 'Gamma' })
      const companies = async (search: string) => (await t.companies.list({ search })).items.map((c) => c.id)
      expect(await companies('ACME')).toEqual([acme.id, beta.id])
      expect(await companies('corp acme')).toEqual([acme.id])
      expect(await t.companies.count({ search: 'acme' })).toBe(2)
      const p = await salesPipeline(t)
      const renewal = await t.deals.create({
        title: 'Renewal 2027',
        pipelineId: p.id,
        amount: { value: 1, currency: 'EUR' },
      })
      await t.deals.create({ title: 'New logo', pipelineId: p.id, amount: { value: 1, currency: 'EUR' } })
      expect((await t.deals.list({ search: 'renewal' })).items.map((d) => d.id)).toEqual([renewal.id])
      const task = await t.tasks.create({ title: 'Call ACME back' })
      await t.tasks.create({ title: 'Write offer' })
      expect((await t.tasks.list({ search: 'acme' })).items.map((x) => x.id)).toEqual([task.id])
    })

    it('rejects bad input with the offending key in the path, and writes nothing', async () => {
      const { t } = await seed(get)
      await t.customFields.define({ entity: 'contact', key: 'score', label: 'Score', type: 'number' })
      const list = (options: unknown) => t.contacts.list(options as never)
      expect(await validationPaths(list({ where: { field: 'tags', op: 'eqi', value: 'vip' } }))).toEqual(['where.op'])
      expect(await validationPaths(list({ where: { field: 'custom.score', op: 'containsi', value: '1' } }))).toEqual([
        'where.op',
      ])
      expect(await validationPaths(list({ where: { field: 'email', op: 'containsi', value: 1 } }))).toEqual([
        'where.value',
      ])
      expect(await validationPaths(list({ where: { field: 'email', op: 'eqi', value: ['a'] } }))).toEqual([
        'where.value',
      ])
      expect(await validationPaths(list({ search: 42 }))).toEqual(['search'])
      expect(await validationPaths(list({ search: 'x'.repeat(201) }))).toEqual(['search'])
      expect(await validationPaths(list({ search: 'a b c d e f g h i j k' }))).toEqual(['search'])
      expect(await validationPaths(t.contacts.count({ search: 'a\u0000' } as never))).toEqual(['search'])
      const at = { field: 'createdAt', op: 'withinNext' }
      expect(await validationPaths(list({ where: { ...at, value: { days: -1 } } }))).toEqual(['where.value'])
      expect(await validationPaths(list({ where: { ...at, value: 3 } }))).toEqual(['where.value'])
      expect(await validationPaths(list({ where: { field: 'email', op: 'beyondNext', value: { days: 1 } } }))).toEqual([
        'where.op',
      ])
    })

    it('withinNext / beyondNext look ahead of the clock: dates by UTC calendar day, timestamps exactly', async () => {
      const { clock } = get()
      const { t } = get().tenant()
      const p = await salesPipeline(t)
      const deal = (title: string, expectedCloseDate?: string) =>
        t.deals.create({
          title,
          pipelineId: p.id,
          amount: { value: 1, currency: 'EUR' },
          ...(expectedCloseDate ? { expectedCloseDate } : {}),
        })
      const past = await deal('past', '2026-03-09')
      const today = await deal('today', '2026-03-10')
      const soon = await deal('soon', '2026-03-25')
      const edge = await deal('edge', '2026-04-09')
      const later = await deal('later', '2026-04-10')
      await deal('undated')
      await t.tasks.create({ title: 'overdue', dueAt: '2026-03-10T11:00:00.000Z' })
      const inHour = await t.tasks.create({ title: 'in an hour', dueAt: '2026-03-10T13:00:00.000Z' })
      const inTwoDays = await t.tasks.create({ title: 'in 2 days', dueAt: '2026-03-12T11:00:00.000Z' })
      const inThreeDays = await t.tasks.create({ title: 'in 3 days', dueAt: '2026-03-13T12:30:00.000Z' })
      clock.set('2026-03-10T12:00:00.000Z')
      const deals = async (op: string, days: number) =>
        (await t.deals.list({ where: { field: 'expectedCloseDate', op, value: { days } } } as never)).items.map(
          (d) => d.id,
        )
      expect(await deals('withinNext', 30)).toEqual([today.id, soon.id, edge.id])
      expect(await deals('beyondNext', 30)).toEqual([later.id])
      expect(await deals('withinNext', 0)).toEqual([today.id])
      expect(await deals('withinLast', 1)).toEqual([past.id, today.id])
      const tasks = async (op: string, days: number) =>
        (await t.tasks.list({ where: { field: 'dueAt', op, value: { days } } } as never)).items.map((x) => x.id)
      expect(await tasks('withinNext', 2)).toEqual([inHour.id, inTwoDays.id])
      expect(await tasks('beyondNext', 2)).toEqual([inThreeDays.id])
      // Negation: not(withinNext) keeps the past, and still never the undated deal.
      const notSoon = await t.deals.list({
        where: { not: { field: 'expectedCloseDate', op: 'withinNext', value: { days: 30 } } },
      })
      expect(notSoon.items.map((d) => d.id)).toEqual([past.id, later.id])
    })
  })
}
