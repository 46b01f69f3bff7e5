import { ValidationError } from '@crmkit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { calibrationTable } from './calibration.js'
import { auc, rocCurve } from './roc.js'

function trapezoid(points: ReturnType<typeof rocCurve>): number {
  let area = 0
  for (let i = 1; i < points.length; i++) {
    area += ((points[i]!.fpr - points[i - 1]!.fpr) * (points[i]!.tpr + points[i - 1]!.tpr)) / 2
  }
  return area
}

const scored = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 2, maxLength: 60 })
  .filter((rows) => rows.some(([, l]) => l) && rows.some(([, l]) => !l))

describe('auc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auc([0.9, 0.8, 0.3, 0.1], [1, 1, 0, 0])).toBe(1)
    expect(auc([0.1, 0.2, 0.8, 0.9], [true, true, false, false])).toBe(0)
  })

  it('counts ties as one half (Mann-Whitney)', () => {
    expect(auc([0.5, 0.5], [1, 0])).toBe(0.5)
    // pairs (pos, neg): (0.8,0.5)=1, (0.8,0.2)=1, (0.5,0.5)=0.5, (0.5,0.2)=1 -> 3.5 / 4
    expect(auc([0.8, 0.5, 0.5, 0.2], [1, 1, 0, 0])).toBe(0.875)
  })

  it('equals the brute-force pair count and the trapezoidal ROC area (property)', () => {
    fc.assert(
      fc.property(scored, (rows) => {
        const scores = rows.map(([s]) => s)
        const labels = rows.map(([, l]) => l)
        let wins = 0
        let pairs = 0
        for (const [sp, lp] of rows) {
          if (!lp) continue
          for (const [sn, ln] of rows) {
            if (ln) continue
            pairs++
            wins += sp > sn ? 1 : sp === sn ? 0.5 : 0
          }
        }
        const a = auc(scores, labels)
        expect(a).toBeCloseTo(wins / pairs, 12)
        expect(trapezoid(rocCurve(scores, labels))).toBeCloseTo(a, 12)
      }),
    )
  })

  it('is invariant under monotone transforms of the scores (property)', () => {
    fc.assert(
      fc.property(scored, (rows) => {
        const labels = rows.map(([, l]) => l)
        expect(
          auc(
            rows.map(([s]) => Math.exp(s / 3) - 7),
            labels,
          ),
        ).toBe(
          auc(
            rows.map(([s]) => s),
            labels,
          ),
        )
      }),
    )
  })

  it('refuses a single-class sample instead of returning NaN', () => {
    expect(() => auc([0.1, 0.2], [1, 1])).toThrow(ValidationError)
  })
})

describe('rocCurve', () => {
  it('runs from (0,0) to (1,1) with non-decreasing rates', () => {
    const roc = rocCurve([0.9, 0.4, 0.4, 0.1], [1, 1, 0, 0])
    expect(roc[0]).toEqual({ threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 })
    expect(roc.at(-1)).toMatchObject({ fpr: 1, tpr: 1 })
    expect(roc.map((p) => p.threshold)).toEqual([Number.POSITIVE_INFINITY, 0.9, 0.4, 0.1])
    expect(roc[2]).toMatchObject({ fpr: 0.5, tpr: 1 })
  })
})

describe('calibrationTable', () => {
  it('bins predictions and reports observed rates', () => {
    const table = calibrationTable([0.05, 0.1, 0.15, 0.85, 0.9, 0.95], [0, 0, 1, 1, 1, 0], { bins: 2 })
    expect(table).toHaveLength(2)
    expect(table[0]).toMatchObject({ lower: 0, upper: 0.5, count: 3 })
    expect(table[0]!.meanPredicted).toBeCloseTo(0.1, 12)
    expect(table[0]!.observedRate).toBeCloseTo(1 / 3, 12)
    expect(table[1]!.observedRate).toBeCloseTo(2 / 3, 12)
  })

  it('every observation lands in exactly one bin, whose mean lies within its edges (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 200 }), (p) => {
        const labels = p.map((v) => (v > 0.5 ? 1 : 0))
        for (const strategy of ['uniform', 'quantile'] as const) {
          const table = calibrationTable(p, labels, { bins: 5, strategy })
          expect(table.reduce((s, b) => s + b.count, 0)).toBe(p.length)
          for (const b of table) {
            expect(b.meanPredicted).toBeGreaterThanOrEqual(b.lower - 1e-12)
            expect(b.meanPredicted).toBeLessThanOrEqual(b.upper + 1e-12)
          }
        }
      }),
    )
  })
})
