import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../errors.js'
import { byChannel, expectClose, POOL } from './__tests__/helpers.js'
import { attributeJourneys, touchpointCredits } from './journeys.js'
import type { Journey, JourneyAttributionOptions, Touchpoint, WindowedTouch } from './schemas.js'

const DAY = 86_400_000
const CONVERSION = Date.parse('2024-03-31T00:00:00.000Z')
const daysBefore = (d: number) => new Date(CONVERSION - d * DAY)

/** A journey whose touches are `ago` days before the conversion, oldest listed first. */
function journey(touches: readonly (readonly [string, number, ('lead' | 'opportunity')?])[], value = 100): Journey {
  return {
    touchpoints: touches.map(([channel, ago, milestone]) => ({
      channel,
      at: daysBefore(ago),
      ...(milestone ? { milestone } : {}),
    })),
    conversion: { at: new Date(CONVERSION).toISOString(), value },
  }
}

const credits = (j: Journey, options: JourneyAttributionOptions) => touchpointCredits(j, options)

/** `'a:9 b:7:lead'`: channel a 9 days before the conversion, then b 7 days before, the lead touch. */
function spec(touches: string, value = 100): Journey {
  return journey(
    touches.split(' ').map((t) => {
      const [channel, ago, milestone] = t.split(':')
      return [channel as string, Number(ago), milestone as 'lead' | 'opportunity' | undefined] as const
    }),
    value,
  )
}

function expectCredits(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length)
  for (const [i, w] of expected.entries()) expectClose(actual[i] as number, w, 1e-15, `touch ${i}`)
}

const MODELS: readonly JourneyAttributionOptions[] = [
  { model: 'first' },
  { model: 'last' },
  { model: 'lastNonDirect', directChannel: 'a' },
  { model: 'linear' },
  { model: 'linearUnique' },
  { model: 'timeDecay' },
  { model: 'timeDecay', halfLifeDays: 1 },
  { model: 'positionBased' },
  { model: 'positionBased', first: 0.2, last: 0.6 },
  { model: 'wShaped' },
  { model: 'fullPath' },
  { model: 'custom', weights: (touches) => touches.map((t) => 1 + t.index) },
]

