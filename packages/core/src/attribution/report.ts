/**
 * `t.attribution.report()`: attribution of the conversions in a time range to channels,
 * campaigns or sources, with spend and ROAS. The journeys are built by the storage adapter
 * (in SQL where it supports pushdown); only aggregates reach JavaScript, where the models run.
 */
import * as z from 'zod/mini'
import { compareCodePoints } from '../filter/compare.js'
import { currency, timestamp } from '../shared/schemas.js'
import type { Scope } from '../shared/scope.js'
import { parse, validationError } from '../shared/validation.js'
import type { AttributionData, AttributionDataQuery, AttributionWeighting } from '../storage/extensions/index.js'
import { computeAttributionData, toJourney } from './journey-data.js'
import { attribute } from './models/attribute.js'
import { attributeValidJourneys } from './models/journeys.js'
import type { PathAttributionOptions } from './models/schemas.js'
import { firstPlusLastAtMostOne, journeyAttributionOptionsSchema, modelParameterFields } from './models/schemas.js'

const DAY_MS = 86_400_000

/**
 * Most `spend` entries one report takes. Spend is per channel, campaign or source, so even a
 * large advertiser stays far below this; the cap keeps one request from holding the event loop.
 */
export const MAX_SPEND_ENTRIES = 10_000

/** Models evaluated in JavaScript on the converting journeys (with their CRM milestones). */
const JOURNEY_MODELS = ['wShaped', 'fullPath', 'custom'] as const

/** The fields every report takes, whatever its model. */
const reportBase = {
  /** Conversions at or after this instant count. */
  from: timestamp,
  /** Conversions at or before this instant count. */
  to: timestamp,
  /** Touches older than this many days before a conversion drop out. Default 90. */
  lookbackDays: z.optional(z.number().check(z.gt(0), z.lte(3660))),
  /** What a row is: a channel (default), a campaign or a source (`(none)` collects touches without one). */
  groupBy: z.optional(z.enum(['channel', 'campaign', 'source'])),
  /** Count only conversions in this currency. Required when the range holds several. */
  currency: z.optional(currency),
  /** Spend per key, in the conversions' minor units; rows then carry `spend` and `roas`. */
  spend: z.optional(
    z
      .array(
        z.strictObject({ key: z.string().check(z.minLength(1), z.maxLength(256)), amount: z.number().check(z.gte(0)) }),
      )
      .check(z.maxLength(MAX_SPEND_ENTRIES)),
  ),
}

const p = modelParameterFields

/**
 * Options of `t.attribution.report`: the range and grouping, plus the chosen model's own
 * parameters (those of `attribute` / `attributeJourneys`). Models:
 * - path models `first`, `last`, `lastNonDirect` (`directChannel`), `linear`, `linearUnique`,
 *   `markov` (`order`, `ignoreNulls`, `solver`, `tolerance`, `maxIterations`), `shapley` (`variant`);
 * - SQL-weighted `timeDecay` (`halfLifeDays`) and `positionBased` (`first`, `last`);
 * - journey models `wShaped`, `fullPath` (milestones from the CRM: lead = the contact's
 *   creation, opportunity = its deal's creation) and `custom` (`weights`).
 *
 * Every option is checked before any data is read; a parameter of another model is refused.
 */
export const reportOptionsSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('first'), ...reportBase }),
  z.strictObject({ model: z.literal('last'), ...reportBase }),
  z.strictObject({ model: z.literal('lastNonDirect'), ...p.lastNonDirect, ...reportBase }),
  z.strictObject({ model: z.literal('linear'), ...reportBase }),
  z.strictObject({ model: z.literal('linearUnique'), ...reportBase }),
  z.strictObject({ model: z.literal('markov'), ...p.markov, ...reportBase }),
  z.strictObject({ model: z.literal('shapley'), ...p.shapley, ...reportBase }),
  z.strictObject({ model: z.literal('timeDecay'), ...p.timeDecay, ...reportBase }),
  z
    .strictObject({ model: z.literal('positionBased'), ...p.positionBased, ...reportBase })
    .check(firstPlusLastAtMostOne),
  z.strictObject({ model: z.literal('wShaped'), ...p.wShaped, ...reportBase }),
  z.strictObject({ model: z.literal('fullPath'), ...p.fullPath, ...reportBase }),
  z.strictObject({ model: z.literal('custom'), ...p.custom, ...reportBase }),
])

