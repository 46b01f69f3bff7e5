import { ValidationError } from '@crmkit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readCsv, readJson, relDiff } from '../__fixtures__/load.js'
import { kmeans } from './kmeans.js'
import { silhouette } from './silhouette.js'

interface KmeansFixture {
  startRows: number[]
  sizes: number[]
  withinSS: number[]
  totWithinSS: number
  totSS: number
  iterations: number
  assignments: number[]
  centroids: number[][]
  silhouetteWidths: number[] | null
}

const iris = readCsv('iris.csv').map((r) => [
  Number(r['Sepal.Length']),
  Number(r['Sepal.Width']),
  Number(r['Petal.Length']),
  Number(r['Petal.Width']),
])

describe('kmeans (Lloyd) against R on iris from fixed starting centres', () => {
  for (const name of ['kmeans-iris-k3.json', 'kmeans-iris-k4.json']) {
    it(`reproduces ${name}: identical sizes, assignments, iterations; within-SS to 1e-9`, () => {
      const ref = readJson<KmeansFixture>(name)
      const result = kmeans(iris, {
        k: ref.startRows.length,
        init: ref.startRows.map((i) => iris[i]!),
        maxIterations: 100,
      })
      expect(result.sizes).toEqual(ref.sizes)
      expect(result.assignments).toEqual(ref.assignments)
      expect(result.iterations).toBe(ref.iterations)
      expect(result.converged).toBe(true)
      result.withinSS.forEach((w, j) => {
        expect(relDiff(w, ref.withinSS[j]!)).toBeLessThan(1e-9)
      })
      expect(relDiff(result.totWithinSS, ref.totWithinSS)).toBeLessThan(1e-9)
      expect(relDiff(result.totSS, ref.totSS)).toBeLessThan(1e-9)
      result.centroids.forEach((c, j) => {
        c.forEach((v, d) => {
          expect(relDiff(v, ref.centroids[j]![d]!)).toBeLessThan(1e-12)
        })
      })
      if (ref.silhouetteWidths !== null) {
        const widths = silhouette(iris, result.assignments).widths
        widths.forEach((w, i) => {
          expect(Math.abs(w - ref.silhouetteWidths![i]!)).toBeLessThan(1e-12)
        })
      }
    })
  }
})

const cloud = fc
  .array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), {
    minLength: 6,
    maxLength: 80,
  })
  .filter((pts) => new Set(pts.map((p) => p.join(','))).size >= 4)

describe('kmeans properties', () => {
  it('never increases the within-SS from one pass to the next, and ends no higher', () => {
    fc.assert(
      fc.property(cloud, fc.integer({ min: 1, max: 4 }), fc.integer(), (pts, k, seed) => {
        const r = kmeans(pts, { k, seed, maxIterations: 50 })
        for (let i = 1; i < r.history.length; i++)
          expect(r.history[i]!).toBeLessThanOrEqual(r.history[i - 1]! * (1 + 1e-12))
        expect(r.totWithinSS).toBeLessThanOrEqual(r.history.at(-1)! * (1 + 1e-12))
        expect(r.sizes.reduce((a, b) => a + b, 0)).toBe(pts.length)
      }),
    )
  })

  it('is deterministic for a seed, and restarts never do worse than the first start', () => {
    const a = kmeans(iris, { k: 3, seed: 7 })
    expect(kmeans(iris, { k: 3, seed: 7 })).toEqual(a)
    const best = kmeans(iris, { k: 5, seed: 7, restarts: 8 })
    expect(best.totWithinSS).toBeLessThanOrEqual(kmeans(iris, { k: 5, seed: 7 }).totWithinSS)
  })

  it('assigns every point to its nearest centroid at convergence', () => {
    const r = kmeans(iris, { k: 4, seed: 3 })
    iris.forEach((x, i) => {
      const d = r.centroids.map((c) => c.reduce((s, v, j) => s + (v - x[j]!) ** 2, 0))
      expect(d[r.assignments[i]!]).toBe(Math.min(...d))
    })
  })

  it('rejects impossible requests with ValidationError', () => {
    expect(() => kmeans([[1], [2]], { k: 3 })).toThrow(ValidationError)
    expect(() => kmeans([[1], [1], [1]], { k: 2 })).toThrow(ValidationError)
    expect(() => kmeans([[1], [2]], { k: 2, init: [[1], [1]] })).toThrow(ValidationError)
  })
})

describe('silhouette', () => {
  it('is near 1 for two far-apart tight clusters, 0 for singletons', () => {
    const pts = [
      [0, 0],
      [0, 1],
      [100, 0],
      [100, 1],
      [50, 50],
    ]
    const s = silhouette(pts, [0, 0, 1, 1, 2])
    expect(s.widths[0]).toBeGreaterThan(0.98)
    expect(s.widths[4]).toBe(0)
    expect(s.clusterMeans).toHaveLength(3)
  })
})