describe('journey models', () => {
  it('timeDecay halves the weight every half-life (default 7 days)', () => {
    expectCredits(credits(spec('a:14 b:7 c:0'), { model: 'timeDecay' }), [0.25 / 1.75, 0.5 / 1.75, 1 / 1.75])
    expectCredits(credits(spec('a:2 b:0'), { model: 'timeDecay', halfLifeDays: 1 }), [0.2, 0.8])
  })

  it('positionBased gives 40/20/40, 100 % to a lone touch and 50/50 to two touches', () => {
    expect(credits(spec('a:3'), { model: 'positionBased' })).toEqual([1])
    expect(credits(spec('a:3 b:1'), { model: 'positionBased' })).toEqual([0.5, 0.5])
    expectCredits(credits(spec('a:4 b:3 c:2 d:1'), { model: 'positionBased' }), [0.4, 0.1, 0.1, 0.4])
    expectCredits(credits(spec('a:3 b:2 c:1'), { model: 'positionBased', first: 0.3, last: 0.5 }), [0.3, 0.2, 0.5])
    const tooMuch = () => credits(spec('a:1'), { model: 'positionBased', first: 0.7, last: 0.5 })
    expect(tooMuch).toThrow(ValidationError)
  })

  it('wShaped: 30 % each to first touch, lead and opportunity milestones, 10 % shared by the rest', () => {
    const full = spec('a:9 b:7 c:5:lead d:3:opportunity e:1')
    expectCredits(credits(full, { model: 'wShaped' }), [0.3, 0.05, 0.3, 0.3, 0.05])
    // The first touch also created the lead: it holds both roles.
    expectCredits(credits(spec('a:9:lead b:7 c:3:opportunity'), { model: 'wShaped' }), [0.6, 0.1, 0.3])
    // No opportunity yet: that role drops out and the others are renormalised.
    expectCredits(credits(spec('a:9 b:7:lead c:3'), { model: 'wShaped' }), [0.3 / 0.7, 0.3 / 0.7, 0.1 / 0.7])
  })

  it('fullPath adds the closing touch: 22.5 % to each of four milestones, 10 % to the rest', () => {
    const j = spec('a:9 b:7:lead c:5 d:3:opportunity e:1')
    expectCredits(credits(j, { model: 'fullPath' }), [0.225, 0.225, 0.1, 0.225, 0.225])
  })

  it('milestone instants: the latest windowed touch at or before each instant holds the role', () => {
    const j = spec('a:9 b:7 c:5 d:3 e:1')
    const at = (milestones: Journey['milestones']) => ({ ...j, milestones })
    // Lead created 6 days before (after b), opportunity exactly at d: same as marking b and d.
    const marked = credits(spec('a:9 b:7:lead c:5 d:3:opportunity e:1'), { model: 'wShaped' })
    expectCredits(credits(at({ lead: daysBefore(6), opportunity: daysBefore(3) }), { model: 'wShaped' }), marked)
    // Both created between the same two touches: c holds both roles (a mark cannot say that).
    const both = at({ lead: daysBefore(4.5), opportunity: daysBefore(4).toISOString() })
    expectCredits(credits(both, { model: 'wShaped' }), [0.3, 0.1 / 3, 0.6, 0.1 / 3, 0.1 / 3])
    // Lead created before every windowed touch (a is outside an 8-day window): the role drops out.
    const early = at({ lead: daysBefore(8.5), opportunity: CONVERSION - 2 * DAY })
    const rest = [0, 0.225, 0.1, 0.225, 0.225].map((w) => w / 0.775)
    expectCredits(credits(early, { model: 'fullPath', lookbackDays: 8 }), rest)
    // The windowed touches a custom function sees name the roles they hold.
    const seen: WindowedTouch[] = []
    const recordAndWeighEqually = (touches: readonly WindowedTouch[]) => {
      seen.push(...touches)
      return touches.map(() => 1)
    }
    credits(both, { model: 'custom', weights: recordAndWeighEqually })
    expect(seen.map((t) => t.milestones)).toEqual([[], [], ['lead', 'opportunity'], [], []])
    // A role given as a mark and as an instant is an error.
    const twice = { ...spec('a:2:lead b:1'), milestones: { lead: daysBefore(1) } }
    expect(() => attributeJourneys([twice], { model: 'wShaped' })).toThrow(ValidationError)
  })

  it('custom weights see the windowed touches, oldest first, and are normalised', () => {
    const seen: WindowedTouch[][] = []
    const got = credits(spec('b:1 a:3'), {
      model: 'custom',
      weights: (touches) => {
        seen.push([...touches])
        return [3, 1]
      },
    })
    expect(got).toEqual([0.25, 0.75]) // aligned with the input order: 'b' is the newer touch
    expect(seen[0]?.map((t) => [t.channel, t.index, t.daysBeforeConversion])).toEqual([
      ['a', 0, 3],
      ['b', 1, 1],
    ])
    for (const bad of [() => [1], () => [-1, 1], () => [0, 0], () => [Number.NaN, 1]]) {
      expect(() => credits(spec('a:2 b:1'), { model: 'custom', weights: bad })).toThrow(ValidationError)
    }
  })

  it('drops touches outside the lookback window (default 90 days) and after the conversion', () => {
    const base = spec('old:120 recent:10 in-window:80')
    const j: Journey = { ...base, touchpoints: [...base.touchpoints, { channel: 'after', at: CONVERSION + DAY }] }
    expect(credits(j, { model: 'linear' })).toEqual([0, 0.5, 0.5, 0])
    expect(credits(j, { model: 'linear', lookbackDays: 30 })).toEqual([0, 1, 0, 0])
    expect(credits(j, { model: 'linear', lookbackDays: null })).toEqual([1 / 3, 1 / 3, 1 / 3, 0])
  })

  it('attributeJourneys sums credits per channel and reports unattributed conversions', () => {
    const result = attributeJourneys([spec('search:5 email:1', 200), spec('email:2', 50), spec('tv:400', 30)], {
      model: 'positionBased',
      channels: ['social'],
    })
    const got = byChannel(result.channels)
    expect(got.get('email')).toEqual({ channel: 'email', conversions: 1.5, value: 150, share: 0.75 })
    expect(got.get('search')?.value).toBe(100)
    expect(got.get('social')?.conversions).toBe(0)
    expect(got.has('tv')).toBe(false)
    expect(result).toMatchObject({ totalConversions: 3, totalValue: 280, unattributed: { conversions: 1, value: 30 } })
  })

  it('validates journeys: milestones at most once, parsable timestamps, no unknown keys', () => {
    const twoLeads = spec('a:2:lead b:1:lead')
    expect(() => attributeJourneys([twoLeads], { model: 'wShaped' })).toThrow(ValidationError)
    const badTime = { ...journey([['a', 1]]), conversion: { at: 'yesterday', value: 1 } }
    expect(() => attributeJourneys([badTime], { model: 'linear' })).toThrow(ValidationError)
    const extra = { ...journey([['a', 1]]), contactId: 'c1' } as unknown as Journey
    expect(() => attributeJourneys([extra], { model: 'linear' })).toThrow(ValidationError)
    expect(() => attributeJourneys([], { model: 'timeDecay', halfLifeDays: 0 })).toThrow(ValidationError)
  })
})

