import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UnsupportedError, ValidationError } from '../../errors.js'
import { byChannel, expectClose, pathsArb } from './__tests__/helpers.js'
import { attribute } from './attribute.js'
import type { AggregatedPath } from './schemas.js'

/**
 * Oracle written from the definition: states are the last-k tuples of the collapsed path,
 * and P(conv | c removed) is a fresh dense solve with every state containing c deleted.
 */
function oracle(rows: readonly AggregatedPath[], order: number, removed: string | null): number {
  const trans = new Map<string, Map<string, number>>()
  const absorb = new Map<string, { conv: number; nulls: number }>()
  for (const r of rows) {
    const w = r.conversions + (r.nulls ?? 0)
    if (w === 0) continue
    const path = r.path.filter((c, i) => i === 0 || c !== r.path[i - 1])
    let prev = ''
    path.forEach((_, i) => {
      const state = JSON.stringify(path.slice(Math.max(0, i + 1 - order), i + 1))
      const row = trans.get(prev) ?? new Map<string, number>()
      row.set(state, (row.get(state) ?? 0) + w)
      trans.set(prev, row)
      prev = state
    })
    const a = absorb.get(prev) ?? { conv: 0, nulls: 0 }
    absorb.set(prev, { conv: a.conv + r.conversions, nulls: a.nulls + (r.nulls ?? 0) })
  }
  const all = new Set<string>([''])
  for (const [s, row] of trans) for (const t of [s, ...row.keys()]) all.add(t)
  const keep = [...all].filter((s) => removed === null || s === '' || !(JSON.parse(s) as string[]).includes(removed))
  const index = new Map(keep.map((s, i) => [s, i]))
  const n = keep.length
  const a = keep.map(() => new Array<number>(n + 1).fill(0))
  for (const s of keep) {
    const i = index.get(s) as number
    const row = trans.get(s) ?? new Map<string, number>()
    const ab = absorb.get(s) ?? { conv: 0, nulls: 0 }
    const tot = [...row.values()].reduce((x, y) => x + y, 0) + ab.conv + ab.nulls
    const eq = a[i] as number[]
    eq[i] = 1
    for (const [t, w] of row) {
      const j = index.get(t)
      if (j !== undefined) eq[j] = (eq[j] as number) - w / tot
    }
    eq[n] = ab.conv / tot
  }
  for (let k = 0; k < n; k++) {
    let p = k
    for (let i = k + 1; i < n; i++)
      if (Math.abs((a[i] as number[])[k] as number) > Math.abs((a[p] as number[])[k] as number)) p = i
    ;[a[k], a[p]] = [a[p] as number[], a[k] as number[]]
    const pk = a[k] as number[]
    for (let i = 0; i < n; i++) {
      if (i === k) continue
      const ri = a[i] as number[]
      const f = (ri[k] as number) / (pk[k] as number)
      for (let j = k; j <= n; j++) ri[j] = (ri[j] as number) - f * (pk[j] as number)
    }
  }
  const start = index.get('') as number
  return ((a[start] as number[])[n] as number) / ((a[start] as number[])[start] as number)
}

