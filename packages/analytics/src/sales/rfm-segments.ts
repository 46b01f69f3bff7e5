/**
 * RFM segments as saved crmkit segments: the R rfm package's rules (`rfm()`, `defaultRfmSegments`)
 * applied to a tenant's purchases, each named segment (Champions, Loyal Customers, ... Lost) kept
 * as a static segment of contacts whose membership `rfmSegments` brings up to date on every call.
 *
 * Why static segments computed here rather than dynamic conditions in core: RFM scores are
 * quantiles of the whole customer population (a customer's score depends on everyone else's
 * purchases), so no per-contact condition expresses them; fixing the breakpoints as conditions
 * would only approximate the package. Core imports nothing of ours, so the scoring lives here,
 * and the result is an ordinary segment: usable in `{ inSegment }` filters, listed by
 * `t.segments.members`, with `segment.entered`/`segment.left` events as contacts move between
 * segments. "Refresh" is calling `rfmSegments` again (e.g. nightly): it recomputes the scores and
 * changes only the memberships that moved.
 */
import type { Contact, Segment, TenantCrm } from '@crmkit/core'
import { invalid } from '../internal/validate.js'
import { type RfmCustomer, type RfmOptions, type RfmOrder, rfm } from '../rfm/rfm.js'
import { allDeals, listAll, resolveCurrency } from './data.js'

/** Options of {@link rfmSegments}. */
export interface RfmSegmentsOptions {
  /**
   * The purchases, with `customerId` a contact id: e.g. the host's valued conversions or orders.
   * Default: the tenant's won deals (one order per contact of the deal, dated `closedAt`, its
   * amount split evenly between the contacts), in `currency`.
   */
  readonly orders?: readonly RfmOrder[]
  /** Currency of the won deals to count; required when they use several. */
  readonly currency?: string
  /** Recency is measured to this date. Default: the CRM clock's now. */
  readonly analysisDate?: string | Date
  /** Bins of the scores (default 5) and the rules (default: the rfm package's). */
  readonly bins?: RfmOptions['bins']
  readonly rules?: RfmOptions['segments']
  /** Prefix of the saved segments' names. Default `'RFM: '`. */
  readonly prefix?: string
}

/** One saved RFM segment after {@link rfmSegments}. */
export interface RfmSegmentState {
  /** The rule's name, e.g. `Champions`. */
  readonly name: string
  readonly segment: Segment
  /** Contacts in it now. */
  readonly members: number
  /** Contacts that entered and left in this call. */
  readonly entered: number
  readonly left: number
}

/** Result of {@link rfmSegments}. */
export interface RfmSegmentsResult {
  readonly analysisDate: string
  /** Every contact scored, with its measures, scores and segment name. */
  readonly customers: readonly RfmCustomer[]
  /** One per rule, in rule order (customers no rule matches, "Others", get no segment). */
  readonly segments: readonly RfmSegmentState[]
}

/** The won deals of a tenant as RFM orders of its contacts. */
async function wonDealOrders(t: TenantCrm, currency: string | undefined): Promise<RfmOrder[]> {
  const deals = await allDeals(t, { field: 'status', op: 'eq', value: 'won' })
  const chosen = resolveCurrency(
    deals.map((d) => d.amount.currency),
    currency,
  )
  const orders: RfmOrder[] = []
  for (const d of deals) {
    if (d.amount.currency !== chosen || d.closedAt === null) continue
    for (const customerId of d.contactIds) {
      orders.push({ customerId, orderDate: d.closedAt, revenue: d.amount.value / d.contactIds.length })
    }
  }
  return orders
}

const CHUNK = 1000

/**
 * Score the tenant's customers with RFM and keep one static segment per rule (named
 * `prefix + rule name`, created on first use) equal to the contacts the rule assigns.
 *
 * @throws ValidationError when there are no purchases, for malformed orders, bins or rules,
 *   or when won deals use several currencies and `currency` is not given.
 * @example
 * ```ts
 * const { segments } = await rfmSegments(t, { currency: 'EUR' })
 * const champions = segments.find((s) => s.name === 'Champions')!.segment
 * await t.contacts.list({ where: { inSegment: champions.id } })
 * ```
 */
export async function rfmSegments(t: TenantCrm, options: RfmSegmentsOptions = {}): Promise<RfmSegmentsResult> {
  const prefix = options.prefix ?? 'RFM: '
  if (typeof prefix !== 'string') invalid(['prefix'], 'expected a string')
  const orders = options.orders ?? (await wonDealOrders(t, options.currency))
  if (orders.length === 0) invalid(['orders'], 'no purchases to score')
  const analysisDate = options.analysisDate ?? t.clock().toISOString()
  const result = rfm(orders, {
    analysisDate,
    ...(options.bins === undefined ? {} : { bins: options.bins }),
    ...(options.rules === undefined ? {} : { segments: options.rules }),
  })
  const saved = await listAll<Segment, never>((o) =>
    t.segments.list({ limit: o.limit, ...(o.cursor ? { cursor: o.cursor } : {}) }),
  )
  const byName = new Map(saved.filter((s) => s.kind === 'static').map((s) => [s.name, s]))
  const states: RfmSegmentState[] = []
  const ruleNames = result.segments.map((s) => s.segment).filter((name) => name !== 'Others')
  for (const name of ruleNames) {
    const segment =
      byName.get(prefix + name) ??
      (await t.segments.create({ name: prefix + name, kind: 'static', description: `RFM segment: ${name}` }))
    const target = new Set(result.customers.filter((c) => c.segment === name).map((c) => c.customerId))
    const pages = (o: { limit: number; cursor?: string }) =>
      t.segments.members(segment.id, { limit: o.limit, ...(o.cursor ? { cursor: o.cursor } : {}) })
    const current = new Set((await listAll<Contact, never>(pages)).map((contact) => contact.id))
    const adding = [...target].filter((id) => !current.has(id))
    const removing = [...current].filter((id) => !target.has(id))
    let entered = 0
    let left = 0
    for (let i = 0; i < removing.length; i += CHUNK)
      left += (await t.segments.removeContacts(segment.id, removing.slice(i, i + CHUNK))).left
    for (let i = 0; i < adding.length; i += CHUNK)
      entered += (await t.segments.addContacts(segment.id, adding.slice(i, i + CHUNK))).entered
    states.push({ name, segment, members: target.size, entered, left })
  }
  return {
    analysisDate: typeof analysisDate === 'string' ? analysisDate : analysisDate.toISOString(),
    customers: result.customers,
    segments: states,
  }
}
