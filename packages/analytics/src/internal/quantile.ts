/**
 * R's `quantile(x, probs, type = 7)` on already-sorted values, with R's exact arithmetic:
 * index = 1 + (n - 1) * p, then (1 - h) * x[lo] + h * x[hi] (only when x[hi] != x[lo]).
 *
 * Why not d3-array's quantileSorted (also type 7): it computes x[lo] + (x[hi] - x[lo]) * h, which
 * differs from R in the last bit for ~18% of random integer samples (measured on 40k random samples).
 * E.g. for [110, 955] at p = seq(0, 1, length.out = 6)[4] R gives 617.0000000000001 and d3 617;
 * rfm scores with `amount < q + 1`, so an amount of 618 would land in a different bin.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  const index = 1 + Math.max(n - 1, 0) * p
  const lo = Math.floor(index)
  const hi = Math.ceil(index)
  const qs = sorted[lo - 1]!
  const xhi = sorted[hi - 1]!
  if (index > lo && xhi !== qs) {
    const h = index - lo
    return (1 - h) * qs + h * xhi
  }
  return qs
}

/** R's `seq(0, 1, length.out = k + 1)`: from + i * by, with the last value exactly 1. */
export function unitSequence(k: number): number[] {
  const by = 1 / k
  return Array.from({ length: k + 1 }, (_, i) => (i === k ? 1 : i * by))
}
