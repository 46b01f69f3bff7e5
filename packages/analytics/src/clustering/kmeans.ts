import { createRandom } from '../internal/random.js'
import { integerIn, invalid } from '../internal/validate.js'
import { type PointMatrix, pointMatrix, squaredDistance } from './points.js'

/** Options of {@link kmeans}. */
export interface KMeansOptions {
  /** Number of clusters, 1..n. */
  readonly k: number
  /**
   * Starting centroids (k rows, distinct), or `'kmeans++'` (default) for seeded k-means++ seeding
   * (D² sampling, Arthur & Vassilvitskii 2007).
   */
  readonly init?: readonly (readonly number[])[] | 'kmeans++'
  /** Only Lloyd's algorithm is offered (R's `algorithm = "Lloyd"`). */
  readonly algorithm?: 'lloyd'
  /** Cap on assignment passes. Default 100 (R's `iter.max` defaults to 10). */
  readonly maxIterations?: number
  /** With `'kmeans++'`: independent seedings to run, keeping the lowest total within-SS. Default 1. */
  readonly restarts?: number
  /** Seed of the PRNG used by k-means++ (default 1): the same seed gives the same clustering. */
  readonly seed?: number
}

/** Why a clustering deserves a second look. */
export interface KMeansWarning {
  /** What happened: the pass cap was hit, or a cluster emptied and was re-seeded. */
  readonly code: 'notConverged' | 'emptyCluster'
  /** Human-readable detail. */
  readonly message: string
}

/** Result of {@link kmeans}, with R's `kmeans` fields. */
export interface KMeansResult {
  /** k centroids, one row per cluster. */
  readonly centroids: number[][]
  /** Cluster index (0-based) of every point. */
  readonly assignments: number[]
  /** Points per cluster. */
  readonly sizes: number[]
  /** Within-cluster sum of squared distances to the centroid, per cluster. */
  readonly withinSS: number[]
  /** Sum of `withinSS`: the objective k-means minimises. */
  readonly totWithinSS: number
  /** Total sum of squares around the grand mean. */
  readonly totSS: number
  /** totSS - totWithinSS. */
  readonly betweenSS: number
  /** Assignment passes of the returned run (R's `iter`). */
  readonly iterations: number
  /** False when `maxIterations` passes ended with points still changing cluster. */
  readonly converged: boolean
  /**
   * Total within-SS measured at each assignment pass (points to their nearest current centroid);
   * Lloyd's algorithm never increases it.
   */
  readonly history: number[]
  /** Non-convergence and empty-cluster events of the returned run; empty when clean. */
  readonly warnings: KMeansWarning[]
}

interface Run {
  centers: Float64Array
  cl: Int32Array
  nc: Int32Array
  wss: Float64Array
  iterations: number
  converged: boolean
  history: number[]
  warnings: KMeansWarning[]
}

/** Lloyd's algorithm as R's C kmeans_Lloyd, except that an emptied cluster is re-seeded (R yields NaN). */
function lloyd(x: PointMatrix, centers: Float64Array, k: number, maxit: number): Run {
  const { data, n, p } = x
  const cl = new Int32Array(n).fill(-1)
  const nc = new Int32Array(k)
  const best = new Float64Array(n)
  const history: number[] = []
  const warnings: KMeansWarning[] = []
  let iter = 0
  let converged = false
  for (; iter < maxit; iter++) {
    let updated = false
    let total = 0
    for (let i = 0; i < n; i++) {
      let bestD = Number.POSITIVE_INFINITY
      let inew = 0
      const oi = i * p
      for (let j = 0; j < k; j++) {
        const oj = j * p
        let dd = 0
        for (let c = 0; c < p; c++) {
          const t = data[oi + c]! - centers[oj + c]!
          dd += t * t
        }
        if (dd < bestD) {
          bestD = dd
          inew = j
        }
      }
      best[i] = bestD
      total += bestD
      if (cl[i] !== inew) {
        updated = true
        cl[i] = inew
      }
    }
    history.push(total)
    if (!updated) {
      converged = true
      break
    }
    centers.fill(0)
    nc.fill(0)
    for (let i = 0; i < n; i++) {
      const it = cl[i]!
      nc[it]!++
      const oi = i * p
      const oc = it * p
      for (let c = 0; c < p; c++) centers[oc + c]! += data[oi + c]!
    }
    for (let j = 0; j < k; j++) {
      if (nc[j] === 0) {
        // Re-seed at the point farthest from its centroid: it is the worst-served point, and moving
        // it out of its cluster cannot empty that cluster (it had at least one other point or k = n).
        let far = 0
        for (let i = 1; i < n; i++) if (best[i]! > best[far]!) far = i
        if (best[far] === 0) invalid(['k'], `more clusters (${k}) than distinct points`)
        best[far] = 0
        for (let c = 0; c < p; c++) centers[j * p + c] = data[far * p + c]!
        nc[j] = -1 // marks a centre that must not be divided
        warnings.push({ code: 'emptyCluster', message: `cluster ${j} became empty at pass ${iter + 1}; re-seeded` })
      }
    }
    for (let j = 0; j < k; j++) {
      if (nc[j]! < 0) continue
      for (let c = 0; c < p; c++) centers[j * p + c]! /= nc[j]!
    }
  }
  if (!converged) warnings.push({ code: 'notConverged', message: `did not converge in ${maxit} iterations` })
  // Sizes and within-SS of the final assignment (R's nc/wss)
  nc.fill(0)
  const wss = new Float64Array(k)
  for (let i = 0; i < n; i++) {
    const it = cl[i]!
    nc[it]!++
    wss[it]! += squaredDistance(data, i, centers, it, p)
  }
  return { centers, cl, nc, wss, iterations: converged ? iter + 1 : maxit, converged, history, warnings }
}

