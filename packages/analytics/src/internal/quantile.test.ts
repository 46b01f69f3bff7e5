import { describe, expect, it } from 'vitest'
import { quantileSorted, unitSequence } from './quantile.js'

describe('quantileSorted (R type 7)', () => {
  it("reproduces R's last bits where d3-array's formula differs", () => {
    // R: quantile(c(110, 955), seq(0, 1, length.out = 6)) -> 110, 279, 447.99999999999994, 617.00000000000011, 786, 955
    const probs = unitSequence(5)
    expect(probs.map((p) => quantileSorted([110, 955], p))).toEqual([
      110, 279, 447.99999999999994, 617.0000000000001, 786, 955,
    ])
  })

  it('returns order statistics at their exact positions and interpolates linearly between', () => {
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3)
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantileSorted([7], 0.3)).toBe(7)
    expect(unitSequence(5)).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
  })
})