/** Options of `t.attribution.report` (see {@link reportOptionsSchema}). */
export type ReportOptions = z.input<typeof reportOptionsSchema>

/** One row of a report. */
export interface AttributionReportRow {
  /** Channel, campaign or source. */
  readonly key: string
  /** Credited conversions (fractional). */
  readonly conversions: number
  /** Credited conversion value, minor units (fractional). */
  readonly revenue: number
  /** `conversions` / all credited conversions. */
  readonly share: number
  /** Spend given for this key (when `spend` was passed). */
  readonly spend?: number
  /** `revenue / spend` (`null` when spend is 0). */
  readonly roas?: number | null
}

/** Result of `t.attribution.report`. Rows: credited keys and keys with spend, most credited first, then by key. */
export interface AttributionReport {
  readonly model: ReportOptions['model']
  readonly groupBy: 'channel' | 'campaign' | 'source'
  readonly from: string
  readonly to: string
  readonly lookbackDays: number
  /** The currency of `revenue` (null when no conversion was counted). */
  readonly currency: string | null
  readonly rows: readonly AttributionReportRow[]
  readonly totals: {
    /** Conversions with a journey; the rows' conversions sum to it. */
    readonly conversions: number
    /** Their value; the rows' revenue sums to it. */
    readonly revenue: number
    /** Non-converting journeys (used by markov and shapley). */
    readonly nonConvertingJourneys: number
    /** Conversions with no touch in the lookback window: credited to nobody. */
    readonly unattributed: { readonly conversions: number; readonly revenue: number }
    readonly spend?: number
    readonly roas?: number | null
  }
}

type Parsed = z.output<typeof reportOptionsSchema>
type Credit = { key: string; conversions: number; value: number }

const REPORT_KEYS: ReadonlySet<string> = new Set(['model', ...Object.keys(reportBase)])

/** The chosen model's own parameters (already checked): the options without the report's range and grouping. */
function modelParameters(o: Parsed): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([key]) => !REPORT_KEYS.has(key)))
}

const isJourneyModel = (model: string): model is (typeof JOURNEY_MODELS)[number] =>
  (JOURNEY_MODELS as readonly string[]).includes(model)

/**
 * Read the journeys through the adapter's `attribution` extension, or, when it offers none,
 * from all of the tenant's touchpoints and conversions through the general port.
 */
async function fetchData(scope: Scope, query: AttributionDataQuery): Promise<AttributionData> {
  const { storage, tenantId } = scope
  const pushdown = storage.extensions?.attribution
  if (pushdown) return pushdown.journeyData(tenantId, query)
  const [touchpoints, conversions] = await Promise.all([
    storage.query('touchpoints', tenantId, {}),
    storage.query('conversions', tenantId, {}),
  ])
  if (query.kind !== 'journeys')
    return computeAttributionData({ touchpoints, conversions, contacts: [], deals: [], dealContacts: [] }, query)
  // Milestones: the converting contacts, their deals and the conversions' own deals.
  const contactIds = [...new Set(conversions.map((c) => String(c.contactId)))]
  const dealContacts = await storage.linked('dealContacts', tenantId, 'right', contactIds)
  const dealIds = new Set(dealContacts.map(([dealId]) => dealId))
  for (const c of conversions) if (c.dealId !== null && c.dealId !== undefined) dealIds.add(String(c.dealId))
  const everything = { includeDeleted: true }
  const [contacts, deals] = await Promise.all([
    contactIds.length > 0 ? storage.findBy('contacts', tenantId, { id: contactIds }, everything) : [],
    dealIds.size > 0 ? storage.findBy('deals', tenantId, { id: [...dealIds] }, everything) : [],
  ])
  return computeAttributionData({ touchpoints, conversions, contacts, deals, dealContacts }, query)
}

