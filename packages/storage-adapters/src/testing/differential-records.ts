import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  arrayOps,
  bindTokens,
  DATES,
  DIFF_NOW,
  days,
  instant,
  scalarOps,
  str,
  TAGS,
  timeOps,
  treeOf,
} from './arbitraries.js'
import type { SuiteContext } from './context.js'
import { salesPipeline } from './crud-pipeline.js'
import { checkFilter, hydratedRawRows, newStats } from './differential-check.js'

const AMOUNTS = [0, 1, 99, 100, 5_000, 1_000_000_000] as const
const SIZES = [0, 1, 5, 10, 250, 1_000_000] as const
const REFS = ['$contact0', '$contact1', '$company0', '$company1', '$absent'] as const
const STAGES = ['$stage0', '$stage1', '$stage2', '$stage3', '$absent'] as const
const ABSENT = '0190a0a0-0000-7000-8000-00000000abcd'

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 })
const nonEmpty = str.filter((s) => s.trim() !== '')

const companyArb = fc.record({
  name: nonEmpty,
  domain: optional(fc.constantFrom('acme.com', 'ACME.com', 'x.io', 'a%b.io')),
  industry: optional(fc.option(str, { nil: null })),
  size: optional(fc.option(fc.constantFrom(...SIZES), { nil: null })),
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 2 }),
  tier: optional(fc.constantFrom('a', 'b', 'B')),
  contacts: fc.subarray([0, 1]),
  ageMinutes: fc.integer({ min: 0, max: 60 * 24 * 60 }),
  deleted: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
})

const dealArb = fc.record({
  title: nonEmpty,
  value: fc.constantFrom(...AMOUNTS),
  currency: fc.constantFrom('EUR', 'USD', 'eur'),
  expectedCloseDate: optional(fc.constantFrom(...DATES)),
  stage: fc.integer({ min: 0, max: 3 }),
  lostReason: optional(str.filter((s) => s.trim() !== '')),
  company: optional(fc.integer({ min: 0, max: 1 })),
  contacts: fc.subarray([0, 1]),
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 2 }),
  prio: optional(fc.constantFrom(-1, 0, 2.5, 7)),
  ageMinutes: fc.integer({ min: 0, max: 60 * 24 * 60 }),
  deleted: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
})

const companyFilter = treeOf(
  fc.oneof(
    scalarOps('name', str, true),
    scalarOps('domain', fc.constantFrom('acme.com', 'ACME.com', 'x.io', '.io', 'a%b', '%'), true),
    scalarOps('industry', str, true),
    scalarOps('size', fc.constantFrom(...SIZES, 3), false),
    scalarOps('custom.tier', fc.constantFrom('a', 'b', 'B'), true),
    arrayOps('tags', fc.constantFrom(...TAGS)),
    arrayOps('contactIds', fc.constantFrom(...REFS)),
    timeOps('createdAt', instant),
  ),
)

const dealFilter = treeOf(
  fc.oneof(
    scalarOps('title', str, true),
    scalarOps('amount', fc.constantFrom(...AMOUNTS, 50), false),
    scalarOps('currency', fc.constantFrom('EUR', 'USD', 'GBP'), true),
    scalarOps('status', fc.constantFrom('open', 'won', 'lost'), true),
    scalarOps('stageId', fc.constantFrom(...STAGES), false),
    scalarOps('companyId', fc.constantFrom(...REFS), false),
    scalarOps('lostReason', str, true),
    scalarOps('custom.prio', fc.constantFrom(-1, 0, 2.5, 7, 3), false),
    timeOps('expectedCloseDate', fc.constantFrom(...DATES)),
    timeOps('closedAt', instant),
    arrayOps('tags', fc.constantFrom(...TAGS)),
    arrayOps('contactIds', fc.constantFrom(...REFS)),
    fc.record({
      field: fc.constant('createdAt'),
      op: fc.constantFrom('withinLast', 'olderThan'),
      value: days.map((d) => ({ days: d })),
    }),
  ),
)

