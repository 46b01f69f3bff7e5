/**
 * Sales velocity, time in stage and the stage conversion funnel, from deals and the
 * stage-transition log.
 */
import type { FilterNode, Stage, TenantCrm } from '@crmkit/core'
import { allDeals, daysBetween, mean, median, requirePipeline, resolveCurrency, transitionsByDeal } from './data.js'

/** Options of {@link salesVelocity}. */
export interface SalesVelocityOptions {
  /** Restrict to one pipeline. Default: all pipelines. */
  readonly pipelineId?: string
  /** Closed deals count when closed at or after this instant (ISO). Default: all history. */
  readonly from?: string
  /** ... and before this instant (ISO, exclusive). */
  readonly to?: string
  /** Currency to report; required when deals use several. */
  readonly currency?: string
}

/** Result of {@link salesVelocity}; `null` parts mean "not enough closed deals to say". */
export interface SalesVelocity {
  readonly currency: string | null
  /** Open deals now (the "deals" factor). */
  readonly openDeals: number
  /** Won / (won + lost) among deals closed in the window. */
  readonly winRate: number | null
  /** Mean amount of the deals won in the window (minor units). */
  readonly averageWonAmount: number | null
  /** Mean days from creation to closing, over the deals won in the window. */
  readonly averageCycleDays: number | null
  /** openDeals x winRate x averageWonAmount / averageCycleDays: expected revenue per day (minor units). */
  readonly velocityPerDay: number | null
}

/**
 * Sales velocity = open deals x win rate x average won deal size / average sales-cycle length
 * (days from a won deal's creation to its close).
 *
 * @example
 * ```ts
 * const v = await salesVelocity(t, { pipelineId: sales.id })
 * v.velocityPerDay // e.g. 6279.07 -> about 62.79 EUR of expected revenue per day
 * ```
 */
export async function salesVelocity(t: TenantCrm, options: SalesVelocityOptions = {}): Promise<SalesVelocity> {
  if (options.pipelineId !== undefined) await requirePipeline(t, options.pipelineId)
  const base: FilterNode<'deal'>[] =
    options.pipelineId === undefined ? [] : [{ field: 'pipelineId', op: 'eq', value: options.pipelineId }]
  const window: FilterNode<'deal'>[] = [
    ...(options.from === undefined ? [] : [{ field: 'closedAt', op: 'gte', value: options.from } as const]),
    ...(options.to === undefined ? [] : [{ field: 'closedAt', op: 'lt', value: options.to } as const]),
  ]
  const closed = await allDeals(t, { all: [...base, ...window, { field: 'status', op: 'in', value: ['won', 'lost'] }] })
  const open = await allDeals(t, { all: [...base, { field: 'status', op: 'eq', value: 'open' }] })
  const currency = resolveCurrency(
    [...closed, ...open].map((d) => d.amount.currency),
    options.currency,
  )
  const inCurrency = closed.filter((d) => d.amount.currency === currency)
  const won = inCurrency.filter((d) => d.status === 'won')
  const openDeals = open.filter((d) => d.amount.currency === currency).length
  const winRate = inCurrency.length === 0 ? null : won.length / inCurrency.length
  const averageWonAmount = mean(won.map((d) => d.amount.value))
  const averageCycleDays = mean(won.map((d) => daysBetween(d.createdAt, d.closedAt ?? d.createdAt)))
  const velocityPerDay =
    winRate === null || averageWonAmount === null || averageCycleDays === null || averageCycleDays <= 0
      ? null
      : (openDeals * winRate * averageWonAmount) / averageCycleDays
  return { currency, openDeals, winRate, averageWonAmount, averageCycleDays, velocityPerDay }
}

/** Time spent in one stage. */
export interface StageTime {
  readonly stageId: string
  readonly name: string
  /** Completed stays: a deal entered the stage and later moved on. */
  readonly stays: number
  readonly meanDays: number | null
  readonly medianDays: number | null
  /** Live deals in the stage now (their stay is not finished, so it is not in the statistics). */
  readonly current: number
}

