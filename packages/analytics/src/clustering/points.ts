import { invalid } from '../internal/validate.js'

/** Points as a row-major Float64Array (n x p). */
export interface PointMatrix {
  readonly data: Float64Array
  readonly n: number
  readonly p: number
}

/** Validates an array of equal-length finite numeric rows and copies it row-major. */
export function pointMatrix(points: unknown, name: string): PointMatrix {
  if (!Array.isArray(points) || points.length === 0) invalid([name], 'expected a non-empty array of points')
  const first: unknown = points[0]
  if (!Array.isArray(first) || first.length === 0) invalid([name, 0], 'expected a non-empty array of numbers')
  const p = first.length
  const n = points.length
  const data = new Float64Array(n * p)
  for (let i = 0; i < n; i++) {
    const row: unknown = points[i]
    if (!Array.isArray(row) || row.length !== p) invalid([name, i], `expected ${p} coordinates`)
    for (let c = 0; c < p; c++) {
      const v: unknown = row[c]
      if (typeof v !== 'number' || !Number.isFinite(v)) invalid([name, i, c], 'expected a finite number')
      data[i * p + c] = v
    }
  }
  return { data, n, p }
}

/** Squared Euclidean distance between row i of `a` and row j of `b` (both with p columns). */
export function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, p: number): number {
  let dd = 0
  const oi = i * p
  const oj = j * p
  for (let c = 0; c < p; c++) {
    const t = a[oi + c]! - b[oj + c]!
    dd += t * t
  }
  return dd
}
