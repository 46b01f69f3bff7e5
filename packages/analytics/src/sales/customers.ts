/**
 * Customer analytics over won deals: cohort retention, churn rate and customer lifetime value.
 *
 * A *customer* is a company (the deal's `companyId`) or a contact (each of the deal's
 * `contactIds`); a *purchase* is a won deal, dated by the month of its `closedAt` (UTC).
 * Deals without a customer of the chosen kind are left out.
 */
import type { TenantCrm } from '@crmkit/core'
import { integerIn, invalid, numberIn } from '../internal/validate.js'
import { allDeals, checkMonth, monthDiff, monthRange, resolveCurrency } from './data.js'

/** Who a customer is. */
export type CustomerKind = 'company' | 'contact'

/** One purchase: a won deal attributed to one customer. */
export interface Purchase {
  readonly customerId: string
  /** `YYYY-MM`. */
  readonly month: string
  /** Minor units. */
  readonly revenue: number
}

/** Common options of the customer analytics. */
export interface CustomerOptions {
  /** Customers are companies (default) or contacts. */
  readonly by?: CustomerKind
  /** Only deals of this pipeline. */
  readonly pipelineId?: string
  /** Last month observed, `YYYY-MM`. Default: the last month with a purchase. */
  readonly until?: string
  /** Currency of the revenue; required when won deals use several. */
  readonly currency?: string
}

/** The won deals of a tenant as purchases of one currency. */
export async function loadPurchases(
  t: TenantCrm,
  options: CustomerOptions,
): Promise<{ currency: string | null; purchases: Purchase[] }> {
  const by = options.by ?? 'company'
  if (by !== 'company' && by !== 'contact') invalid(['by'], "expected 'company' or 'contact'")
  const deals = await allDeals(t, {
    all: [
      { field: 'status', op: 'eq', value: 'won' },
      ...(options.pipelineId === undefined
        ? []
        : [{ field: 'pipelineId', op: 'eq', value: options.pipelineId } as const]),
    ],
  })
  const currency = resolveCurrency(
    deals.map((d) => d.amount.currency),
    options.currency,
  )
  const purchases: Purchase[] = []
  for (const d of deals) {
    if (d.amount.currency !== currency || d.closedAt === null) continue
    const ids = by === 'company' ? (d.companyId === null ? [] : [d.companyId]) : d.contactIds
    // A deal with several contacts counts as a purchase of each; its revenue is split evenly.
    for (const customerId of ids) {
      purchases.push({ customerId, month: d.closedAt.slice(0, 7), revenue: d.amount.value / ids.length })
    }
  }
  return { currency, purchases }
}

/** One cohort row of {@link CohortRetention}. */
export interface Cohort {
  /** Month of the customers' first purchase, `YYYY-MM`. */
  readonly cohort: string
  /** Customers in the cohort. */
  readonly size: number
  /** `active[k]`: cohort customers who bought in month cohort + k (k = 0 is the first month, always = size). */
  readonly active: number[]
  /** `active[k] / size`. */
  readonly retention: number[]
}

/** Result of {@link cohortRetention}. */
export interface CohortRetention {
  readonly by: CustomerKind
  /** Cohorts in month order; each row runs up to the last observed month (a triangle). */
  readonly cohorts: Cohort[]
}

/** The retention matrix of purchases (pure part of {@link cohortRetention}). */
export function retentionMatrix(purchases: readonly Purchase[], until?: string): Cohort[] {
  const months = new Map<string, Set<string>>()
  for (const p of purchases) {
    const set = months.get(p.customerId) ?? new Set<string>()
    set.add(p.month)
    months.set(p.customerId, set)
  }
  const last =
    until ??
    purchases
      .map((p) => p.month)
      .sort()
      .at(-1) ??
    ''
  const counts = new Map<string, { size: number; active: number[] }>()
  for (const set of months.values()) {
    const first = [...set].sort()[0]
    if (first === undefined || first > last) continue
    const span = monthDiff(first, last) + 1
    const c = counts.get(first) ?? { size: 0, active: Array.from({ length: span }, () => 0) }
    c.size++
    for (const m of set) {
      const k = monthDiff(first, m)
      if (k < span) c.active[k] = (c.active[k] ?? 0) + 1
    }
    counts.set(first, c)
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([cohort, c]) => ({ cohort, size: c.size, active: c.active, retention: c.active.map((n) => n / c.size) }))
}

/**
 * Cohort retention: customers grouped by the month of their first won deal, and for each
 * following month the share of the cohort that bought again in that month.
 *
 * @example
 * ```ts
 * const { cohorts } = await cohortRetention(t, { by: 'company' })
 * // [{ cohort: '2026-02', size: 1, active: [1, 0, 1], retention: [1, 0, 1] }, ...]
 * ```
 */
export async function cohortRetention(t: TenantCrm, options: CustomerOptions = {}): Promise<CohortRetention> {
  const until = checkMonth(options.until, 'until')
  const { purchases } = await loadPurchases(t, options)
  return { by: options.by ?? 'company', cohorts: retentionMatrix(purchases, until) }
}

/** One month of {@link ChurnRate}. */
export interface ChurnMonth {
  readonly month: string
  /** Customers active at the end of the previous month. */
  readonly activeAtStart: number
  /** Of those, customers no longer active at the end of this month. */
  readonly churned: number
  /** churned / activeAtStart (`null` when nobody was active). */
  readonly rate: number | null
  /** Customers active at the end of this month. */
  readonly activeAtEnd: number
}

