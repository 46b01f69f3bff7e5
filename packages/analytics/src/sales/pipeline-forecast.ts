/**
 * Pipeline forecast: the weighted pipeline by stage, historical stage-to-won rates from the
 * stage-transition log, expected close by month and forecast categories.
 *
 * The open-deal totals are computed by `t.insights.cube` (one GROUP BY in SQL adapters);
 * only the per-deal stage history for the historical rates is read row by row.
 */
import type { Stage, TenantCrm } from '@crmkit/core'
import { numberIn } from '../internal/validate.js'
import { allDeals, requirePipeline, resolveCurrency, transitionsByDeal } from './data.js'

/** Options of {@link pipelineForecast}. */
export interface PipelineForecastOptions {
  /** The pipeline to forecast. */
  readonly pipelineId: string
  /** Currency to report (deals in other currencies are left out); required when several are present. */
  readonly currency?: string
  /** Open deals in stages with probability >= this are `commit`. Default 0.7. */
  readonly commitThreshold?: number
  /** Open deals in stages with probability >= this (and below commit) are `bestCase`. Default 0.3. */
  readonly bestCaseThreshold?: number
}

/** One stage of the forecast. */
export interface ForecastStage {
  readonly stageId: string
  readonly name: string
  readonly kind: Stage['kind']
  readonly position: number
  /** The stage's configured probability. */
  readonly probability: number
  /** Open deals now in the stage. */
  readonly openDeals: number
  /** Sum of their amounts (minor units). */
  readonly amount: number
  /** amount x probability. */
  readonly weightedAmount: number
  /**
   * Of the closed (won or lost) deals that ever entered this stage, the share that were won;
   * `null` when no closed deal went through it.
   */
  readonly historicalWinRate: number | null
  /** Closed deals that went through the stage (the denominator of `historicalWinRate`). */
  readonly closedThrough: number
}

/** Totals of one forecast category or month. */
export interface ForecastBucket {
  readonly deals: number
  readonly amount: number
  readonly weightedAmount: number
}

/** Result of {@link pipelineForecast}. */
export interface PipelineForecast {
  readonly pipelineId: string
  /** `null` when the pipeline has no deals. */
  readonly currency: string | null
  /** Stages in pipeline order. */
  readonly stages: ForecastStage[]
  /** Sum of open amounts. */
  readonly openAmount: number
  /** Sum of amount x stage probability over open deals. */
  readonly weightedPipeline: number
  /**
   * Sum of amount x historical win rate of the deal's stage over open deals; a stage without
   * history falls back to its configured probability.
   */
  readonly historicalWeightedPipeline: number
  /** Won / (won + lost) over the pipeline's closed deals; `null` when none closed. */
  readonly winRate: number | null
  /** Open deals by month of `expectedCloseDate` (`YYYY-MM`), ascending; deals without a date under `unscheduled`. */
  readonly byCloseMonth: Array<ForecastBucket & { readonly month: string }>
  readonly unscheduled: ForecastBucket
  /**
   * Forecast categories of open deals by their stage's probability p:
   * `commit` p >= commitThreshold, `bestCase` bestCaseThreshold <= p < commitThreshold,
   * `pipeline` below. `closedWon` is the pipeline's won amount for reference.
   */
  readonly categories: {
    readonly commit: ForecastBucket
    readonly bestCase: ForecastBucket
    readonly pipeline: ForecastBucket
    readonly closedWon: ForecastBucket
  }
  readonly thresholds: { readonly commit: number; readonly bestCase: number }
}

const emptyBucket = (): { deals: number; amount: number; weightedAmount: number } => ({
  deals: 0,
  amount: 0,
  weightedAmount: 0,
})

/**
 * Forecast a pipeline: what is open, what it is worth weighted by stage probability and by
 * the history of the transition log, when it is expected to close, and in which category.
 *
 * @example
 * ```ts
 * const f = await pipelineForecast(t, { pipelineId: sales.id })
 * f.weightedPipeline            // e.g. 59000 (minor units)
 * f.stages.map((s) => [s.name, s.historicalWinRate])
 * f.categories.commit.amount
 * ```
 * @throws ValidationError for an unknown pipeline, bad thresholds, or mixed currencies without `currency`.
 */
