import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../errors.js'
import { byChannel, expectClose, pathsArb } from './__tests__/helpers.js'
import { attribute } from './attribute.js'
import type { AggregatedPath } from './schemas.js'

/** Textbook Shapley: Σ over S ∌ i of |S|!(n−|S|−1)!/n! · (v(S ∪ {i}) − v(S)), every coalition. */
function textbookShapley(
  players: readonly string[],
  v: (coalition: ReadonlySet<string>) => number,
): Map<string, number> {
  const n = players.length
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1))
  const out = new Map<string, number>()
  for (const [i, player] of players.entries()) {
    let phi = 0
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask & (1 << i)) continue
      const s = new Set(players.filter((_, b) => mask & (1 << b)))
      const withI = new Set(s).add(player)
      phi += ((fact(s.size) * fact(n - s.size - 1)) / fact(n)) * (v(withI) - v(s))
    }
    out.set(player, phi)
  }
  return out
}

/** KPI per exact channel set: conversions, nulls, value. */
function channelSets(rows: readonly AggregatedPath[]) {
  const sets = new Map<string, { members: Set<string>; conv: number; nulls: number; value: number }>()
  for (const r of rows) {
    const members = new Set(r.path)
    const key = [...members].sort().join('|')
    const acc = sets.get(key) ?? { members, conv: 0, nulls: 0, value: 0 }
    acc.conv += r.conversions
    acc.nulls += r.nulls ?? 0
    acc.value += r.value ?? 0
    sets.set(key, acc)
  }
  return [...sets.values()].filter((s) => s.conv + s.nulls > 0)
}

const isSubset = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].every((x) => b.has(x))

describe('shapley', () => {
  it('conversions game: credits are the textbook Shapley values of v(S) = conversions of paths ⊆ S', () => {
    fc.assert(
      fc.property(pathsArb(['a', 'b', 'c', 'd', 'e']), (rows) => {
        const sets = channelSets(rows)
        const players = [...new Set(rows.flatMap((r) => r.path))].sort()
        const phi = textbookShapley(players, (S) =>
          sets.filter((t) => isSubset(t.members, S)).reduce((sum, t) => sum + t.conv, 0),
        )
        const got = byChannel(attribute(rows, { model: 'shapley' }).channels)
        for (const [channel, value] of phi) {
          expectClose(got.get(channel)?.conversions as number, value, 1e-9, channel)
          expectClose(got.get(channel)?.shapleyValue as number, value, 1e-9, channel)
        }
      }),
      { numRuns: 60 },
    )
  })

  it('conversionRate: each path is split by the textbook Shapley values of the rate game on its channels', () => {
    fc.assert(
      fc.property(pathsArb(['a', 'b', 'c', 'd']), (rows) => {
        const sets = channelSets(rows)
        const rate = (t: (typeof sets)[number]) => t.conv / (t.conv + t.nulls)
        const v = (S: ReadonlySet<string>) =>
          sets.filter((t) => isSubset(t.members, S)).reduce((sum, t) => sum + rate(t), 0)
        const expected = new Map<string, number>()
        for (const t of sets) {
          if (t.conv === 0) continue
          const phi = textbookShapley([...t.members].sort(), v)
          const sum = [...phi.values()].reduce((a, b) => a + b, 0)
          for (const [c, x] of phi) expected.set(c, (expected.get(c) ?? 0) + (t.conv * x) / sum)
        }
        const global = textbookShapley([...new Set(rows.flatMap((r) => r.path))].sort(), v)
        const got = byChannel(attribute(rows, { model: 'shapley', variant: 'conversionRate' }).channels)
        for (const [channel, row] of got) {
          expectClose(row.conversions, expected.get(channel) ?? 0, 1e-9, channel)
          expectClose(row.shapleyValue, global.get(channel) as number, 1e-9, `${channel} φ`)
        }
      }),
      { numRuns: 60 },
    )
  })

  it('conversionRate: the better-converting channel earns more of a shared path', () => {
    const rows = [
      { path: ['search'], conversions: 30, nulls: 70 }, // 30 %
      { path: ['display'], conversions: 5, nulls: 95 }, // 5 %
      { path: ['display', 'search'], conversions: 10, nulls: 10 },
    ]
    const got = byChannel(attribute(rows, { model: 'shapley', variant: 'conversionRate' }).channels)
    // φ^T: search 0.3 + 0.5/2, display 0.05 + 0.5/2 → the shared 10 split 0.55 : 0.30.
    expectClose(got.get('search')?.conversions as number, 30 + (10 * 0.55) / 0.85, 1e-12, 'search')
    expectClose(got.get('display')?.conversions as number, 5 + (10 * 0.3) / 0.85, 1e-12, 'display')
  })

  it('conversionRate: a converting path with more than 15 distinct channels is a ValidationError naming alternatives', () => {
    const channels = Array.from({ length: 16 }, (_, i) => `ch${i}`)
    const run = () => attribute([{ path: channels, conversions: 1 }], { model: 'shapley', variant: 'conversionRate' })
    expect(run).toThrow(ValidationError)
    expect(run).toThrow(/too many channels/)
    try {
      run()
    } catch (e) {
      expect((e as ValidationError).issues[0]?.message).toMatch(/linearUnique|markov/)
    }
    // The conversions game has a closed form: any number of channels.
    const result = attribute([{ path: channels, conversions: 1 }], { model: 'shapley' })
    expectClose(result.channels[0]?.conversions as number, 1 / 16, 1e-12, 'share')
  })

  it('gives the same answer however channel sets are keyed (table ≤ 22, bit-mask map ≤ 52, sorted ids beyond)', () => {
    const small = [
      { path: ['c0', 'c1', 'c2'], conversions: 3, nulls: 1 },
      { path: ['c0', 'c1'], conversions: 2, nulls: 5 },
      { path: ['c0'], conversions: 1, nulls: 3 },
    ]
    for (const universe of [30, 60]) {
      const rows = [
        ...small,
        ...Array.from({ length: universe - 3 }, (_, i) => ({ path: [`c${i + 3}`], conversions: 0, nulls: 1 })),
      ]
      for (const variant of ['conversions', 'conversionRate'] as const) {
        const big = byChannel(attribute(rows, { model: 'shapley', variant }).channels)
        for (const c of attribute(small, { model: 'shapley', variant }).channels) {
          const label = `${universe} ${variant} ${c.channel}`
          expectClose(big.get(c.channel)?.conversions as number, c.conversions, 1e-12, label)
        }
      }
    }
  })
})
