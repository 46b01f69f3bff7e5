import { describe, expect, it } from 'vitest'
import { minimizeInBox } from './minimize-box.js'

describe('minimizeInBox', () => {
  it('finds an interior minimum of a curved valley (Rosenbrock)', () => {
    const rosen = (x: Float64Array) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2
    const r = minimizeInBox(rosen, [-1.2, 1], [-2, -2], [2, 2], { maxIterations: 500 })
    expect(r.x[0]).toBeCloseTo(1, 3)
    expect(r.x[1]).toBeCloseTo(1, 3)
    expect(r.converged).toBe(true)
  })

  it('stops on the bound when the unconstrained minimum lies outside the box', () => {
    const f = (x: Float64Array) => (x[0]! - 3) ** 2 + (x[1]! + 0.5) ** 2 + x[0]! * x[1]!
    const r = minimizeInBox(f, [0.3, 0.1], [0, 0], [1, 1])
    expect(r.x[0]).toBe(1)
    expect(r.x[1]).toBe(0)
  })

  it('treats non-finite values as +Infinity instead of propagating NaN', () => {
    const f = (x: Float64Array) => (x[0]! > 0.8 ? Number.NaN : (x[0]! - 0.5) ** 2)
    const r = minimizeInBox(f, [0.3], [0], [1])
    expect(r.x[0]).toBeCloseTo(0.5, 4)
    expect(Number.isFinite(r.value)).toBe(true)
  })
})
