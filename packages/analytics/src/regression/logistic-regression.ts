import { twoSidedZPValue } from '../distributions.js'
import { CollinearityError, SeparationError } from '../errors.js'
import { designMatrix, integerIn, invalid, numberIn, vector } from '../internal/validate.js'
import { applyQt, householderQr, type QrFactor, qrCoefficients, unscaledCovariance } from '../linalg/householder-qr.js'
import { deviance, devianceResidual, linkInverse, minusTwoLogLikelihood, muEta } from './binomial-family.js'
import { type FitWarning, linearPredictor, type PredictRows } from './shared.js'

/** Options of {@link logisticRegression}. Defaults are R's `glm.control()`. */
export interface LogisticRegressionOptions {
  /** Add an intercept column (first coefficient). Default true. */
  readonly intercept?: boolean
  /** Prior weights (R's `weights`): non-negative; for 0/1 outcomes integer weights act as case counts. */
  readonly weights?: readonly number[]
  /** IRLS iteration cap (R's `maxit`). Default 25. */
  readonly maxIterations?: number
  /** Convergence tolerance on the deviance (R's `epsilon`): |dev - devold| / (|dev| + 0.1) < tolerance. Default 1e-8. */
  readonly tolerance?: number
  /**
   * What to do when columns are linearly dependent. `'error'` (default) throws {@link CollinearityError};
   * `'drop'` fits without them as R does (their coefficient is 0, their standard error `null`) and adds a
   * `collinear` warning.
   */
  readonly collinear?: 'error' | 'drop'
  /**
   * What to do when fitted probabilities are numerically 0 or 1 (separation). `'warn'` (default, R's
   * behaviour) returns the fit with a `separation` warning; `'error'` throws {@link SeparationError}.
   */
  readonly separation?: 'warn' | 'error'
}

/** A fitted logistic regression (binomial GLM with logit link), laid out like R's `summary(glm)`. */
export interface LogisticRegressionModel {
  /** Whether coefficient 0 is the intercept. */
  readonly intercept: boolean
  /** Estimates, intercept first when present; 0 for aliased columns. */
  readonly coefficients: readonly number[]
  /** Standard errors (`null` for aliased columns). */
  readonly standardErrors: readonly (number | null)[]
  /** Wald z statistics (`null` for aliased columns). */
  readonly zValues: readonly (number | null)[]
  /** Two-sided p-values of the z statistics (`null` for aliased columns). */
  readonly pValues: readonly (number | null)[]
  /** `aliased[j]` is true when coefficient j was dropped as collinear. */
  readonly aliased: readonly boolean[]
  /** Residual deviance. */
  readonly deviance: number
  /** Deviance of the intercept-only model (or of mu = 1/2 without intercept). */
  readonly nullDeviance: number
  /** Akaike information criterion (R's `aic`). */
  readonly aic: number
  /** IRLS iterations used (R's `iter`). */
  readonly iterations: number
  /** Whether the deviance criterion was met within `maxIterations`. */
  readonly converged: boolean
  /** Rank of the design matrix. */
  readonly rank: number
  /** Residual degrees of freedom: observations with positive weight minus rank. */
  readonly dfResidual: number
  /** Degrees of freedom of the null model. */
  readonly dfNull: number
  /** Fitted probabilities, one per observation. */
  readonly fitted: readonly number[]
  /** Problems found while fitting (separation, non-convergence, dropped columns); empty when clean. */
  readonly warnings: readonly FitWarning[]
  /** Probabilities (`type: 'response'`, default) or log-odds (`'link'`) for new rows (without intercept column). */
  predict(rows: PredictRows, options?: { readonly type?: 'response' | 'link' }): number[]
}

interface IrlsState {
  coef: Float64Array
  eta: Float64Array
  mu: Float64Array
  dev: number
  qr: QrFactor | null
  iterations: number
  converged: boolean
}

function etaOf(x: Float64Array, n: number, p: number, coef: Float64Array, eta: Float64Array): void {
  eta.fill(0)
  for (let j = 0; j < p; j++) {
    const b = coef[j]!
    if (b === 0) continue
    const o = j * n
    for (let i = 0; i < n; i++) eta[i]! += b * x[o + i]!
  }
}