/** Differential checks of company and deal filters (integer, date and both link sides). */
export function recordDifferentialTests(get: () => SuiteContext): void {
  describe('differential: companies and deals vs core evaluator', () => {
    it('random filter trees over random companies (with deleted contacts) match the reference', async () => {
      const stats = newStats()
      await fc.assert(
        fc.asyncProperty(
          fc.array(companyArb, { minLength: 2, maxLength: 10 }),
          fc.array(companyFilter, { minLength: 1, maxLength: 5 }),
          async (specs, filters) => {
            const { clock, raw } = get()
            const { t, tenantId } = get().tenant()
            clock.run()
            await t.customFields.define({
              entity: 'company',
              key: 'tier',
              label: 'Tier',
              type: 'select',
              options: ['a', 'b', 'B'],
            })
            const contacts = [
              await t.contacts.create({ firstName: 'c0' }),
              await t.contacts.create({ firstName: 'c1' }),
            ]
            const now = Date.parse(DIFF_NOW)
            for (const spec of specs) {
              clock.set(new Date(now - spec.ageMinutes * 60_000))
              const { contacts: linked, tier, ageMinutes: _a, deleted, ...fields } = spec
              const co = await t.companies.create({
                ...fields,
                tags: [...fields.tags],
                ...(tier ? { custom: { tier } } : {}),
              })
              for (const n of linked) await t.contacts.linkCompany(contacts[n]!.id, co.id)
              if (deleted) await t.companies.delete(co.id)
            }
            // A deleted contact must vanish from contactIds (and from filters on it).
            if (specs.length % 2 === 1) await t.contacts.delete(contacts[1]!.id)
            const tokens = {
              $contact0: contacts[0]!.id,
              $contact1: contacts[1]!.id,
              $company0: ABSENT,
              $company1: ABSENT,
              $absent: ABSENT,
            }
            clock.set(new Date(now))
            clock.freeze()
            try {
              const target = {
                table: 'companies' as const,
                rows: await hydratedRawRows(raw, 'companies', tenantId),
                customFields: [{ key: 'tier', type: 'select' as const }],
                now: new Date(now),
                list: async (where: unknown) =>
                  (await t.companies.list({ where, limit: 1000 } as never)).items.map((c) => c.id),
                count: (where: unknown) => t.companies.count({ where } as never),
              }
              expect(target.rows).toHaveLength(specs.filter((s) => !s.deleted).length)
              for (const f of filters) await checkFilter(target, bindTokens(f, tokens), stats)
            } finally {
              clock.run()
            }
          },
        ),
        { numRuns: 30, interruptAfterTimeLimit: 240_000, markInterruptAsFailure: true },
      )
      expect(stats.proper, JSON.stringify(stats)).toBeGreaterThanOrEqual(10)
    }, 300_000)

    it('random filter trees over random deals (stages, amounts, dates, links) match the reference', async () => {
      const stats = newStats()
      await fc.assert(
        fc.asyncProperty(
          fc.array(dealArb, { minLength: 2, maxLength: 10 }),
          fc.array(dealFilter, { minLength: 1, maxLength: 5 }),
          async (specs, filters) => {
            const { clock, raw } = get()
            const { t, tenantId } = get().tenant()
            clock.run()
            await t.customFields.define({ entity: 'deal', key: 'prio', label: 'Priority', type: 'number' })
            // A deal is valued in its pipeline's currency: one pipeline per currency.
            const pipelines = { EUR: await salesPipeline(t), USD: await salesPipeline(t, 'US', 'USD') }
            const contacts = [
              await t.contacts.create({ firstName: 'c0' }),
              await t.contacts.create({ firstName: 'c1' }),
            ]
            const companies = [await t.companies.create({ name: 'Co0' }), await t.companies.create({ name: 'Co1' })]
            const now = Date.parse(DIFF_NOW)
            for (const spec of specs) {
              clock.set(new Date(now - spec.ageMinutes * 60_000))
              const p = pipelines[spec.currency === 'USD' ? 'USD' : 'EUR']
              const d = await t.deals.create({
                title: spec.title,
                pipelineId: p.id,
                amount: { value: spec.value, currency: spec.currency },
                ...(spec.expectedCloseDate ? { expectedCloseDate: spec.expectedCloseDate } : {}),
                ...(spec.company === undefined ? {} : { companyId: companies[spec.company]!.id }),
                contactIds: spec.contacts.map((n) => contacts[n]!.id),
                tags: [...spec.tags],
                ...(spec.prio === undefined ? {} : { custom: { prio: spec.prio } }),
              })
              if (spec.stage > 0) {
                const lost = spec.stage === 3 && spec.lostReason ? { lostReason: spec.lostReason } : {}
                await t.deals.moveToStage(d.id, p.stages[spec.stage]!.id, lost)
              }
              if (spec.deleted) await t.deals.delete(d.id)
            }
            if (specs.length % 2 === 1) await t.contacts.delete(contacts[0]!.id)
            const tokens: Record<string, string> = {
              $contact0: contacts[0]!.id,
              $contact1: contacts[1]!.id,
              $company0: companies[0]!.id,
              $company1: companies[1]!.id,
              $absent: ABSENT,
            }
            pipelines.EUR.stages.forEach((s, i) => {
              tokens[`$stage${i}`] = s.id
            })
            clock.set(new Date(now))
            clock.freeze()
            try {
              const target = {
                table: 'deals' as const,
                rows: await hydratedRawRows(raw, 'deals', tenantId),
                customFields: [{ key: 'prio', type: 'number' as const }],
                now: new Date(now),
                list: async (where: unknown) =>
                  (await t.deals.list({ where, limit: 1000 } as never)).items.map((d) => d.id),
                count: (where: unknown) => t.deals.count({ where } as never),
              }
              expect(target.rows).toHaveLength(specs.filter((s) => !s.deleted).length)
              for (const f of filters) await checkFilter(target, bindTokens(f, tokens), stats)
            } finally {
              clock.run()
            }
          },
        ),
        { numRuns: 30, interruptAfterTimeLimit: 240_000, markInterruptAsFailure: true },
      )
      expect(stats.proper, JSON.stringify(stats)).toBeGreaterThanOrEqual(10)
    }, 300_000)
  })
}
