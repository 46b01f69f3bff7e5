import { quantileSorted, unitSequence } from '../internal/quantile.js'
import { integerIn, invalid } from '../internal/validate.js'
import { defaultRfmSegments, OTHERS_SEGMENT, type RfmSegmentRule, segmentOf } from './segments.js'

/** One order: who, when, how much. */
export interface RfmOrder {
  /** Customer the order belongs to. */
  readonly customerId: string
  /** `YYYY-MM-DD` (a UTC calendar date), an ISO-8601 timestamp, or a Date. */
  readonly orderDate: string | Date
  /** Order value (any currency unit, consistently). */
  readonly revenue: number
}

/** Number of bins, or explicit inner thresholds (strictly increasing), per dimension. */
export type RfmBinSpec = number | readonly number[]

/** Bins or thresholds per dimension; a missing dimension gets 5 bins. */
export interface RfmBins {
  /** Recency bins or thresholds (days). */
  readonly recency?: RfmBinSpec
  /** Frequency bins or thresholds (orders). */
  readonly frequency?: RfmBinSpec
  /** Monetary bins or thresholds (revenue). */
  readonly monetary?: RfmBinSpec
}

/** Options of {@link rfm}. */
export interface RfmOptions {
  /** Date recency is measured from (`YYYY-MM-DD`, ISO timestamp or Date). */
  readonly analysisDate: string | Date
  /** Bins for all three scores (default 5), or per dimension. */
  readonly bins?: number | RfmBins
  /** Segment rules, tried in order, first match wins. Default {@link defaultRfmSegments} (the rfm package's). */
  readonly segments?: readonly RfmSegmentRule[]
}

/** A customer's RFM measures, scores and segment. */
export interface RfmCustomer {
  /** Customer id as given in the orders. */
  readonly customerId: string
  /** Days from the most recent order to the analysis date. */
  readonly recencyDays: number
  /** Number of orders. */
  readonly frequency: number
  /** Total revenue. */
  readonly monetary: number
  /** 1..bins; the most recent customers get the highest score. */
  readonly recencyScore: number
  /** 1..bins; the most frequent customers get the highest score. */
  readonly frequencyScore: number
  /** 1..bins; the highest spenders get the highest score. */
  readonly monetaryScore: number
  /** recencyScore * 100 + frequencyScore * 10 + monetaryScore, as in the rfm package. */
  readonly rfmScore: number
  /** Name of the first matching segment rule, or "Others". */
  readonly segment: string
}

/** The score intervals [lower, upper) of one dimension, one per score (score 1 first). */
export interface RfmThreshold {
  /** Score given to values in this interval. */
  readonly score: number
  /** Inclusive lower bound. */
  readonly lower: number
  /** Exclusive upper bound. */
  readonly upper: number
}

/** Totals per segment (rfm's `rfm_segment_summary`, without its rounding of the average). */
export interface RfmSegmentSummary {
  /** Segment name. */
  readonly segment: string
  /** Customers in the segment. */
  readonly customers: number
  /** Their orders. */
  readonly orders: number
  /** Their total revenue. */
  readonly revenue: number
  /** revenue / orders (0 for an empty segment). */
  readonly averageOrderValue: number
}

/** Result of {@link rfm}. */
export interface RfmResult {
  /** One row per customer, ordered by customerId (code-point order). */
  readonly customers: RfmCustomer[]
  /** The score intervals actually used, per dimension. */
  readonly thresholds: {
    /** Recency intervals (days), score 1 = least recent. */
    readonly recency: RfmThreshold[]
    /** Frequency intervals (orders). */
    readonly frequency: RfmThreshold[]
    /** Monetary intervals (revenue). */
    readonly monetary: RfmThreshold[]
  }
  /** Every rule's segment in rule order (empty ones included), then "Others". */
  readonly segments: RfmSegmentSummary[]
}

const DAY = 86_400_000

function toTime(value: unknown, path: readonly (string | number)[]): number {
  const t = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (!Number.isFinite(t)) invalid(path, 'expected a date (YYYY-MM-DD, ISO-8601 or Date)')
  return t
}

/**
 * The rfm package's break rule (R/utils.R `bins`, `bins_lower`, `bins_upper`): inner breaks are the
 * type-7 quantiles at seq(0, 1, length.out = n + 1) without the ends, *plus one*; intervals are
 * [lower, upper) with lower = (min, breaks) and upper = (breaks, max + 1).
 */
function intervals(values: Float64Array, spec: RfmBinSpec, path: string): { lower: number[]; upper: number[] } {
  const sorted = Float64Array.from(values).sort()
  let breaks: number[]
  if (typeof spec === 'number') {
    const n = integerIn(spec, 1, 1000, ['bins', path])
    breaks = unitSequence(n)
      .slice(1, -1)
      .map((p) => quantileSorted(sorted, p) + 1)
  } else {
    breaks = [...spec]
    breaks.forEach((b, i) => {
      if (typeof b !== 'number' || !Number.isFinite(b) || (i > 0 && b <= breaks[i - 1]!)) {
        invalid(['bins', path, i], 'thresholds must be finite and strictly increasing')
      }
    })
  }
  return { lower: [sorted[0]!, ...breaks], upper: [...breaks, sorted[sorted.length - 1]! + 1] }
}