/** The IRLS loop of R's glm.fit, step for step (including its step-halving guard). */
function irls(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  w: Float64Array,
  maxit: number,
  epsilon: number,
  collinear: 'error' | 'drop',
  intercept: boolean,
): IrlsState {
  const eta = new Float64Array(n)
  const mu = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const mustart = (w[i]! * y[i]! + 0.5) / (w[i]! + 1)
    eta[i] = Math.log(mustart / (1 - mustart))
    mu[i] = linkInverse(eta[i]!)
  }
  let devold = deviance(y, mu, w)
  let coef: Float64Array = new Float64Array(p)
  let coefold: Float64Array | null = null
  let qr: QrFactor | null = null
  const good: number[] = []
  for (let i = 0; i < n; i++) if (w[i]! > 0) good.push(i)
  const ng = good.length
  if (ng === 0) invalid(['weights'], 'every observation has weight 0')
  const xw = new Float64Array(ng * p)
  const zw = new Float64Array(ng)
  const wts = new Float64Array(ng)
  for (let iter = 1; iter <= maxit; iter++) {
    for (let g = 0; g < ng; g++) {
      const i = good[g]!
      const me = muEta(eta[i]!)
      const m = mu[i]!
      const z = eta[i]! + (y[i]! - m) / me
      const wt = Math.sqrt((w[i]! * me * me) / (m * (1 - m)))
      zw[g] = z * wt
      wts[g] = wt
    }
    // Column by column, so reads of x and writes of xw are sequential.
    for (let j = 0; j < p; j++) {
      const ox = j * n
      const ow = j * ng
      if (ng === n) for (let g = 0; g < ng; g++) xw[ow + g] = x[ox + g]! * wts[g]!
      else for (let g = 0; g < ng; g++) xw[ow + g] = x[ox + good[g]!]! * wts[g]!
    }
    // glm.fit's QR tolerance: min(1e-7, epsilon / 1000)
    qr = householderQr(xw, ng, p, Math.min(1e-7, epsilon / 1000))
    if (qr.rank < p && collinear === 'error') throw new CollinearityError(aliasedColumns(qr, intercept))
    applyQt(qr, zw)
    const start = qrCoefficients(qr, zw)
    etaOf(x, n, p, start, eta)
    for (let i = 0; i < n; i++) mu[i] = linkInverse(eta[i]!)
    let dev = deviance(y, mu, w)
    if (!Number.isFinite(dev)) {
      // R: "step size truncated due to divergence" — halve towards the previous coefficients.
      if (coefold === null) invalid(['X'], 'no valid set of coefficients has been found')
      for (let ii = 1; !Number.isFinite(dev); ii++) {
        if (ii > maxit) invalid(['X'], 'inner loop 1; cannot correct step size')
        for (let j = 0; j < p; j++) start[j] = (start[j]! + coefold[j]!) / 2
        etaOf(x, n, p, start, eta)
        for (let i = 0; i < n; i++) mu[i] = linkInverse(eta[i]!)
        dev = deviance(y, mu, w)
      }
    }
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      return { coef: start, eta, mu, dev, qr, iterations: iter, converged: true }
    }
    devold = dev
    coef = start
    coefold = start
  }
  return { coef, eta, mu, dev: devold, qr, iterations: maxit, converged: false }
}

function aliasedColumns(qr: QrFactor, intercept: boolean): number[] {
  const out: number[] = []
  for (let j = qr.rank; j < qr.p; j++) out.push(qr.pivot[j]! - (intercept ? 1 : 0))
  return out.sort((a, b) => a - b)
}

/**
 * Logistic regression fitted by iteratively reweighted least squares exactly as R's
 * `glm(y ~ X, family = binomial())` does: same starting values, same Householder QR with R's
 * rank-revealing pivoting, same convergence rule on the deviance, same standard errors (from the
 * QR of the last iteration), deviance, null deviance and AIC.
 *
 * @param X - rows of predictor values (no intercept column; see `intercept`).
 * @param y - outcomes, 1 = event, 0 = no event (proportions in [0, 1] are accepted with trial counts as weights).
 * @throws {@link CollinearityError} for linearly dependent columns (unless `collinear: 'drop'`),
 *   {@link SeparationError} for separated classes with `separation: 'error'`, `ValidationError` for bad input.
 * @example
 * ```ts
 * const X = leads.map((l) => [l.emailsOpened, l.meetings, l.employees])
 * const y = leads.map((l) => (l.converted ? 1 : 0))
 * const model = logisticRegression(X, y)
 * model.coefficients // [intercept, emailsOpened, meetings, employees] (log-odds per unit)
 * model.predict([[12, 2, 50]]) // [P(converted)]
 * ```
 */
