import { twoSidedTPValue } from '../distributions.js'
import { CollinearityError } from '../errors.js'
import { designMatrix, invalid, vector } from '../internal/validate.js'
import { applyQt, householderQr, qrCoefficients, unscaledCovariance } from '../linalg/householder-qr.js'
import { type FitWarning, linearPredictor, type PredictRows } from './shared.js'

/** Options of {@link linearRegression}. */
export interface LinearRegressionOptions {
  /** Add an intercept column (first coefficient). Default true. */
  readonly intercept?: boolean
  /** Non-negative case weights (weighted least squares, R's `lm(weights =)`). */
  readonly weights?: readonly number[]
  /** `'error'` (default) throws {@link CollinearityError}; `'drop'` fits without aliased columns as R's lm does. */
  readonly collinear?: 'error' | 'drop'
}

/** A fitted ordinary (or weighted) least-squares model, laid out like R's `summary(lm)`. */
export interface LinearRegressionModel {
  /** Whether coefficient 0 is the intercept. */
  readonly intercept: boolean
  /** Estimates, intercept first when present; 0 for aliased columns. */
  readonly coefficients: readonly number[]
  /** Standard errors (`null` for aliased columns). */
  readonly standardErrors: readonly (number | null)[]
  /** t statistics (`null` for aliased columns or a zero standard error). */
  readonly tValues: readonly (number | null)[]
  /** Two-sided p-values of the t statistics on `dfResidual` degrees of freedom. */
  readonly pValues: readonly (number | null)[]
  /** `aliased[j]` is true when coefficient j was dropped as collinear. */
  readonly aliased: readonly boolean[]
  /** Residual standard error (sigma). */
  readonly sigma: number
  /** Share of variance explained (around the weighted mean with an intercept, around 0 without). */
  readonly rSquared: number
  /** R² adjusted for the number of coefficients. */
  readonly adjustedRSquared: number
  /** Residual degrees of freedom: observations with positive weight minus rank. */
  readonly dfResidual: number
  /** Rank of the design matrix. */
  readonly rank: number
  /** Fitted values, one per observation. */
  readonly fitted: readonly number[]
  /** Observed minus fitted, one per observation. */
  readonly residuals: readonly number[]
  /** Dropped collinear columns (with `collinear: 'drop'`); empty when clean. */
  readonly warnings: readonly FitWarning[]
  /** Predicted values for new rows (without intercept column). */
  predict(rows: PredictRows): number[]
}

/**
 * Least squares via Householder QR with R's rank-revealing pivoting (tolerance 1e-7, as `lm.fit`),
 * so estimates, standard errors, t/p values and R² agree with R's `summary(lm(y ~ X))`.
 *
 * @throws {@link CollinearityError} for linearly dependent columns unless `collinear: 'drop'`; `ValidationError` for bad input.
 * @example
 * ```ts
 * const fit = linearRegression([[1], [2], [3], [4]], [2.1, 3.9, 6.2, 7.8])
 * fit.coefficients // [intercept, slope]
 * fit.predict([[5]])
 * ```
 */
export function linearRegression(
  X: readonly (readonly number[])[],
  y: readonly number[],
  options: LinearRegressionOptions = {},
): LinearRegressionModel {
  const intercept = options.intercept ?? true
  const design = designMatrix(X, intercept)
  const { n, p, data } = design
  const yv = vector(y, 'y', n)
  const w = options.weights === undefined ? null : vector(options.weights, 'weights', n)
  const rows: number[] = []
  for (let i = 0; i < n; i++) {
    if (w !== null && w[i]! < 0) invalid(['weights', i], 'weights must be non-negative')
    if (w === null || w[i]! > 0) rows.push(i)
  }
  const m = rows.length
  if (m === 0) invalid(['weights'], 'every observation has weight 0')
  const xw = new Float64Array(m * p)
  const yw = new Float64Array(m)
  rows.forEach((i, r) => {
    const s = w === null ? 1 : Math.sqrt(w[i]!)
    yw[r] = yv[i]! * s
    for (let j = 0; j < p; j++) xw[j * m + r] = data[j * n + i]! * s
  })
  const qr = householderQr(xw, m, p, 1e-7)
  const warnings: FitWarning[] = []
  const aliased = new Array<boolean>(p).fill(false)
  if (qr.rank < p) {
    const columns: number[] = []
    for (let j = qr.rank; j < p; j++) {
      aliased[qr.pivot[j]!] = true
      columns.push(qr.pivot[j]! - (intercept ? 1 : 0))
    }
    columns.sort((a, b) => a - b)
    if ((options.collinear ?? 'error') === 'error') throw new CollinearityError(columns)
    warnings.push({ code: 'collinear', message: `dropped collinear columns ${columns.join(', ')}`, columns })
  }
  applyQt(qr, yw)
  const coef = qrCoefficients(qr, yw)
  const fitted = linearPredictor(X, coef, intercept)
  const residuals = fitted.map((f, i) => yv[i]! - f)

  let sw = 0
  let swf = 0
  for (const i of rows) {
    const wi = w === null ? 1 : w[i]!
    sw += wi
    swf += wi * fitted[i]!
  }
  let rss = 0
  let mss = 0
  const meanF = swf / sw
  for (const i of rows) {
    const wi = w === null ? 1 : w[i]!
    rss += wi * residuals[i]! ** 2
    mss += wi * (intercept ? (fitted[i]! - meanF) ** 2 : fitted[i]! ** 2)
  }
  const df = m - qr.rank
  const sigma2 = df > 0 ? rss / df : 0
  const cov = unscaledCovariance(qr)
  const se = new Array<number | null>(p).fill(null)
  for (let k = 0; k < qr.rank; k++) se[qr.pivot[k]!] = df > 0 ? Math.sqrt(cov[k * qr.rank + k]! * sigma2) : null
  const coefficients = Array.from(coef)
  const tValues = coefficients.map((b, j) => (se[j] == null || se[j] === 0 ? null : b / se[j]!))
  const pValues = tValues.map((t) => (t === null ? null : twoSidedTPValue(t, df)))
  const rSquared = mss + rss === 0 ? 0 : mss / (mss + rss)
  const dfInt = intercept ? 1 : 0
  return {
    intercept,
    coefficients,
    standardErrors: se,
    tValues,
    pValues,
    aliased,
    sigma: Math.sqrt(sigma2),
    rSquared,
    adjustedRSquared: df > 0 ? 1 - (1 - rSquared) * ((m - dfInt) / df) : rSquared,
    dfResidual: df,
    rank: qr.rank,
    fitted,
    residuals,
    warnings,
    predict: (newRows) => linearPredictor(newRows, coef, intercept),
  }
}
