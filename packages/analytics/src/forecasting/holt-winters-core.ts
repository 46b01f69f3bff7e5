/**
 * The numerical heart of R's HoltWinters: start values from `decompose()` of the first periods and
 * the C recursion (src/library/stats/src/HoltWinters.c), transcribed so that SSE, coefficients and
 * fitted values agree with R to rounding.
 */

/** Start values: level, trend and one seasonal coefficient per position in the period. */
export interface HoltWintersStart {
  readonly level: number
  readonly trend: number
  readonly seasonal: Float64Array
}

/**
 * R: `st <- decompose(ts(x[1:(startPeriods * f)], frequency = f), seasonal)`; level and trend are
 * the intercept and slope of `.lm.fit(cbind(1, seq_along(dat)), dat)` on the non-NA moving-average
 * trend `dat`; the seasonal start values are `st$figure`.
 */
export function startValues(
  x: Float64Array,
  f: number,
  multiplicative: boolean,
  startPeriods: number,
): HoltWintersStart {
  const l = startPeriods * f
  // decompose()'s centred moving average: filter(x, c(0.5, rep(1, f - 1), 0.5) / f) for even f
  const filter =
    f % 2 === 0 ? [0.5 / f, ...new Array<number>(f - 1).fill(1 / f), 0.5 / f] : new Array<number>(f).fill(1 / f)
  const nf = filter.length
  const shift = Math.floor(nf / 2)
  const trend = new Array<number | null>(l).fill(null)
  for (let i = 0; i < l; i++) {
    if (i + shift - (nf - 1) < 0 || i + shift >= l) continue
    let z = 0
    for (let j = Math.max(0, shift + i - l); j < Math.min(nf, i + shift + 1); j++) z += filter[j]! * x[i + shift - j]!
    trend[i] = z
  }
  // figure: mean detrended value per position in the period, then centred (additive) or normalised.
  const figure = new Float64Array(f)
  for (let i = 0; i < f; i++) {
    let s = 0
    let count = 0
    for (let t = i; t < l; t += f) {
      const tr = trend[t]
      if (tr == null) continue
      s += multiplicative ? x[t]! / tr : x[t]! - tr
      count++
    }
    figure[i] = s / count
  }
  let mean = 0
  for (let i = 0; i < f; i++) mean += figure[i]!
  mean /= f
  for (let i = 0; i < f; i++) figure[i] = multiplicative ? figure[i]! / mean : figure[i]! - mean
  // Least-squares line through the trend values at t = 1..m (R's .lm.fit on cbind(1, seq_along(dat))).
  const dat = trend.filter((v): v is number => v !== null)
  const m = dat.length
  const tMean = (m + 1) / 2
  let yMean = 0
  for (const v of dat) yMean += v
  yMean /= m
  let sxy = 0
  let sxx = 0
  dat.forEach((v, k) => {
    const dt = k + 1 - tMean
    sxy += dt * (v - yMean)
    sxx += dt * dt
  })
  const slope = sxy / sxx
  return { level: yMean - slope * tMean, trend: slope, seasonal: figure }
}

/** Smoothing parameters of one run of the recursion. */
export interface Smoothing {
  readonly alpha: number
  readonly beta: number
  readonly gamma: number
}

/**
 * SSE of the one-step-ahead forecasts from t = f (0-based) on, without storing the states: the
 * objective of the parameter search, so it is kept allocation-light (the season is a ring buffer).
 */
export function holtWintersSse(
  x: Float64Array,
  f: number,
  multiplicative: boolean,
  start: HoltWintersStart,
  p: Smoothing,
  ring: Float64Array,
): number {
  const alpha = Math.max(Math.min(p.alpha, 1), 0)
  const beta = Math.max(Math.min(p.beta, 1), 0)
  const gamma = Math.max(Math.min(p.gamma, 1), 0)
  ring.set(start.seasonal)
  let level = start.level
  let trend = start.trend
  let sse = 0
  const n = x.length
  for (let t = f, j = 0; t < n; t++, j = j + 1 === f ? 0 : j + 1) {
    const xt = x[t]!
    const stmp = ring[j]!
    const base = level + trend
    const xhat = multiplicative ? base * stmp : base + stmp
    const res = xt - xhat
    sse += res * res
    const newLevel = multiplicative
      ? alpha * (xt / stmp) + (1 - alpha) * base
      : alpha * (xt - stmp) + (1 - alpha) * base
    trend = beta * (newLevel - level) + (1 - beta) * trend
    ring[j] = multiplicative
      ? gamma * (xt / newLevel) + (1 - gamma) * stmp
      : gamma * (xt - newLevel) + (1 - gamma) * stmp
    level = newLevel
  }
  return sse
}

/** Full run of the recursion: SSE, one-step fitted values and the final states. */
export interface HoltWintersRun {
  readonly sse: number
  /** One-step-ahead fitted values for t = f .. n-1. */
  readonly fitted: Float64Array
  readonly level: number
  readonly trend: number
  /** Final seasonal coefficients s_1..s_f, s_1 applying to the first forecast step. */
  readonly seasonal: Float64Array
}

/** Runs the recursion and keeps what the model reports. */
export function holtWintersRun(
  x: Float64Array,
  f: number,
  multiplicative: boolean,
  start: HoltWintersStart,
  p: Smoothing,
): HoltWintersRun {
  const alpha = Math.max(Math.min(p.alpha, 1), 0)
  const beta = Math.max(Math.min(p.beta, 1), 0)
  const gamma = Math.max(Math.min(p.gamma, 1), 0)
  const n = x.length
  const len = n - f
  const season = new Float64Array(len + f)
  season.set(start.seasonal)
  const fitted = new Float64Array(len)
  let level = start.level
  let trend = start.trend
  let sse = 0
  for (let m = 0; m < len; m++) {
    const xt = x[f + m]!
    const stmp = season[m]!
    const base = level + trend
    const xhat = multiplicative ? base * stmp : base + stmp
    fitted[m] = xhat
    const res = xt - xhat
    sse += res * res
    const newLevel = multiplicative
      ? alpha * (xt / stmp) + (1 - alpha) * base
      : alpha * (xt - stmp) + (1 - alpha) * base
    trend = beta * (newLevel - level) + (1 - beta) * trend
    season[m + f] = multiplicative
      ? gamma * (xt / newLevel) + (1 - gamma) * stmp
      : gamma * (xt - newLevel) + (1 - gamma) * stmp
    level = newLevel
  }
  return { sse, fitted, level, trend, seasonal: season.slice(len, len + f) }
}
