import { quantileSorted } from '../internal/quantile.js'
import { integerIn, invalid, vector } from '../internal/validate.js'

/** One row of a calibration table. */
export interface CalibrationBin {
  /** Lower edge of the bin (inclusive for the first bin, exclusive otherwise). */
  readonly lower: number
  /** Upper edge of the bin (inclusive). */
  readonly upper: number
  /** Observations whose predicted probability falls in the bin. */
  readonly count: number
  /** Mean predicted probability in the bin. */
  readonly meanPredicted: number
  /** Observed event rate in the bin. */
  readonly observedRate: number
}

/** Options of {@link calibrationTable}. */
export interface CalibrationOptions {
  /** Number of bins. Default 10. */
  readonly bins?: number
  /** `'uniform'` (default): equal-width bins on [0, 1]; `'quantile'`: equal-count bins (R type-7 quantile edges). */
  readonly strategy?: 'uniform' | 'quantile'
}

/**
 * Reliability table: predicted probability against observed event rate, per bin. A well
 * calibrated model has `meanPredicted ≈ observedRate` in every bin. Empty bins are omitted
 * (they have no rate), so the result may have fewer rows than `bins`.
 *
 * @param probabilities - predicted probabilities in [0, 1].
 * @param labels - observed outcomes, 1/true = event.
 * @example
 * ```ts
 * calibrationTable(model.fitted, y, { bins: 10 })
 * ```
 */
export function calibrationTable(
  probabilities: readonly number[],
  labels: readonly (number | boolean)[],
  options: CalibrationOptions = {},
): CalibrationBin[] {
  const p = vector(probabilities, 'probabilities')
  const n = p.length
  if (n === 0) invalid(['probabilities'], 'expected at least one probability')
  if (!Array.isArray(labels) || labels.length !== n) invalid(['labels'], `expected ${n} labels`)
  const k = integerIn(options.bins ?? 10, 1, 10_000, ['bins'])
  for (let i = 0; i < n; i++)
    if (!(p[i]! >= 0 && p[i]! <= 1)) invalid(['probabilities', i], 'expected a probability in [0, 1]')
  let edges: number[]
  if ((options.strategy ?? 'uniform') === 'uniform') edges = Array.from({ length: k + 1 }, (_, i) => i / k)
  else {
    const sorted = Float64Array.from(p).sort()
    edges = Array.from({ length: k + 1 }, (_, i) => quantileSorted(sorted, i / k))
  }
  const count = new Array<number>(k).fill(0)
  const sumP = new Array<number>(k).fill(0)
  const events = new Array<number>(k).fill(0)
  for (let i = 0; i < n; i++) {
    const l = labels[i]
    const y =
      l === true || l === 1 ? 1 : l === false || l === 0 ? 0 : invalid(['labels', i], 'expected 0/1 or a boolean')
    // first bin whose upper edge is >= p (bins are (lower, upper], the first one closed)
    let lo = 0
    let hi = k - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (p[i]! > edges[mid + 1]!) lo = mid + 1
      else hi = mid
    }
    const b = lo
    count[b]!++
    sumP[b]! += p[i]!
    events[b]! += y
  }
  const table: CalibrationBin[] = []
  for (let b = 0; b < k; b++) {
    if (count[b] === 0) continue
    table.push({
      lower: edges[b]!,
      upper: edges[b + 1]!,
      count: count[b]!,
      meanPredicted: sumP[b]! / count[b]!,
      observedRate: events[b]! / count[b]!,
    })
  }
  return table
}
