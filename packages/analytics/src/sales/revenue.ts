/**
 * Monthly won revenue and its Holt-Winters forecast.
 */
import type { FilterNode, TenantCrm } from '@crmkit/core'
import { type HoltWintersModel, holtWinters } from '../forecasting/holt-winters.js'
import { integerIn, invalid, numberIn } from '../internal/validate.js'
import { addMonths, checkMonth, monthRange, resolveCurrency } from './data.js'

/** Options of {@link revenueSeries}. */
export interface RevenueSeriesOptions {
  /** Only deals of this pipeline. */
  readonly pipelineId?: string
  /** First month `YYYY-MM`. Default: the first month with won revenue. */
  readonly from?: string
  /** Last month `YYYY-MM` (inclusive). Default: the last month with won revenue. */
  readonly to?: string
  /** Currency to report; required when won deals use several. */
  readonly currency?: string
}

/** One month of revenue. */
export interface RevenuePoint {
  /** `YYYY-MM` (UTC). */
  readonly month: string
  /** Sum of won amounts closed in the month (minor units); 0 for a month without wins. */
  readonly revenue: number
  /** Deals won in the month. */
  readonly deals: number
}

/** Result of {@link revenueSeries}. */
export interface RevenueSeries {
  readonly currency: string | null
  /** Consecutive months, gaps filled with 0. Empty when nothing was won (and no range given). */
  readonly points: RevenuePoint[]
}

/**
 * Won revenue by month of closing (`closedAt`, UTC), every month from `from` to `to`
 * present, months without wins as 0. Aggregated by `t.insights.cube` (GROUP BY in SQL).
 *
 * @example
 * ```ts
 * const { points } = await revenueSeries(t, { from: '2026-01', to: '2026-05' })
 * // [{ month: '2026-01', revenue: 0, deals: 0 }, { month: '2026-02', revenue: 100000, deals: 1 }, ...]
 * ```
 */
export async function revenueSeries(t: TenantCrm, options: RevenueSeriesOptions = {}): Promise<RevenueSeries> {
  const from = checkMonth(options.from, 'from')
  const to = checkMonth(options.to, 'to')
  if (from !== undefined && to !== undefined && to < from) invalid(['to'], 'must not be before from')
  const where: FilterNode<'deal'>[] = [{ field: 'status', op: 'eq', value: 'won' }]
  if (options.pipelineId !== undefined) where.push({ field: 'pipelineId', op: 'eq', value: options.pipelineId })
  const { rows } = await t.insights.cube({
    entity: 'deals',
    where: { all: where },
    dimensions: ['currency', { field: 'closedAt', granularity: 'month' }],
    measures: [
      { fn: 'sum', field: 'amount', as: 'revenue' },
      { fn: 'count', as: 'deals' },
    ],
  })
  const currency = resolveCurrency(
    rows.map((r) => String(r.currency)),
    options.currency,
  )
  const byMonth = new Map<string, { revenue: number; deals: number }>()
  for (const r of rows) {
    if (r.currency !== currency || typeof r.closedAt !== 'string') continue
    byMonth.set(r.closedAt, { revenue: Number(r.revenue ?? 0), deals: Number(r.deals ?? 0) })
  }
  const months = [...byMonth.keys()].sort()
  const first = from ?? months[0]
  const last = to ?? months[months.length - 1]
  if (first === undefined || last === undefined) return { currency, points: [] }
  const points = monthRange(first, last).map((month) => ({
    month,
    ...(byMonth.get(month) ?? { revenue: 0, deals: 0 }),
  }))
  return { currency, points }
}

/** Options of {@link revenueForecast}. */
export interface RevenueForecastOptions extends RevenueSeriesOptions {
  /**
   * Last month of history `YYYY-MM` (inclusive). Default and latest allowed: the last complete month, the one
   * before the month of the CRM's clock (`t.clock`). The current month is still running, so its revenue so far
   * would read as a drop; it is never fitted.
   */
  readonly to?: string
  /** Months to forecast, 1..120. */
  readonly horizon: number
  /** Months per season. Default 12. */
  readonly period?: number
  /** Seasonal model. Default `'additive'` (multiplicative needs revenue > 0 in every month). */
  readonly seasonal?: 'additive' | 'multiplicative'
  /** Prediction interval coverage. Default 0.95. */
  readonly level?: number
}