describe('markov', () => {
  it('removal effects equal a fresh dense solve per removed channel, at orders 1–4 (fast-check)', () => {
    fc.assert(
      fc.property(
        pathsArb(['a', 'b', 'c', 'd']),
        fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>,
        (rows, order) => {
          const result = attribute(rows, { model: 'markov', order })
          const p = oracle(rows, order, null)
          expectClose(result.conversionProbability, p, 1e-12, 'P(conv)')
          for (const c of result.channels) {
            expectClose(c.removalEffect, p - oracle(rows, order, c.channel), 1e-12, `RE ${c.channel}`)
            expectClose(c.relativeRemovalEffect, c.removalEffect / p, 1e-12, `relative ${c.channel}`)
          }
        },
      ),
      { numRuns: 80 },
    )
  })

  it('ignoreNulls builds the chain from converting journeys only', () => {
    const rows = [
      { path: ['a', 'b'], conversions: 1, nulls: 50 },
      { path: ['b'], conversions: 1, nulls: 0 },
      { path: ['c'], conversions: 0, nulls: 100 },
    ]
    const result = attribute(rows, { model: 'markov', ignoreNulls: true })
    expect(result.conversionProbability).toBe(1)
    expect(result.totalNulls).toBe(150)
    const credit = byChannel(result.channels)
    // Every journey converts; removing b loses both, removing a loses one: credits 2 : 1.
    expectClose(credit.get('b')?.conversions as number, 2 * (2 / 3), 1e-12, 'b')
    expectClose(credit.get('a')?.conversions as number, 2 / 3, 1e-12, 'a')
    expect(credit.get('c')?.conversions).toBe(0)
  })

  it('credits value by the expected value lost, a conversion worth the mean value at its last state', () => {
    const rows = [
      { path: ['a'], conversions: 1, value: 100, nulls: 1 },
      { path: ['b'], conversions: 1, value: 10, nulls: 1 },
    ]
    const credit = byChannel(attribute(rows, { model: 'markov' }).channels)
    expectClose(credit.get('a')?.value as number, 100, 1e-12, 'a')
    expectClose(credit.get('b')?.value as number, 10, 1e-12, 'b')
    expectClose(credit.get('a')?.valueRemovalEffect as number, 100 / 4, 1e-12, 'a RE value')
  })

  it('reports the transition matrix: size, and on request its entries with rows summing to 1', () => {
    const rows = [
      { path: ['a', 'a', 'b'], conversions: 2, nulls: 1 },
      { path: ['b', 'a'], conversions: 0, nulls: 3 },
    ]
    const result = attribute(rows, { model: 'markov', order: 2, includeTransitions: true })
    const entries = result.transitionMatrix.entries ?? []
    expect(result.transitionMatrix.transitions).toBe(entries.length)
    // (start), (a), (a,b), (b), (b,a) + conversion + null.
    expect(result.transitionMatrix.states).toBe(7)
    const sums = new Map<string, number>()
    for (const e of entries) sums.set(JSON.stringify(e.from), (sums.get(JSON.stringify(e.from)) ?? 0) + e.probability)
    for (const s of sums.values()) expectClose(s, 1, 1e-15, 'row sum')
    expect(entries).toContainEqual({ from: ['a'], to: ['a', 'b'], probability: 1, journeys: 3 })
    expect(entries).toContainEqual({ from: ['a', 'b'], to: 'conversion', probability: 2 / 3, journeys: 2 })
    expect(attribute(rows, { model: 'markov' }).transitionMatrix.entries).toBeUndefined()
  })

  it('reports which solver ran: dense LU at order 1, Gauss-Seidel above', () => {
    const rows = [{ path: ['a', 'b', 'a'], conversions: 1, nulls: 1 }]
    expect(attribute(rows, { model: 'markov' }).solver).toEqual({ method: 'dense', iterations: 0 })
    expect(attribute(rows, { model: 'markov', order: 3 }).solver.method).toBe('iterative')
  })

  it('rejects the dense solver above order 1 and orders outside 1..4', () => {
    const rows = [{ path: ['a'], conversions: 1 }]
    expect(() => attribute(rows, { model: 'markov', order: 2, solver: 'dense' })).toThrow(ValidationError)
    expect(() => attribute(rows, { model: 'markov', order: 5 as never })).toThrow(ValidationError)
  })

  it('throws UnsupportedError rather than return an unconverged answer', () => {
    const rows = [
      { path: ['a', 'b', 'a', 'b', 'a', 'b', 'a'], conversions: 1, nulls: 1 },
      { path: ['b', 'a', 'b'], conversions: 1, nulls: 0 },
    ]
    expect(() => attribute(rows, { model: 'markov', order: 2, maxIterations: 1 })).toThrow(UnsupportedError)
    expect(() => attribute(rows, { model: 'markov', order: 2 })).not.toThrow()
  })

  it('handles thousands of channels (counts bucketed by state instead of a states × channels table)', () => {
    // 1,050 disjoint two-channel paths: each channel is reached by 1/1,050 of the journeys
    // and half of those convert, so every channel's removal effect is 1/2,100.
    const rows = Array.from({ length: 1050 }, (_, i) => ({ path: [`x${i}`, `y${i}`], conversions: 1, nulls: 1 }))
    for (const order of [1, 2] as const) {
      const result = attribute(rows, { model: 'markov', order })
      expect(result.channels).toHaveLength(2100)
      for (const c of result.channels) {
        expectClose(c.removalEffect, 1 / 2100, 1e-12, `${order} ${c.channel}`)
        expectClose(c.conversions, 0.5, 1e-9, `${order} ${c.channel}`)
      }
    }
  })

  it('refuses an order whose state keys would not fit a double (order 4 over ~9,742 channels)', () => {
    const rows = Array.from({ length: 9800 }, (_, i) => ({ path: [`c${i}`], conversions: 1 }))
    expect(() => attribute(rows, { model: 'markov', order: 4 })).toThrow(/order too high/)
    expect(() => attribute(rows, { model: 'markov', order: 4 })).toThrow(ValidationError)
  })
})