const touchArb = fc.record({
  channel: fc.constantFrom(...POOL),
  ago: fc.integer({ min: 0, max: 60 * 24 }).map((h) => h / 24),
})
const journeyArb = fc
  .tuple(fc.array(touchArb, { minLength: 1, maxLength: 8 }), fc.double({ min: 0, max: 1e4, noNaN: true }))
  .chain(([touches, value]) =>
    fc
      .tuple(fc.option(fc.nat(touches.length - 1)), fc.option(fc.nat(touches.length - 1)), fc.boolean())
      .map(([lead, opp, asInstants]): Journey => {
        const j = journey(
          touches.map((t) => [t.channel, t.ago] as const),
          value,
        )
        if (asInstants) {
          // The same roles named by instants: just after the chosen touches.
          const after = (i: number | null) => (i === null ? undefined : daysBefore(touches[i]!.ago - 0.01))
          return { ...j, milestones: { lead: after(lead), opportunity: after(opp) } }
        }
        const touchpoints: Touchpoint[] = j.touchpoints.map((t, i) =>
          i === lead ? { ...t, milestone: 'lead' } : i === opp && opp !== lead ? { ...t, milestone: 'opportunity' } : t,
        )
        return { ...j, touchpoints }
      }),
  )

describe('journey model invariants (fast-check)', () => {
  for (const options of MODELS) {
    const label = options.model === 'custom' ? 'custom' : JSON.stringify(options)
    it(`${label}: each conversion's touch credits sum to 1, none negative`, () => {
      fc.assert(
        fc.property(journeyArb, (j) => {
          const c = credits(j, options)
          expectClose(
            c.reduce((a, b) => a + b, 0),
            1,
            1e-9,
            'sum',
          )
          for (const x of c) expect(x).toBeGreaterThanOrEqual(0)
        }),
        { numRuns: 80 },
      )
    })

    it(`${label}: the order the touchpoints are listed in does not matter`, () => {
      fc.assert(
        fc.property(fc.array(journeyArb, { minLength: 1, maxLength: 5 }), (journeys) => {
          // Touches at the same instant keep input order, so only distinct times are compared.
          const times = journeys.flatMap((j) => j.touchpoints.map((t) => new Date(t.at).getTime()))
          fc.pre(new Set(times).size === times.length)
          const reversed = journeys.map((j) => ({ ...j, touchpoints: [...j.touchpoints].reverse() }))
          const a = byChannel(attributeJourneys(journeys, options).channels)
          for (const c of attributeJourneys(reversed, options).channels) {
            expectClose(a.get(c.channel)?.conversions as number, c.conversions, 1e-9, c.channel)
          }
        }),
        { numRuns: 50 },
      )
    })
  }

  it('all journey models agree on single-touch journeys: the touch gets the conversion and its value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(touchArb, fc.double({ min: 0, max: 100, noNaN: true })), { maxLength: 6 }),
        (specs) => {
          const journeys = specs.map(([t, v]) => journey([[t.channel, t.ago]], v))
          const expected = new Map<string, number>()
          for (const [t, v] of specs) expected.set(t.channel, (expected.get(t.channel) ?? 0) + v)
          for (const options of MODELS) {
            const result = attributeJourneys(journeys, options)
            for (const c of result.channels) {
              expectClose(c.value, expected.get(c.channel) as number, 1e-9, `${options.model} ${c.channel}`)
            }
            expect(result.unattributed.conversions).toBe(0)
          }
        },
      ),
      { numRuns: 60 },
    )
  })

  it('relabelling channels permutes the credits', () => {
    fc.assert(
      fc.property(fc.array(journeyArb, { minLength: 1, maxLength: 5 }), (journeys) => {
        const rename = (c: string) => `x-${c.toUpperCase()}`
        const renamed = journeys.map((j) => ({
          ...j,
          touchpoints: j.touchpoints.map((t) => ({ ...t, channel: rename(t.channel) })),
        }))
        for (const options of MODELS) {
          const direct = options.model === 'lastNonDirect' ? { ...options, directChannel: rename('a') } : options
          const after = byChannel(attributeJourneys(renamed, direct).channels)
          for (const c of attributeJourneys(journeys, options).channels) {
            expectClose(after.get(rename(c.channel))?.conversions as number, c.conversions, 1e-12, c.channel)
          }
        }
      }),
      { numRuns: 40 },
    )
  })
})
