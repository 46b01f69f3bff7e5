/**
 * `t.insights`: read-only analytical access to one tenant's data, for `@crmkit/analytics`
 * and for hosts building reports.
 *
 * - `cube` is the OLAP slice: counts/sums/averages/min/max grouped by up to three fields.
 *   It runs through `storage.aggregate`, so the SQL adapters
 *   compute it with one GROUP BY in the database, and the memory adapter
 *   computes the same groups in JavaScript.
 * - `transitions` pages through the stage-transition log of every deal (oldest first);
 *   `allTransitions` streams all pages.
 */
import type { CustomFieldEntity } from '../custom-fields/schemas.js'
import { customFieldShapes } from '../custom-fields/service.js'
import { OverflowError } from '../errors.js'
import type { FilterScalar, ResolvedFilter } from '../filter/types.js'
import { type DealTransition, toTransition } from '../pipeline/records.js'
import { combine, listPage, type Page, resolveWhere } from '../shared/list.js'
import type { Scope } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { TableName } from '../storage/tables.js'
import { type CubePlan, planCube } from './cube.js'
import {
  type CubeEntity,
  type CubeOptions,
  cubeOptionsSchema,
  type TransitionOptions,
  transitionOptionsSchema,
} from './schemas.js'

/** One group of a cube: its dimension values under their field names, then its measures. */
export type CubeRow = Record<string, string | number | null>

/** The result of `t.insights.cube`. */
export interface CubeResult {
  /** Groups ordered by their keys (ascending, NULLs last); one row when there are no dimensions. */
  readonly rows: CubeRow[]
  /** Field names of the dimensions, in the order asked for. */
  readonly dimensions: string[]
  /** Output names of the measures, in the order asked for. */
  readonly measures: string[]
}

/** `t.insights`: read-only analytics over the tenant's records. */
export interface InsightsService {
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
  cube(options: CubeOptions): Promise<CubeResult>
  /**
   * One page of the stage-transition log of all deals (soft-deleted deals included: the log
   * is history), ordered by time then id. A deal's first entry has `fromStageId: null`.
   */
  transitions(options?: TransitionOptions): Promise<Page<DealTransition>>
  /** Every transition matching `options` (all pages), oldest first. */
  allTransitions(options?: Omit<TransitionOptions, 'cursor' | 'withTotal'>): AsyncIterable<DealTransition>
}

const customEntity: Partial<Record<CubeEntity, CustomFieldEntity>> = {
  deals: 'deal',
  contacts: 'contact',
  companies: 'company',
}

const column = (name: string, type: 'string' | 'timestamp') => ({ source: 'column' as const, column: name, type })

function condition(name: string, type: 'string' | 'timestamp', op: 'eq' | 'gte' | 'lt', value: FilterScalar) {
  return { kind: 'condition' as const, target: column(name, type), op, value }
}

/**
 * Sums of integer columns (money in minor units) are exact or refused: past 2^53 a JavaScript
 * number skips integers, so every adapter's total would be silently off.
 * @throws OverflowError naming the measure.
 */
function assertExactSums(rows: readonly Record<string, unknown>[], plan: CubePlan): void {
  for (const alias of plan.integerSums) {
    for (const row of rows) {
      const value = row[alias]
      if (typeof value === 'number' && !Number.isSafeInteger(value)) {
        const name = plan.measureAliases.get(alias) ?? alias
        throw new OverflowError(`cube measure ${name}: the sum exceeds 2^53 - 1 and cannot be exact; narrow the filter`)
      }
    }
  }
}

/** Create the service for one tenant scope. */
export function createInsightsService(scope: Scope): InsightsService {
  async function transitions(input: TransitionOptions = {}): Promise<Page<DealTransition>> {
    const options = parse(transitionOptionsSchema, input, 'transition options')
    const conditions: ResolvedFilter[] = []
    if (options.pipelineId !== undefined) conditions.push(condition('pipelineId', 'string', 'eq', options.pipelineId))
    if (options.from !== undefined) conditions.push(condition('at', 'timestamp', 'gte', options.from))
    if (options.to !== undefined) conditions.push(condition('at', 'timestamp', 'lt', options.to))
    const filter =
      conditions.length === 0 ? undefined : conditions.reduce<ResolvedFilter | undefined>(combine, undefined)
    const list = {
      sort: { field: 'at', direction: 'asc' as const },
      limit: options.limit ?? 1000,
      ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
      ...(options.withTotal === undefined ? {} : { withTotal: options.withTotal }),
    }
    return listPage(scope, { table: 'dealTransitions', toRecord: toTransition }, list, filter)
  }

  return {
    async cube(input) {
      const options = parse(cubeOptionsSchema, input, 'cube options')
      const table: TableName = options.entity
      const entity = customEntity[options.entity]
      const shapes = entity === undefined ? undefined : customFieldShapes(scope, entity)
      const customFields = shapes === undefined ? [] : await shapes()
      const plan = planCube(table, options.dimensions ?? [], options.measures, customFields)
      const where = await resolveWhere(scope, { table, customFields: async () => customFields }, options.where)
      const raw = await scope.storage.aggregate(table, scope.tenantId, { ...plan.query, ...(where ? { where } : {}) })
      assertExactSums(raw, plan)
      // Names are the caller's (a measure may be called `__proto__`): build rows from entries, which
      // defines own properties, where `out[name] = v` would set a prototype instead.
      const rows = raw.map(
        (row): CubeRow =>
          Object.fromEntries([
            ...[...plan.rename].map(([column, name]) => [name, row[column] ?? null] as const),
            ...[...plan.measureAliases].map(([alias, name]) => [name, row[alias] ?? null] as const),
          ]),
      )
      return {
        rows,
        dimensions: [...plan.dimensions],
        measures: [...plan.measures],
      }
    },
    transitions,
    async *allTransitions(options = {}) {
      let cursor: string | undefined
      do {
        const page = await transitions({ ...options, ...(cursor === undefined ? {} : { cursor }) })
        yield* page.items
        cursor = page.nextCursor ?? undefined
      } while (cursor !== undefined)
    },
  }
}
