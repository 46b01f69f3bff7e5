/**
 * Ready-made segment definitions for the segments marketers ask for first. Each template is
 * a plain function returning a `t.segments.create` input, so it can be inspected, adjusted
 * and saved like any hand-written one; nothing here reads a tenant.
 *
 * - demographic: `ageBand` (a numeric custom field such as `custom.age`);
 * - geographic: `location` (country, region, city);
 * - psychographic: `interests` (tags, or a multiselect custom field);
 * - behavioural (related conditions over the contact's timeline): `repeatBrowsers`,
 *   `recentFirstBuyers`, `inactiveCustomers`, `loyalCustomers`.
 *
 * RFM segments need the tenant's score thresholds, computed from its purchases: they are in
 * `@crmkit/analytics` (`rfmSegmentDefinitions`), which builds the same kind of input.
 */
import type { FilterNode } from '../filter/types.js'
import type { SegmentInput } from './schemas.js'

/** A dynamic segment definition a template produces. */
export interface SegmentDefinition {
  readonly name: string
  readonly kind: 'dynamic'
  readonly where: FilterNode<'contact'>
  readonly description: string
}

/** Which records count as a purchase: conversions of these types (default: `purchase` and won deals' `dealWon`). */
export interface PurchaseOptions {
  readonly conversionTypes?: readonly string[]
}

const purchases = (options: PurchaseOptions): FilterNode => ({
  field: 'type',
  op: 'in',
  value: [...(options.conversionTypes ?? ['purchase', 'dealWon'])],
})

const define = (name: string, description: string, where: FilterNode<'contact'>): SegmentDefinition => ({
  name,
  kind: 'dynamic',
  where,
  description,
})

// Related conditions are part of the condition language (v2); typed as contact filter nodes here.
const related = (condition: Record<string, unknown>): FilterNode<'contact'> =>
  condition as unknown as FilterNode<'contact'>

/** Templates of common segments (see the module comment); every one returns a `t.segments.create` input. */
export const segmentTemplates = {
  /** Demographic: a numeric custom field (default `custom.age`) within `[min, max]`. */
  ageBand(options: { readonly min: number; readonly max: number; readonly field?: string; readonly name?: string }) {
    const field = options.field ?? 'custom.age'
    return define(
      options.name ?? `Age ${options.min}-${options.max}`,
      `${field} between ${options.min} and ${options.max}`,
      { field: field as 'custom.age', op: 'between', value: [options.min, options.max] },
    )
  },

  /** Geographic: contacts in any of `countries` (ISO codes), and in `region` / `city` when given. */
  location(options: {
    readonly countries?: readonly string[]
    readonly region?: string
    readonly city?: string
    readonly name?: string
  }) {
    const nodes: FilterNode<'contact'>[] = []
    if (options.countries?.length)
      nodes.push({ field: 'country', op: 'in', value: options.countries.map((c) => c.toUpperCase()) })
    if (options.region !== undefined) nodes.push({ field: 'region', op: 'eqi', value: options.region })
    if (options.city !== undefined) nodes.push({ field: 'city', op: 'eqi', value: options.city })
    const place = [options.city, options.region, ...(options.countries ?? [])].filter(Boolean).join(', ')
    return define(options.name ?? `Located in ${place}`, `contacts in ${place}`, { all: nodes })
  },

  /**
   * Psychographic: interests held as tags (default) or in a multiselect custom field
   * (`field: 'custom.interests'`); `match: 'any'` (default) or `'all'` of them.
   */
  interests(options: {
    readonly interests: readonly string[]
    readonly match?: 'any' | 'all'
    readonly field?: string
    readonly name?: string
  }) {
    const field = (options.field ?? 'tags') as 'tags'
    const where: FilterNode<'contact'> =
      options.match === 'all'
        ? { all: options.interests.map((value) => ({ field, op: 'contains' as const, value })) }
        : { field, op: 'in', value: [...options.interests] }
    const joined = options.interests.join(options.match === 'all' ? ' and ' : ' or ')
    return define(options.name ?? `Interested in ${joined}`, `${field} has ${joined}`, where)
  },

  /** Behavioural: at least `minViews` page views (activity type `pageView`) in the last `days` days. */
  repeatBrowsers(options: { readonly minViews?: number; readonly days?: number; readonly activityType?: string } = {}) {
    const { minViews = 3, days = 14, activityType = 'pageView' } = options
    return define(
      'Repeat browsers',
      `${minViews}+ ${activityType} activities in the last ${days} days`,
      related({
        related: 'activities',
        where: { field: 'type', op: 'eq', value: activityType },
        within: { lastDays: days },
        count: { op: 'gte', value: minViews },
      }),
    )
  },

  /** Behavioural: the contact's first purchase was in the last `days` days. */
  recentFirstBuyers(options: PurchaseOptions & { readonly days?: number } = {}) {
    const { days = 30 } = options
    return define(
      'Recent first buyers',
      `first purchase in the last ${days} days`,
      related({ related: 'conversions', where: purchases(options), first: { lastDays: days } }),
    )
  },

  /** Behavioural: customers (at least one purchase ever) without a purchase in the last `days` days. */
  inactiveCustomers(options: PurchaseOptions & { readonly days?: number } = {}) {
    const { days = 90 } = options
    const where = purchases(options)
    return define('Inactive customers', `bought before, but not in the last ${days} days`, {
      all: [
        related({ related: 'conversions', where }),
        related({ related: 'conversions', where, within: { lastDays: days }, count: { op: 'eq', value: 0 } }),
      ],
    })
  },

  /** Behavioural: at least `minPurchases` purchases in the last `days` days. */
  loyalCustomers(options: PurchaseOptions & { readonly minPurchases?: number; readonly days?: number } = {}) {
    const { minPurchases = 3, days = 365 } = options
    return define(
      'Loyal customers',
      `${minPurchases}+ purchases in the last ${days} days`,
      related({
        related: 'conversions',
        where: purchases(options),
        within: { lastDays: days },
        count: { op: 'gte', value: minPurchases },
      }),
    )
  },
} as const satisfies Record<string, (options: never) => SegmentInput>