/**
 * Days deals spend in each stage of a pipeline, from the transition log: a stay runs from
 * the move into a stage to the deal's next move. Re-entering a stage is a new stay. Stays
 * still running (open deals) and the final won/lost stage are not counted as durations.
 *
 * @example
 * ```ts
 * const stages = await timeInStage(t, { pipelineId: sales.id })
 * // [{ name: 'Lead', stays: 6, meanDays: 20.67, medianDays: 10, current: 1 }, ...]
 * ```
 */
export async function timeInStage(t: TenantCrm, options: { readonly pipelineId: string }): Promise<StageTime[]> {
  const pipeline = await requirePipeline(t, options.pipelineId)
  const deals = await allDeals(t, { field: 'pipelineId', op: 'eq', value: pipeline.id })
  const moves = await transitionsByDeal(t, pipeline.id, deals)
  const durations = new Map<string, number[]>()
  for (const list of moves.values()) {
    for (let i = 0; i + 1 < list.length; i++) {
      const [here, next] = [list[i], list[i + 1]]
      if (!here || !next) continue
      const d = durations.get(here.toStageId) ?? []
      d.push(daysBetween(here.at, next.at))
      durations.set(here.toStageId, d)
    }
  }
  return pipeline.stages.map((s) => {
    const d = durations.get(s.id) ?? []
    return {
      stageId: s.id,
      name: s.name,
      stays: d.length,
      meanDays: mean(d),
      medianDays: median(d),
      current: deals.filter((deal) => deal.stageId === s.id && deal.status === 'open').length,
    }
  })
}

/** One step of the funnel. */
export interface FunnelStep {
  readonly stageId: string
  readonly name: string
  readonly kind: Stage['kind']
  /** Deals that reached this stage or a later one. */
  readonly reached: number
  /** reached / reached of the previous step (`null` for the first step or when that is 0). */
  readonly conversionFromPrevious: number | null
  /** reached / reached of the first step. */
  readonly conversionFromFirst: number | null
}

/**
 * The stage conversion funnel of a pipeline: for each open or won stage in pipeline order,
 * how many live deals reached it or a later stage (a deal that skipped a stage is counted as
 * having passed it). Lost stages are not steps; a lost deal counts up to the furthest stage
 * it reached before it was lost.
 *
 * @example
 * ```ts
 * const funnel = await stageFunnel(t, { pipelineId: sales.id })
 * funnel.map((s) => `${s.name}: ${s.reached}`) // ['Lead: 7', 'Qualified: 6', ...]
 * ```
 */
export async function stageFunnel(t: TenantCrm, options: { readonly pipelineId: string }): Promise<FunnelStep[]> {
  const pipeline = await requirePipeline(t, options.pipelineId)
  const steps = pipeline.stages.filter((s) => s.kind !== 'lost')
  const position = new Map(steps.map((s, i) => [s.id, i]))
  const deals = await allDeals(t, { field: 'pipelineId', op: 'eq', value: pipeline.id })
  const moves = await transitionsByDeal(t, pipeline.id, deals)
  const reached = steps.map(() => 0)
  for (const deal of deals) {
    let furthest = -1
    for (const m of moves.get(deal.id) ?? []) furthest = Math.max(furthest, position.get(m.toStageId) ?? -1)
    for (let i = 0; i <= furthest; i++) reached[i] = (reached[i] ?? 0) + 1
  }
  const first = reached[0] ?? 0
  return steps.map((s, i) => {
    const here = reached[i] ?? 0
    const before = i === 0 ? 0 : (reached[i - 1] ?? 0)
    return {
      stageId: s.id,
      name: s.name,
      kind: s.kind,
      reached: here,
      conversionFromPrevious: i === 0 || before === 0 ? null : here / before,
      conversionFromFirst: first === 0 ? null : here / first,
    }
  })
}
