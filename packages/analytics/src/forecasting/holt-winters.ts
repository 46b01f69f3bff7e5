import { qnorm } from '../distributions.js'
import { minimizeInBox } from '../internal/minimize-box.js'
import { integerIn, invalid, numberIn, vector } from '../internal/validate.js'
import { holtWintersRun, holtWintersSse, type Smoothing, startValues } from './holt-winters-core.js'

/** Options of {@link holtWinters}. */
export interface HoltWintersOptions {
  /** Observations per season (12 for monthly data with a yearly cycle). At least 2. */
  readonly period: number
  /** Seasonal model. Default `'additive'`. */
  readonly seasonal?: 'additive' | 'multiplicative'
  /** Level smoothing in (0, 1]; estimated when omitted. */
  readonly alpha?: number
  /** Trend smoothing in [0, 1]; estimated when omitted. */
  readonly beta?: number
  /** Seasonal smoothing in [0, 1]; estimated when omitted. */
  readonly gamma?: number
  /** Periods used for the start values (R's `start.periods`). Default 2. */
  readonly startPeriods?: number
}

/** A forecast with a symmetric normal prediction interval at `level`. */
export interface HoltWintersForecast {
  /** Point forecasts for steps 1..h after the last observation. */
  readonly mean: number[]
  /** Lower bounds of the prediction interval, per step. */
  readonly lower: number[]
  /** Upper bounds of the prediction interval, per step. */
  readonly upper: number[]
  /** Coverage of the interval, e.g. 0.95. */
  readonly level: number
}

/** A fitted Holt-Winters model (R's `HoltWinters` object). */
export interface HoltWintersModel {
  /** Seasonal model used. */
  readonly seasonal: 'additive' | 'multiplicative'
  /** Observations per season. */
  readonly period: number
  /** Level smoothing parameter (given or estimated). */
  readonly alpha: number
  /** Trend smoothing parameter (given or estimated). */
  readonly beta: number
  /** Seasonal smoothing parameter (given or estimated). */
  readonly gamma: number
  /** Sum of squared one-step-ahead errors from observation `period` on (R's `SSE`). */
  readonly sse: number
  /** One-step-ahead fitted values for observations period .. n-1 (R's `fitted[, "xhat"]`). */
  readonly fitted: number[]
  /** Index in the input series of `fitted[0]` (= period). */
  readonly fittedOffset: number
  /** Observed minus fitted, aligned with `fitted`. */
  readonly residuals: number[]
  /** Final level `a`, trend `b` and seasonal coefficients `s1..s_period` (R's `coef()`). */
  readonly coefficients: {
    /** Final level (R's `a`). */
    readonly level: number
    /** Final trend per step (R's `b`). */
    readonly trend: number
    /** Final seasonal coefficients s1..s_period; s1 applies to the first forecast step. */
    readonly seasonal: number[]
  }
  /** True when alpha/beta/gamma were estimated and the search met its convergence test. */
  readonly optimizerConverged: boolean | null
  /**
   * Forecasts h steps ahead with prediction intervals by R's `predict.HoltWinters` formula
   * (`level` default 0.95). For the multiplicative model R's variance formula divides by
   * coefficient index 2 + ((rel - j) mod f), which is the trend `b` when that index is 0; this is
   * reproduced as is so that intervals agree with R.
   */
  forecast(h: number, options?: { readonly level?: number }): HoltWintersForecast
}

/**
 * Holt-Winters exponential smoothing with trend and additive or multiplicative seasonality,
 * reproducing R's `HoltWinters()`: start values from `decompose()` of the first two periods, the
 * same recursion and SSE, and — for parameters not given — a bounded quasi-Newton search of
 * alpha/beta/gamma in [0, 1] from R's start (0.3, 0.1, 0.1).
 *
 * @param series - equally spaced observations (at least 2 * period; non-zero for multiplicative).
 * @throws `ValidationError` for a short series, bad parameters, or zeros in a multiplicative series.
 * @example
 * ```ts
 * const model = holtWinters(monthlyRevenue, { period: 12 })
 * const { mean, lower, upper } = model.forecast(6, { level: 0.9 })
 * ```
 */