/** One forecast month. */
export interface RevenueForecastPoint {
  readonly month: string
  readonly mean: number
  readonly lower: number
  readonly upper: number
}

/** Result of {@link revenueForecast}. */
export interface RevenueForecast {
  readonly currency: string | null
  /**
   * The observed monthly series the model was fitted on: from `from` (default the first month with won revenue)
   * through `to` (default the last complete month by the CRM's clock), months without wins as 0.
   */
  readonly history: RevenuePoint[]
  /** `horizon` months after the last month of `history`. */
  readonly forecast: RevenueForecastPoint[]
  /** The fitted Holt-Winters model (alpha, beta, gamma, sse, fitted values...). */
  readonly model: HoltWintersModel
  readonly level: number
  /** True when the parameter search converged and the fit is not {@link RevenueForecast.degenerate}. */
  readonly converged: boolean
  /**
   * True when alpha and gamma are both 0 (beta then has no effect either: the trend only learns from level
   * updates). The model never updates its start values, so the forecast is the level, trend and season of the
   * first two seasons extended, whatever came after them; the search may still report convergence.
   */
  readonly degenerate: boolean
  /** Why the forecast deserves caution (a degenerate fit, a search that did not converge); empty otherwise. */
  readonly warnings: string[]
}

/**
 * Forecast monthly won revenue with Holt-Winters (smoothing parameters estimated), with
 * prediction intervals. The history runs to the last complete month by the CRM's clock, months
 * without wins (trailing ones included) as 0; the current, partial month is left out. Needs at
 * least two full seasons of history (`2 x period` months).
 *
 * @example
 * ```ts
 * const f = await revenueForecast(t, { horizon: 6, period: 12 })
 * f.forecast[0] // { month: '2027-01', mean: 123400, lower: 98000, upper: 148800 }
 * if (!f.converged) console.warn(f.warnings)
 * ```
 * @throws ValidationError when there are fewer than 2 full periods of history, or `to` is not a complete month.
 */
export async function revenueForecast(t: TenantCrm, options: RevenueForecastOptions): Promise<RevenueForecast> {
  const horizon = integerIn(options.horizon, 1, 120, ['horizon'])
  const period = integerIn(options.period ?? 12, 2, 366, ['period'])
  const level = numberIn(options.level ?? 0.95, 0.5, 0.999, ['level'])
  const currentMonth = t.clock().toISOString().slice(0, 7)
  const lastComplete = addMonths(currentMonth, -1)
  const to = checkMonth(options.to, 'to') ?? lastComplete
  if (to > lastComplete)
    invalid(['to'], `must be a complete month: ${lastComplete} or earlier (the CRM's clock is in ${currentMonth})`)
  const { currency, points } = await revenueSeries(t, { ...options, to })
  if (points.length < 2 * period) {
    invalid(
      ['horizon'],
      `revenue forecast needs at least 2 full periods (${2 * period} months) of history, got ${points.length}`,
    )
  }
  const model = holtWinters(
    points.map((p) => p.revenue),
    { period, seasonal: options.seasonal ?? 'additive' },
  )
  const f = model.forecast(horizon, { level })
  const forecast = f.mean.map((mean, i) => ({
    month: addMonths(to, i + 1),
    mean,
    lower: f.lower[i] ?? mean,
    upper: f.upper[i] ?? mean,
  }))
  // With alpha = 0 the level never moves off its own trend, so beta (which learns from level changes) is inert.
  const degenerate = model.alpha === 0 && model.gamma === 0
  const warnings: string[] = []
  if (degenerate)
    warnings.push(
      'degenerate fit: alpha and gamma are 0, so level and season never update and the forecast only extends the first two seasons',
    )
  if (model.optimizerConverged === false) warnings.push('the search for alpha, beta and gamma did not converge')
  const converged = model.optimizerConverged !== false && !degenerate
  return { currency, history: points, forecast, model, level, converged, degenerate, warnings }
}
