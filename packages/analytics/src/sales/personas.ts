/**
 * Personas: k-means clusters of contacts on chosen numeric attributes, each summarised by
 * its size, attribute means, most common tags and lifecycle stages.
 */
import type { CubeOptions, CubeResult, FilterNode, TenantCrm } from '@crmkit/core'
import { kmeans } from '../clustering/kmeans.js'
import { integerIn, invalid } from '../internal/validate.js'
import { allContacts } from './data.js'
import { activityCounts, contactFeatures } from './features.js'

/** Options of {@link personas}. */
export interface PersonaOptions {
  /** Numeric attributes: `custom.<key>`, `activities`, `activities.<type>` (see the lead conversion model's features). */
  readonly attributes: readonly string[]
  /** Number of personas, 1..number of contacts. */
  readonly k: number
  /** Contacts to cluster (contact filter). Default all live contacts. */
  readonly where?: FilterNode<'contact'>
  /** Seed of k-means++: the same seed gives the same personas. Default 1. */
  readonly seed?: number
  /** k-means++ restarts; the best (lowest within-SS) run is kept. Default 10. */
  readonly restarts?: number
  /** How many top tags and lifecycle stages to list per persona. Default 3. */
  readonly top?: number
}

/** A value and how many members have it. */
export interface Frequency {
  readonly value: string
  readonly count: number
}

/** One persona (cluster). */
export interface Persona {
  /** 0-based cluster index. */
  readonly index: number
  readonly size: number
  /** Mean of each attribute over the members, in the attribute's own units. */
  readonly means: Record<string, number>
  /** Most frequent tags (count desc, then value asc). */
  readonly topTags: Frequency[]
  /** Most frequent lifecycle stages (count desc, then value asc). */
  readonly lifecycleStages: Frequency[]
  /** Member contact ids, ascending. */
  readonly contactIds: string[]
}

/** Result of {@link personas}. */
export interface Personas {
  readonly attributes: string[]
  readonly personas: Persona[]
  /** k-means objective on the standardised attributes. */
  readonly totWithinSS: number
  /** Share of the total variance explained by the clusters (betweenSS / totSS). */
  readonly explainedVariance: number
}

function topOf(values: readonly string[], n: number): Frequency[] {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, n)
}

/**
 * Cluster contacts into personas. Attributes are standardised (z-scores: mean 0, sample
 * standard deviation 1; a constant attribute becomes 0) so that no attribute dominates by its
 * unit; missing values are imputed with the attribute mean.
 *
 * @example
 * ```ts
 * const { personas: groups } = await personas(t, { attributes: ['custom.employees', 'activities.meeting'], k: 3 })
 * groups[0] // { size: 12, means: { 'custom.employees': 240, 'activities.meeting': 4.5 }, topTags: [...], ... }
 * ```
 * @throws ValidationError when there are fewer contacts than `k` or an attribute is malformed.
 */
export async function personas(t: TenantCrm, options: PersonaOptions): Promise<Personas> {
  if (options.attributes.length === 0) invalid(['attributes'], 'personas need at least one attribute')
  const contacts = await allContacts(t, options.where)
  const k = integerIn(options.k, 1, Math.max(1, contacts.length), ['k'])
  if (contacts.length < k) invalid(['k'], `k = ${k} needs at least ${k} contacts, found ${contacts.length}`)
  const top = integerIn(options.top ?? 3, 0, 100, ['top'])
  const needsActivities = options.attributes.some((a) => a.startsWith('activities'))
  const counts = needsActivities ? await activityCounts(t) : new Map<string, Map<string, number>>()
  const { names, rows } = contactFeatures(contacts, options.attributes, counts, 'attributes')

  const n = rows.length
  const centre = names.map((_, j) => rows.reduce((a, r) => a + (r[j] ?? 0), 0) / n)
  const scale = names.map((_, j) => {
    const m = centre[j] ?? 0
    const ss = rows.reduce((a, r) => a + ((r[j] ?? 0) - m) ** 2, 0)
    return n > 1 ? Math.sqrt(ss / (n - 1)) : 0
  })
  const standardised = rows.map((r) =>
    r.map((v, j) => ((scale[j] ?? 0) === 0 ? 0 : (v - (centre[j] ?? 0)) / (scale[j] ?? 1))),
  )
  const result = kmeans(standardised, {
    k,
    init: 'kmeans++',
    seed: options.seed ?? 1,
    restarts: options.restarts ?? 10,
  })

  const groups: Persona[] = Array.from({ length: k }, (_, index) => {
    const members = contacts.map((c, i) => ({ c, i })).filter(({ i }) => result.assignments[i] === index)
    const means: Record<string, number> = {}
    names.forEach((name, j) => {
      means[name] = members.length === 0 ? 0 : members.reduce((a, { i }) => a + (rows[i]?.[j] ?? 0), 0) / members.length
    })
    return {
      index,
      size: members.length,
      means,
      topTags: topOf(
        members.flatMap(({ c }) => c.tags),
        top,
      ),
      lifecycleStages: topOf(
        members.map(({ c }) => c.lifecycleStage),
        top,
      ),
      contactIds: members.map(({ c }) => c.id).sort(),
    }
  })
  return {
    attributes: names,
    personas: groups,
    totWithinSS: result.totWithinSS,
    explainedVariance: result.totSS === 0 ? 0 : result.betweenSS / result.totSS,
  }
}

/**
 * The OLAP slice: counts, sums, averages, minima and maxima of an entity grouped by up to
 * three fields (e.g. stage x owner x month), through `t.insights.cube` — one GROUP BY in the
 * database on SQL adapters, the same groups computed in JavaScript on the memory adapter.
 *
 * @example
 * ```ts
 * const { rows } = await groupBy(t, {
 *   entity: 'deals',
 *   dimensions: ['stageId', 'ownerId', { field: 'createdAt', granularity: 'month' }],
 *   measures: [{ fn: 'count', as: 'deals' }, { fn: 'sum', field: 'amount', as: 'amount' }],
 * })
 * // [{ stageId: 's1', ownerId: 'ann', createdAt: '2026-01', deals: 2, amount: 150000 }, ...]
 * ```
 * @throws ValidationError for unknown fields, fields that cannot be grouped or measured, or clashing names.
 */
export function groupBy(t: TenantCrm, options: CubeOptions): Promise<CubeResult> {
  return t.insights.cube(options)
}