/** Result of {@link churnRate}. */
export interface ChurnRate {
  readonly windowMonths: number
  readonly months: ChurnMonth[]
  /** Pooled monthly churn: sum of churned / sum of activeAtStart (`null` when that is 0). */
  readonly monthlyRate: number | null
}

/** Options of {@link churnRate} and {@link customerLifetimeValue}. */
export interface ChurnOptions extends CustomerOptions {
  /**
   * A customer is *active* in month m when they bought in one of the `windowMonths` months
   * ending with m. Default 12; use 1 for monthly purchases such as subscriptions.
   */
  readonly windowMonths?: number
}

/** Churn per month from purchases (pure part of {@link churnRate}). */
export function churnFromPurchases(purchases: readonly Purchase[], windowMonths: number, until?: string): ChurnRate {
  const window = integerIn(windowMonths, 1, 120, ['windowMonths'])
  const sorted = purchases.map((p) => p.month).sort()
  const first = sorted[0]
  const last = until ?? sorted[sorted.length - 1]
  if (first === undefined || last === undefined) return { windowMonths: window, months: [], monthlyRate: null }
  const bought = new Map<string, Set<string>>()
  for (const p of purchases) bought.set(p.customerId, (bought.get(p.customerId) ?? new Set()).add(p.month))
  const activeAt = (m: string): Set<string> => {
    const out = new Set<string>()
    for (const [id, months] of bought) for (const b of months) if (b <= m && monthDiff(b, m) < window) out.add(id)
    return out
  }
  const out: ChurnMonth[] = []
  let previous = activeAt(first)
  for (const month of monthRange(first, last).slice(1)) {
    const now = activeAt(month)
    const churned = [...previous].filter((id) => !now.has(id)).length
    out.push({
      month,
      activeAtStart: previous.size,
      churned,
      rate: previous.size === 0 ? null : churned / previous.size,
      activeAtEnd: now.size,
    })
    previous = now
  }
  const atStart = out.reduce((a, m) => a + m.activeAtStart, 0)
  const churned = out.reduce((a, m) => a + m.churned, 0)
  return { windowMonths: window, months: out, monthlyRate: atStart === 0 ? null : churned / atStart }
}

/**
 * Monthly churn rate: of the customers active at the end of a month, the share no longer
 * active at the end of the next (active = bought within the last `windowMonths` months).
 *
 * @example
 * ```ts
 * const churn = await churnRate(t, { by: 'company', windowMonths: 3 })
 * churn.monthlyRate // e.g. 0.08
 * ```
 */
export async function churnRate(t: TenantCrm, options: ChurnOptions = {}): Promise<ChurnRate> {
  const until = checkMonth(options.until, 'until')
  const { purchases } = await loadPurchases(t, options)
  return churnFromPurchases(purchases, options.windowMonths ?? 12, until)
}

/** Result of {@link customerLifetimeValue}. */
export interface CustomerLifetimeValue {
  readonly currency: string | null
  /** Revenue per active customer per month: total revenue / customer-months active. */
  readonly monthlyRevenuePerCustomer: number | null
  readonly monthlyChurnRate: number | null
  readonly grossMargin: number
  /** 1 / monthly churn (`null` when churn is 0 or unknown). */
  readonly expectedLifetimeMonths: number | null
  /** monthlyRevenuePerCustomer x grossMargin / monthlyChurnRate (`null` when either is unknown or churn is 0). */
  readonly lifetimeValue: number | null
}

/**
 * Customer lifetime value by the standard formula CLV = ARPA x gross margin / churn, where
 * ARPA is won revenue per active customer-month and churn is {@link churnRate}'s pooled
 * monthly rate (same `windowMonths` definition of "active"), both over the observed months.
 *
 * @example
 * ```ts
 * const clv = await customerLifetimeValue(t, { by: 'company', windowMonths: 3, grossMargin: 0.7 })
 * clv.lifetimeValue // minor units
 * ```
 */
export async function customerLifetimeValue(
  t: TenantCrm,
  options: ChurnOptions & { readonly grossMargin?: number } = {},
): Promise<CustomerLifetimeValue> {
  const until = checkMonth(options.until, 'until')
  const grossMargin = numberIn(options.grossMargin ?? 1, 0, 1, ['grossMargin'])
  const { currency, purchases } = await loadPurchases(t, options)
  const churn = churnFromPurchases(purchases, options.windowMonths ?? 12, until)
  const observed = until === undefined ? purchases : purchases.filter((p) => p.month <= until)
  const total = observed.reduce((a, p) => a + p.revenue, 0)
  // Customer-months: the first month's active customers plus those active at the end of each later month.
  const firstMonthActive = churn.months[0]?.activeAtStart ?? new Set(observed.map((p) => p.customerId)).size
  const customerMonths = firstMonthActive + churn.months.reduce((a, m) => a + m.activeAtEnd, 0)
  const arpa = customerMonths === 0 ? null : total / customerMonths
  const rate = churn.monthlyRate
  const lifetime = rate === null || rate === 0 ? null : 1 / rate
  return {
    currency,
    monthlyRevenuePerCustomer: arpa,
    monthlyChurnRate: rate,
    grossMargin,
    expectedLifetimeMonths: lifetime,
    lifetimeValue: arpa === null || lifetime === null ? null : arpa * grossMargin * lifetime,
  }
}
