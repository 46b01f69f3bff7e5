/**
 * The declaration of `t.insights` (see `shared/api.ts`); {@link InsightsService} derives from it.
 * The service is loaded on first use: only types of this module reach the initial bundle.
 */
import type { DealTransition } from '../pipeline/records.js'
import { arg, defineService, optional, query, returns, type ServiceOf, stream } from '../shared/api.js'
import type { Page } from '../shared/list.js'
import type { CubeResult } from './results.js'
import { cubeOptionsSchema, transitionOptionsSchema, transitionStreamOptionsSchema } from './schemas.js'

/** `t.insights`, declared. */
export const insightsApi = defineService({
  /**
   * Aggregate an entity grouped by up to three fields. Field names are those of the filter
   * language (`amount`, `stageId`, `ownerId`, `createdAt`...); timestamp and date fields can
   * be truncated to a `day` (`YYYY-MM-DD`), `month` (`YYYY-MM`) or `year` (`YYYY`), in UTC.
   * Custom and list fields (`custom.x`, `tags`, `contactIds`) cannot be grouped or measured.
   * Soft-deleted records are left out.
   *
   * @example
   * ```ts
   * const { rows } = await t.insights.cube({
   *   entity: 'deals',
   *   where: { field: 'status', op: 'eq', value: 'won' },
   *   dimensions: ['ownerId', { field: 'closedAt', granularity: 'month' }],
   *   measures: [{ fn: 'count', as: 'deals' }, { fn: 'sum', field: 'amount', as: 'revenue' }],
   * })
   * // [{ ownerId: 'u1', closedAt: '2026-01', deals: 3, revenue: 420000 }, ...]
   * ```
   * @throws ValidationError for an unknown field, a field that cannot be grouped or measured,
   *   a granularity on a non-date field, or clashing output names.
   */
  cube: query({ args: [arg('options', cubeOptionsSchema)], result: returns<CubeResult>() }),
  /**
   * One page of the stage-transition log of all deals (soft-deleted deals included: the log
   * is history), ordered by time then id. A deal's first entry has `fromStageId: null`.
   */
  transitions: query({
    args: [optional('options', transitionOptionsSchema)],
    result: returns<Page<DealTransition>>(),
  }),
  /** Every transition matching `options` (all pages), oldest first. */
  allTransitions: stream({
    args: [optional('options', transitionStreamOptionsSchema)],
    result: returns<DealTransition>(),
  }),
})

/** `t.insights`: read-only analytics over the tenant's records. */
export interface InsightsService extends ServiceOf<typeof insightsApi> {}
