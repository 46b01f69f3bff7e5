import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { byChannel, expectClose, POOL, pathArb, pathsArb, total } from './__tests__/helpers.js'
import { attribute } from './attribute.js'
import type { AggregatedPath, PathAttributionOptions } from './schemas.js'

/** Every model over aggregated paths, with the variants that change the computation. */
const MODELS: readonly PathAttributionOptions[] = [
  { model: 'first' },
  { model: 'last' },
  { model: 'lastNonDirect', directChannel: 'a' },
  { model: 'linear' },
  { model: 'linearUnique' },
  { model: 'markov', order: 1 },
  { model: 'markov', order: 1, solver: 'iterative' },
  { model: 'markov', order: 1, ignoreNulls: true },
  { model: 'markov', order: 2 },
  { model: 'markov', order: 3 },
  { model: 'markov', order: 4 },
  { model: 'shapley', variant: 'conversions' },
  { model: 'shapley', variant: 'conversionRate' },
]

const name = (o: PathAttributionOptions) => JSON.stringify(o)

describe('invariants of every aggregated-path model (fast-check)', () => {
  for (const options of MODELS) {
    it(`${name(options)}: every conversion and its value are credited in full`, () => {
      fc.assert(
        fc.property(pathsArb(), (rows) => {
          const result = attribute(rows, options)
          expectClose(
            total(result.channels, (c) => c.conversions),
            total(rows, (r) => r.conversions),
            1e-9,
            'conv',
          )
          expectClose(
            total(result.channels, (c) => c.value),
            total(rows, (r) => r.value ?? 0),
            1e-9,
            'value',
          )
          expectClose(
            total(result.channels, (c) => c.share),
            1,
            1e-9,
            'shares',
          )
          for (const c of result.channels) expect(c.conversions).toBeGreaterThanOrEqual(0)
        }),
        { numRuns: 60 },
      )
    })

    it(`${name(options)}: a single path's conversion is split into credits summing to 1`, () => {
      fc.assert(
        fc.property(pathArb(), (row) => {
          const result = attribute([{ ...row, conversions: 1, value: 1 }], options)
          expectClose(
            total(result.channels, (c) => c.conversions),
            1,
            1e-9,
            'credits',
          )
          expectClose(
            total(result.channels, (c) => c.value),
            1,
            1e-9,
            'value',
          )
        }),
        { numRuns: 40 },
      )
    })

    it(`${name(options)}: relabelling the channels and reordering the rows permutes the credits`, () => {
      fc.assert(
        fc.property(
          pathsArb(),
          fc.shuffledSubarray([...POOL], { minLength: POOL.length }),
          fc.infiniteStream(fc.nat()),
          (rows, image, seeds) => {
            const rename = new Map<string, string>(POOL.map((c, i) => [c, `${image[i] as string}-renamed`]))
            const keys = rows.map(() => seeds.next().value as number)
            const moved = rows
              .map((r, i) => ({ r: { ...r, path: r.path.map((c) => rename.get(c) as string) }, k: keys[i] as number }))
              .sort((x, y) => x.k - y.k)
              .map((x) => x.r)
            const renamedOptions =
              options.model === 'lastNonDirect' ? { ...options, directChannel: rename.get('a') as string } : options
            const before = byChannel(attribute(rows, options).channels)
            const after = byChannel(attribute(moved, renamedOptions).channels)
            expect(after.size).toBe(before.size)
            for (const [channel, credit] of before) {
              const other = after.get(rename.get(channel) as string)
              expectClose(other?.conversions as number, credit.conversions, 1e-9, `${channel} conv`)
              expectClose(other?.value as number, credit.value, 1e-9, `${channel} value`)
            }
          },
        ),
        { numRuns: 40 },
      )
    })

    it(`${name(options)}: a channel that never occurs changes nothing`, () => {
      fc.assert(
        fc.property(pathsArb(), pathArb(['a', 'zz-new']), (rows, extra) => {
          const before = byChannel(attribute(rows, options).channels)
          // Listed in the channel universe, and on a path with no journeys at all.
          const silent: AggregatedPath = { path: [...extra.path, 'zz-new'], conversions: 0, nulls: 0 }
          const after = attribute([...rows, silent], { ...options, channels: ['yy-listed'] })
          const rowsAfter = byChannel(after.channels)
          expect(rowsAfter.get('zz-new')?.conversions).toBe(0)
          expect(rowsAfter.get('yy-listed')?.conversions).toBe(0)
          for (const [channel, credit] of before) {
            expectClose(rowsAfter.get(channel)?.conversions as number, credit.conversions, 1e-9, channel)
            expectClose(rowsAfter.get(channel)?.value as number, credit.value, 1e-9, channel)
          }
        }),
        { numRuns: 40 },
      )
    })
  }

  it('all models agree on single-channel journeys (one touch, or one channel repeated)', () => {
    const singleChannel = fc.record({
      channel: fc.constantFrom(...POOL),
      repeats: fc.integer({ min: 1, max: 4 }),
      conversions: fc.integer({ min: 0, max: 5 }),
      nulls: fc.integer({ min: 0, max: 5 }),
      value: fc.double({ min: 0, max: 100, noNaN: true }),
    })
    fc.assert(
      fc.property(fc.array(singleChannel, { minLength: 1, maxLength: 8 }), (specs) => {
        const rows = specs.map((s) => ({
          path: new Array<string>(s.repeats).fill(s.channel),
          conversions: s.conversions,
          nulls: s.nulls,
          ...(s.conversions > 0 ? { value: s.value } : {}),
        }))
        const expected = new Map<string, { conversions: number; value: number }>()
        for (const r of rows) {
          const e = expected.get(r.path[0] as string) ?? { conversions: 0, value: 0 }
          expected.set(r.path[0] as string, {
            conversions: e.conversions + r.conversions,
            value: e.value + (r.value ?? 0),
          })
        }
        for (const options of MODELS) {
          for (const c of attribute(rows, options).channels) {
            expectClose(
              c.conversions,
              expected.get(c.channel)?.conversions as number,
              1e-9,
              `${name(options)} ${c.channel}`,
            )
            expectClose(c.value, expected.get(c.channel)?.value as number, 1e-9, `${name(options)} ${c.channel} value`)
          }
        }
      }),
      { numRuns: 60 },
    )
  })

  it('shapley (conversions game) equals linearUnique, conversions and value', () => {
    fc.assert(
      fc.property(pathsArb(), (rows) => {
        const shapley = byChannel(attribute(rows, { model: 'shapley' }).channels)
        for (const c of attribute(rows, { model: 'linearUnique' }).channels) {
          expectClose(shapley.get(c.channel)?.conversions as number, c.conversions, 1e-12, c.channel)
          expectClose(shapley.get(c.channel)?.value as number, c.value, 1e-12, c.channel)
        }
      }),
      { numRuns: 100 },
    )
  })

  it('markov: P(conversion) is the observed conversion rate and E[value] the value per journey, at every order', () => {
    fc.assert(
      fc.property(pathsArb(), fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>, (rows, order) => {
        const result = attribute(rows, { model: 'markov', order })
        const journeys = result.totalConversions + result.totalNulls
        expectClose(result.conversionProbability, result.totalConversions / journeys, 1e-12, 'P(conv)')
        expectClose(result.expectedValue, result.totalValue / journeys, 1e-12, 'E[value]')
      }),
      { numRuns: 60 },
    )
  })

  it('markov order 1: the dense LU and the sparse Gauss-Seidel give the same removal effects', () => {
    fc.assert(
      fc.property(pathsArb(), (rows) => {
        const dense = byChannel(attribute(rows, { model: 'markov', solver: 'dense' }).channels)
        for (const c of attribute(rows, { model: 'markov', solver: 'iterative' }).channels) {
          expectClose(dense.get(c.channel)?.removalEffect as number, c.removalEffect, 1e-12, c.channel)
          expectClose(dense.get(c.channel)?.valueRemovalEffect as number, c.valueRemovalEffect, 1e-12, c.channel)
        }
      }),
      { numRuns: 100 },
    )
  })
})
