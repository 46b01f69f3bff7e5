import { ValidationError } from '@crmkit/core'

/** Throws a single-issue ValidationError. */
export function invalid(path: readonly (string | number)[], message: string): never {
  throw new ValidationError(message, [{ path, message, code: 'custom' }])
}

/** Checks an integer within [min, max]. */
export function integerIn(value: unknown, min: number, max: number, path: readonly (string | number)[]): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalid(path, `expected an integer in [${min}, ${max}]`)
  }
  return value
}

/** Checks a number within [min, max]. */
export function numberIn(value: unknown, min: number, max: number, path: readonly (string | number)[]): number {
  if (typeof value !== 'number' || !(value >= min && value <= max))
    invalid(path, `expected a number in [${min}, ${max}]`)
  return value
}

/** Validates a vector of finite numbers (optionally of a given length) into a Float64Array. */
export function vector(values: unknown, name: string, length?: number): Float64Array {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) invalid([name], 'expected an array of numbers')
  const arr = values as ArrayLike<unknown>
  if (length !== undefined && arr.length !== length) invalid([name], `expected ${length} values, got ${arr.length}`)
  const out = new Float64Array(arr.length)
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i]
    if (typeof v !== 'number' || !Number.isFinite(v)) invalid([name, i], 'expected a finite number')
    out[i] = v
  }
  return out
}

/** A validated design matrix in column-major order. */
export interface Design {
  readonly data: Float64Array
  readonly n: number
  readonly p: number
}

/**
 * Validates `rows` (an array of equal-length numeric rows) and copies it column-major, with a
 * leading column of ones when `intercept` is true.
 */
export function designMatrix(rows: unknown, intercept: boolean, name = 'X'): Design {
  if (!Array.isArray(rows) || rows.length === 0) invalid([name], 'expected a non-empty array of rows')
  const first: unknown = rows[0]
  if (!Array.isArray(first)) invalid([name, 0], 'expected an array of numbers')
  const k = first.length
  const n = rows.length
  const p = k + (intercept ? 1 : 0)
  if (p === 0) invalid([name], 'the model has no columns')
  const data = new Float64Array(n * p)
  const off = intercept ? 1 : 0
  if (intercept) data.fill(1, 0, n)
  // Transpose in blocks of rows so the column-major writes stay within a few cache lines.
  const block = 256
  for (let i0 = 0; i0 < n; i0 += block) {
    const i1 = Math.min(n, i0 + block)
    for (let i = i0; i < i1; i++) {
      const row: unknown = rows[i]
      if (!Array.isArray(row) || row.length !== k) invalid([name, i], `expected a row of ${k} numbers`)
    }
    for (let j = 0; j < k; j++) {
      const o = (j + off) * n
      for (let i = i0; i < i1; i++) {
        const v: unknown = (rows[i] as unknown[])[j]
        if (typeof v !== 'number' || !Number.isFinite(v)) invalid([name, i, j], 'expected a finite number')
        data[o + i] = v
      }
    }
  }
  return { data, n, p }
}