export async function pipelineForecast(t: TenantCrm, options: PipelineForecastOptions): Promise<PipelineForecast> {
  const commit = numberIn(options.commitThreshold ?? 0.7, 0, 1, ['commitThreshold'])
  const bestCase = numberIn(options.bestCaseThreshold ?? 0.3, 0, commit, ['bestCaseThreshold'])
  const pipeline = await requirePipeline(t, options.pipelineId)
  const inPipeline = { field: 'pipelineId', op: 'eq', value: pipeline.id } as const

  const currencies = await t.insights.cube({
    entity: 'deals',
    where: inPipeline,
    dimensions: ['currency'],
    measures: [{ fn: 'count', as: 'n' }],
  })
  const currency = resolveCurrency(
    currencies.rows.map((r) => String(r.currency)),
    options.currency,
  )
  const scope = { all: [inPipeline, { field: 'currency', op: 'eq', value: currency ?? '' }] } as const

  const open = await t.insights.cube({
    entity: 'deals',
    where: { all: [...scope.all, { field: 'status', op: 'eq', value: 'open' }] },
    dimensions: ['stageId', { field: 'expectedCloseDate', granularity: 'month' }],
    measures: [
      { fn: 'count', as: 'deals' },
      { fn: 'sum', field: 'amount', as: 'amount' },
    ],
  })
  const won = await t.insights.cube({
    entity: 'deals',
    where: { all: [...scope.all, { field: 'status', op: 'eq', value: 'won' }] },
    measures: [
      { fn: 'count', as: 'deals' },
      { fn: 'sum', field: 'amount', as: 'amount' },
    ],
  })

  // Historical rates: which stages each closed deal went through, and how it ended.
  const closed = await allDeals(t, { all: [...scope.all, { field: 'status', op: 'in', value: ['won', 'lost'] }] })
  const moves = await transitionsByDeal(t, pipeline.id, closed)
  const through = new Map<string, { won: number; closed: number }>()
  for (const deal of closed) {
    const visited = new Set((moves.get(deal.id) ?? []).map((m) => m.toStageId))
    for (const stageId of visited) {
      const c = through.get(stageId) ?? { won: 0, closed: 0 }
      c.closed++
      if (deal.status === 'won') c.won++
      through.set(stageId, c)
    }
  }
  const wonCount = closed.filter((d) => d.status === 'won').length

  const stageStats = new Map(pipeline.stages.map((s) => [s.id, { stage: s, ...emptyBucket() }]))
  const months = new Map<string, ReturnType<typeof emptyBucket>>()
  const unscheduled = emptyBucket()
  const categories = { commit: emptyBucket(), bestCase: emptyBucket(), pipeline: emptyBucket() }
  let historicalWeightedPipeline = 0
  for (const row of open.rows) {
    const entry = stageStats.get(String(row.stageId))
    if (!entry) continue
    const deals = Number(row.deals)
    const amount = Number(row.amount ?? 0)
    const p = entry.stage.probability
    const add = (b: ReturnType<typeof emptyBucket>) => {
      b.deals += deals
      b.amount += amount
      b.weightedAmount += amount * p
    }
    add(entry)
    const month = row.expectedCloseDate
    if (typeof month === 'string') {
      const bucket = months.get(month) ?? emptyBucket()
      add(bucket)
      months.set(month, bucket)
    } else add(unscheduled)
    add(p >= commit ? categories.commit : p >= bestCase ? categories.bestCase : categories.pipeline)
    const history = through.get(entry.stage.id)
    historicalWeightedPipeline += amount * (history ? history.won / history.closed : p)
  }

  const stages: ForecastStage[] = pipeline.stages.map((s) => {
    const e = stageStats.get(s.id) ?? emptyBucket()
    const history = through.get(s.id)
    return {
      stageId: s.id,
      name: s.name,
      kind: s.kind,
      position: s.position,
      probability: s.probability,
      openDeals: e.deals,
      amount: e.amount,
      weightedAmount: e.weightedAmount,
      historicalWinRate: history ? history.won / history.closed : null,
      closedThrough: history?.closed ?? 0,
    }
  })
  const wonRow = won.rows[0]
  return {
    pipelineId: pipeline.id,
    currency,
    stages,
    openAmount: stages.reduce((a, s) => a + s.amount, 0),
    weightedPipeline: stages.reduce((a, s) => a + s.weightedAmount, 0),
    historicalWeightedPipeline,
    winRate: closed.length === 0 ? null : wonCount / closed.length,
    byCloseMonth: [...months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, b]) => ({ month, ...b })),
    unscheduled,
    categories: {
      ...categories,
      closedWon: {
        deals: Number(wonRow?.deals ?? 0),
        amount: Number(wonRow?.amount ?? 0),
        weightedAmount: Number(wonRow?.amount ?? 0),
      },
    },
    thresholds: { commit, bestCase },
  }
}