/** Score of `v` under [lower, upper) intervals; as in rfm's loop, a later interval wins. */
function scoreOf(v: number, lower: number[], upper: number[], reversed: boolean): number {
  let score = 0
  for (let i = 0; i < lower.length; i++)
    if (v >= lower[i]! && v < upper[i]!) score = reversed ? lower.length - i : i + 1
  return score
}

/**
 * RFM analysis with the R rfm package's rules (`rfm_table_order` + `rfm_segment`, rfm 0.3.0):
 * per customer, recency (days since the last order), frequency (order count) and monetary value
 * (total revenue) are scored 1..bins by type-7 quantile breaks (recency reversed, so recent = high),
 * then named segments are assigned by inclusive score ranges, first matching rule first.
 * On the package's example orders (analysis date 2006-12-31) it reproduces the package's segment counts.
 *
 * @throws `ValidationError` for empty or malformed orders, dates, bins or rules.
 * @example
 * ```ts
 * const { customers, segments } = rfm(orders, { analysisDate: '2006-12-31' })
 * segments.find((s) => s.segment === 'Champions')?.customers
 * ```
 */
export function rfm(orders: readonly RfmOrder[], options: RfmOptions): RfmResult {
  if (!Array.isArray(orders) || orders.length === 0) invalid(['orders'], 'expected a non-empty array of orders')
  const analysis = toTime(options.analysisDate, ['analysisDate'])
  const byCustomer = new Map<string, { last: number; count: number; amount: number }>()
  orders.forEach((o, i) => {
    if (typeof o?.customerId !== 'string' || o.customerId === '')
      invalid(['orders', i, 'customerId'], 'expected a string')
    if (typeof o.revenue !== 'number' || !Number.isFinite(o.revenue))
      invalid(['orders', i, 'revenue'], 'expected a finite number')
    const t = toTime(o.orderDate, ['orders', i, 'orderDate'])
    const agg = byCustomer.get(o.customerId)
    if (agg === undefined) byCustomer.set(o.customerId, { last: t, count: 1, amount: o.revenue })
    else {
      agg.last = Math.max(agg.last, t)
      agg.count++
      agg.amount += o.revenue
    }
  })
  const ids = [...byCustomer.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const recency = Float64Array.from(ids, (id) => (analysis - byCustomer.get(id)!.last) / DAY)
  const frequency = Float64Array.from(ids, (id) => byCustomer.get(id)!.count)
  const monetary = Float64Array.from(ids, (id) => byCustomer.get(id)!.amount)

  const bins = options.bins ?? 5
  const spec = (key: 'recency' | 'frequency' | 'monetary'): RfmBinSpec =>
    typeof bins === 'number' ? bins : (bins[key] ?? 5)
  const r = intervals(recency, spec('recency'), 'recency')
  const f = intervals(frequency, spec('frequency'), 'frequency')
  const m = intervals(monetary, spec('monetary'), 'monetary')
  const rules = options.segments ?? defaultRfmSegments
  if (!Array.isArray(rules)) invalid(['segments'], 'expected an array of segment rules')
  rules.forEach((rule, i) => {
    if (typeof rule?.name !== 'string' || rule.name === '') invalid(['segments', i, 'name'], 'expected a name')
    for (const key of ['recency', 'frequency', 'monetary'] as const) {
      const range: unknown = rule[key]
      if (
        !Array.isArray(range) ||
        range.length !== 2 ||
        !range.every((v) => typeof v === 'number' && !Number.isNaN(v))
      ) {
        invalid(['segments', i, key], 'expected an inclusive score range [min, max]')
      }
    }
  })

  const customers = ids.map((customerId, i): RfmCustomer => {
    const recencyScore = scoreOf(recency[i]!, r.lower, r.upper, true)
    const frequencyScore = scoreOf(frequency[i]!, f.lower, f.upper, false)
    const monetaryScore = scoreOf(monetary[i]!, m.lower, m.upper, false)
    return {
      customerId,
      recencyDays: recency[i]!,
      frequency: frequency[i]!,
      monetary: monetary[i]!,
      recencyScore,
      frequencyScore,
      monetaryScore,
      rfmScore: recencyScore * 100 + frequencyScore * 10 + monetaryScore,
      segment: segmentOf(rules, recencyScore, frequencyScore, monetaryScore),
    }
  })

  const names = [...new Set([...rules.map((rule) => rule.name), OTHERS_SEGMENT])]
  const totals = new Map(names.map((name) => [name, { customers: 0, orders: 0, revenue: 0 }]))
  for (const c of customers) {
    const t = totals.get(c.segment)!
    t.customers++
    t.orders += c.frequency
    t.revenue += c.monetary
  }
  const thresholds = (iv: { lower: number[]; upper: number[] }, reversed: boolean): RfmThreshold[] =>
    iv.lower
      .map((lower, i) => ({ score: reversed ? iv.lower.length - i : i + 1, lower, upper: iv.upper[i]! }))
      .sort((a, b) => a.score - b.score)
  return {
    customers,
    thresholds: { recency: thresholds(r, true), frequency: thresholds(f, false), monetary: thresholds(m, false) },
    segments: names.map((segment) => {
      const t = totals.get(segment)!
      return { segment, ...t, averageOrderValue: t.orders === 0 ? 0 : t.revenue / t.orders }
    }),
  }
}
