import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { expectClose } from './__tests__/helpers.js'
import { attribute } from './attribute.js'
import { preparePaths } from './prepare.js'
import type { AggregatedPath } from './schemas.js'

interface Credit {
  conversions: number
  value: number
  shapleyValue?: number
  removalEffect?: number
  valueRemovalEffect?: number
}
interface MarkovReference {
  conversionProbability: number
  expectedValue: number
  states: number
  channels: Record<string, Credit>
}
interface Reference {
  directChannel: string
  totals: { conversions: number; value: number; nulls: number; paths: number }
  heuristics: Record<'first' | 'last' | 'lastNonDirect' | 'linear' | 'linearUnique', Record<string, Credit>>
  shapley: Record<'conversions' | 'conversionRate', Record<string, Credit>>
  markov: Record<'order1' | 'order1IgnoreNulls' | 'order2' | 'order3', MarkovReference>
}

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')
const reference = JSON.parse(fixture('reference.json')) as Reference
const rows: AggregatedPath[] = fixture('attribution-paths.csv')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [path, conversions, value, nulls] = line.split(',')
    return {
      path: (path as string).split('>').map((c) => c.trim()),
      conversions: Number(conversions),
      value: Number(value),
      nulls: Number(nulls),
    }
  })
const data = preparePaths(rows)

function compareCredits(
  got: readonly { channel: string; conversions: number; value: number }[],
  want: Record<string, Credit>,
  label: string,
  fields: readonly (keyof Credit)[] = ['conversions', 'value'],
) {
  expect(got.map((c) => c.channel).sort()).toEqual(Object.keys(want).sort())
  for (const row of got) {
    const expected = want[row.channel] as Credit
    for (const field of fields) {
      expectClose(
        (row as Record<string, unknown>)[field] as number,
        expected[field] as number,
        1e-9,
        `${label} ${row.channel} ${field}`,
      )
    }
  }
}

describe('the ChannelAttribution vignette toy (A>B>A>B>B>A, A>B>B>A>A, A>A; one conversion each)', () => {
  const toy = ['A>B>A>B>B>A', 'A>B>B>A>A', 'A>A'].map((p) => ({ path: p.split('>'), conversions: 1 }))

  it('gives A = 2 and B = 1 with the order-1 Markov model, as the vignette states', () => {
    for (const solver of ['dense', 'iterative'] as const) {
      const result = attribute(toy, { model: 'markov', solver })
      const credit = Object.fromEntries(result.channels.map((c) => [c.channel, c.conversions]))
      expectClose(credit.A as number, 2, 1e-12, `${solver} A`)
      expectClose(credit.B as number, 1, 1e-12, `${solver} B`)
      // Removing A loses every conversion; removing B the half that leaves A for B.
      expectClose(result.channels[0]?.removalEffect as number, 1, 1e-12, 'RE(A)')
      expectClose(result.channels[1]?.removalEffect as number, 0.5, 1e-12, 'RE(B)')
    }
  })

  it('gives A = 1.8, B = 1.2 at order 2 (hand-derived: removing B leaves A → conversion, 1/3)', () => {
    const result = attribute(toy, { model: 'markov', order: 2 })
    const credit = Object.fromEntries(result.channels.map((c) => [c.channel, c.conversions]))
    expectClose(credit.A as number, 1.8, 1e-12, 'A')
    expectClose(credit.B as number, 1.2, 1e-12, 'B')
  })
})

describe(`reference values from an independent Python implementation (${reference.totals.paths} paths)`, () => {
  it('reads the same totals', () => {
    const result = attribute(data, { model: 'first' })
    expectClose(result.totalConversions, reference.totals.conversions, 1e-12, 'conversions')
    expectClose(result.totalValue, reference.totals.value, 1e-12, 'value')
    expectClose(result.totalNulls, reference.totals.nulls, 1e-12, 'nulls')
    expect(result.paths).toBe(reference.totals.paths)
  })

  for (const model of ['first', 'last', 'lastNonDirect', 'linear', 'linearUnique'] as const) {
    it(`matches ${model} to 1e-9`, () => {
      const result = attribute(
        data,
        model === 'lastNonDirect' ? { model, directChannel: reference.directChannel } : { model },
      )
      compareCredits(result.channels, reference.heuristics[model], model)
    })
  }

  for (const variant of ['conversions', 'conversionRate'] as const) {
    it(`matches the textbook (2^12 coalitions) Shapley values, ${variant} variant`, () => {
      const result = attribute(data, { model: 'shapley', variant })
      compareCredits(result.channels, reference.shapley[variant], variant, ['conversions', 'value', 'shapleyValue'])
    })
  }

  const markovCases = [
    { key: 'order1', options: { model: 'markov', order: 1 } },
    { key: 'order1', options: { model: 'markov', order: 1, solver: 'iterative' } },
    { key: 'order1IgnoreNulls', options: { model: 'markov', order: 1, ignoreNulls: true } },
    { key: 'order2', options: { model: 'markov', order: 2 } },
    { key: 'order3', options: { model: 'markov', order: 3 } },
  ] as const
  for (const { key, options } of markovCases) {
    it(`matches the exact removal effects and credits of Markov ${JSON.stringify(options)}`, () => {
      const result = attribute(data, options)
      const want = reference.markov[key]
      expectClose(result.conversionProbability, want.conversionProbability, 1e-12, 'P(conv)')
      expectClose(result.expectedValue, want.expectedValue, 1e-12, 'E[value]')
      expect(result.transitionMatrix.states).toBe(want.states)
      compareCredits(result.channels, want.channels, key, [
        'conversions',
        'value',
        'removalEffect',
        'valueRemovalEffect',
      ])
    })
  }
})
