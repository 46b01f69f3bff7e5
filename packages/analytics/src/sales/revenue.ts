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
  const where: FilterNode[] = [{ field: 'status', op: 'eq', value: 'won' }]
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
  /** The observed monthly series the model was fitted on. */
  readonly history: RevenuePoint[]
  readonly forecast: RevenueForecastPoint[]
  /** The fitted Holt-Winters model (alpha, beta, gamma, sse, fitted values...). */
  readonly model: HoltWintersModel
  readonly level: number
}

/**
 * Forecast monthly won revenue with Holt-Winters (smoothing parameters estimated), with
 * prediction intervals. Needs at least two full seasons of history (`2 x period` months).
 *
 * @example
 * ```ts
 * const f = await revenueForecast(t, { horizon: 6, period: 12 })
 * f.forecast[0] // { month: '2027-01', mean: 123400, lower: 98000, upper: 148800 }
 * ```
 * @throws ValidationError when there are fewer than 2 full periods of history.
 */
export async function revenueForecast(t: TenantCrm, options: RevenueForecastOptions): Promise<RevenueForecast> {
  const horizon = integerIn(options.horizon, 1, 120, ['horizon'])
  const period = integerIn(options.period ?? 12, 2, 366, ['period'])
  const level = numberIn(options.level ?? 0.95, 0.5, 0.999, ['level'])
  const { currency, points } = await revenueSeries(t, options)
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
  const last = points[points.length - 1]?.month ?? ''
  const forecast = f.mean.map((mean, i) => ({
    month: addMonths(last, i + 1),
    mean,
    lower: f.lower[i] ?? mean,
    upper: f.upper[i] ?? mean,
  }))
  return { currency, history: points, forecast, model, level }
}
