import { designMatrix, invalid } from '../internal/validate.js'

/** Rows of predictor values for `predict` (same columns as the training X, no intercept column). */
export type PredictRows = readonly (readonly number[])[]

/** Why a fit deserves a second look. The fit is still returned; nothing is NaN. */
export type FitWarningCode = 'separation' | 'notConverged' | 'collinear'

/** A problem found while fitting a regression. */
export interface FitWarning {
  /** Kind of problem. */
  readonly code: FitWarningCode
  /** Human-readable detail. */
  readonly message: string
  /** For `collinear`: the caller's indices of the dropped columns (without the intercept). */
  readonly columns?: readonly number[]
}

/** X b for new rows, validating that they have the training column count. */
export function linearPredictor(rows: PredictRows, coef: Float64Array, intercept: boolean): number[] {
  const { data, n, p } = designMatrix(rows, intercept)
  if (p !== coef.length) {
    invalid(['rows', 0], `expected rows of ${coef.length - (intercept ? 1 : 0)} values, as in training`)
  }
  const out = new Array<number>(n).fill(0)
  for (let j = 0; j < p; j++) {
    const b = coef[j]!
    if (b === 0) continue
    for (let i = 0; i < n; i++) out[i]! += b * data[j * n + i]!
  }
  return out
}