export function holtWinters(series: readonly number[], options: HoltWintersOptions): HoltWintersModel {
  const x = vector(series, 'series')
  const f = integerIn(options.period, 2, 1_000_000, ['period'])
  const startPeriods = integerIn(options.startPeriods ?? 2, 2, 1_000_000, ['startPeriods'])
  const seasonal = options.seasonal ?? 'additive'
  if (seasonal !== 'additive' && seasonal !== 'multiplicative')
    invalid(['seasonal'], "expected 'additive' or 'multiplicative'")
  const multiplicative = seasonal === 'multiplicative'
  if (x.length < startPeriods * f || x.length <= f) {
    invalid(['series'], `need at least ${Math.max(startPeriods * f, f + 1)} observations (start periods x period)`)
  }
  if (multiplicative && x.some((v) => v === 0))
    invalid(['series'], 'data must be non-zero for multiplicative Holt-Winters')
  const fixed = {
    alpha: options.alpha === undefined ? undefined : numberIn(options.alpha, 0, 1, ['alpha']),
    beta: options.beta === undefined ? undefined : numberIn(options.beta, 0, 1, ['beta']),
    gamma: options.gamma === undefined ? undefined : numberIn(options.gamma, 0, 1, ['gamma']),
  }
  if (fixed.alpha === 0) invalid(['alpha'], 'cannot fit models without level (alpha must not be 0)')

  const start = startValues(x, f, multiplicative, startPeriods)
  const free = (['alpha', 'beta', 'gamma'] as const).filter((k) => fixed[k] === undefined)
  const optimStart = { alpha: 0.3, beta: 0.1, gamma: 0.1 }
  let params: Smoothing = { alpha: fixed.alpha ?? 0.3, beta: fixed.beta ?? 0.1, gamma: fixed.gamma ?? 0.1 }
  let optimizerConverged: boolean | null = null
  if (free.length > 0) {
    const ring = new Float64Array(f)
    const trial = { ...params }
    const objective = (v: Float64Array): number => {
      free.forEach((k, i) => {
        trial[k] = v[i]!
      })
      return holtWintersSse(x, f, multiplicative, start, trial, ring)
    }
    const best = minimizeInBox(
      objective,
      free.map((k) => optimStart[k]),
      free.map(() => 0),
      free.map(() => 1),
    )
    const found = { ...params }
    free.forEach((k, i) => {
      found[k] = best.x[i]!
    })
    params = found
    optimizerConverged = best.converged
  }
  const run = holtWintersRun(x, f, multiplicative, start, params)
  const fitted = Array.from(run.fitted)
  const residuals = fitted.map((v, i) => x[f + i]! - v)
  const coefficients = { level: run.level, trend: run.trend, seasonal: Array.from(run.seasonal) }
  const { alpha, beta, gamma } = params
  let residualVariance = 0
  if (residuals.length > 1) {
    const mean = residuals.reduce((s, r) => s + r, 0) / residuals.length
    residualVariance = residuals.reduce((s, r) => s + (r - mean) ** 2, 0) / (residuals.length - 1)
  }

  const psi = (j: number): number => alpha * (1 + j * beta) + (j % f === 0 ? gamma * (1 - alpha) : 0)
  // R's coefficients vector c(a, b, s1..sf), 1-based, as predict.HoltWinters indexes it.
  const coef = (index: number): number => (index === 1 ? run.level : index === 2 ? run.trend : run.seasonal[index - 3]!)
  const variance = (h: number): number => {
    if (!multiplicative) {
      let s = 1
      for (let j = 1; j < h; j++) s += psi(j) ** 2
      return residualVariance * s
    }
    const rel = 1 + ((h - 1) % f)
    let s = 0
    for (let j = 0; j < h; j++) s += ((psi(j) * coef(2 + rel)) / coef(2 + ((((rel - j) % f) + f) % f))) ** 2
    return residualVariance * s
  }

  return {
    seasonal,
    period: f,
    alpha,
    beta,
    gamma,
    sse: run.sse,
    fitted,
    fittedOffset: f,
    residuals,
    coefficients,
    optimizerConverged,
    forecast(h, forecastOptions = {}) {
      const steps = integerIn(h, 1, 1_000_000, ['h'])
      const level = numberIn(forecastOptions.level ?? 0.95, 0, 1 - Number.EPSILON, ['level'])
      const z = qnorm((1 + level) / 2)
      const mean: number[] = []
      const lower: number[] = []
      const upper: number[] = []
      for (let step = 1; step <= steps; step++) {
        const base = run.level + step * run.trend
        const s = run.seasonal[(step - 1) % f]!
        const m = multiplicative ? base * s : base + s
        const half = z * Math.sqrt(variance(step))
        mean.push(m)
        lower.push(m - half)
        upper.push(m + half)
      }
      return { mean, lower, upper, level }
    },
  }
}
