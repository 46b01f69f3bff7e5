import { invalid, vector } from '../internal/validate.js'

/** A point of a ROC curve: classify as positive when score >= threshold. */
export interface RocPoint {
  /** Score threshold (`Infinity` for the starting point where nothing is positive). */
  readonly threshold: number
  /** False-positive rate: share of negatives scored >= threshold. */
  readonly fpr: number
  /** True-positive rate (recall): share of positives scored >= threshold. */
  readonly tpr: number
}

function labelsOf(labels: readonly (number | boolean)[], n: number): Uint8Array {
  if (!Array.isArray(labels) || labels.length !== n) invalid(['labels'], `expected ${n} labels`)
  const out = new Uint8Array(n)
  let positives = 0
  for (let i = 0; i < n; i++) {
    const l = labels[i]
    if (l === true || l === 1) out[i] = 1
    else if (l !== false && l !== 0) invalid(['labels', i], 'expected 0/1 or a boolean')
    positives += out[i]!
  }
  if (positives === 0 || positives === n) invalid(['labels'], 'need at least one positive and one negative label')
  return out
}

/**
 * Area under the ROC curve, computed as the Mann–Whitney statistic with mid-ranks for ties:
 * the probability that a random positive scores higher than a random negative, counting ties as
 * one half. Equals the trapezoidal area under {@link rocCurve}.
 *
 * @param scores - higher = more likely positive (probabilities, log-odds, any score).
 * @param labels - 1/true = positive, 0/false = negative; both classes must occur.
 * @throws `ValidationError` when a class is missing (AUC is undefined) or inputs are malformed.
 * @example
 * ```ts
 * auc([0.9, 0.8, 0.3, 0.1], [1, 1, 0, 0]) // 1
 * ```
 */
export function auc(scores: readonly number[], labels: readonly (number | boolean)[]): number {
  const s = vector(scores, 'scores')
  const l = labelsOf(labels, s.length)
  const n = s.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[a]! - s[b]!)
  let rankSumPositive = 0
  let positives = 0
  for (let start = 0; start < n; ) {
    let end = start
    while (end + 1 < n && s[order[end + 1]!] === s[order[start]!]) end++
    const midRank = (start + end) / 2 + 1
    for (let k = start; k <= end; k++) {
      if (l[order[k]!] === 1) {
        rankSumPositive += midRank
        positives++
      }
    }
    start = end + 1
  }
  const negatives = n - positives
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives)
}

/**
 * The ROC curve: one point per distinct score (descending), from (0, 0) to (1, 1). Tied scores
 * move the curve diagonally, which is what makes its trapezoidal area equal {@link auc}.
 *
 * @example
 * ```ts
 * rocCurve([0.9, 0.4, 0.4, 0.1], [1, 1, 0, 0])
 * // [{ threshold: Infinity, fpr: 0, tpr: 0 }, { threshold: 0.9, fpr: 0, tpr: 0.5 }, { threshold: 0.4, fpr: 0.5, tpr: 1 }, ...]
 * ```
 */
export function rocCurve(scores: readonly number[], labels: readonly (number | boolean)[]): RocPoint[] {
  const s = vector(scores, 'scores')
  const l = labelsOf(labels, s.length)
  const n = s.length
  let positives = 0
  for (let i = 0; i < n; i++) positives += l[i]!
  const negatives = n - positives
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[b]! - s[a]!)
  const points: RocPoint[] = [{ threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 }]
  let tp = 0
  let fp = 0
  for (let k = 0; k < n; ) {
    const threshold = s[order[k]!]!
    while (k < n && s[order[k]!] === threshold) {
      if (l[order[k]!] === 1) tp++
      else fp++
      k++
    }
    points.push({ threshold, fpr: fp / negatives, tpr: tp / positives })
  }
  return points
}
