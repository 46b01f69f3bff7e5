import { MAX_SPEND_ENTRIES } from '@crmkit/core'
import type { AttributionData, AttributionDataQuery, StorageAdapter } from '@crmkit/core/storage'
import { computeAttributionData, ValidationError } from '@crmkit/core/storage'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { at, close, DAY, expected, pairs, range, seedFunnel, seedStory } from './attribution-stories.js'
import type { SuiteContext } from './context.js'
import { caught } from './context.js'
import { salesPipeline } from './crud-pipeline.js'
import { faultyStorage } from './faults.js'
import { skipRemote } from './remote-skips.js'
import type { RawInspector } from './types.js'

/** Every report model, with the options a test runs it with. */
export const reportModels = [
  { model: 'first' },
  { model: 'last' },
  { model: 'lastNonDirect', directChannel: 'direct' },
  { model: 'linear' },
  { model: 'linearUnique' },
  { model: 'markov' },
  { model: 'markov', order: 2 },
  { model: 'shapley' },
  { model: 'shapley', variant: 'conversionRate' },
  { model: 'timeDecay', halfLifeDays: 3 },
  { model: 'positionBased' },
  { model: 'positionBased', first: 0.3, last: 0.5 },
  { model: 'wShaped' },
  { model: 'fullPath', close: 0.3, rest: 0.05 },
  { model: 'custom', weights: (touches: readonly unknown[]) => touches.map((_, i) => i + 1) },
] as const

/** The adapter's answer equals core's JavaScript definition over the raw rows. */
async function expectSameAsReference(
  storage: StorageAdapter,
  raw: RawInspector,
  tenantId: string,
  query: AttributionDataQuery,
) {
  const expected = computeAttributionData(
    {
      touchpoints: await raw.rows('touchpoints', tenantId),
      conversions: await raw.rows('conversions', tenantId),
      contacts: await raw.rows('contacts', tenantId),
      deals: await raw.rows('deals', tenantId),
      dealContacts: await raw.links('dealContacts', tenantId),
    },
    query,
  )
  const pushdown = storage.extensions?.attribution
  if (!pushdown) return expected
  const actual: AttributionData = await pushdown.journeyData(tenantId, query)
  expect({ ...actual, credits: [] }).toEqual({ ...expected, credits: [] })
  expect(actual.credits.map((c) => c.key)).toEqual(expected.credits.map((c) => c.key))
  actual.credits.forEach((c, i) => {
    const e = expected.credits[i]!
    expect(close(c.conversions, e.conversions) && close(c.value, e.value), `${c.key}: ${JSON.stringify([c, e])}`).toBe(
      true,
    )
  })
  return expected
}