export function logisticRegression(
  X: readonly (readonly number[])[],
  y: readonly number[],
  options: LogisticRegressionOptions = {},
): LogisticRegressionModel {
  const intercept = options.intercept ?? true
  const maxit = integerIn(options.maxIterations ?? 25, 1, 10_000, ['maxIterations'])
  const epsilon = numberIn(options.tolerance ?? 1e-8, Number.MIN_VALUE, 1, ['tolerance'])
  const collinear = options.collinear ?? 'error'
  const design = designMatrix(X, intercept)
  const { n, p } = design
  const yv = vector(y, 'y', n)
  for (let i = 0; i < n; i++) if (!(yv[i]! >= 0 && yv[i]! <= 1)) invalid(['y', i], 'expected an outcome in [0, 1]')
  const w = options.weights === undefined ? new Float64Array(n).fill(1) : vector(options.weights, 'weights', n)
  for (let i = 0; i < n; i++) if (w[i]! < 0) invalid(['weights', i], 'weights must be non-negative')

  const fit = irls(design.data, n, p, yv, w, maxit, epsilon, collinear, intercept)
  const qr = fit.qr!
  const warnings: FitWarning[] = []
  if (!fit.converged) {
    warnings.push({ code: 'notConverged', message: `IRLS did not converge in ${maxit} iterations` })
  }
  const eps = 10 * Number.EPSILON
  let extreme = 0
  for (let i = 0; i < n; i++) if (fit.mu[i]! > 1 - eps || fit.mu[i]! < eps) extreme++
  if (extreme > 0) {
    if (options.separation === 'error') throw new SeparationError(extreme)
    warnings.push({
      code: 'separation',
      message: `fitted probabilities numerically 0 or 1 occurred for ${extreme} observations: the classes are (quasi-)separated, coefficients diverge and their standard errors are not meaningful`,
    })
  }
  const aliased = new Array<boolean>(p).fill(false)
  for (let j = qr.rank; j < p; j++) aliased[qr.pivot[j]!] = true
  if (qr.rank < p) {
    const columns = aliasedColumns(qr, intercept)
    warnings.push({ code: 'collinear', message: `dropped collinear columns ${columns.join(', ')}`, columns })
  }

  const cov = unscaledCovariance(qr)
  const se: (number | null)[] = new Array<number | null>(p).fill(null)
  for (let k = 0; k < qr.rank; k++) se[qr.pivot[k]!] = Math.sqrt(cov[k * qr.rank + k]!)
  const coefficients = Array.from(fit.coef)
  const zValues = coefficients.map((b, j) => (se[j] == null ? null : b / se[j]!))
  const pValues = zValues.map((z) => (z === null ? null : twoSidedZPValue(z)))

  let sw = 0
  let swy = 0
  let zeroWeights = 0
  for (let i = 0; i < n; i++) {
    sw += w[i]!
    swy += w[i]! * yv[i]!
    if (w[i] === 0) zeroWeights++
  }
  const wtdmu = intercept ? swy / sw : linkInverse(0)
  let nullDeviance = 0
  for (let i = 0; i < n; i++) nullDeviance += devianceResidual(yv[i]!, wtdmu, w[i]!)
  const nOk = n - zeroWeights
  const aic = minusTwoLogLikelihood(yv, fit.mu, w) + 2 * qr.rank
  const coefForPredict = Float64Array.from(coefficients)

  return {
    intercept,
    coefficients,
    standardErrors: se,
    zValues,
    pValues,
    aliased,
    deviance: fit.dev,
    nullDeviance,
    aic,
    iterations: fit.iterations,
    converged: fit.converged,
    rank: qr.rank,
    dfResidual: nOk - qr.rank,
    dfNull: nOk - (intercept ? 1 : 0),
    fitted: Array.from(fit.mu),
    warnings,
    predict(rows, predictOptions = {}) {
      const eta = linearPredictor(rows, coefForPredict, intercept)
      return predictOptions.type === 'link' ? eta : eta.map(linkInverse)
    },
  }
}