function kmeansPlusPlus(x: PointMatrix, k: number, random: () => number): Float64Array {
  const { data, n, p } = x
  const centers = new Float64Array(k * p)
  const d2 = new Float64Array(n).fill(Number.POSITIVE_INFINITY)
  let chosen = Math.min(n - 1, Math.floor(random() * n))
  for (let j = 0; j < k; j++) {
    centers.set(data.subarray(chosen * p, chosen * p + p), j * p)
    if (j === k - 1) break
    let sum = 0
    for (let i = 0; i < n; i++) {
      const d = squaredDistance(data, i, centers, j, p)
      if (d < d2[i]!) d2[i] = d
      sum += d2[i]!
    }
    if (sum === 0) invalid(['k'], `more clusters (${k}) than distinct points`)
    let target = random() * sum
    chosen = n - 1
    for (let i = 0; i < n; i++) {
      target -= d2[i]!
      if (target < 0) {
        chosen = i
        break
      }
    }
  }
  return centers
}

function explicitCenters(init: readonly (readonly number[])[], k: number, p: number): Float64Array {
  const c = pointMatrix(init, 'init')
  if (c.n !== k) invalid(['init'], `expected ${k} starting centroids, got ${c.n}`)
  if (c.p !== p) invalid(['init', 0], `expected ${p} coordinates per centroid`)
  const seen = new Set<string>()
  for (let j = 0; j < k; j++) {
    const key = Array.from(c.data.subarray(j * p, j * p + p)).join(',')
    if (seen.has(key)) invalid(['init', j], 'initial centroids are not distinct')
    seen.add(key)
  }
  return c.data
}

/**
 * k-means clustering by Lloyd's algorithm, step for step R's
 * `kmeans(x, centers, algorithm = "Lloyd")` (same assignment rule, same update order, same
 * within-SS), with seeded k-means++ starts and restarts on top.
 *
 * @param points - n rows of p finite coordinates (scale them first if units differ).
 * @throws `ValidationError` for malformed points/options, k outside 1..n, or duplicate starting centroids.
 * @example
 * ```ts
 * const { assignments, centroids, totWithinSS } = kmeans(points, { k: 3, seed: 42, restarts: 5 })
 * ```
 */
export function kmeans(points: readonly (readonly number[])[], options: KMeansOptions): KMeansResult {
  const x = pointMatrix(points, 'points')
  const { n, p, data } = x
  const k = integerIn(options.k, 1, n, ['k'])
  const maxit = integerIn(options.maxIterations ?? 100, 1, 1_000_000, ['maxIterations'])
  const restarts = integerIn(options.restarts ?? 1, 1, 10_000, ['restarts'])
  if ((options.algorithm ?? 'lloyd') !== 'lloyd') invalid(['algorithm'], "only 'lloyd' is supported")
  const init = options.init ?? 'kmeans++'
  let bestRun: Run | null = null
  if (init === 'kmeans++') {
    const random = createRandom(integerIn(options.seed ?? 1, -(2 ** 31), 2 ** 32 - 1, ['seed']))
    for (let r = 0; r < restarts; r++) {
      const run = lloyd(x, kmeansPlusPlus(x, k, random), k, maxit)
      if (bestRun === null || sum(run.wss) < sum(bestRun.wss)) bestRun = run
    }
  } else {
    if (restarts !== 1) invalid(['restarts'], "restarts need init: 'kmeans++'")
    bestRun = lloyd(x, Float64Array.from(explicitCenters(init, k, p)), k, maxit)
  }
  const run = bestRun!
  const means = new Float64Array(p)
  for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) means[c]! += data[i * p + c]!
  for (let c = 0; c < p; c++) means[c]! /= n
  let totSS = 0
  for (let i = 0; i < n; i++) totSS += squaredDistance(data, i, means, 0, p)
  const totWithinSS = sum(run.wss)
  return {
    centroids: Array.from({ length: k }, (_, j) => Array.from(run.centers.subarray(j * p, j * p + p))),
    assignments: Array.from(run.cl),
    sizes: Array.from(run.nc),
    withinSS: Array.from(run.wss),
    totWithinSS,
    totSS,
    betweenSS: totSS - totWithinSS,
    iterations: run.iterations,
    converged: run.converged,
    history: run.history,
    warnings: run.warnings,
  }
}

function sum(a: Float64Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]!
  return s
}