function credits(o: Parsed, data: AttributionData, extra: Record<string, unknown>): Credit[] {
  if (o.model === 'timeDecay' || o.model === 'positionBased') return [...data.credits]
  if (data.attributed.conversions === 0) return []
  if (isJourneyModel(o.model)) {
    // The adapter already applied the lookback window to the journeys, and built them from
    // stored rows: only the options need validating.
    const options = parse(
      journeyAttributionOptionsSchema,
      { model: o.model, lookbackDays: null, ...extra },
      'report options',
    )
    return attributeValidJourneys(data.journeys.map(toJourney), options).channels.map((c) => ({
      key: c.channel,
      conversions: c.conversions,
      value: c.value,
    }))
  }
  const paths = data.paths.map((p) => ({
    path: [...p.path],
    conversions: p.conversions,
    value: p.value,
    nulls: p.nulls,
  }))
  const options = { model: o.model, ...extra } as PathAttributionOptions
  return attribute(paths, options).channels.map((c) => ({ key: c.channel, conversions: c.conversions, value: c.value }))
}

/** Build a report (see `AttributionService.report`). */
export async function buildReport(scope: Scope, input: unknown): Promise<AttributionReport> {
  const o = parse(reportOptionsSchema, input, 'report options')
  if (o.from > o.to)
    throw validationError('report options', [{ path: ['to'], message: 'Must not be before from', code: 'custom' }])
  const lookbackDays = o.lookbackDays ?? 90
  const groupBy = o.groupBy ?? 'channel'
  const extra = modelParameters(o)
  const window = {
    from: o.from,
    to: o.to,
    lookbackMs: Math.round(lookbackDays * DAY_MS),
    groupBy,
    ...(o.currency !== undefined ? { currency: o.currency } : {}),
  }
  let query: AttributionDataQuery
  if (o.model === 'timeDecay' || o.model === 'positionBased') {
    const weighting: AttributionWeighting =
      o.model === 'timeDecay'
        ? { model: 'timeDecay', halfLifeMs: (o.halfLifeDays ?? 7) * DAY_MS }
        : { model: 'positionBased', first: o.first ?? 0.4, last: o.last ?? 0.4 }
    query = { ...window, kind: 'credits', weighting }
  } else query = { ...window, kind: isJourneyModel(o.model) ? 'journeys' : 'paths' }

  const data = await fetchData(scope, query)
  if (o.currency === undefined && data.currencies.length > 1) {
    throw validationError('report options', [
      {
        path: ['currency'],
        message: `Conversions in several currencies (${data.currencies.join(', ')}): pass currency`,
        code: 'custom',
      },
    ])
  }
  // Keys that earned nothing are left out (path models list every channel they saw), so
  // every model reports the same kind of rows; keys with spend are always reported.
  const credited = credits(o, data, extra).filter((c) => c.conversions !== 0 || c.value !== 0)
  const spend = new Map<string, number>()
  for (const s of o.spend ?? []) spend.set(s.key, (spend.get(s.key) ?? 0) + s.amount)
  const creditedKeys = new Set(credited.map((c) => c.key))
  for (const key of spend.keys()) if (!creditedKeys.has(key)) credited.push({ key, conversions: 0, value: 0 })
  const creditSum = credited.reduce((s, c) => s + c.conversions, 0)
  const roas = (revenue: number, cost: number) => (cost > 0 ? revenue / cost : null)
  const rows: AttributionReportRow[] = credited
    .map((c) => ({
      key: c.key,
      conversions: c.conversions,
      revenue: c.value,
      share: creditSum > 0 ? c.conversions / creditSum : 0,
      ...(o.spend ? { spend: spend.get(c.key) ?? 0, roas: roas(c.value, spend.get(c.key) ?? 0) } : {}),
    }))
    .sort((a, b) => b.conversions - a.conversions || b.revenue - a.revenue || compareCodePoints(a.key, b.key))
  const totalSpend = [...spend.values()].reduce((s, v) => s + v, 0)
  return {
    model: o.model,
    groupBy,
    from: o.from,
    to: o.to,
    lookbackDays,
    currency: o.currency ?? data.currencies[0] ?? null,
    rows,
    totals: {
      conversions: data.attributed.conversions,
      revenue: data.attributed.value,
      nonConvertingJourneys: data.paths.reduce((s, p) => s + p.nulls, 0),
      unattributed: { conversions: data.unattributed.conversions, revenue: data.unattributed.value },
      ...(o.spend ? { spend: totalSpend, roas: roas(data.attributed.value, totalSpend) } : {}),
    },
  }
}
