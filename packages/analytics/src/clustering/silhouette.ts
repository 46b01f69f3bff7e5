import { invalid } from '../internal/validate.js'
import { pointMatrix } from './points.js'

/** Result of {@link silhouette}. */
export interface SilhouetteResult {
  /** Silhouette width s(i) in [-1, 1] of every point (0 for points alone in their cluster). */
  readonly widths: number[]
  /** Mean width per cluster index (clusters without points are absent: `undefined`). */
  readonly clusterMeans: (number | undefined)[]
  /** Mean width over all points: near 1 = compact, well separated clusters; near 0 or below = poor. */
  readonly mean: number
}

/**
 * Silhouette widths (Rousseeuw 1987) with Euclidean distances, as R's `cluster::silhouette`:
 * s(i) = (b - a) / max(a, b), where a is the mean distance from i to the other points of its
 * cluster and b the smallest mean distance to another cluster; s(i) = 0 for a singleton.
 * O(n²) time: meant for evaluating a clustering of up to a few tens of thousands of points.
 *
 * @param assignments - 0-based cluster index per point (e.g. {@link KMeansResult.assignments}); at least 2 clusters.
 * @example
 * ```ts
 * const { assignments } = kmeans(points, { k: 3 })
 * silhouette(points, assignments).mean
 * ```
 */
export function silhouette(points: readonly (readonly number[])[], assignments: readonly number[]): SilhouetteResult {
  const { data, n, p } = pointMatrix(points, 'points')
  if (!Array.isArray(assignments) || assignments.length !== n) invalid(['assignments'], `expected ${n} cluster indices`)
  let k = 0
  for (let i = 0; i < n; i++) {
    const a = assignments[i]
    if (typeof a !== 'number' || !Number.isInteger(a) || a < 0)
      invalid(['assignments', i], 'expected a cluster index >= 0')
    k = Math.max(k, a + 1)
  }
  const size = new Array<number>(k).fill(0)
  for (const a of assignments) size[a]!++
  if (size.filter((s) => s > 0).length < 2) invalid(['assignments'], 'silhouette needs at least two non-empty clusters')
  const widths = new Array<number>(n).fill(0)
  const sums = new Float64Array(k)
  for (let i = 0; i < n; i++) {
    const own = assignments[i]!
    if (size[own] === 1) continue
    sums.fill(0)
    for (let j = 0; j < n; j++) {
      if (j === i) continue
      let dd = 0
      for (let c = 0; c < p; c++) {
        const t = data[i * p + c]! - data[j * p + c]!
        dd += t * t
      }
      sums[assignments[j]!]! += Math.sqrt(dd)
    }
    const a = sums[own]! / (size[own]! - 1)
    let b = Number.POSITIVE_INFINITY
    for (let c = 0; c < k; c++) if (c !== own && size[c]! > 0) b = Math.min(b, sums[c]! / size[c]!)
    const m = Math.max(a, b)
    widths[i] = m === 0 ? 0 : (b - a) / m
  }
  const clusterSums = new Array<number>(k).fill(0)
  for (let i = 0; i < n; i++) clusterSums[assignments[i]!]! += widths[i]!
  return {
    widths,
    clusterMeans: clusterSums.map((s, c) => (size[c]! > 0 ? s / size[c]! : undefined)),
    mean: widths.reduce((s, w) => s + w, 0) / n,
  }
}