/** Attribution reports: hand-checked values, adapter = JavaScript reference, invariants. */
export function attributionReportTests(get: () => SuiteContext): void {
  describe('attribution: reports', () => {
    it('heuristic reports match hand-derived credits, with unattributed conversions, spend and ROAS', async () => {
      const { t } = get().tenant()
      await seedStory(t)
      const first = await t.attribution.report({
        model: 'first',
        ...range,
        spend: [
          { key: 'ads', amount: 25 },
          { key: 'tv', amount: 10 },
        ],
      })
      expect(pairs(first.rows)).toEqual([
        ['ads', 1, 100],
        ['seo', 1, 50],
        ['tv', 0, 0],
      ])
      expect(first.rows[0]).toMatchObject({ share: 0.5, spend: 25, roas: 4 })
      expect(first.rows[2]).toMatchObject({ spend: 10, roas: 0 })
      expect(first.totals).toEqual({
        conversions: 2,
        revenue: 150,
        nonConvertingJourneys: 1,
        unattributed: { conversions: 1, revenue: 7 },
        spend: 35,
        roas: 150 / 35,
      })
      expect(first.currency).toBe('EUR')
      const last = await t.attribution.report({ model: 'last', ...range })
      expect(pairs(last.rows)).toEqual([
        ['email', 1, 100],
        ['seo', 1, 50],
      ])
      const linear = await t.attribution.report({ model: 'linear', ...range })
      expect(pairs(linear.rows)).toEqual([
        ['seo', 1, 50],
        ['ads', 0.5, 50],
        ['email', 0.5, 50],
      ])
      const byCampaign = await t.attribution.report({ model: 'first', ...range, groupBy: 'campaign' })
      expect(pairs(byCampaign.rows)).toEqual([
        ['spring', 1, 100],
        ['(none)', 1, 50],
      ])
      const bySource = await t.attribution.report({ model: 'positionBased', ...range, groupBy: 'source' })
      expect(pairs(bySource.rows)).toEqual([
        ['google', 1.5, 100],
        ['(none)', 0.5, 50],
      ])
      // With a 2.5-day lookback only the last touch of each journey is left.
      const short = await t.attribution.report({ model: 'first', ...range, lookbackDays: 2.5 })
      expect(pairs(short.rows)).toEqual([
        ['email', 1, 100],
        ['seo', 1, 50],
      ])
    })

    it('spend takes up to MAX_SPEND_ENTRIES keys, each reported once; one more is a ValidationError naming spend', async () => {
      const { t } = get().tenant()
      await seedStory(t)
      const keys = Array.from({ length: MAX_SPEND_ENTRIES }, (_, i) => `campaign-${i}`)
      const report = await t.attribution.report({
        model: 'first',
        ...range,
        spend: [...keys.map((key) => ({ key, amount: 1 })), { key: 'ads', amount: 24 }].slice(1),
      })
      // Every spend key is a row once: the credited ones (ads) and the 9,999 that earned nothing.
      expect(report.rows).toHaveLength(MAX_SPEND_ENTRIES + 1)
      expect(new Set(report.rows.map((row) => row.key)).size).toBe(report.rows.length)
      expect(report.totals.spend).toBe(MAX_SPEND_ENTRIES - 1 + 24)
      const tooMany = await caught(
        t.attribution.report({
          model: 'first',
          ...range,
          spend: keys.concat('one-more').map((key) => ({ key, amount: 1 })),
        }),
      )
      expect(tooMany).toBeInstanceOf(ValidationError)
      expect((tooMany as ValidationError).issues[0]?.path).toEqual(['spend'])
    })
    it('wShaped and fullPath take the lead and opportunity milestones from the CRM', async () => {
      const { clock } = get()
      const { t } = get().tenant()
      await clock.restoring(() => seedFunnel(t, clock))
      const wShaped = await t.attribution.report({ model: 'wShaped', ...range })
      expect(pairs(wShaped.rows)).toEqual(
        expected([
          // ann: first ads, lead seo, opportunity email 0.3 each; social and ads share 0.1.
          [1000, { ads: 0.3 + 0.05, seo: 0.3, email: 0.3, social: 0.05 }],
          // ben: no lead role, so first seo, opportunity email, rest ads renormalised by 0.7.
          [100, { seo: 3 / 7, email: 3 / 7, ads: 1 / 7 }],
          // cat: email is lead and opportunity touch and gets both shares.
          [10, { ads: 0.3, email: 0.6, seo: 0.1 }],
        ]),
      )
      const fullPath = await t.attribution.report({ model: 'fullPath', ...range })
      expect(pairs(fullPath.rows)).toEqual(
        expected([
          [1000, { ads: 0.225 + 0.225, seo: 0.225, email: 0.225, social: 0.1 }],
          // Every touch holds a role, so nothing is left for the rest: 1/3 each.
          [100, { seo: 1 / 3, email: 1 / 3, ads: 1 / 3 }],
          [10, { ads: 0.25, email: 0.5, seo: 0.25 }],
        ]),
      )
      expect(fullPath.totals).toMatchObject({ conversions: 3, revenue: 1110 })
    })

    it('time decay halves the credit per half-life; markov credits only channels on converting paths', async () => {
      const { t } = get().tenant()
      await seedStory(t)
      const decay = await t.attribution.report({ model: 'timeDecay', ...range, halfLifeDays: 2 })
      // ann: ads 2 days before email -> weights 1/2 : 1 -> 1/3 : 2/3.
      expect(pairs(decay.rows)).toEqual([
        ['seo', 1, 50],
        ['email', Number((2 / 3).toFixed(9)), Number((200 / 3).toFixed(9))],
        ['ads', Number((1 / 3).toFixed(9)), Number((100 / 3).toFixed(9))],
      ])
      const markov = await t.attribution.report({ model: 'markov', ...range })
      expect(markov.rows.reduce((s, r) => s + r.conversions, 0)).toBeCloseTo(2, 9)
      expect(markov.totals.nonConvertingJourneys).toBe(1)
    })

    it('a range with several currencies needs `currency`; bad options are ValidationErrors', async () => {
      const { t } = get().tenant()
      const { ann } = await seedStory(t)
      await t.attribution.recordConversion({
        type: 'purchase',
        value: 9,
        currency: 'USD',
        contactId: ann,
        occurredAt: at(5),
      })
      expect(await caught(t.attribution.report({ model: 'first', ...range }))).toBeInstanceOf(ValidationError)
      const eur = await t.attribution.report({ model: 'first', ...range, currency: 'EUR' })
      expect(eur.totals.revenue).toBe(150)
      const usd = await t.attribution.report({ model: 'first', ...range, currency: 'USD' })
      expect(pairs(usd.rows)).toEqual([['ads', 1, 9]])
      for (const bad of [
        { model: 'nope', ...range },
        { model: 'first', ...range, from: at(9), to: at(1) },
        { model: 'first', ...range, order: 2 },
        { model: 'markov', ...range, order: 9 },
        { model: 'positionBased', ...range, first: 0.8, last: 0.8 },
        { model: 'first', ...range, groupBy: 'medium' },
      ]) {
        expect(await caught(t.attribution.report(bad as never))).toBeInstanceOf(ValidationError)
      }
    })

    it('the adapter builds the same journeys as the JavaScript definition, and core’s fallback gives the same reports', async (test) => {
      skipRemote(get, test, 'functionArgument')
      const { storage, raw } = get()
      const { t, tenantId } = get().tenant()
      await seedStory(t)
      const fallback = get()
        .crmOver(faultyStorage(storage, () => false))
        .forTenant(tenantId, { actor: 'x' })
      for (const groupBy of ['channel', 'campaign', 'source'] as const) {
        const window = { from: at(0), to: at(30), lookbackMs: 30 * DAY, groupBy }
        await expectSameAsReference(storage, raw, tenantId, { ...window, kind: 'paths' })
        await expectSameAsReference(storage, raw, tenantId, { ...window, kind: 'journeys' })
        await expectSameAsReference(storage, raw, tenantId, {
          ...window,
          kind: 'credits',
          weighting: { model: 'timeDecay', halfLifeMs: 7 * DAY },
        })
        await expectSameAsReference(storage, raw, tenantId, {
          ...window,
          kind: 'credits',
          weighting: { model: 'positionBased', first: 0.4, last: 0.4 },
        })
      }
      for (const options of reportModels) {
        const direct = await t.attribution.report({ ...options, ...range })
        const viaFallback = await fallback.attribution.report({ ...options, ...range })
        expect(pairs(viaFallback.rows)).toEqual(pairs(direct.rows))
      }
    })

    it('property: on random journeys the adapter equals the reference and every model’s credits sum to the totals', async (test) => {
      skipRemote(get, test, 'functionArgument')
      const { storage, raw } = get()
      const touch = fc.record({
        who: fc.nat({ max: 3 }),
        channel: fc.constantFrom('ads', 'seo', 'email', 'direct'),
        campaign: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
        day: fc.integer({ min: 0, max: 40 }),
        hour: fc.nat({ max: 23 }),
      })
      const conversion = fc.record({
        who: fc.nat({ max: 3 }),
        day: fc.integer({ min: 5, max: 40 }),
        value: fc.nat({ max: 1000 }),
        deal: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
      })
      // Milestones: when each contact was created, and deals (some deleted) linked to them.
      const deal = fc.record({ who: fc.nat({ max: 3 }), day: fc.integer({ min: 0, max: 40 }), deleted: fc.boolean() })
      const { clock } = get()
      await fc.assert(
        fc.asyncProperty(
          fc.array(touch, { minLength: 1, maxLength: 25 }),
          fc.array(conversion, { maxLength: 6 }),
          fc.integer({ min: 1, max: 20 }),
          fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 4, maxLength: 4 }),
          fc.array(deal, { maxLength: 4 }),
          async (touches, conversions, lookbackDays, createdDays, deals) => {
            const { t, tenantId } = get().tenant()
            const ids: string[] = []
            const dealIds: string[] = []
            await clock.restoring(async () => {
              for (const [i, day] of createdDays.entries()) {
                clock.set(at(day, 6))
                ids.push((await t.contacts.create({ email: `p${i}@attr.io` })).id)
              }
              const p = deals.length > 0 ? await salesPipeline(t) : undefined
              for (const d of deals) {
                clock.set(at(d.day, 18))
                const created = await t.deals.create({
                  title: 'D',
                  pipelineId: p!.id,
                  amount: { value: 1, currency: 'EUR' },
                  contactIds: [ids[d.who]!],
                })
                // Conversions may name live deals only.
                if (d.deleted) await t.deals.delete(created.id)
                else dealIds.push(created.id)
              }
            })
            await t.attribution.trackMany(
              touches.map((x) => ({
                channel: x.channel,
                campaign: x.campaign,
                contactId: ids[x.who]!,
                occurredAt: at(x.day, x.hour),
              })),
            )
            for (const c of conversions) {
              await t.attribution.recordConversion({
                type: 'purchase',
                value: c.value,
                currency: 'EUR',
                contactId: ids[c.who]!,
                occurredAt: at(c.day, 12),
                ...(c.deal !== undefined && dealIds[c.deal] ? { dealId: dealIds[c.deal] } : {}),
              })
            }
            const window = { from: at(10), to: at(40), lookbackMs: lookbackDays * DAY }
            for (const groupBy of ['channel', 'campaign'] as const) {
              await expectSameAsReference(storage, raw, tenantId, { ...window, groupBy, kind: 'paths' })
              await expectSameAsReference(storage, raw, tenantId, { ...window, groupBy, kind: 'journeys' })
              await expectSameAsReference(storage, raw, tenantId, {
                ...window,
                groupBy,
                kind: 'credits',
                weighting: { model: 'timeDecay', halfLifeMs: 2 * DAY },
              })
              await expectSameAsReference(storage, raw, tenantId, {
                ...window,
                groupBy,
                kind: 'credits',
                weighting: { model: 'positionBased', first: 0.4, last: 0.4 },
              })
            }
            for (const options of reportModels) {
              const r = await t.attribution.report({ ...options, from: at(10), to: at(40), lookbackDays })
              const sum = (f: (row: (typeof r.rows)[number]) => number) => r.rows.reduce((s, row) => s + f(row), 0)
              expect(
                close(
                  sum((x) => x.conversions),
                  r.totals.conversions,
                ),
                `${options.model} conversions`,
              ).toBe(true)
              expect(
                close(
                  sum((x) => x.revenue),
                  r.totals.revenue,
                ),
                `${options.model} revenue`,
              ).toBe(true)
              expect(r.totals.conversions + r.totals.unattributed.conversions).toBe(
                conversions.filter((c) => c.day >= 10 && c.day < 40).length,
              )
            }
          },
        ),
        { numRuns: 12 },
      )
    })
  })
}
